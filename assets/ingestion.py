"""Ingestion: every file under ``<input>/<year>/`` → one row with its bytes' hash and decoded text.

No file is dropped: unreadable ones get a row with ``reject_reason`` and no text.
"""

import dagster as dg
import polars as pl

from expectations.schemas import column_schema, dagster_type
from gongkai import columns as cols
from gongkai import progress
from gongkai.frames import documents_frame
from gongkai.ingest import read_document
from gongkai.pipeline import iter_inputs
from orchestration.partitions import partition_years, report_years
from orchestration.resources import GongkaiPaths

from ._meta import counts_markdown, frame_metadata

GROUP = "ingestion"


@dg.asset(
    key_prefix="warehouse",
    group_name=GROUP,
    partitions_def=report_years,
    backfill_policy=dg.BackfillPolicy.single_run(),
    dagster_type=dagster_type("raw_reports"),
    metadata={"dagster/column_schema": column_schema(cols.RAW_REPORTS), "partition_expr": "partition_year"},
    kinds={"polars", "parquet"},
    code_version="1",
)
def raw_reports(context: dg.AssetExecutionContext, paths: GongkaiPaths) -> dg.Output[pl.DataFrame]:
    """Report files of the year as found: sha256 of the raw bytes, format, encoding, decoded text."""
    frames = []
    for year in partition_years(context):
        folder = paths.year_dir(year)
        docs = []
        if folder.is_dir():
            for path, rel in iter_inputs([folder]):
                docs.append(read_document(path, f"{year}/{rel}"))
                progress.advance(1, "ingest")
        else:
            context.log.info(f"no folder {folder}: partition {year} has no reports")
        frames.append(documents_frame(docs, year))
    df = pl.concat(frames)
    rejected = df.filter(pl.col("reject_reason").is_not_null())
    return dg.Output(
        df,
        metadata=frame_metadata(
            df, column_schema(cols.RAW_REPORTS),
            ["partition_year", "file", "format", "encoding", "bytes", "reject_reason"],
            files=dg.MetadataValue.int(df.height),
            rejected=dg.MetadataValue.int(rejected.height),
            megabytes=dg.MetadataValue.float(round(df["bytes"].sum() / 1e6, 3) if df.height else 0.0),
            by_format=counts_markdown(df, "format", "files by format"),
            rejects=counts_markdown(rejected, "reject_reason", "rejected files by reason"),
        ),
    )
