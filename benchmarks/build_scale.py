#!/usr/bin/env python3
"""End-to-end Dagster build of one year partition at growing sizes: wall time, time per report,
peak RSS, and the cost of re-running the unchanged partition.

usage: python benchmarks/build_scale.py [--sizes 1000,10000] [--formats txt,html,docx] [--year 2021]

Each size generates a corpus with ../shared/corpus/generate.py (one report year), runs
``gongkai build`` into a fresh output folder, then runs it again unchanged.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO.parent / "shared" / "corpus" / "generate.py"


def timed_build(inp: Path, out: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB of the build process and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gongkai.cli", "build", "--input", str(inp), "--output", str(out), "--quiet"],
                   check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, DAGSTER_HOME=str(out / "dagster_home")))
    wall = time.perf_counter() - t
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return wall, peak / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--formats", default="txt,html,docx")
    ap.add_argument("--year", type=int, default=2021)
    ap.add_argument("--seed", type=int, default=5)
    a = ap.parse_args()
    if not GENERATOR.exists():
        raise SystemExit(f"no generator at {GENERATOR}")
    print(f"{'reports':>8} {'first run':>10} {'ms/report':>10} {'peak RSS':>9} {'re-run':>8} {'re-run %':>9}")
    for n in (int(x) for x in a.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="gongkai-scale-") as tmp:
            tmp = Path(tmp)
            subprocess.run([sys.executable, str(GENERATOR), "--out", str(tmp / "corpus"), "--reports", str(n),
                            "--seed", str(a.seed), "--years", f"{a.year}-{a.year}", "--formats", a.formats,
                            "--quiet"], check=True)
            first, rss = timed_build(tmp / "corpus" / "raw", tmp / "out")
            again, _ = timed_build(tmp / "corpus" / "raw", tmp / "out")
            print(f"{n:8d} {first:9.1f}s {first * 1000 / n:10.2f} {rss:8.0f}M {again:7.1f}s {100 * again / first:8.0f}%",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
