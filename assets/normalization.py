"""Normalization: one script (simplified), one width, clean lines; rejects pass through untouched."""

import dagster as dg
import polars as pl

from expectations.schemas import column_schema, streamed_dagster_type
from gongkai import columns as cols
from gongkai import progress
from gongkai.batch import normalize_frame
from orchestration.cache import KEY_METADATA, encode_keys, inputs_key, is_fresh
from orchestration.io_managers import LAZY_INPUT, partition_path
from orchestration.partitions import partition_years, report_years
from orchestration.resources import GongkaiPaths

from ._meta import combine, counts_markdown, frame_metadata, spill_folder

GROUP = "normalization"
TABLE = "normalized_reports"


@dg.asset(
    key_prefix="warehouse",
    group_name=GROUP,
    partitions_def=report_years,
    backfill_policy=dg.BackfillPolicy.single_run(),
    ins={"raw_reports": dg.AssetIn(key=dg.AssetKey(["warehouse", "raw_reports"]), metadata={LAZY_INPUT: True})},
    dagster_type=streamed_dagster_type(TABLE),
    metadata={"dagster/column_schema": column_schema(cols.NORMALIZED_REPORTS), "partition_expr": "partition_year"},
    kinds={"polars", "parquet"},
    code_version="1",
)
def normalized_reports(context: dg.AssetExecutionContext, paths: GongkaiPaths, raw_reports: pl.LazyFrame):
    """Decoded text → simplified script, half-width digits, spaces and line breaks repaired."""
    parts, keys, reused = [], {}, []
    years = partition_years(context)
    with spill_folder(paths.warehouse, TABLE, years, context.run.run_id) as spill:
        for year in years:
            part = raw_reports.filter(pl.col("partition_year") == year)
            keys[year] = inputs_key(TABLE, part)
            previous = partition_path(paths.warehouse, TABLE, year)
            if is_fresh([previous], keys[year]):
                parts.append((previous, None))  # same files, same code: nothing to redo
                reused.append(year)
                continue
            parts.append((previous, normalize_frame(part, year, jobs=paths.worker_processes(), spill=spill,
                                                    progress=lambda n: progress.advance(n, "normalize"))))
        out, view = combine(parts)
        scripts = view.lazy().select("script").filter(pl.col("script").is_not_null()).collect()
        yield dg.Output(
            out,
            metadata=frame_metadata(
                view, column_schema(cols.NORMALIZED_REPORTS), ["partition_year", "file", "script", "body_hash"],
                by_script=counts_markdown(scripts, "script", "readable files by script"),
                reused_partitions=dg.MetadataValue.text(", ".join(map(str, reused)) or "none"),
                **{KEY_METADATA: dg.MetadataValue.text(encode_keys(keys))},
            ),
        )
