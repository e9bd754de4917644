"""Scale-out by configuration: every GONGKAI_EXECUTOR value gives Definitions whose jobs resolve
with that executor and accept the shipped run-config example; the shipped dagster.yaml files are
valid instance config."""
from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import dagster as dg
import pytest
import yaml

from orchestration import executors
from orchestration.definitions import MART_JOB, PIPELINE_JOB, YEARS_JOB, build_defs

DEPLOY = Path(__file__).resolve().parents[1] / "docs" / "deploy"
DAGSTER_EXECUTOR_NAMES = {"in_process": "in_process", "multiprocess": "multiprocess", "celery": "celery",
                          "docker": "docker", "k8s": "k8s"}
RUN_CONFIG_ENV = {"DAGSTER_CELERY_BROKER_URL": "pyamqp://guest@localhost//", "GONGKAI_IMAGE": "gongkai:test"}


def _needs(name: str):
    module = executors.EXECUTORS[name][0]
    return pytest.mark.skipif(module is not None and importlib.util.find_spec(module) is None,
                              reason=f"{executors.PACKAGES.get(module)} not installed")


@pytest.mark.parametrize("name", [pytest.param(n, marks=_needs(n)) for n in executors.EXECUTORS])
def test_each_executor_setting_resolves_every_job(name, monkeypatch, tmp_path):
    monkeypatch.setenv(executors.ENV_VAR, name)
    monkeypatch.setenv("GONGKAI_OUTPUT", str(tmp_path))
    for k, v in RUN_CONFIG_ENV.items():
        monkeypatch.setenv(k, v)
    defs = build_defs()
    run_config = yaml.safe_load((DEPLOY / "run_config" / f"{name}.yaml").read_text(encoding="utf-8"))
    for job_name in (PIPELINE_JOB, YEARS_JOB, MART_JOB):
        job = defs.resolve_job_def(job_name)
        assert job.executor_def.name == DAGSTER_EXECUTOR_NAMES[name]
        # the documented run config is accepted by this job's executor schema
        dg.validate_run_config(job, run_config)
    # ... and a wrong key is not: the validation above can fail
    with pytest.raises(dg.DagsterInvalidConfigError):
        dg.validate_run_config(defs.resolve_job_def(MART_JOB), {"execution": {"config": {"no_such_key": 1}}})


def test_default_is_in_process(monkeypatch, tmp_path):
    monkeypatch.delenv(executors.ENV_VAR, raising=False)
    monkeypatch.setenv("GONGKAI_OUTPUT", str(tmp_path))
    assert build_defs().resolve_job_def(MART_JOB).executor_def.name == "in_process"


def test_unknown_executor_is_refused(monkeypatch):
    monkeypatch.setenv(executors.ENV_VAR, "threads")
    with pytest.raises(ValueError, match="choose one of"):
        build_defs(resources={})


def test_missing_optional_library_gives_a_clear_error(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "dagster_celery", None)  # makes `import dagster_celery` fail
    with pytest.raises(ImportError, match=r"dagster-celery.*\[scale\]"):
        executors.select_executor("celery")


def test_multiprocess_concurrency_comes_from_gongkai_jobs_and_run_config_can_override(monkeypatch):
    monkeypatch.setenv("GONGKAI_JOBS", "3")
    ex = executors.select_executor("multiprocess")
    # the configured executor fills max_concurrent from GONGKAI_JOBS when run config leaves it out
    resolved = ex.config_schema.resolve_config({"config": {}})
    assert resolved.success and resolved.value["config"]["max_concurrent"] == 3
    assert resolved.value["config"]["start_method"] == {"forkserver": {}}
    resolved = ex.config_schema.resolve_config({"config": {"max_concurrent": 1}})
    assert resolved.success and resolved.value["config"]["max_concurrent"] == 1
    monkeypatch.setenv("GONGKAI_JOBS", "0")
    assert ex.config_schema.resolve_config({"config": {}}).value["config"]["max_concurrent"] == (os.cpu_count() or 1)


@pytest.mark.parametrize("name", ["dagster.postgres.yaml", "dagster.local.yaml"])
def test_instance_configs_are_valid(name, tmp_path, monkeypatch):
    from dagster._core.instance.config import dagster_instance_config

    for k in ("DAGSTER_PG_USERNAME", "DAGSTER_PG_PASSWORD", "DAGSTER_PG_HOST", "DAGSTER_PG_DB"):
        monkeypatch.setenv(k, "x")
    shutil.copy(DEPLOY / name, tmp_path / "dagster.yaml")
    config, _ = dagster_instance_config(str(tmp_path))
    assert config["concurrency"]["pools"]["default_limit"] == 1  # the one-writer rule
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "dagster.yaml").write_text((DEPLOY / name).read_text().replace("default_limit", "default_limt"))
    with pytest.raises(dg.DagsterInvalidConfigError):
        dagster_instance_config(str(broken))


def test_local_instance_config_builds_an_instance(tmp_path):
    shutil.copy(DEPLOY / "dagster.local.yaml", tmp_path / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
