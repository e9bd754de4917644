"""kill -9 in the middle of a build, then a re-run: nothing lost, nothing doubled, and readers of
the published mart saw the last good one throughout."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from .conftest import SHARED, needs_shared

TABLES = ("report_facts", "report_cells", "national_yearly", "province_yearly", "quality_issues")


def build(inp: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gongkai.cli", "build", "--input", str(inp), "--output", str(out),
                             "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            env=dict(os.environ, DAGSTER_HOME=str(out / "dagster_home")))


def mart(out: Path) -> dict:
    con = duckdb.connect(str(out / "published" / "gongkai.duckdb"), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM mart.{t} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@needs_shared
@pytest.mark.slow
def test_kill_9_mid_build_then_rerun(tmp_path, seed_landing_zone):
    out = tmp_path / "out"
    assert build(seed_landing_zone, out).wait(timeout=600) == 0
    published = out / "published" / "gongkai.duckdb"
    good = sha(published)

    # more reports arrive; the next build is killed while it works on them
    sample = SHARED / "corpus" / "sample" / "raw"
    for year_dir in sample.iterdir():
        shutil.copytree(year_dir, seed_landing_zone / year_dir.name, dirs_exist_ok=True)
    p = build(seed_landing_zone, out)
    facts = out / "warehouse" / "report_facts"
    deadline = time.time() + 300
    while time.time() < deadline and len(list(facts.glob("*.parquet"))) < 6 and p.poll() is None:
        time.sleep(0.2)
    assert p.poll() is None, "the build finished before it could be killed"
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    assert sha(published) == good, "readers keep the last good mart while a build dies"
    duckdb.connect(str(published), read_only=True).close()

    # the re-run completes and equals a build that was never interrupted
    assert build(seed_landing_zone, out).wait(timeout=900) == 0
    clean = tmp_path / "clean"
    assert build(seed_landing_zone, clean).wait(timeout=900) == 0
    got, want = mart(out), mart(clean)
    assert got == want
    facts_rows = got["report_facts"]
    assert len(facts_rows) == len({r[0] for r in facts_rows}), "no report counted twice"
