"""Pandera (polars) schemas for every frame the assets produce, built from ``gongkai.columns``.

Each schema is strict and ordered (a reordered or renamed column fails before anything is
written), carries the allowed codes from the catalogue, and doubles as the Dagster type of its
asset and as the column schema shown in the UI.
"""
from __future__ import annotations

from functools import lru_cache

import dagster as dg
import pandera.polars as pa
import polars as pl
from dagster_pandera import pandera_schema_to_dagster_type

from gongkai import columns as cols
from gongkai.catalogue import FIGURE_ORDER, cell_codes
from gongkai.frames import polars_schema
from orchestration.io_managers import Kept

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


@lru_cache(maxsize=None)
def dagster_type(name: str) -> dg.DagsterType:
    return pandera_schema_to_dagster_type(schema(name))


def column_schema(columns: list[cols.Column]) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                c.name,
                cols.sql_type(c),
                description=f"{c.en} — {c.zh}" + (f" [{c.unit}]" if c.unit else ""),
                constraints=dg.TableColumnConstraints(nullable=c.nullable),
            )
            for c in columns
        ]
    )


def validate(name: str, df: pl.DataFrame) -> pl.DataFrame:
    """Validate eagerly (all failures collected); used by tests and the mart builder."""
    return schema(name).validate(df, lazy=True)


@lru_cache(maxsize=None)
def streamed_dagster_type(name: str) -> dg.DagsterType:
    """Type of an output that may be streamed: a DataFrame is validated whole, as by
    :func:`dagster_type`; a LazyFrame over parts that the workers validated one by one with
    :func:`validate` before writing them (``gongkai.batch.Spill``) is checked for its exact columns
    and dtypes, in order; a kept partition file was validated when it was written."""
    eager = dagster_type(name)
    want = list(polars_schema(FRAMES[name]).items())

    def check(context, value) -> dg.TypeCheck:
        if isinstance(value, pl.DataFrame):
            return eager.type_check(context, value)
        if isinstance(value, Kept):
            return dg.TypeCheck(success=True, description="unchanged partition file kept as it is")
        if isinstance(value, pl.LazyFrame):
            got = list(value.collect_schema().items())
            if got == want:
                return dg.TypeCheck(success=True, description="columns and dtypes as declared; parts validated when written")
            return dg.TypeCheck(success=False, description=f"{name}: columns {got} differ from the declared {want}")
        return dg.TypeCheck(success=False, description=f"{name}: a {type(value).__name__} is not a frame")

    return dg.DagsterType(type_check_fn=check, name=f"{name}_streamed", description=eager.description,
                          metadata=eager.metadata)
