"""Normalization: one script (simplified), one width, clean lines; rejects pass through untouched."""

import dagster as dg
import polars as pl

from expectations.schemas import column_schema, dagster_type
from gongkai import columns as cols
from gongkai import progress
from gongkai.batch import normalize_frame
from orchestration.cache import KEY_METADATA, encode_keys, inputs_key, is_fresh
from orchestration.io_managers import partition_path
from orchestration.partitions import partition_years, report_years
from orchestration.resources import GongkaiPaths

from ._meta import counts_markdown, frame_metadata

GROUP = "normalization"


@dg.asset(
    key_prefix="warehouse",
    group_name=GROUP,
    partitions_def=report_years,
    backfill_policy=dg.BackfillPolicy.single_run(),
    ins={"raw_reports": dg.AssetIn(key=dg.AssetKey(["warehouse", "raw_reports"]))},
    dagster_type=dagster_type("normalized_reports"),
    metadata={"dagster/column_schema": column_schema(cols.NORMALIZED_REPORTS), "partition_expr": "partition_year"},
    kinds={"polars", "parquet"},
    code_version="1",
)
def normalized_reports(context: dg.AssetExecutionContext, paths: GongkaiPaths,
                       raw_reports: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    """Decoded text → simplified script, half-width digits, spaces and line breaks repaired."""
    frames, keys, reused = [], {}, []
    for year in partition_years(context):
        part = raw_reports.filter(pl.col("partition_year") == year)
        keys[year] = inputs_key("normalized_reports", part)
        previous = partition_path(paths.warehouse, "normalized_reports", year)
        if is_fresh([previous], keys[year]):
            frames.append(pl.read_parquet(previous))  # same files, same code: nothing to redo
            reused.append(year)
            continue
        frames.append(normalize_frame(part, year, jobs=paths.worker_processes(),
                                      progress=lambda n: progress.advance(n, "normalize")))
    df = pl.concat(frames)
    return dg.Output(
        df,
        metadata=frame_metadata(
            df, column_schema(cols.NORMALIZED_REPORTS), ["partition_year", "file", "script", "body_hash"],
            by_script=counts_markdown(df.filter(pl.col("script").is_not_null()), "script", "readable files by script"),
            reused_partitions=dg.MetadataValue.text(", ".join(map(str, reused)) or "none"),
            **{KEY_METADATA: dg.MetadataValue.text(encode_keys(keys))},
        ),
    )
