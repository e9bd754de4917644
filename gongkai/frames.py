"""Report records ↔ Polars frames with the columns of ``columns.py``, in that order."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

import polars as pl

from .catalogue import FIGURE_ORDER
from .columns import (
    FACT_TABLE,
    NORMALIZED_REPORTS,
    RAW_REPORTS,
    WAREHOUSE_CELLS,
    WAREHOUSE_ISSUES,
    WAREHOUSE_UNCERTAIN,
    Column,
)
from .model import Document
from .pipeline import NormalizedDocument, ReportRecord

_PL = {"str": pl.String, "int": pl.Int64, "float": pl.Float64, "bool": pl.Boolean, "date": pl.Date}


def polars_schema(cols: list[Column]) -> dict[str, pl.DataType]:
    return {c.name: _PL[c.dtype] for c in cols}


def frame(rows: list[dict], cols: list[Column]) -> pl.DataFrame:
    schema = polars_schema(cols)
    if not rows:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame(rows, schema=schema, orient="row" if isinstance(rows[0], tuple) else None)


def _columns_frame(cols: list[Column], data: dict[str, list]) -> pl.DataFrame:
    """A frame from one list per column (all of ``cols``, in their order)."""
    assert list(data) == [c.name for c in cols]
    return pl.DataFrame([pl.Series(c.name, data[c.name], _PL[c.dtype]) for c in cols])


def _document_fields(d: Document, partition_year: int) -> dict:
    """The columns every document frame shares (columns._DOCUMENT + _DOCUMENT_META)."""
    return {
        "partition_year": partition_year, "file": d.file, "sha256": d.sha256, "bytes": d.size,
        "format": d.format, "title": d.title,
        "meta_json": json.dumps(d.meta, ensure_ascii=False, sort_keys=True),
        "warnings_json": json.dumps(d.warnings, ensure_ascii=False),
        "reject_reason": d.reject,
    }


def _document(r: dict, text: str, **extra) -> Document:
    return Document(
        file=r["file"], sha256=r["sha256"], size=r["bytes"], format=r["format"], text=text, title=r["title"],
        meta=json.loads(r["meta_json"]), reject=r["reject_reason"], warnings=json.loads(r["warnings_json"]),
        **extra,
    )


def documents_frame(docs: Iterable[Document], partition_year: int) -> pl.DataFrame:
    rows = [
        {**_document_fields(d, partition_year), "encoding": d.encoding, "pages": d.pages,
         "text": None if d.reject else d.text}
        for d in docs
    ]
    return frame(rows, RAW_REPORTS)


def frame_documents(df: pl.DataFrame) -> list[Document]:
    return [_document(r, r["text"] or "", encoding=r["encoding"], pages=r["pages"]) for r in df.iter_rows(named=True)]


def normalized_frame(items: Iterable[tuple[Document, NormalizedDocument | None]], partition_year: int) -> pl.DataFrame:
    rows = [
        {**_document_fields(d, partition_year),
         "script": nd.script if nd else None,
         "body_hash": nd.body_hash if nd else None,
         "body_sketch": " ".join(map(str, nd.body_sketch)) if nd and nd.body_sketch is not None else None,
         "text": nd.text if nd else None,
         "original_text": d.text if nd and nd.script == "traditional" else None}
        for d, nd in items
    ]
    return frame(rows, NORMALIZED_REPORTS)


def frame_normalized(df: pl.DataFrame) -> list[NormalizedDocument | Document]:
    """Normalized documents back from their frame; rejected files come back as bare Documents."""
    out: list[NormalizedDocument | Document] = []
    for r in df.iter_rows(named=True):
        doc = _document(r, r["original_text"] or r["text"] or "")
        if r["reject_reason"] is not None:
            out.append(doc)
            continue
        sketch = r["body_sketch"]
        out.append(NormalizedDocument(doc, r["text"], r["script"], r["body_hash"],
                                      None if sketch is None else tuple(map(int, sketch.split()))))
    return out


def _date(s: str | None) -> dt.date | None:
    if not s:
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return None


def record_frames(records: Iterable[ReportRecord], partition_year: int) -> dict[str, pl.DataFrame]:
    """The four extraction frames; consumes ``records`` one at a time (cells, ≈ 160 a report, as
    one list per column, the smaller tables as rows, so a year's records are never all held)."""
    facts, uncertain, issues = [], [], []
    # cells (≈ 160 a report) are gathered by column: a frame from row tuples costs twice as much
    c_rid, c_year, c_file, c_code, c_value, c_raw, c_source, c_where = [], [], [], [], [], [], [], []
    for r in records:
        m = r.meta
        year = m.report_year if m.report_year is not None else (None if r.status == "reject" else partition_year)
        row = {
            "report_id": r.sha256, "file": r.file, "partition_year": partition_year, "status": r.status,
            "duplicate_of": r.duplicate_of, "reject_reason": r.reject_reason, "agency": m.agency,
            "agency_as_written": m.agency_as_written, "level": m.level, "province": m.province,
            "city": m.city, "county": m.county, "township": m.township, "report_year": year,
            "publish_date": _date(m.publish_date), "template": r.template,
            "script": None if r.status == "reject" else r.script, "format": r.format, "scope": r.scope,
            "bytes": r.size,
            "n_cells": len(r.cells), "n_uncertain": len(r.uncertain),
            "n_errors": sum(p.severity == "error" for p in r.problems),
            "n_warnings": sum(p.severity == "warn" for p in r.problems),
            "n_rules_pass": r.rule_counts[0], "n_rules_fail": r.rule_counts[1],
            "n_rules_uncertain": r.rule_counts[2],
        }
        for f in FIGURE_ORDER:
            v = r.figures.get(f)
            row[f] = None if v is None else float(v.value)
        facts.append(row)
        rid, file = r.sha256, r.file
        stated = list(r.cells.items())
        stated += [(name, v) for name, v in r.figures.items() if v.source == "prose"]
        k = len(stated)
        c_rid += [rid] * k
        c_year += [year] * k
        c_file += [file] * k
        for code, v in stated:
            c_code.append(code)
            c_value.append(float(v.value))
            c_raw.append(v.raw)
            c_source.append(v.source)
            c_where.append(v.where)
        for code, u in r.uncertain.items():
            uncertain.append((partition_year, rid, year, file, code, u.raw, u.where, u.reason))
        for p in r.problems:
            issues.append((partition_year, rid, file, year, p.check, p.severity, p.message))
    return {
        "report_facts": frame(facts, FACT_TABLE),
        "report_cells": _columns_frame(WAREHOUSE_CELLS, {
            "partition_year": [partition_year] * len(c_code), "report_id": c_rid, "report_year": c_year, "file": c_file,
            "code": c_code, "value": c_value, "raw": c_raw, "source": c_source, "location": c_where}),
        "uncertain_values": frame(uncertain, WAREHOUSE_UNCERTAIN),
        "extraction_problems": frame(issues, WAREHOUSE_ISSUES),
    }
