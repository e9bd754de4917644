"""The indicator catalogue as data: every cell code, its labels and unit, and the harmonized figures.

``data/indicators.csv`` is the canonical cell catalogue (copied verbatim from the project spec);
``data/figures.csv`` says how each harmonized national figure derives from cells, in priority
order. Extraction, harmonization, schemas, checks and the data dictionary all read these two
files; nothing else in the code base spells a code or a label list.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Indicator:
    code: str
    templates: tuple[str, ...]  # legacy | gb2019 | gb2021
    table: str  # leg | leg_sd | leg_fj | t2 | t3 | t4 | prose
    row_label: str
    col_label: str
    unit: str
    harmonized_as: str | None
    harmonized_scale: float | None


@dataclass(frozen=True)
class Formula:
    """One way to derive a figure: the sum of ``codes`` times ``scale`` (all codes must be stated)."""

    figure: str
    priority: int
    codes: tuple[str, ...]
    scale: float


@dataclass(frozen=True)
class Figure:
    name: str
    unit: str
    description_zh: str
    description_en: str
    formulas: tuple[Formula, ...]


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("gongkai.data").joinpath(name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    for r in _rows("indicators.csv"):
        out[r["code"]] = Indicator(
            code=r["code"],
            templates=tuple(r["template"].split("+")),
            table=r["table"],
            row_label=r["row_label"],
            col_label=r["col_label"],
            unit=r["unit"],
            harmonized_as=r["harmonized_as"] or None,
            harmonized_scale=float(r["harmonized_scale"]) if r["harmonized_scale"] else None,
        )
    return out


@lru_cache(maxsize=1)
def figures() -> dict[str, Figure]:
    grouped: dict[str, list[dict[str, str]]] = {}
    for r in _rows("figures.csv"):
        grouped.setdefault(r["figure"], []).append(r)
    out: dict[str, Figure] = {}
    for name, rows in grouped.items():
        rows.sort(key=lambda r: int(r["priority"]))
        formulas = tuple(
            Formula(name, int(r["priority"]), tuple(r["formula"].split("+")), float(r["scale"]))
            for r in rows
        )
        first = rows[0]
        out[name] = Figure(name, first["unit"], first["description_zh"], first["description_en"], formulas)
    return out


def figure_names() -> tuple[str, ...]:
    """Harmonized figures in the contract's order (the mart's column order)."""
    return FIGURE_ORDER


FIGURE_ORDER: tuple[str, ...] = (
    "proactive_disclosed",
    "applications_received",
    "applications_carried_in",
    "applications_closed",
    "applications_carried_out",
    "granted",
    "partially_granted",
    "denied",
    "unable_to_provide",
    "not_processed",
    "other_processed",
    "reconsiderations",
    "reconsiderations_corrected",
    "lawsuits",
    "lawsuits_corrected",
    "fees_yuan",
    "staff_fulltime",
    "staff_parttime",
)


def cell_codes(table: str | None = None) -> list[str]:
    """Table cell codes (never ``prose.*``), optionally of one table family."""
    return [
        c
        for c, i in indicators().items()
        if i.table != "prose" and (table is None or i.table == table)
    ]


def is_cell_code(code: str) -> bool:
    ind = indicators().get(code)
    return ind is not None and ind.table != "prose"
