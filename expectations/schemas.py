"""Dagster types and UI column schemas of the frames, from the pandera schemas of
:mod:`expectations.frame_schemas` (one definition of every column, in ``gongkai.columns``)."""
from __future__ import annotations

from functools import lru_cache

import dagster as dg
import polars as pl
from dagster_pandera import pandera_schema_to_dagster_type

from gongkai import columns as cols
from gongkai.frames import polars_schema
from orchestration.io_managers import Kept

from .frame_schemas import FRAMES, SCRIPTS, SEVERITIES, SOURCES, STATUSES, TEMPLATES, schema, schema_for, validate

__all__ = ["FRAMES", "SCRIPTS", "SEVERITIES", "SOURCES", "STATUSES", "TEMPLATES", "column_schema", "dagster_type",
           "schema", "schema_for", "streamed_dagster_type", "validate"]


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
