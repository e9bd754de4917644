"""Metadata every asset emits: row count, column schema, a Markdown preview."""

import shutil
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import polars as pl

from expectations.frame_schemas import validate
from gongkai.batch import Spill
from orchestration.io_managers import Kept

PREVIEW_ROWS = 10
_MAX_CELL = 40


def _cell(v) -> str:
    s = "" if v is None else str(v)
    s = s.replace("\n", " ").replace("|", "\\|")
    return s if len(s) <= _MAX_CELL else s[: _MAX_CELL - 1] + "…"


def markdown_preview(df: pl.DataFrame, columns: list[str] | None = None, rows: int = PREVIEW_ROWS) -> str:
    columns = [c for c in (columns or df.columns) if c in df.columns]
    if df.height == 0:
        return "_(no rows)_"
    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    body = "\n".join(
        "| " + " | ".join(_cell(r[c]) for c in columns) + " |" for r in df.head(rows).iter_rows(named=True)
    )
    more = f"\n\n_{df.height - rows} more rows_" if df.height > rows else ""
    return head + body + more


def frame_metadata(df: pl.DataFrame | pl.LazyFrame, schema: dg.TableSchema, preview_columns: list[str] | None = None,
                   **extra) -> dict:
    """A LazyFrame (a streamed output, or a kept partition file) is counted and previewed without
    being collected: only the preview's rows are read."""
    if isinstance(df, pl.LazyFrame):
        rows = df.select(pl.len()).collect().item()
        head = df.head(PREVIEW_ROWS).collect()
        preview = markdown_preview(head, preview_columns)
        if rows > head.height:
            preview += f"\n\n_{rows - head.height} more rows_"
        meta = {"dagster/row_count": dg.MetadataValue.int(rows), "dagster/column_schema": schema,
                "preview": dg.MetadataValue.md(preview)}
        meta.update(extra)
        return meta
    meta = {
        "dagster/row_count": dg.MetadataValue.int(df.height),
        "dagster/column_schema": schema,
        "preview": dg.MetadataValue.md(markdown_preview(df, preview_columns)),
    }
    meta.update(extra)
    return meta


def counts_markdown(df: pl.DataFrame, by: str, title: str) -> dg.MetadataValue:
    if df.height == 0 or by not in df.columns:
        return dg.MetadataValue.md(f"**{title}**: none")
    c = df.group_by(by).len().sort("len", descending=True)
    lines = [f"**{title}**", "", f"| {by} | n |", "|---|---|"]
    lines += [f"| {_cell(r[by])} | {r['len']} |" for r in c.iter_rows(named=True)]
    return dg.MetadataValue.md("\n".join(lines))


def combine(parts: list[tuple[Path, pl.DataFrame | pl.LazyFrame | None]]) -> tuple[object, pl.DataFrame | pl.LazyFrame]:
    """The output for the run's years, and a frame to describe it in metadata. ``None`` for a
    year means its partition file already holds the answer: if every year is so, nothing is
    rewritten (:class:`Kept`); otherwise the kept years are streamed from their files."""
    frames = [pl.scan_parquet(p) if f is None else f for p, f in parts]
    if not frames:
        return pl.DataFrame(), pl.DataFrame()
    lazy = any(isinstance(f, pl.LazyFrame) for f in frames)
    view = pl.concat([f.lazy() for f in frames]) if lazy else pl.concat(frames)
    if all(f is None for _, f in parts):
        return Kept(view.select(pl.len()).collect().item()), view
    return view, view


@contextmanager
def spill_folder(warehouse: Path, stage: str, years: list[int], run_id: str):
    """A folder for the workers' parts of one stage run, removed once its outputs are stored
    (the generator assets yield inside it: Dagster stores each output as it is yielded).
    Parts left by an earlier run of the same stage and years that died are removed first."""
    tag = "-".join(map(str, years))
    base = warehouse / "_spill" / stage
    for old in base.glob(f"{tag}.*"):
        shutil.rmtree(old, ignore_errors=True)
    root = base / f"{tag}.{run_id}"
    root.mkdir(parents=True, exist_ok=True)
    try:
        yield Spill(root, validate)
    finally:
        shutil.rmtree(root, ignore_errors=True)
        for folder in (base, base.parent):
            try:
                folder.rmdir()  # only when empty: another stage may be running
            except OSError:
                pass
