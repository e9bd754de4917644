"""All tables of a report: the gb2019/gb2021 reader and the legacy reader, merged.

The two readers look for disjoint label sets. A reader that found a table skeleton but read no
value from it (a legacy 统计表 whose rows merely resemble table 3) does not get to name the
report's template, nor to add its warnings, when the other reader read values.
"""
from __future__ import annotations

from ..model import TableResult, Uncertain
from .gb_tables import extract_gb_tables
from .legacy_tables import extract_legacy_tables


def _read_something(r: TableResult) -> bool:
    return bool(r.cells or r.uncertain)


def _split_candidates(r: TableResult) -> TableResult:
    """A value whose row could be either of two codes ("a|b") is uncertain for each of them."""
    if any("|" in k for k in r.uncertain):
        out: dict[str, Uncertain] = {}
        for key, u in r.uncertain.items():
            for code in key.split("|"):
                out.setdefault(code, Uncertain(code, u.raw, u.where, f"{u.reason} (row is one of {key.replace('|', ', ')})"))
        r.uncertain = out
    return r


def extract_tables(text: str) -> TableResult:
    return _split_candidates(_merge(text))


def _merge(text: str) -> TableResult:
    gb = extract_gb_tables(text)
    leg = extract_legacy_tables(text)
    parts = [p for p in (gb, leg) if _read_something(p)] or [p for p in (gb, leg) if p.table_templates]
    if len(parts) == 1:
        return parts[0]
    out = TableResult()
    for part in parts or [gb, leg]:
        out.cells.update(part.cells)
        out.uncertain.update(part.uncertain)
        out.table_templates.update(part.table_templates)
        out.problems.extend(part.problems)
    return out
