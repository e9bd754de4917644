"""Extraction: normalized text → metadata, table cells, prose figures, harmonized figures, problems.

One multi-asset because the four frames come from one pass over each report; duplicates are
linked in file order inside each year.
"""

import dagster as dg
import polars as pl

from expectations.schemas import column_schema, streamed_dagster_type
from gongkai import columns as cols
from gongkai import progress
from gongkai.batch import extract_frames
from orchestration.cache import KEY_METADATA, encode_keys, inputs_key, is_fresh
from orchestration.io_managers import LAZY_INPUT, partition_path
from orchestration.partitions import partition_years, report_years
from orchestration.resources import GongkaiPaths

from ._meta import combine, counts_markdown, frame_metadata, spill_folder

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
            dagster_type=streamed_dagster_type(name),
            metadata={"dagster/column_schema": column_schema(c), "partition_expr": "partition_year"},
            description=DESCRIPTIONS[name],
            kinds={"polars", "parquet"},
            code_version="1",
        )
        for name, c in OUTPUTS.items()
    },
    ins={"normalized_reports": dg.AssetIn(key=dg.AssetKey(["warehouse", "normalized_reports"]),
                                          metadata={LAZY_INPUT: True})},
    group_name=GROUP,
    partitions_def=report_years,
    backfill_policy=dg.BackfillPolicy.multi_run(1),  # one run per year: a failed year fails alone, years spread over workers
)
def extracted_reports(context: dg.AssetExecutionContext, paths: GongkaiPaths, normalized_reports: pl.LazyFrame):
    parts: dict[str, list] = {name: [] for name in OUTPUTS}
    keys, reused = {}, []
    years = partition_years(context)
    with spill_folder(paths.warehouse, "extracted_reports", years, context.run.run_id) as spill:
        for year in years:
            part = normalized_reports.filter(pl.col("partition_year") == year)
            keys[year] = inputs_key("extracted_reports", part)
            previous = {name: partition_path(paths.warehouse, name, year) for name in OUTPUTS}
            if is_fresh(list(previous.values()), keys[year]):
                for name, p in previous.items():
                    parts[name].append((p, None))  # same files, same code: nothing to redo
                progress.advance(pl.scan_parquet(previous["report_facts"]).select(pl.len()).collect().item(), "extract")
                reused.append(year)
                continue
            frames = extract_frames(part, year, jobs=paths.worker_processes(), spill=spill,
                                    progress=lambda n: progress.advance(n, "extract"))
            for name in OUTPUTS:
                parts[name].append((previous[name], frames[name]))
        for name, c in OUTPUTS.items():
            out, view = combine(parts[name])
            extra = {}
            if name == "report_facts":
                facts = view.select("status", "template").collect() if isinstance(view, pl.LazyFrame) else view
                extra = {
                    "by_status": counts_markdown(facts, "status", "reports by status"),
                    "by_template": counts_markdown(facts, "template", "reports by template"),
                }
            extra[KEY_METADATA] = dg.MetadataValue.text(encode_keys(keys))
            extra["reused_partitions"] = dg.MetadataValue.text(", ".join(map(str, reused)) or "none")
            yield dg.Output(out, output_name=name, metadata=frame_metadata(view, column_schema(c), PREVIEW[name], **extra))
