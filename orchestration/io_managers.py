"""Parquet per year partition as the warehouse's source of truth.

Why not the stock DuckDB IO manager: its partition replace is DELETE then a positional INSERT on
an autocommit connection (a failed write loses the partition; reordered columns swap silently),
it skips empty frames, and every step would contend for the single DuckDB writer lock. Here each
partition is one file, ``<base>/<table>/<year>.parquet``, written to a temporary name and
renamed: a re-run replaces it whole, a crash leaves the previous file, parallel steps never share
a file. The mart is rebuilt from these files (see ``gongkai.mart``).
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import dagster as dg
import polars as pl

YEAR_COLUMN = "partition_year"


def partition_path(base: Path, table: str, year: int | str) -> Path:
    return base / table / f"{year}.parquet"


LAZY_INPUT = "gongkai/lazy"  # AssetIn metadata: load the partitions as one streamed LazyFrame
ROW_GROUP = 4096  # rows per Parquet row group: batches of a year stream without reading it whole


class Kept:
    """Output value of a partition whose files already hold exactly its rows (its inputs and the
    code are unchanged): nothing is rewritten, so a re-run costs no more than the freshness test."""

    def __init__(self, rows: int) -> None:
        self.rows = rows


def write_atomic(df: pl.DataFrame | pl.LazyFrame, path: Path) -> int:
    """Write (a LazyFrame is streamed to disk, never collected) and rename; returns the rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        if isinstance(df, pl.LazyFrame):
            df.sink_parquet(tmp, compression="zstd", statistics=True, row_group_size=ROW_GROUP)
            rows = pl.scan_parquet(tmp).select(pl.len()).collect().item()
        else:
            df.write_parquet(tmp, compression="zstd", statistics=True, row_group_size=ROW_GROUP)
            rows = df.height
        os.replace(tmp, path)
        return rows
    finally:
        if tmp.exists():
            tmp.unlink()


class YearlyParquetIOManager(dg.ConfigurableIOManager):
    """Stores year-partitioned Polars frames (eager or lazy), one Parquet file per partition year."""

    base_dir: str

    def _table(self, key: dg.AssetKey) -> str:
        return key.path[-1]

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame | pl.LazyFrame | Kept) -> None:
        if obj is None:
            return
        if not context.has_asset_partitions:
            raise dg.DagsterInvariantViolationError(
                f"{context.asset_key.to_user_string()}: this IO manager stores year partitions only"
            )
        table = self._table(context.asset_key)
        from .cache import KEY_METADATA, decode_keys, key_path

        input_keys = decode_keys(context.output_metadata.get(KEY_METADATA))
        if isinstance(obj, Kept):
            for key in context.asset_partition_keys:
                path = partition_path(Path(self.base_dir), table, key)
                if not path.exists() or (key in input_keys and key_path(path).read_text(encoding="utf-8") != input_keys[key]):
                    raise dg.DagsterInvariantViolationError(f"{table}: partition {key} is not the kept file it claims")
            return
        written = 0
        for key in context.asset_partition_keys:
            part = obj.filter(pl.col(YEAR_COLUMN) == int(key))
            path = partition_path(Path(self.base_dir), table, key)
            kp = key_path(path)
            if kp.exists():
                kp.unlink()  # the old key no longer describes what is about to be written
            written += write_atomic(part, path)
            if key in input_keys:
                kp.write_text(input_keys[key], encoding="utf-8")
        total = obj.select(pl.len()).collect().item() if isinstance(obj, pl.LazyFrame) else obj.height
        if written != total:
            raise dg.DagsterInvariantViolationError(
                f"{table}: {total - written} rows have a {YEAR_COLUMN} outside the run's partitions"
            )

    def load_input(self, context: dg.InputContext) -> pl.DataFrame | pl.LazyFrame:
        table = self._table(context.asset_key)
        paths = []
        for key in context.asset_partition_keys:
            path = partition_path(Path(self.base_dir), table, key)
            if not path.exists():
                raise dg.DagsterInvariantViolationError(
                    f"{table} has no partition {key} yet ({path}): materialize it first"
                )
            paths.append(path)
        if (context.definition_metadata or {}).get(LAZY_INPUT):
            return pl.scan_parquet(paths) if paths else pl.LazyFrame()
        frames = [pl.read_parquet(p) for p in paths]
        return pl.concat(frames, how="vertical") if frames else pl.DataFrame()
