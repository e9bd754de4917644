"""``gongkai build`` and ``gongkai ui``: the pipeline through Dagster, from the command line.

``run_build`` materializes the year partitions one run per year (in process, on a persistent
instance under ``<output>/dagster_home`` so the UI shows the history), then one run that rebuilds,
checks and publishes the mart. If any year fails, the mart is not rebuilt and the previously
published file stays in place.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg

from gongkai.pipeline import POOL_MIN, count_inputs, start_pool_server

from .partitions import FIRST_YEAR, report_years

# the module of the check every stage's parts pass in the workers (assets._meta.spill_folder):
# preloaded by the pool's server, named here so that the server starts before it is imported
PART_CHECK_MODULE = "expectations.frame_schemas"

DAGSTER_YAML = """\
telemetry:
  enabled: false
concurrency:
  pools:
    default_limit: 1
run_monitoring:
  enabled: false
"""


def dagster_home(output_dir: Path) -> Path:
    home = Path(os.environ.get("DAGSTER_HOME") or (output_dir / "dagster_home")).resolve()
    home.mkdir(parents=True, exist_ok=True)
    cfg = home / "dagster.yaml"
    if not cfg.exists():
        cfg.write_text(DAGSTER_YAML, encoding="utf-8")
    return home


def parse_years(spec: str | None, input_dir: Path) -> list[int]:
    valid = {int(k) for k in report_years.get_partition_keys()}
    if spec:
        years: set[int] = set()
        for part in spec.split(","):
            m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*", part)
            if not m:
                raise SystemExit(f"gongkai build: cannot read --years {spec!r} (use e.g. 2017 or 2008-2025)")
            a, b = int(m.group(1)), int(m.group(2) or m.group(1))
            years.update(range(min(a, b), max(a, b) + 1))
    else:
        years = {int(p.name) for p in input_dir.iterdir() if p.is_dir() and p.name.isdigit()} if input_dir.is_dir() else set()
    outside = sorted(y for y in years if y not in valid)
    if outside:
        raise SystemExit(f"gongkai build: years {outside} are outside the partitions {FIRST_YEAR}–{max(valid)}")
    return sorted(years)


def _count_files(input_dir: Path, years: list[int]) -> int:
    return sum(count_inputs(input_dir / str(y)) for y in years)


def _summary(output_dir: Path, years: list[int]) -> str:
    import polars as pl

    from .io_managers import partition_path

    lines = ["year   files     ok   flag reject"]
    for y in years:
        p = partition_path(output_dir / "warehouse", "report_facts", y)
        if not p.exists():
            lines.append(f"{y}   (not built)")
            continue
        df = pl.read_parquet(p, columns=["status"])
        n = {s: df.filter(pl.col("status") == s).height for s in ("ok", "flag", "reject")}
        lines.append(f"{y} {df.height:7d} {n['ok']:6d} {n['flag']:6d} {n['reject']:6d}")
    return "\n".join(lines)


def run_build(input_dir: Path, output_dir: Path, years: str | None = None, quiet: bool = False) -> int:
    from gongkai import progress

    input_dir, output_dir = input_dir.resolve(), output_dir.resolve()
    os.environ["GONGKAI_INPUT"], os.environ["GONGKAI_OUTPUT"] = str(input_dir), str(output_dir)
    year_list = parse_years(years, input_dir)
    if not year_list:
        print(f"gongkai build: no year folders under {input_dir} (expected {input_dir}/<report_year>/…)", file=sys.stderr)
        return 2
    home = dagster_home(output_dir)
    os.environ["DAGSTER_HOME"] = str(home)
    total = _count_files(input_dir, year_list)
    from .resources import make_resources

    resources = make_resources()
    if total >= POOL_MIN and resources["paths"].worker_processes() > 1:
        start_pool_server((PART_CHECK_MODULE,))  # its imports overlap the definitions' below

    from .definitions import build_defs

    defs = build_defs(resources=resources, executor=dg.in_process_executor)
    instance = dg.DagsterInstance.get()
    years_job = defs.resolve_job_def("report_years_job")
    mart_job = defs.resolve_job_def("mart_job")

    # The progress bar and the summary are the interface; run logs stay in the instance (see the UI).
    log_config = {"loggers": {"console": {"config": {"log_level": "WARNING" if not quiet else "ERROR"}}}}
    bar = None
    if not quiet:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="file", desc="extract", file=sys.stderr, dynamic_ncols=True)
        progress.set_callback(lambda n, stage: bar.update(n) if stage == "extract" else None)
    started = time.perf_counter()
    failed: list[int] = []
    try:
        for y in year_list:
            if bar is not None:
                bar.set_postfix_str(str(y))
            result = years_job.execute_in_process(partition_key=str(y), instance=instance, raise_on_error=False,
                                                  run_config=log_config)
            if not result.success:
                failed.append(y)
        if failed:
            print(f"\ngongkai build: years {failed} failed; the mart was not rebuilt and "
                  f"{output_dir / 'published' / 'gongkai.duckdb'} is unchanged. See `gongkai ui` for the run logs.",
                  file=sys.stderr)
            return 1
        result = mart_job.execute_in_process(instance=instance, raise_on_error=False, run_config=log_config)
    finally:
        progress.set_callback(None)
        if bar is not None:
            bar.close()
    elapsed = time.perf_counter() - started
    print(_summary(output_dir, year_list))
    published = output_dir / "published" / "gongkai.duckdb"
    if not result.success:
        failed_checks = [
            e.event_specific_data.asset_check_evaluation.check_name
            for e in result.all_events
            if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.asset_check_evaluation.passed
        ] if hasattr(result, "all_events") else []
        print(f"gongkai build: the mart did not pass its checks {failed_checks or ''}; "
              f"the previously published {published} stays in place.", file=sys.stderr)
        return 1
    rate = total / elapsed if elapsed > 0 else 0.0
    print(f"{total} files in {elapsed:.1f}s ({rate:.1f} files/s). Mart: {published} (schema mart), "
          f"Parquet: {output_dir / 'published' / 'parquet'}")
    return 0


def run_ui(input_dir: Path, output_dir: Path, port: int = 3000) -> int:
    input_dir, output_dir = input_dir.resolve(), output_dir.resolve()
    home = dagster_home(output_dir)
    env = dict(os.environ, GONGKAI_INPUT=str(input_dir), GONGKAI_OUTPUT=str(output_dir), DAGSTER_HOME=str(home))
    # the same code location as the repository's workspace.yaml, usable from any directory
    workspace = home / "workspace.yaml"
    workspace.write_text(
        "load_from:\n  - python_module:\n      module_name: orchestration.definitions\n"
        "      location_name: gongkai\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "dagster", "dev", "-w", str(workspace), "-p", str(port)]
    print(" ".join(cmd), file=sys.stderr)
    return subprocess.call(cmd, env=env)
