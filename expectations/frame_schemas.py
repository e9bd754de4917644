"""Pandera (polars) schemas for every frame the assets produce, built from ``gongkai.columns``.

Each schema is strict and ordered (a reordered or renamed column fails before anything is
written) and carries the allowed codes from the catalogue. This module needs no Dagster: the
extraction workers import it to validate the parts they write (``gongkai.batch.Spill``);
:mod:`expectations.schemas` makes Dagster types of the same schemas.
"""
from __future__ import annotations

from functools import lru_cache

import pandera.polars as pa
import polars as pl

from gongkai import columns as cols
from gongkai.catalogue import FIGURE_ORDER, cell_codes
from gongkai.frames import polars_schema

STATUSES = ["ok", "flag", "reject"]
FORMATS = ["txt", "html", "pdf", "docx", "md"]
TEMPLATES = ["legacy", "gb2019", "gb2021"]
LEVELS = ["province", "prefecture", "county", "township"]
SEVERITIES = ["error", "warn"]
SOURCES = ["table", "prose"]
SCRIPTS = ["simplified", "traditional"]

_ALLOWED: dict[str, list[str]] = {
    "status": STATUSES,
    "format": FORMATS,
    "template": TEMPLATES,
    "level": LEVELS,
    "severity": SEVERITIES,
    "source": SOURCES,
    "script": SCRIPTS,
    "scope": ["region", "body"],
}
_YEAR_RANGE = {"partition_year": (2000, 2100), "report_year": (1990, 2100)}


def _checks(c: cols.Column) -> list[pa.Check]:
    if c.name in _ALLOWED:
        return [pa.Check.isin(_ALLOWED[c.name])]
    if c.name in _YEAR_RANGE:
        lo, hi = _YEAR_RANGE[c.name]
        return [pa.Check.in_range(lo, hi)]
    if c.name in ("report_id", "sha256"):
        return [pa.Check.str_matches(r"^[0-9a-f]{64}$")]
    if c.name == "code":
        return [pa.Check.isin(sorted(set(cell_codes()) | set(FIGURE_ORDER)))]
    if c.name in ("bytes",) or c.name.startswith("n_") or c.name.endswith("_reports"):
        return [pa.Check.ge(0)]
    return []


def schema_for(name: str, columns: list[cols.Column]) -> pa.DataFrameSchema:
    dtypes = polars_schema(columns)
    return pa.DataFrameSchema(
        {
            c.name: pa.Column(dtypes[c.name], nullable=c.nullable, checks=_checks(c), description=c.en, title=c.zh)
            for c in columns
        },
        name=name,
        strict=True,
        ordered=True,
    )


FRAMES: dict[str, list[cols.Column]] = {
    "raw_reports": cols.RAW_REPORTS,
    "normalized_reports": cols.NORMALIZED_REPORTS,
    "report_facts": cols.FACT_TABLE,
    "report_cells": cols.WAREHOUSE_CELLS,
    "uncertain_values": cols.WAREHOUSE_UNCERTAIN,
    "extraction_problems": cols.WAREHOUSE_ISSUES,
    "quality_issues": cols.WAREHOUSE_ISSUES,
}


@lru_cache(maxsize=None)
def schema(name: str) -> pa.DataFrameSchema:
    return schema_for(name, FRAMES[name])


def validate(name: str, df: pl.DataFrame) -> pl.DataFrame:
    """Validate eagerly (all failures collected); used by tests and the mart builder."""
    return schema(name).validate(df, lazy=True)
