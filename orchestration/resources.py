"""Resources: where the landing zone, the warehouse and the published mart live.

Paths come from the environment (``GONGKAI_INPUT``, ``GONGKAI_OUTPUT``) so that the same
Definitions serve the UI, ``gongkai build --input/--output``, tests in temporary folders and other
deployments. The working DuckDB file is ``<output>/warehouse/warehouse.duckdb`` (never named like
one of its schemas): each mart build writes a fresh ``staging.duckdb`` through the
``warehouse_db`` resource and renames it onto the working file when it is complete. BI tools read
only ``<output>/published/gongkai.duckdb``.
"""
from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from gongkai.mart import duckdb_config

DEFAULT_INPUT = "data/raw"
DEFAULT_OUTPUT = "data"


def input_dir() -> str:
    return os.environ.get("GONGKAI_INPUT", DEFAULT_INPUT)


def output_dir() -> str:
    return os.environ.get("GONGKAI_OUTPUT", DEFAULT_OUTPUT)


class GongkaiPaths(dg.ConfigurableResource):
    """The three places the pipeline touches, and how many processes extraction may use."""

    input_dir: str = DEFAULT_INPUT
    output_dir: str = DEFAULT_OUTPUT
    jobs: int = 0  # extraction worker processes; 0 = one per core (small partitions run inline)

    def worker_processes(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)

    def ingest_processes(self) -> int:
        """Reading files waits on the file system (open, read, stat, the parts it writes): with
        one worker a core, 100,000 files kept 1.69 of 2 cores busy; with one more, 1.97, and the
        stage took 60 s instead of 68 (extraction, which waits on nothing, gains nothing from it).
        ``jobs = 1`` stays one process."""
        n = self.worker_processes()
        return n + 1 if n > 1 else n

    @property
    def raw(self) -> Path:
        return Path(self.input_dir)

    @property
    def warehouse(self) -> Path:
        return Path(self.output_dir) / "warehouse"

    @property
    def published(self) -> Path:
        return Path(self.output_dir) / "published"

    @property
    def working_db(self) -> Path:
        return self.warehouse / "warehouse.duckdb"

    @property
    def staging_db(self) -> Path:
        """Where a mart build writes, from an empty file, before it becomes the working DB."""
        return self.warehouse / "staging.duckdb"

    def year_dir(self, year: int) -> Path:
        return self.raw / str(year)


def make_resources() -> dict[str, object]:
    from .io_managers import YearlyParquetIOManager

    paths = GongkaiPaths(input_dir=input_dir(), output_dir=output_dir(),
                         jobs=int(os.environ.get("GONGKAI_JOBS", "0")))
    paths.warehouse.mkdir(parents=True, exist_ok=True)
    return {
        "paths": paths,
        "io_manager": YearlyParquetIOManager(base_dir=str(paths.warehouse)),
        "warehouse_db": DuckDBResource(database=str(paths.staging_db),
                                       connection_config=duckdb_config(paths.warehouse / "_duckdb_tmp")),
    }
