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


def write_atomic(df: pl.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        df.write_parquet(tmp, compression="zstd", statistics=True)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


class YearlyParquetIOManager(dg.ConfigurableIOManager):
    """Stores year-partitioned Polars frames, one Parquet file per partition year."""

    base_dir: str

    def _table(self, key: dg.AssetKey) -> str:
        return key.path[-1]

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame) -> None:
        if obj is None:
            return
        if not context.has_asset_partitions:
            raise dg.DagsterInvariantViolationError(
                f"{context.asset_key.to_user_string()}: this IO manager stores year partitions only"
            )
        table = self._table(context.asset_key)
        from .cache import KEY_METADATA, decode_keys, key_path

        input_keys = decode_keys(context.output_metadata.get(KEY_METADATA))
        written = 0
        for key in context.asset_partition_keys:
            part = obj.filter(pl.col(YEAR_COLUMN) == int(key))
            path = partition_path(Path(self.base_dir), table, key)
            kp = key_path(path)
            if kp.exists():
                kp.unlink()  # the old key no longer describes what is about to be written
            write_atomic(part, path)
            if key in input_keys:
                kp.write_text(input_keys[key], encoding="utf-8")
            written += part.height
        if written != obj.height:
            raise dg.DagsterInvariantViolationError(
                f"{table}: {obj.height - written} rows have a {YEAR_COLUMN} outside the run's partitions"
            )

    def load_input(self, context: dg.InputContext) -> pl.DataFrame:
        table = self._table(context.asset_key)
        frames = []
        for key in context.asset_partition_keys:
            path = partition_path(Path(self.base_dir), table, key)
            if not path.exists():
                raise dg.DagsterInvariantViolationError(
                    f"{table} has no partition {key} yet ({path}): materialize it first"
                )
            frames.append(pl.read_parquet(path))
        return pl.concat(frames, how="vertical") if frames else pl.DataFrame()
