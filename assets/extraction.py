"""Extraction: normalized text → metadata, table cells, prose figures, harmonized figures, problems.

One multi-asset because the four frames come from one pass over each report; duplicates are
linked in file order inside each year.
"""

import dagster as dg
import polars as pl

from expectations.schemas import column_schema, dagster_type
from gongkai import columns as cols
from gongkai import progress
from gongkai.frames import frame_normalized, record_frames
from gongkai.pipeline import extract_items
from orchestration.cache import KEY_METADATA, encode_keys, inputs_key, is_fresh
from orchestration.io_managers import partition_path
from orchestration.partitions import partition_years, report_years
from orchestration.resources import GongkaiPaths

from ._meta import counts_markdown, frame_metadata

GROUP = "extraction"
OUTPUTS = {
    "report_facts": cols.FACT_TABLE,
    "report_cells": cols.WAREHOUSE_CELLS,
    "uncertain_values": cols.WAREHOUSE_UNCERTAIN,
    "extraction_problems": cols.WAREHOUSE_ISSUES,
}
PREVIEW = {
    "report_facts": ["file", "status", "agency", "report_year", "template", "proactive_disclosed", "applications_received"],
    "report_cells": ["file", "code", "value", "raw", "source", "location"],
    "uncertain_values": ["file", "code", "raw", "reason"],
    "extraction_problems": ["file", "check", "severity", "message"],
}
DESCRIPTIONS = {
    "report_facts": "One row per input file: status, agency and places, report year, template, harmonized figures.",
    "report_cells": "One row per stated table cell (and per prose figure statement), with raw text and location.",
    "uncertain_values": "Values the documents state but that admit no single reading, with their raw text.",
    "extraction_problems": "Problems found while reading each report (failed identities, rejects, duplicates).",
}


@dg.multi_asset(
    outs={
        name: dg.AssetOut(
            key_prefix="warehouse",
            dagster_type=dagster_type(name),
            metadata={"dagster/column_schema": column_schema(c), "partition_expr": "partition_year"},
            description=DESCRIPTIONS[name],
            kinds={"polars", "parquet"},
            code_version="1",
        )
        for name, c in OUTPUTS.items()
    },
    ins={"normalized_reports": dg.AssetIn(key=dg.AssetKey(["warehouse", "normalized_reports"]))},
    group_name=GROUP,
    partitions_def=report_years,
    backfill_policy=dg.BackfillPolicy.multi_run(1),  # one run per year: a failed year fails alone, years spread over workers
)
def extracted_reports(context: dg.AssetExecutionContext, paths: GongkaiPaths, normalized_reports: pl.DataFrame):
    parts: dict[str, list[pl.DataFrame]] = {name: [] for name in OUTPUTS}
    keys, reused = {}, []
    for year in partition_years(context):
        part = normalized_reports.filter(pl.col("partition_year") == year)
        keys[year] = inputs_key("extracted_reports", part)
        previous = {name: partition_path(paths.warehouse, name, year) for name in OUTPUTS}
        if is_fresh(list(previous.values()), keys[year]):
            for name, p in previous.items():
                parts[name].append(pl.read_parquet(p))  # same files, same code: nothing to redo
            progress.advance(part.height, "extract")
            reused.append(year)
            continue
        items = frame_normalized(part)
        def records():
            for rec in extract_items(items, jobs=paths.worker_processes()):
                progress.advance(1, "extract")
                yield rec

        frames = record_frames(records(), year)
        for name in OUTPUTS:
            parts[name].append(frames[name])
    for name, c in OUTPUTS.items():
        df = pl.concat(parts[name])
        extra = {}
        if name == "report_facts":
            extra = {
                "by_status": counts_markdown(df, "status", "reports by status"),
                "by_template": counts_markdown(df, "template", "reports by template"),
            }
        extra[KEY_METADATA] = dg.MetadataValue.text(encode_keys(keys))
        extra["reused_partitions"] = dg.MetadataValue.text(", ".join(map(str, reused)) or "none")
        yield dg.Output(df, output_name=name, metadata=frame_metadata(df, column_schema(c), PREVIEW[name], **extra))
