"""One file → one report record: ingest, normalize, extract, harmonize, check.

``extract_document`` is pure and per file (safe in a process pool); ``link_duplicates`` runs
afterwards over the records in file order, because whether a file is a copy depends on the files
before it. ``extract_paths`` does both and is what ``gongkai extract`` and the Dagster assets call.
"""
from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import re
import warnings
import zlib
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from .catalogue import FIGURE_ORDER
from .extract.metadata import extract_metadata, other_document_title
from .extract.prose import extract_prose, wider_scopes
from .extract.tables import extract_tables
from .harmonize import harmonize
from .ingest import read_document
from .model import Document, Metadata, Problem, Uncertain, Value
from .normalize import normalize_text
from .rules import count_results, evaluate, problems_from

DUPLICATE_EXACT = "duplicate.exact"
DUPLICATE_REPUBLISHED = "duplicate.republished"
DUPLICATE_AGENCY_YEAR = "duplicate.agency_year"
REJECTED = "ingest.reject"
EXTRACT_CRASH = "extract.crash"
NOTHING_READ = "extract.nothing_read"
NOT_A_REPORT = "extract.not_a_report"

# Lines that change when a portal re-publishes the same report (header date, view counter, source).
_VOLATILE_LINE = re.compile(
    r"发布|更新|日期|时间|浏览|点击|阅读|访问|来源|打印|关闭|分享|索引号|文号|"
    r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}|\d{1,2}:\d{2}"
)
# The same lines found by two scans that start at a literal (the words; a date's or a time's
# first separator, the digits before it checked by a look-behind): several times faster over a
# whole text than the pattern above, whose digit branches are tried at every character.
_VOLATILE_WORDS = re.compile(_VOLATILE_LINE.pattern.split("|\\d")[0])
_VOLATILE_DATES = re.compile(r"[-/.年](?<=\d{4}.)\d{1,2}[-/.月]\d{1,2}|:(?<=\d:)\d{2}")
# Short lines are page furniture (buttons, labels, page numbers); the body is in the long ones.
_BODY_LINE_MIN = 12
_SIMILAR_LINE_MIN = 20
_TITLE_ENDS = ("报告", "年报", "报告。", "年报。")
_TITLE_MAX = 60
# Share of long prose lines two files must have in common to be one report.
SAME_BODY_JACCARD = 0.8
SKETCH_SIZE = 32
_ANCHORS = 4  # a copy shares at least one of the 4 smallest line hashes with its original
# An anchor shared by this many reports is boilerplate: it no longer finds candidates (keeps
# duplicate linking linear in the number of reports).
_ANCHOR_CAP = 32
_DIGIT = re.compile(r"\d")


@dataclass
class ReportRecord:
    file: str
    sha256: str
    format: str
    status: str = "ok"
    problems: list[Problem] = field(default_factory=list)
    duplicate_of: str | None = None
    meta: Metadata = field(default_factory=Metadata)
    template: str | None = None
    script: str = "simplified"
    cells: dict[str, Value] = field(default_factory=dict)
    figures: dict[str, Value] = field(default_factory=dict)
    uncertain: dict[str, Uncertain] = field(default_factory=dict)
    rule_counts: tuple[int, int, int] = (0, 0, 0)  # consistency rules passed, failed, uncertain
    body_hash: str | None = None
    body_sketch: tuple[int, ...] = ()
    scope: str | None = None  # "region": a government's consolidated report; "body": the agency itself
    size: int = 0
    reject_reason: str | None = None

    def to_json(self) -> dict:
        m = self.meta
        return {
            "file": self.file,
            "sha256": self.sha256,
            "status": self.status,
            "problems": [{"check": p.check, "severity": p.severity, "message": p.message} for p in self.problems],
            "duplicate_of": self.duplicate_of,
            "agency": m.agency,
            "agency_as_written": m.agency_as_written,
            "level": m.level,
            "province": m.province,
            "city": m.city,
            "county": m.county,
            "township": m.township,
            "report_year": m.report_year,
            "publish_date": m.publish_date,
            "template": self.template,
            "script": self.script,
            "format": self.format,
            "scope": self.scope,
            "cells": {c: _num(v.value) for c, v in self.cells.items()},
            "figures": {f: _num(self.figures[f].value) for f in FIGURE_ORDER if f in self.figures},
            "uncertain": {c: u.raw for c, u in self.uncertain.items()},
        }


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


# A government's report that speaks for its whole region (全区各单位…, 全市共收到…) rather than
# for the government office alone; only such reports can be checked against their children.
_REGION_SCOPE = re.compile(r"全(?:省|市|区|县|州|旗|盟)(?:各|共|全年|范围|主动|收到|受理|政府信息|政务)")
_GOVERNMENT = re.compile(r"(?:人民政府|管理委员会|行政公署)$")


def report_scope(text: str, agency: str | None) -> str | None:
    if not agency:
        return None
    if _GOVERNMENT.search(agency) and _REGION_SCOPE.search(text):
        return "region"
    return "body"


def report_template(table_templates: dict[str, str], report_year: int | None,
                    title_year: int | None = None, publish_date: str | None = None) -> str | None:
    """The format the report follows as a whole (CONTRACT.md): table 2 decides, then table 3/4,
    then the year. A report whose year is unknown because its title and its date disagree covers
    the title's year or the one the date implies: if both years had the same format, it is known."""
    for table in ("t2", "t3", "t4"):
        if table in table_templates:
            return table_templates[table]
    if "leg" in table_templates or "leg_fj" in table_templates:
        return "legacy"
    if report_year is not None:
        return _year_template(report_year)
    if title_year is None or publish_date is None:
        return None
    published = int(publish_date[:4])
    years = {title_year, published - 1} | ({published} if publish_date[5:7] == "12" else set())
    formats = {_year_template(y) for y in years}
    return formats.pop() if len(formats) == 1 else None


def _year_template(year: int) -> str:
    if year <= 2018:
        return "legacy"
    return "gb2019" if year <= 2020 else "gb2021"


def body_signature(text: str) -> tuple[str, tuple[int, ...]]:
    """(fingerprint, sketch) of the body, in one pass over the lines.

    The fingerprint hashes the lines a re-publication does not change (dates, counters,
    sources, page furniture left out). The sketch is a bottom-k sample of the long prose lines
    (stable CRC32 hashes, the k smallest): copies of one report share nearly all of them, so
    their sketches agree, and it is small enough to keep for every report of a year.
    """
    lines = text.split("\n")
    # one scan of the whole text for volatile words, mapped to line numbers (the pattern never
    # matches whitespace or a line break, so a match in a line is a match in the stripped line)
    starts = None
    for pattern in (_VOLATILE_WORDS, _VOLATILE_DATES):
        for m in pattern.finditer(text):
            if starts is None:
                starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
            lines[bisect_right(starts, m.start()) - 1] = ""  # a volatile line counts as empty
    kept = [line for line in map(str.strip, lines) if len(line) >= _BODY_LINE_MIN]
    digest = hashlib.sha1(("\n".join(kept) + "\n" if kept else "").encode("utf-8")).hexdigest()
    digit = _DIGIT.search
    # table rows are the template's labels and mostly zeros: shared by unrelated reports; and
    # the report's title, which re-publications reword and repeat (encyclopedia copies). Lines
    # with a number come first: template sentences without one are shared by unrelated reports
    # and make poor anchors
    hashes = {zlib.crc32(line.encode("utf-8")) | (0 if digit(line) else 1 << 32) for line in kept
              if len(line) >= _SIMILAR_LINE_MIN and "\t" not in line and "|" not in line
              and not (line.endswith(_TITLE_ENDS) and len(line) <= _TITLE_MAX and "公开" in line)}
    return digest, tuple(sorted(hashes)[:SKETCH_SIZE])


def same_body(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Estimated Jaccard similarity of the two line sets ≥ SAME_BODY_JACCARD."""
    return _similar(a, frozenset(a), b, frozenset(b))


def _similar(a: tuple[int, ...], sa: frozenset[int], b: tuple[int, ...], sb: frozenset[int]) -> bool:
    """:func:`same_body` of two sketches given with their sets (the linker keeps those)."""
    if not a or not b:
        return False
    both = sa & sb
    k = max(len(a), len(b))
    # the estimate counts the shared hashes among the k smallest of the union: at most all of
    # them, over min(|union|, k) hashes; most candidates share only an anchor and stop here
    if len(both) < SAME_BODY_JACCARD * min(len(sa) + len(sb) - len(both), k):
        return False
    union = sorted(sa | sb)[:k]
    return sum(1 for h in union if h in both) / len(union) >= SAME_BODY_JACCARD


@dataclass
class NormalizedDocument:
    """A readable document after normalization: what the extraction stage consumes."""

    doc: Document
    text: str
    script: str
    body_hash: str
    body_sketch: tuple[int, ...] | None = None  # recomputed from text when absent


def normalize_document(doc: Document) -> NormalizedDocument:
    text, script = normalize_text(doc.text)
    fingerprint, sketch = body_signature(text)
    return NormalizedDocument(doc, text, script, fingerprint, sketch)


def rejected_record(doc: Document) -> ReportRecord:
    rec = ReportRecord(file=doc.file, sha256=doc.sha256, format=doc.format, size=doc.size)
    rec.status = "reject"
    rec.reject_reason = doc.reject
    rec.problems.append(Problem(REJECTED, "error", doc.reject or "unreadable"))
    return rec


def extract_normalized(nd: NormalizedDocument) -> ReportRecord:
    doc, text = nd.doc, nd.text
    rec = ReportRecord(file=doc.file, sha256=doc.sha256, format=doc.format, size=doc.size,
                       script=nd.script, body_hash=nd.body_hash,
                       body_sketch=nd.body_sketch if nd.body_sketch is not None else body_signature(text)[1])
    meta = extract_metadata(text, doc.title, os.path.basename(doc.file), doc.meta, original_text=doc.text)
    tables = extract_tables(text)
    department = bool(meta.agency) and not _GOVERNMENT.search(meta.agency)
    prose = extract_prose(text, meta.report_year, wider_scopes(meta.level, meta.county, department))
    figures, fig_uncertain, harmonize_problems = harmonize(tables.cells, prose.figures, prose.uncertain)
    rec.meta = meta
    rec.scope = report_scope(text, meta.agency)
    rec.template = report_template(tables.table_templates, meta.report_year, meta.title_year, meta.publish_date)
    rec.cells = tables.cells
    rec.figures = figures
    rec.uncertain = {c: u for c, u in tables.uncertain.items() if c not in tables.cells}
    rec.uncertain.update(fig_uncertain)
    results = evaluate(tables.cells)
    rec.rule_counts = count_results(results)
    rec.problems = (
        [Problem("ingest.warning", "warn", w) for w in doc.warnings]
        + meta.problems
        + tables.problems
        + prose.problems
        + harmonize_problems
        + problems_from(results, tables.cells, figures)
    )
    if not rec.cells and not rec.figures and not rec.uncertain:
        # a portal page that only links to its report (附件：….pdf), or a report with its tables as
        # images: listed, but nothing in it can count
        rec.problems.append(Problem(NOTHING_READ, "warn", "no table cell and no figure stated in the text"))
    rec.status = "flag" if any(p.severity == "error" for p in rec.problems) else "ok"
    other = None if rec.cells else other_document_title(text, doc.title)
    if other is not None:
        # a letter or notice filed among the reports: read, but no agency's annual report
        rec.status = "reject"
        rec.reject_reason = f"not an annual report: the document is titled {other!r}"
        rec.problems.append(Problem(NOT_A_REPORT, "error", rec.reject_reason))
        rec.figures, rec.uncertain = {}, {}  # a reject carries nothing that counts
    return rec


def crashed_record(doc: Document, exc: BaseException) -> ReportRecord:
    """A file that made an extractor fail: recorded with the error, and the run goes on."""
    rec = ReportRecord(file=doc.file, sha256=doc.sha256, format=doc.format, size=doc.size)
    rec.status = "reject"
    rec.reject_reason = f"extraction failed: {type(exc).__name__}: {exc}"[:500]
    rec.problems.append(Problem(EXTRACT_CRASH, "error", rec.reject_reason))
    return rec


def extract_document(doc: Document) -> ReportRecord:
    """Normalize and extract one ingested document (rejects pass straight through)."""
    if doc.reject:
        return rejected_record(doc)
    try:
        return extract_normalized(normalize_document(doc))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a national run
        return crashed_record(doc, exc)


def extract_file(path: Path, display_name: str) -> ReportRecord:
    return extract_document(read_document(path, display_name))


def _extract_star(args: tuple[str, str]) -> ReportRecord:
    path, name = args
    return extract_file(Path(path), name)


class DuplicateLinker:
    """Which files repeat an earlier one, decided in file order (the first copy is the original).

    ``exact`` sees every file (byte-identical copies: reject); ``body`` sees the files that are
    not copies and not rejected (the same body re-published under another header: flag; another
    report of the same agency and year: a warning). The record stream and the chunked frame
    builders share this one implementation.
    """

    def __init__(self) -> None:
        self._by_sha: dict[str, str] = {}
        self._by_body: dict[str, str] = {}
        self._by_anchor: dict[int, list[tuple[str, tuple[int, ...], frozenset[int]]]] = {}
        self._by_agency_year: dict[tuple[str, int], str] = {}

    def exact(self, file: str, sha256: str) -> Problem | None:
        """The problem of a byte-identical copy (its ``duplicate_of`` is in the message's file)."""
        first = self._by_sha.setdefault(sha256, file)
        if first == file:
            return None
        return Problem(DUPLICATE_EXACT, "error", f"byte-identical copy of {first}")

    def first_copy_of(self, sha256: str) -> str:
        return self._by_sha[sha256]

    def body(self, file: str, body_hash: str, sketch: tuple[int, ...], agency: str | None,
             report_year: int | None) -> tuple[str | None, Problem | None]:
        """(the original this file re-publishes, or None; the problem to record, or None)."""
        first = self._by_body.get(body_hash)
        mine = frozenset(sketch)
        if first is None:
            seen: set[str] = set()
            for h in sketch[:_ANCHORS]:
                posted = self._by_anchor.get(h, ())
                if len(posted) >= _ANCHOR_CAP:
                    continue
                for f, other, theirs in posted:
                    if f not in seen and _similar(other, theirs, sketch, mine):
                        first = f
                        break
                    seen.add(f)
                if first is not None:
                    break
        if first is not None:
            return first, Problem(DUPLICATE_REPUBLISHED, "error",
                                  f"the same report as {first}, re-published under another header")
        self._by_body[body_hash] = file
        for h in sketch[:_ANCHORS]:
            posted = self._by_anchor.setdefault(h, [])
            if len(posted) < _ANCHOR_CAP:
                posted.append((file, sketch, mine))
        if agency and report_year:
            other = self._by_agency_year.setdefault((agency, report_year), file)
            if other != file:
                return None, Problem(DUPLICATE_AGENCY_YEAR, "warn", f"another report of {agency} for {report_year}: {other}")
        return None, None


def mark_exact_copy(rec: ReportRecord, first: str, problem: Problem) -> None:
    rec.status = "reject"
    rec.duplicate_of = first
    rec.problems.append(problem)


def link_duplicates(records: Iterable[ReportRecord]) -> Iterator[ReportRecord]:
    """Mark copies of earlier files, in order: byte-identical → reject, same body → flag.

    "Same body" is the same fingerprint, or nearly the same long lines (a portal re-publication
    changes headers, counters, mirrors' boilerplate and footers, not the report). Two different
    reports of one agency and year only get a warning.
    """
    linker = DuplicateLinker()
    for rec in records:
        problem = linker.exact(rec.file, rec.sha256)
        if problem is not None:
            mark_exact_copy(rec, linker.first_copy_of(rec.sha256), problem)
        elif rec.status != "reject" and rec.body_hash:
            first, problem = linker.body(rec.file, rec.body_hash, rec.body_sketch, rec.meta.agency, rec.meta.report_year)
            if first is not None:
                rec.duplicate_of = first
                rec.status = "flag"
            if problem is not None:
                rec.problems.append(problem)
        yield rec


def _stem_suffix(name: str) -> tuple[str, str]:
    """``PurePath(name).stem`` and ``.suffix`` (3.11), without building a path."""
    i = name.rfind(".")
    return (name[:i], name[i:]) if 0 < i < len(name) - 1 else (name, "")


def _files_under(root: Path, ordered: bool = True) -> list[tuple[tuple, str, str]]:
    """(sort key, path, path relative to ``root``) of every file below ``root``, by folder, then
    stem, then extension (``X.txt`` sorts before its copies ``X(1).txt``, ``X - 副本.txt``): what
    ``root.rglob("*")`` with ``is_file()`` finds (symlinked folders are not entered, symlinked
    files are files), by ``os.scandir``, which has each entry's type without a stat call: a
    year folder of 100,000 files is listed in a fraction of a second instead of seconds.
    ``ordered=False`` skips the sort, for a count."""
    out: list[tuple[tuple, str, str]] = []
    todo = [(str(root), "")]
    while todo:
        folder, rel = todo.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            try:
                if e.is_dir() and not e.is_symlink():
                    todo.append((e.path, f"{rel}{e.name}/"))
                elif e.is_file():
                    out.append(((folder, *_stem_suffix(e.name)), e.path, rel + e.name))
            except OSError:
                continue
    if ordered:
        out.sort(key=lambda t: t[0])
    return out


def iter_inputs(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[Path, str]]:
    """Files to read, with the name each record carries: relative to a folder argument, else as given."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for _, path, rel in _files_under(p):
                yield Path(path), rel
        else:
            yield p, str(p)


def folder_inputs(folder: Path) -> list[tuple[str, str]]:
    """:func:`iter_inputs` of one folder as (path, name) strings: a year of 100,000 files
    without building 100,000 ``Path`` objects."""
    return [(path, rel) for _, path, rel in _files_under(folder)] if folder.is_dir() else []


def count_inputs(folder: Path) -> int:
    """How many files :func:`iter_inputs` finds under ``folder``."""
    return len(_files_under(folder, ordered=False)) if folder.is_dir() else 0


POOL_MIN = 256  # below this a process pool costs more (start-up, imports) than it saves


def _extract_item(item: NormalizedDocument | Document) -> ReportRecord:
    if isinstance(item, Document):
        return rejected_record(item)
    try:
        return extract_normalized(item)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a national run
        return crashed_record(item.doc, exc)


def chunks(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# CPython collects its youngest generation every 700 new containers. Reading a report makes
# hundreds of thousands of short-lived ones (match tuples, small lists, records) and next to no
# garbage cycles, so the collector ran thousands of times a report and, each time, traversed the
# chunk's live documents: 18 % of extraction (1.70 → 1.39 ms a 2021 report, 10,240 reports,
# same peak memory). Batch work freezes what exists when it starts (modules, dictionaries, the
# gazetteer) out of the collector's sight and collects every 50,000 containers.
BATCH_GC_THRESHOLD = (50_000, 20, 20)


def tune_gc_for_batch() -> None:
    """For a process that does nothing but batch work (a pool worker): set once, for good."""
    gc.freeze()
    gc.set_threshold(*BATCH_GC_THRESHOLD)


@contextmanager
def batch_gc() -> Iterator[None]:
    """:func:`tune_gc_for_batch` for the duration of a batch run in a process that does other
    things too (a Dagster run, a test session), then the previous settings again."""
    previous = gc.get_threshold()
    tune_gc_for_batch()
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


def _pool_context(preload: tuple[str, ...] = ()):
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["gongkai.batch", *preload])
    return ctx


def start_pool_server(preload: tuple[str, ...] = ()) -> None:
    """Start the pool's server (see :func:`parallel_map`) now rather than at the first pool, so
    that its imports (≈ 3 s with pandera) run on another core while the caller still starts up;
    the pools started later in this process fork their workers from it. Harmless if no pool
    ever starts: the server exits with this process."""
    from multiprocessing import forkserver

    _pool_context(preload)
    forkserver.ensure_running()


def parallel_map(fn, payloads: Iterable, jobs: int, preload: tuple[str, ...] = ()) -> Iterator:
    """``map(fn, payloads)`` in order, in a process pool; the one pool mechanism of the package.

    Payloads are consumed lazily and at most ``2 * jobs`` are in flight, so a year's input is
    never copied into the pool's queue all at once. forkserver, not fork: a caller such as a
    Dagster run has threads, and forking a threaded process can deadlock the child. The server
    imports the extractors (and the ``preload`` modules the payloads' functions need) once per
    process, when it starts: each worker then forks from it ready, at no import cost. If the workers cannot start (e.g. a ``__main__`` script without
    the ``if __name__ == "__main__"`` guard), the payloads not yet done are mapped here: correct
    results matter more than speed.
    """
    payloads = iter(payloads)
    if jobs <= 1:
        with batch_gc():
            yield from map(fn, payloads)
        return
    ctx = _pool_context(preload)
    pending: deque = deque()  # (payload, future), in order
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=tune_gc_for_batch) as pool:
            for payload in payloads:
                pending.append((payload, pool.submit(fn, payload)))
                if len(pending) >= 2 * jobs:
                    yield pending[0][1].result()
                    pending.popleft()
            while pending:
                yield pending[0][1].result()
                pending.popleft()
    except (BrokenProcessPool, RuntimeError, OSError) as exc:
        warnings.warn(f"process pool unavailable ({type(exc).__name__}); continuing in one process")
        for payload, _ in pending:
            yield fn(payload)
        yield from map(fn, payloads)


def _extract_batch(items: list[NormalizedDocument | Document]) -> list[ReportRecord]:
    return [_extract_item(item) for item in items]


def _extract_file_batch(inputs: list[tuple[str, str]]) -> list[ReportRecord]:
    return [_extract_star(item) for item in inputs]


def _flat(batches: Iterable[list]) -> Iterator:
    for batch in batches:
        yield from batch


def extract_items(items: list[NormalizedDocument | Document], jobs: int = 1) -> Iterator[ReportRecord]:
    """Records for already ingested/normalized documents, in order, duplicates linked.

    With ``jobs > 1`` and enough documents, extraction runs in a process pool; duplicate
    linking stays sequential in the parent, because it depends on the files before each one.
    """
    jobs = jobs if len(items) >= POOL_MIN else 1
    yield from link_duplicates(_flat(parallel_map(_extract_batch, chunks(items, 64), jobs)))


def extract_paths(paths: Iterable[str | os.PathLike], jobs: int = 1) -> Iterator[ReportRecord]:
    inputs = [(str(p), name) for p, name in iter_inputs(paths)]
    jobs = jobs if len(inputs) >= 8 else 1
    yield from link_duplicates(_flat(parallel_map(_extract_file_batch, chunks(inputs, 32), jobs)))
