"""An asset backfill as the UI launches it, driven by Dagster's own backfill daemon logic, with
the multiprocess executor: every year is materialized exactly once, extraction runs one year per
run, the cheap stages one run for the range, and the steps that open the DuckDB file never overlap."""
from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from pathlib import Path

import dagster as dg
import pytest

REPO = Path(__file__).resolve().parents[1]
YEARS = ["2017", "2018", "2019"]  # 2019 has no folder: an empty partition, still materialized once


def _step_intervals(instance, run_id: str) -> dict[str, tuple[float, float]]:
    starts, ends = {}, {}
    for e in instance.all_logs(run_id):
        if not e.is_dagster_event or not e.step_key:
            continue
        t = e.dagster_event.event_type_value
        if t == "STEP_START":
            starts[e.step_key] = e.timestamp
        elif t in ("STEP_SUCCESS", "STEP_FAILURE"):
            ends[e.step_key] = e.timestamp
    return {k: (starts[k], ends[k]) for k in starts if k in ends}


@pytest.mark.slow
def test_ui_backfill_with_per_stage_policies_and_multiprocess_executor(tmp_path, seed_landing_zone, monkeypatch):
    from dagster._core.execution.backfill import BulkActionStatus, PartitionBackfill
    from dagster._core.instance_for_test import instance_for_test
    from dagster._core.test_utils import create_test_daemon_workspace_context
    from dagster._core.workspace.load_target import ModuleTarget
    from dagster._daemon.backfill import execute_backfill_iteration

    from assets.mart import WRITER_POOL

    out = tmp_path / "out"
    # the code server and every step process read these, as they would in a deployment
    monkeypatch.setenv("GONGKAI_INPUT", str(seed_landing_zone))
    monkeypatch.setenv("GONGKAI_OUTPUT", str(out))
    monkeypatch.setenv("GONGKAI_EXECUTOR", "multiprocess")
    monkeypatch.setenv("GONGKAI_JOBS", "2")
    # runs are launched in this process and load the code location from its module: load it
    # afresh with the paths above (an earlier test may have imported it with other paths)
    monkeypatch.delitem(sys.modules, "orchestration.definitions", raising=False)
    # step processes fork from multiprocessing's one forkserver, which keeps the environment it
    # started with: an earlier test's process pool may have started it before the paths above
    import multiprocessing.forkserver

    getattr(multiprocessing.forkserver._forkserver, "_stop", lambda: None)()
    overrides = {"concurrency": {"pools": {"default_limit": 1}}}
    started = time.perf_counter()
    with instance_for_test(overrides=overrides, synchronous_run_coordinator=True,
                           synchronous_run_launcher=True) as instance:
        target = ModuleTarget(module_name="orchestration.definitions", attribute=None,
                              working_directory=str(REPO), location_name="gongkai")
        with create_test_daemon_workspace_context(target, instance) as ctx:
            graph = ctx.create_request_context().asset_graph
            keys = list(graph.get_all_asset_keys())
            instance.add_backfill(PartitionBackfill.from_asset_partitions(
                backfill_id="years", asset_graph=graph, partition_names=YEARS, asset_selection=keys,
                backfill_timestamp=time.time(), tags={}, dynamic_partitions_store=instance,
                all_partitions=False, title=None, description=None, run_config=None))
            log = logging.getLogger("test_backfill")
            for _ in range(40):
                list(execute_backfill_iteration(ctx, log))
                if instance.get_backfill("years").status != BulkActionStatus.REQUESTED:
                    break
            status = instance.get_backfill("years").status
        runs = instance.get_runs()
        assert status == BulkActionStatus.COMPLETED_SUCCESS, [(r.job_name, r.status, r.tags) for r in runs]
        assert all(r.status == dg.DagsterRunStatus.SUCCESS for r in runs)

        # every partitioned asset: each year exactly once; the mart and the publish once
        partitioned = [k for k in keys if graph.get(k).partitions_def is not None]
        assert len(partitioned) == 7
        for k in keys:
            mats = instance.fetch_materializations(k, limit=100).records
            by_partition = Counter(m.partition_key for m in mats)
            expected = {y: 1 for y in YEARS} if k in partitioned else {None: 1}
            assert dict(by_partition) == expected, k.to_user_string()

        # extraction ran one year per run; the cheap stages covered the range in one run
        extraction = dg.AssetKey(["warehouse", "report_facts"])
        ingestion = dg.AssetKey(["warehouse", "raw_reports"])
        def runs_of(key):
            return {m.run_id for m in instance.fetch_materializations(key, limit=100).records}
        assert len(runs_of(extraction)) == 3
        ranges = sorted((t["dagster/asset_partition_range_start"], t["dagster/asset_partition_range_end"])
                        for t in (instance.get_run_by_id(i).tags for i in runs_of(extraction)))
        assert ranges == [(y, y) for y in YEARS]
        assert len(runs_of(ingestion)) == 1
        (only,) = runs_of(ingestion)
        tags = instance.get_run_by_id(only).tags
        assert (tags["dagster/asset_partition_range_start"], tags["dagster/asset_partition_range_end"]) == ("2017", "2019")

        # the steps that open the DuckDB file (pool limit 1) never ran at the same time, although
        # two processes could: first the mart, then its seven checks one by one, then the publish
        (mart_run,) = runs_of(dg.AssetKey(["mart", "national_yearly"]))
        steps = sorted(_step_intervals(instance, mart_run).values())
        assert len(steps) == 9, steps
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(steps, steps[1:])), steps
        assert WRITER_POOL in instance.event_log_storage.get_concurrency_keys()
    assert (out / "published" / "gongkai.duckdb").exists()
    print(f"backfill of {len(YEARS)} years through the daemon logic: {time.perf_counter() - started:.1f}s")
