"""A year's files → the stage frames, in chunks, on every core.

Each stage sends chunks of its input (file paths, or slices of the previous stage's frame) to a
process pool and gets frames back: Polars frames cross the process boundary as Arrow buffers,
at a small fraction of the cost of pickling Python records, so the stages scale with cores. The
parent only concatenates, and links duplicates (which depends on every file before, so it is
sequential): byte-identical copies are known from the hashes before extraction starts, and
re-published bodies are linked from a few small fields per report after it.

The frames are the same, row for row, whatever the number of processes and the chunk size.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import polars as pl

from .columns import WAREHOUSE_ISSUES, Column
from .frames import documents_frame, frame, frame_documents, frame_normalized, normalized_frame, record_frames
from .ingest import MAX_BYTES, document_from_bytes, read_document
from .model import Problem
from .pipeline import (
    POOL_MIN,
    DuplicateLinker,
    _extract_item,
    chunks,
    mark_exact_copy,
    normalize_document,
    parallel_map,
)

CHUNK = 128  # reports per task: large enough to amortize a task, small enough to stream
Progress = Callable[[int], None]
_POS = "_position"


def _jobs(jobs: int, n: int) -> int:
    return jobs if n >= POOL_MIN else 1


# -- ingestion ------------------------------------------------------------------------------

def _ingest_chunk(args: tuple[int, list[tuple[str, str]], dict[str, str]]) -> tuple[pl.DataFrame, list[str]]:
    """Parse the chunk's files, except those whose bytes hash as in ``known`` (name → sha256 of
    a row that can be reused): their names come back instead."""
    year, entries, known = args
    docs, reused = [], []
    for path, name in entries:
        path = Path(path)
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        if size > MAX_BYTES:
            docs.append(read_document(path, name))  # rejected from its size, without reading it
            continue
        try:
            data = path.read_bytes()
        except OSError:
            docs.append(read_document(path, name))  # the read error, recorded as its reason
            continue
        if name in known and hashlib.sha256(data).hexdigest() == known[name]:
            reused.append(name)
            continue
        docs.append(document_from_bytes(data, name))
    return documents_frame(docs, year), reused


def ingest_files(entries: list[tuple[Path, str]], year: int, jobs: int = 1,
                 previous: pl.DataFrame | None = None, progress: Progress | None = None) -> tuple[pl.DataFrame, int]:
    """The ``raw_reports`` frame of ``entries`` (path, name), in their order, and how many rows
    were taken unparsed from ``previous`` (the last run's frame, when its code is the same)."""
    known: dict[str, str] = {}
    prev_index: dict[str, int] = {}
    if previous is not None:
        for i, (f, sha) in enumerate(previous.select("file", "sha256").iter_rows()):
            known[f], prev_index[f] = sha, i
    payloads = ((year, [(str(p), n) for p, n in batch], {n: known[n] for _, n in batch if n in known})
                for batch in chunks(entries, CHUNK))
    fresh, reused = [], []
    for df, names in parallel_map(_ingest_chunk, payloads, _jobs(jobs, len(entries))):
        fresh.append(df)
        reused.extend(names)
        if progress:
            progress(df.height + len(names))
    out = pl.concat(fresh) if fresh else documents_frame([], year)
    if not reused:
        return out, 0
    merged = pl.concat([previous[[prev_index[n] for n in reused]], out])
    rank = pl.DataFrame({"file": [n for _, n in entries], _POS: range(len(entries))})
    return merged.join(rank, on="file").sort(_POS).drop(_POS), len(reused)


# -- normalization --------------------------------------------------------------------------

def _normalize_chunk(args: tuple[int, pl.DataFrame]) -> pl.DataFrame:
    year, part = args
    return normalized_frame(((d, None if d.reject else normalize_document(d)) for d in frame_documents(part)), year)


def normalize_frame(raw: pl.DataFrame, year: int, jobs: int = 1, progress: Progress | None = None) -> pl.DataFrame:
    """The ``normalized_reports`` frame of one year's ``raw_reports`` rows."""
    payloads = ((year, raw.slice(i, CHUNK)) for i in range(0, raw.height, CHUNK))
    out = []
    for df in parallel_map(_normalize_chunk, payloads, _jobs(jobs, raw.height)):
        out.append(df)
        if progress:
            progress(df.height)
    return pl.concat(out) if out else _normalize_chunk((year, raw))


# -- extraction -----------------------------------------------------------------------------

# what duplicate linking needs of a report, and what it may change in its rows
_Link = tuple[int, str, str, str, tuple[int, ...], "str | None", "int | None", int]


def _extract_chunk(args: tuple[int, int, pl.DataFrame, dict[str, tuple[str, Problem]]]):
    """Extract a slice of normalized rows (``start`` is its first row's position in the year);
    ``copies`` are the byte-identical copies among them (file → (original, problem)).
    Returns the four frames (the problems with their report's position) and the link fields of
    every report duplicate linking still has to see."""
    year, start, part, copies = args
    records = [_extract_item(item) for item in frame_normalized(part)]
    links: list[_Link] = []
    positions: list[int] = []
    for k, rec in enumerate(records):
        copy = copies.get(rec.file)
        if copy is not None:
            mark_exact_copy(rec, *copy)
        elif rec.status != "reject" and rec.body_hash:
            m = rec.meta
            links.append((start + k, rec.file, rec.sha256, rec.body_hash, rec.body_sketch, m.agency, m.report_year,
                          m.report_year if m.report_year is not None else year))
        positions.extend([start + k] * len(rec.problems))
    frames = record_frames(records, year)
    frames["extraction_problems"] = frames["extraction_problems"].with_columns(pl.Series(_POS, positions, pl.Int64))
    return frames, links


def extract_frames(normalized: pl.DataFrame, year: int, jobs: int = 1,
                   progress: Progress | None = None) -> dict[str, pl.DataFrame]:
    """The four extraction frames of one year's ``normalized_reports`` rows, duplicates linked."""
    linker = DuplicateLinker()
    copies: dict[str, tuple[str, Problem]] = {}
    for file, sha in normalized.select("file", "sha256").iter_rows():
        problem = linker.exact(file, sha)
        if problem is not None:
            copies[file] = (linker.first_copy_of(sha), problem)

    def payloads():
        for i in range(0, normalized.height, CHUNK):
            part = normalized.slice(i, CHUNK)
            mine = {f: copies[f] for f in part["file"] if f in copies} if copies else {}
            yield year, i, part, mine

    parts: dict[str, list[pl.DataFrame]] = {}
    changes, new_problems = [], []
    for frames, links in parallel_map(_extract_chunk, payloads(), _jobs(jobs, normalized.height)):
        for name, df in frames.items():
            parts.setdefault(name, []).append(df)
        for pos, file, rid, body_hash, sketch, agency, report_year, row_year in links:
            first, problem = linker.body(file, body_hash, sketch, agency, report_year)
            if problem is not None:
                changes.append((file, first, problem.severity))
                new_problems.append((year, rid, file, row_year, problem.check, problem.severity, problem.message, pos))
        if progress:
            progress(frames["report_facts"].height)
    if not parts:
        parts = {name: [df] for name, df in _extract_chunk((year, 0, normalized, {}))[0].items()}
    out = {name: pl.concat(dfs) for name, dfs in parts.items()}
    out["report_facts"] = _apply_links(out["report_facts"], changes)
    issues = out["extraction_problems"]
    if new_problems:
        added = frame(new_problems, WAREHOUSE_ISSUES + [Column(_POS, "int", False, "", "", "")])
        issues = pl.concat([issues, added]).sort(_POS, maintain_order=True)
    out["extraction_problems"] = issues.drop(_POS)
    return out


def _apply_links(facts: pl.DataFrame, changes: list[tuple[str, str | None, str]]) -> pl.DataFrame:
    """Re-published copies become ``flag`` with ``duplicate_of``; each linking problem counts."""
    if not changes:
        return facts
    upd = pl.DataFrame(
        [(f, first, int(sev == "error"), int(sev == "warn")) for f, first, sev in changes],
        schema={"file": pl.String, "_first": pl.String, "_errors": pl.Int64, "_warnings": pl.Int64}, orient="row",
    ).group_by("file", maintain_order=True).agg(pl.col("_first").drop_nulls().first(), pl.sum("_errors"), pl.sum("_warnings"))
    cols = facts.columns
    joined = facts.join(upd, on="file", how="left", maintain_order="left")
    return joined.with_columns(
        status=pl.when(pl.col("_first").is_not_null()).then(pl.lit("flag")).otherwise(pl.col("status")),
        duplicate_of=pl.coalesce("_first", "duplicate_of"),
        n_errors=pl.col("n_errors") + pl.col("_errors").fill_null(0),
        n_warnings=pl.col("n_warnings") + pl.col("_warnings").fill_null(0),
    ).select(cols)
