"""Cells and prose figures → the harmonized national figures, driven by ``data/figures.csv``.

A figure is recorded only when the document states it: from cells (every component cell of one
formula stated; formulas tried in priority order) or from a prose sentence. When a table gives
the figure, the table wins; a prose statement that disagrees with it is an ``error`` problem
(RX.3 in templates.md), because it is the same quantity stated twice.
"""
from __future__ import annotations

from .catalogue import FIGURE_ORDER, figures
from .model import Problem, Uncertain, Value

# Prose statements of applications received are often about a narrower scope than the table (an
# office inside the government whose table covers the whole region). They still contradict the
# table on the same quantity, so they are errors: the reader must look.
PROSE_VS_TABLE = "rx3.prose_vs_table"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)


def figures_from_cells(cells: dict[str, Value]) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for name, fig in figures().items():
        for formula in fig.formulas:
            parts = [cells.get(c) for c in formula.codes]
            if any(p is None for p in parts):
                continue
            total = round(sum(p.value for p in parts) * formula.scale, 6)
            raw = " + ".join(p.raw for p in parts)
            if formula.scale != 1:
                raw = f"({raw}) × {_fmt(formula.scale)}"
            where = "; ".join(f"{p.code} @ {p.where}" for p in parts)
            out[name] = Value(name, total, raw, "table", where)
            break
    return out


_T3_APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution",
                  "social_welfare_org", "legal_service_org", "other_org")


def table_bound(name: str, cells: dict[str, Value]) -> tuple[float, bool] | None:
    """What the stated cells say about a figure the table does not give outright.

    Returns (lower bound, exact) or None when no component is stated at all. A blank table-3
    总计 cell still has its applicant cells: their stated sum is a lower bound (exact when all
    six are stated). Used only to catch prose that contradicts the table, never as a value.
    """
    best: tuple[float, bool] | None = None
    for formula in figures()[name].formulas:
        lb, exact, seen = 0.0, True, False
        for code in formula.codes:
            v = cells.get(code)
            if v is not None:
                lb, seen = lb + v.value, True
                continue
            exact = False
            if code.startswith("t3.") and code.endswith(".total"):
                row = code[: -len(".total")]
                parts = [cells.get(f"{row}.{a}") for a in _T3_APPLICANTS]
                stated = [p.value for p in parts if p is not None]
                if stated:
                    lb, seen = lb + sum(stated), True
                    if len(stated) == len(parts):
                        continue
        if seen:
            lb *= formula.scale
            if best is None or lb > best[0] or (lb == best[0] and exact):
                best = (lb, exact)
    return best


def _received_with_carried_in(p: Value, from_table: dict[str, Value]) -> bool:
    """A generic `收到/受理…申请N件` may count the applications carried in from the year before
    (templates.md RX.3 maps it to （七）总计 + 结转下年度, which R3.1 makes 新收 + 上年结转). Only
    a sentence that says 新收 states the new applications alone."""
    if "新" in p.raw:
        return False
    new, carried = from_table.get("applications_received"), from_table.get("applications_carried_in")
    return (new is not None and carried is not None and carried.value > 0
            and abs(p.value - (new.value + carried.value)) < 1e-6)


def harmonize(
    cells: dict[str, Value],
    prose: dict[str, Value],
    prose_uncertain: dict[str, Uncertain] | None = None,
) -> tuple[dict[str, Value], dict[str, Uncertain], list[Problem]]:
    """Return (figures in contract order, uncertain figures, problems)."""
    from_table = figures_from_cells(cells)
    problems: list[Problem] = []
    merged: dict[str, Value] = {}
    uncertain: dict[str, Uncertain] = {}
    for name in FIGURE_ORDER:
        t, p = from_table.get(name), prose.get(name)
        if t is not None:
            merged[name] = t
            if p is not None and abs(p.value - t.value) > 1e-6 and not (
                    name == "applications_received" and _received_with_carried_in(p, from_table)):
                problems.append(
                    Problem(
                        PROSE_VS_TABLE,
                        "error",
                        f"{name}: prose says {_fmt(p.value)} ({p.raw!r}, {p.where}) "
                        f"but the table gives {_fmt(t.value)}",
                    )
                )
        elif p is not None:
            bound = table_bound(name, cells)
            if bound is not None and (p.value < bound[0] - 1e-6 or (bound[1] and abs(p.value - bound[0]) > 1e-6)):
                # the stated cells already contradict the sentence: record neither
                problems.append(
                    Problem(
                        PROSE_VS_TABLE,
                        "error",
                        f"{name}: prose says {_fmt(p.value)} ({p.raw!r}, {p.where}) but the stated table cells "
                        f"{'add up to' if bound[1] else 'already add up to at least'} {_fmt(bound[0])}",
                    )
                )
            else:
                merged[name] = p
        elif prose_uncertain and name in prose_uncertain:
            uncertain[name] = prose_uncertain[name]
    return merged, uncertain, problems
