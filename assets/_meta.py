"""Metadata every asset emits: row count, column schema, a Markdown preview."""

import dagster as dg
import polars as pl

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


def frame_metadata(df: pl.DataFrame, schema: dg.TableSchema, preview_columns: list[str] | None = None,
                   **extra) -> dict:
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
