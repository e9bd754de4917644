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
            if p is not None and abs(p.value - t.value) > 1e-6:
                problems.append(
                    Problem(
                        PROSE_VS_TABLE,
                        "error",
                        f"{name}: prose says {_fmt(p.value)} ({p.raw!r}, {p.where}) "
                        f"but the table gives {_fmt(t.value)}",
                    )
                )
        elif p is not None:
            merged[name] = p
        elif prose_uncertain and name in prose_uncertain:
            uncertain[name] = prose_uncertain[name]
    return merged, uncertain, problems
