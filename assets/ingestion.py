"""Ingestion: every file under ``<input>/<year>/`` → one row with its bytes' hash and decoded text.

No file is dropped: unreadable ones get a row with ``reject_reason`` and no text. A file whose
bytes (sha256) and the ingestion code are unchanged since the last run is not parsed again: its
row is taken from the previous partition file.
"""
import hashlib

import dagster as dg
import polars as pl

from expectations.schemas import column_schema, streamed_dagster_type
from gongkai import columns as cols
from gongkai import progress
from gongkai.batch import ingest_files
from gongkai.pipeline import folder_inputs
from orchestration.cache import KEY_METADATA, encode_keys, is_fresh, pipeline_fingerprint
from orchestration.io_managers import partition_path
from orchestration.partitions import partition_years, report_years
from orchestration.resources import GongkaiPaths

from ._meta import combine, counts_markdown, frame_metadata, spill_folder

GROUP = "ingestion"
TABLE = "raw_reports"


def _code_key() -> str:
    return hashlib.sha1(f"{TABLE}\0{pipeline_fingerprint()}".encode()).hexdigest()


def ingest_year(paths: GongkaiPaths, year: int, spill=None):
    """The year's rows (None: the previous partition file already holds them), and how many
    files were reused unparsed from the previous run."""
    folder = paths.year_dir(year)
    previous = partition_path(paths.warehouse, TABLE, year)
    entries = [(path, f"{year}/{rel}") for path, rel in folder_inputs(folder)]
    return ingest_files(entries, year, jobs=paths.ingest_processes(),
                        previous=previous if is_fresh([previous], _code_key()) else None,
                        progress=lambda n: progress.advance(n, "ingest"), spill=spill,
                        stat_cache=previous.with_suffix(".stat.json"))


@dg.asset(
    key_prefix="warehouse",
    group_name=GROUP,
    partitions_def=report_years,
    backfill_policy=dg.BackfillPolicy.single_run(),
    dagster_type=streamed_dagster_type(TABLE),
    metadata={"dagster/column_schema": column_schema(cols.RAW_REPORTS), "partition_expr": "partition_year"},
    kinds={"polars", "parquet"},
    code_version="1",
)
def raw_reports(context: dg.AssetExecutionContext, paths: GongkaiPaths):
    """Report files of the year as found: sha256 of the raw bytes, format, encoding, decoded text."""
    parts, reused = [], 0
    years = partition_years(context)
    with spill_folder(paths.warehouse, TABLE, years, context.run.run_id) as spill:
        for year in years:
            if not paths.year_dir(year).is_dir():
                context.log.info(f"no folder {paths.year_dir(year)}: partition {year} has no reports")
            df, n = ingest_year(paths, year, spill)
            parts.append((partition_path(paths.warehouse, TABLE, year), df))
            reused += n
        out, view = combine(parts)
        summary = view.lazy().select("format", "bytes", "reject_reason").collect()
        rejected = summary.filter(pl.col("reject_reason").is_not_null())
        yield dg.Output(
            out,
            metadata=frame_metadata(
                view, column_schema(cols.RAW_REPORTS),
                ["partition_year", "file", "format", "encoding", "bytes", "reject_reason"],
                files=dg.MetadataValue.int(summary.height),
                rejected=dg.MetadataValue.int(rejected.height),
                reused_unchanged=dg.MetadataValue.int(reused),
                megabytes=dg.MetadataValue.float(round(summary["bytes"].sum() / 1e6, 3) if summary.height else 0.0),
                by_format=counts_markdown(summary, "format", "files by format"),
                rejects=counts_markdown(rejected, "reject_reason", "rejected files by reason"),
                **{KEY_METADATA: dg.MetadataValue.text(encode_keys({y: _code_key() for y in years}))},
            ),
        )
