"""Which Dagster executor runs the steps, chosen by configuration only (``GONGKAI_EXECUTOR``).

The same assets run in one process (the default, and what ``gongkai build`` always uses), in a
process per step on one machine, or on Celery workers, Docker containers or Kubernetes jobs.
Nothing here schedules anything: each value maps to a stock Dagster executor. The optional
libraries (``pip install -e '.[scale]'``) are imported only when selected, so the default install
and start-up stay as they are. See ``docs/scale-out.md``.
"""
from __future__ import annotations

import os

import dagster as dg

ENV_VAR = "GONGKAI_EXECUTOR"
DEFAULT = "in_process"
# name -> (module, attribute) of the executor definition; None module = core dagster
EXECUTORS: dict[str, tuple[str | None, str]] = {
    "in_process": (None, "in_process_executor"),
    "multiprocess": (None, "multiprocess_executor"),
    "celery": ("dagster_celery", "celery_executor"),
    "docker": ("dagster_docker", "docker_executor"),
    "k8s": ("dagster_k8s", "k8s_job_executor"),
}
PACKAGES = {"dagster_celery": "dagster-celery", "dagster_docker": "dagster-docker", "dagster_k8s": "dagster-k8s"}


def max_concurrent() -> int:
    """Parallel step processes for the multiprocess executor: GONGKAI_JOBS, else one per core."""
    jobs = int(os.environ.get("GONGKAI_JOBS", "0") or 0)
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def executor_name(name: str | None = None) -> str:
    name = (name if name is not None else os.environ.get(ENV_VAR, "")).strip().lower() or DEFAULT
    if name not in EXECUTORS:
        raise ValueError(f"{ENV_VAR}={name!r}: choose one of {', '.join(EXECUTORS)}")
    return name


def select_executor(name: str | None = None) -> dg.ExecutorDefinition:
    """The executor named by ``name`` (default: ``$GONGKAI_EXECUTOR``, else in process)."""
    name = executor_name(name)
    module, attr = EXECUTORS[name]
    if module is None:
        ex = getattr(dg, attr)
    else:
        import importlib

        try:
            ex = getattr(importlib.import_module(module), attr)
        except ImportError as e:
            raise ImportError(
                f"{ENV_VAR}={name} needs the package {PACKAGES[module]} "
                f"(pip install -e '.[scale]' or -r requirements.lock): {e}"
            ) from e
    if name == "multiprocess":
        ex = _multiprocess_with_default_concurrency(ex)
    return ex


def _multiprocess_with_default_concurrency(ex: dg.ExecutorDefinition) -> dg.ExecutorDefinition:
    """The multiprocess executor with ``max_concurrent`` defaulting to :func:`max_concurrent` and
    ``forkserver`` start (step processes fork from a server that imported the code location once:
    ~35 % less per-step start-up here than the platform default, and no fork of a process whose
    Polars/DuckDB threads are running). Its whole config schema is kept, so run config can still
    set any field per run."""
    from dagster._core.definitions.executor_definition import MULTI_PROC_CONFIG

    def fill(config: dict) -> dict:
        return {**config, "max_concurrent": config.get("max_concurrent") or max_concurrent(),
                "start_method": config.get("start_method") or {"forkserver": {}}}

    return ex.configured(fill, name="multiprocess", config_schema=MULTI_PROC_CONFIG.config_type)
