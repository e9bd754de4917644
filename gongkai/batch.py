"""A year's files → the stage frames, in chunks, on every core, in bounded memory.

Each stage sends chunks of its input (file paths, or batches of the previous stage's frame, which
may be a LazyFrame streamed from Parquet) to a process pool and gets frames back: Polars frames
cross the process boundary as Arrow buffers, at a small fraction of the cost of pickling Python
records. With a :class:`Spill`, the workers write their part of the large outputs straight to
Parquet files and only the parts' paths come back: the parent then returns a LazyFrame over
them, which the IO manager streams into the partition file, so no stage ever holds a whole year
of text or cells in one process.

The parent only concatenates, and links duplicates (which depends on every file before, so it is
sequential): byte-identical copies are known from the hashes before extraction starts, and
re-published bodies are linked from a few small fields per report after it.

The frames are the same, row for row, whatever the number of processes, the chunk size and
whether parts are spilled.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from .columns import FACT_TABLE, NORMALIZED_REPORTS, RAW_REPORTS, WAREHOUSE_CELLS, WAREHOUSE_ISSUES
from .columns import WAREHOUSE_UNCERTAIN, Column
from .frames import (
    documents_frame,
    frame,
    frame_documents,
    frame_normalized,
    normalized_frame,
    polars_schema,
    record_frames,
)
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

CHUNK = 1024  # reports per task: large enough to amortize a task and its parts' checks (~10 ms a pandera
# validation, whatever its rows), small enough to stream (a few MB of text)
Progress = Callable[[int], None]
Frame = pl.DataFrame | pl.LazyFrame
_POS = "_position"
_COLUMNS = {
    "raw_reports": RAW_REPORTS,
    "normalized_reports": NORMALIZED_REPORTS,
    "report_facts": FACT_TABLE,
    "report_cells": WAREHOUSE_CELLS,
    "uncertain_values": WAREHOUSE_UNCERTAIN,
    "extraction_problems": WAREHOUSE_ISSUES,
}


@dataclass(frozen=True)
class Spill:
    """Where workers write their parts (a folder private to one stage run, removed by the caller
    once the output is stored), and the check each part passes before it is written."""

    root: Path
    validate: Callable[[str, pl.DataFrame], object] | None = None


def _jobs(jobs: int, n: int) -> int:
    return jobs if n >= POOL_MIN else 1


def _pmap(fn, payloads, jobs: int, spill: Spill | None):
    """:func:`parallel_map`, with the module of the parts' check imported once by the pool's
    server rather than by every worker (pandera's import costs seconds)."""
    check = spill.validate if spill is not None else None
    return parallel_map(fn, payloads, jobs, preload=(check.__module__,) if check is not None else ())


def _part(df: pl.DataFrame, table: str, year: int, start: int, spill: Spill | None) -> pl.DataFrame | str:
    """The chunk's rows of ``table``: the frame itself, or the path of the part it was written to."""
    if spill is None:
        return df
    if spill.validate is not None:
        spill.validate(table, df)
    path = spill.root / table / f"{year}-{start:010d}.parquet"  # a run may cover several years
    path.parent.mkdir(parents=True, exist_ok=True)
    df.write_parquet(path, compression="lz4", statistics=False)
    return str(path)


def _gather(parts: list[pl.DataFrame | str], table: str) -> Frame:
    if not parts:
        return pl.DataFrame(schema=polars_schema(_COLUMNS[table]))
    if isinstance(parts[0], str):
        return pl.scan_parquet(parts)  # in the order given: the parts' order is the rows' order
    return pl.concat(parts)


def _batches(df: Frame) -> Iterator[tuple[int, pl.DataFrame]]:
    """(position of the first row, rows) of at most CHUNK rows, in order, streamed if lazy."""
    start = 0
    source = df.collect_batches(chunk_size=CHUNK) if isinstance(df, pl.LazyFrame) else (
        df.slice(i, CHUNK) for i in range(0, df.height, CHUNK))
    for batch in source:
        if batch.height:
            yield start, batch
            start += batch.height


def _height(df: Frame) -> int:
    return df.select(pl.len()).collect().item() if isinstance(df, pl.LazyFrame) else df.height


# -- ingestion ------------------------------------------------------------------------------

StatCache = dict[str, tuple[int, int, str]]  # file name -> (size, mtime_ns, sha256 of its bytes)


def load_stat_cache(path: Path | None) -> StatCache:
    """The hashes of the last run, by the size and modification time they were read at (like
    git's index or make): a file whose stat is unchanged is not read again to be hashed."""
    if path is None or not path.exists():
        return {}
    try:
        return {k: (int(v[0]), int(v[1]), str(v[2])) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        return {}  # a damaged cache is no cache


def save_stat_cache(path: Path, cache: StatCache) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(cache, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _hash_chunk(entries: list[tuple[str, str]], cache: StatCache, seen: StatCache) -> list[str | None]:
    """sha256 of each (path, name), None where it cannot be read or is too large to read; taken
    from ``cache`` when the file's size and mtime are the ones it was hashed at (stat before the
    read: a file changed meanwhile is caught by the next run). ``seen`` gets every hash's stat."""
    out: list[str | None] = []
    for path, name in entries:
        st = _stat(Path(path))
        if st is None or st[0] > MAX_BYTES:
            out.append(None)
            continue
        hit = cache.get(name)
        if hit is not None and hit[:2] == st:
            sha = hit[2]
        else:
            try:
                sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            except OSError:
                out.append(None)
                continue
        seen[name] = (st[0], st[1], sha)
        out.append(sha)
    return out


def _ingest_chunk(args) -> tuple[pl.DataFrame | str, int, int, list[tuple[str, int, int, str]]]:
    """Parse the chunk's files; the rows of files that are unchanged since ``previous`` (their
    row numbers there given in ``reuse``) are copied from it instead, in place."""
    year, start, entries, reuse, previous, spill = args
    docs, order, stats = [], [], []
    for k, (path, name) in enumerate(entries):
        if k in reuse:
            continue
        path = Path(path)
        st = _stat(path)  # before the read: a file changed after it is hashed again next time
        try:
            data = None if st is None or st[0] > MAX_BYTES else path.read_bytes()
        except OSError:
            data = None
        # without bytes, read_document records why (too large: rejected without reading it)
        doc = read_document(path, name) if data is None else document_from_bytes(data, name)
        docs.append(doc)
        order.append(k)
        if data is not None and doc.sha256:
            stats.append((name, st[0], st[1], doc.sha256))
    df = documents_frame(docs, year)
    if reuse:
        lo, hi = min(reuse.values()), max(reuse.values())
        old = pl.scan_parquet(previous).slice(lo, hi - lo + 1).collect()
        kept = old[[reuse[k] - lo for k in sorted(reuse)]]
        df = pl.concat([df.with_columns(pl.Series(_POS, order, pl.Int64)),
                        kept.with_columns(pl.Series(_POS, sorted(reuse), pl.Int64))]).sort(_POS).drop(_POS)
    return _part(df, "raw_reports", year, start, spill), len(reuse), len(entries), stats


def ingest_files(entries: list[tuple[Path, str]], year: int, jobs: int = 1, previous: Path | None = None,
                 progress: Progress | None = None, spill: Spill | None = None,
                 stat_cache: Path | None = None) -> tuple[Frame | None, int]:
    """The ``raw_reports`` rows of ``entries`` (path, name), in their order, and how many were
    copied unparsed from ``previous`` (the last run's partition file, when its code is the same).

    The frame is None when every file is unchanged and in the same order: ``previous`` already
    is the answer, and nothing needs to be written. ``stat_cache``: where the hashes of this
    year's files are kept with the size and mtime they were read at (see load_stat_cache).
    """
    jobs = _jobs(jobs, len(entries))
    reuse_at: dict[int, int] = {}
    seen: StatCache = {}
    if previous is not None:
        old = pl.read_parquet(previous, columns=["file", "sha256"])
        known = {f: (i, sha) for i, (f, sha) in enumerate(old.iter_rows())}
        # in this process: hashing is I/O-bound and cheap, and a re-run of an unchanged year then
        # never pays for starting the pool
        hashes = _hash_chunk([(str(p), n) for p, n in entries], load_stat_cache(stat_cache), seen)
        for k, ((_, name), sha) in enumerate(zip(entries, hashes)):
            hit = known.get(name)
            if hit is not None and sha is not None and hit[1] == sha:
                reuse_at[k] = hit[0]
        if len(reuse_at) == len(entries) == old.height and all(k == i for k, i in reuse_at.items()):
            if stat_cache is not None:
                save_stat_cache(stat_cache, seen)
            if progress:
                progress(len(entries))
            return None, len(entries)

    def payloads():
        for i in range(0, len(entries), CHUNK):
            part = entries[i:i + CHUNK]
            reuse = {k - i: reuse_at[k] for k in range(i, i + len(part)) if k in reuse_at}
            yield year, i, [(str(p), n) for p, n in part], reuse, previous, spill

    parts, reused = [], 0
    for part, n_reused, n, stats in _pmap(_ingest_chunk, payloads(), jobs, spill):
        parts.append(part)
        reused += n_reused
        for name, size, mtime_ns, sha in stats:
            seen[name] = (size, mtime_ns, sha)
        if progress:
            progress(n)
    if stat_cache is not None:
        save_stat_cache(stat_cache, seen)
    return _gather(parts, "raw_reports"), reused


# -- normalization --------------------------------------------------------------------------

def _normalize_chunk(args) -> tuple[pl.DataFrame | str, int]:
    year, start, part, spill = args
    df = normalized_frame(((d, None if d.reject else normalize_document(d)) for d in frame_documents(part)), year)
    return _part(df, "normalized_reports", year, start, spill), df.height


def normalize_frame(raw: Frame, year: int, jobs: int = 1, progress: Progress | None = None,
                    spill: Spill | None = None) -> Frame:
    """The ``normalized_reports`` rows of one year's ``raw_reports`` rows."""
    payloads = ((year, start, part, spill) for start, part in _batches(raw))
    out = []
    for part, n in _pmap(_normalize_chunk, payloads, _jobs(jobs, _height(raw)), spill):
        out.append(part)
        if progress:
            progress(n)
    return _gather(out, "normalized_reports")


# -- extraction -----------------------------------------------------------------------------

def _extract_chunk(args):
    """Extract a batch of normalized rows (``start``: its first row's position in the year);
    ``copies`` are the byte-identical copies among them (file → (original, problem)).
    Returns the four frames (the problems with their report's position; cells and uncertain
    values spilled when asked) and the link fields of every report duplicate linking still has
    to see."""
    year, start, part, copies, spill = args
    records = [_extract_item(item) for item in frame_normalized(part)]
    links = []
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
    for table in ("report_cells", "uncertain_values"):
        frames[table] = _part(frames[table], table, year, start, spill)
    return frames, links


def extract_frames(normalized: Frame, year: int, jobs: int = 1, progress: Progress | None = None,
                   spill: Spill | None = None) -> dict[str, Frame]:
    """The four extraction frames of one year's ``normalized_reports`` rows, duplicates linked.
    ``report_facts`` and ``extraction_problems`` are small and always in memory."""
    linker = DuplicateLinker()
    copies: dict[str, tuple[str, Problem]] = {}
    index = normalized.lazy().select("file", "sha256").collect()
    for file, sha in index.iter_rows():
        problem = linker.exact(file, sha)
        if problem is not None:
            copies[file] = (linker.first_copy_of(sha), problem)

    def payloads():
        for start, part in _batches(normalized):
            mine = {f: copies[f] for f in part["file"] if f in copies} if copies else {}
            yield year, start, part, mine, spill

    parts: dict[str, list] = {name: [] for name in ("report_facts", "report_cells", "uncertain_values",
                                                    "extraction_problems")}
    changes, new_problems = [], []
    for frames, links in _pmap(_extract_chunk, payloads(), _jobs(jobs, index.height), spill):
        for name, df in frames.items():
            parts[name].append(df)
        for pos, file, rid, body_hash, sketch, agency, report_year, row_year in links:
            first, problem = linker.body(file, body_hash, sketch, agency, report_year)
            if problem is not None:
                changes.append((file, first, problem.severity))
                new_problems.append((year, rid, file, row_year, problem.check, problem.severity, problem.message, pos))
        if progress:
            progress(frames["report_facts"].height)
    out = {name: _gather(p, name) for name, p in parts.items()}
    out["report_facts"] = _apply_links(out["report_facts"], changes)
    issues = out["extraction_problems"]
    if _POS not in issues.columns:  # no chunk at all
        issues = issues.with_columns(pl.lit(None, pl.Int64).alias(_POS))
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
    ).group_by("file", maintain_order=True).agg(pl.col("_first").drop_nulls().first(), pl.sum("_errors"),
                                                pl.sum("_warnings"))
    joined = facts.join(upd, on="file", how="left", maintain_order="left")
    return joined.with_columns(
        status=pl.when(pl.col("_first").is_not_null()).then(pl.lit("flag")).otherwise(pl.col("status")),
        duplicate_of=pl.coalesce("_first", "duplicate_of"),
        n_errors=pl.col("n_errors") + pl.col("_errors").fill_null(0),
        n_warnings=pl.col("n_warnings") + pl.col("_warnings").fill_null(0),
    ).select(facts.columns)
