"""Yearly partitions: one per report (data) year, 2008 → the current year.

Dagster has no yearly partitions class; a time window with a yearly cron and ``%Y`` keys is the
accepted idiom. ``end_offset=1`` exposes the year in progress, whose reports arrive from January.
"""
from __future__ import annotations

import dagster as dg

FIRST_YEAR = 2008

report_years = dg.TimeWindowPartitionsDefinition(
    start=str(FIRST_YEAR), cron_schedule="0 0 1 1 *", fmt="%Y", end_offset=1
)


def partition_years(context) -> list[int]:
    """The years a (possibly multi-partition, single-run backfill) step covers."""
    return [int(k) for k in context.partition_keys]
