#!/usr/bin/env python3
"""End-to-end Dagster build of one year partition at growing sizes: wall time, time per report,
peak memory (summed over the build and its worker processes), and the cost of re-running the
unchanged partition, and the marginal cost of a report between two sizes (the fixed start-up,
≈ 18 s, weighs on small runs). Runs on every core the machine has (``gongkai build`` uses a process pool).

usage: python benchmarks/build_scale.py [--sizes 1000,10000,100000] [--formats txt,html,docx] [--year 2021]
       python benchmarks/build_scale.py --corpus DIR [--corpus DIR...]   (already generated corpora)

Each size generates a corpus with ../shared/corpus/generate.py (one report year), runs
``gongkai build`` into a fresh output folder, then runs it again unchanged.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO.parent / "shared" / "corpus" / "generate.py"


def _tree_rss_mb(root: int) -> tuple[float, float]:
    """(summed, largest) resident memory of ``root`` and all its descendants (the process pool's
    server and workers included), from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/status") as fh:
                fields = dict(line.split(":", 1) for line in fh if ":" in line)
        except OSError:
            continue
        pid, ppid = int(d), int(fields.get("PPid", "0").strip())
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    todo, total, largest = [root], 0, 0
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        largest = max(largest, rss.get(pid, 0))
        todo.extend(children.get(pid, []))
    return total / 1024, largest / 1024


def timed_build(inp: Path, out: Path) -> tuple[float, float, float]:
    """(wall seconds, peak summed RSS in MB of the build and every process it started, peak RSS
    of its largest process), sampled every 0.2 s."""
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "build", "--input", str(inp), "--output", str(out),
                             "--quiet"], stdout=subprocess.DEVNULL,
                            env=dict(os.environ, DAGSTER_HOME=str(out / "dagster_home")))
    peak_sum = peak_one = 0.0
    while proc.poll() is None:
        total, largest = _tree_rss_mb(proc.pid)
        peak_sum, peak_one = max(peak_sum, total), max(peak_one, largest)
        time.sleep(0.2)
    if proc.returncode:
        raise SystemExit(f"gongkai build failed ({proc.returncode})")
    return time.perf_counter() - t, peak_sum, peak_one


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--formats", default="txt,html,docx")
    ap.add_argument("--year", type=int, default=2021)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--corpus", type=Path, action="append", default=[],
                    help="an already generated corpus (its raw/ folder is built); repeatable, replaces --sizes")
    a = ap.parse_args()
    if not GENERATOR.exists():
        raise SystemExit(f"no generator at {GENERATOR}")
    print(f"{'reports':>8} {'first run':>10} {'ms/report':>10} {'peak RSS (all processes)':>25} "
          f"{'(largest)':>10} {'re-run':>8} {'re-run %':>9} {'marginal ms/report':>19}")
    previous: tuple[int, float] | None = None  # (reports, seconds) of the last size, for the marginal cost
    runs = [(None, int(x)) for x in a.sizes.split(",")] if not a.corpus else [
        (c, sum(1 for f in (c / "raw").rglob("*") if f.is_file())) for c in a.corpus]
    for corpus, n in runs:
        with tempfile.TemporaryDirectory(prefix="gongkai-scale-") as tmp:
            tmp = Path(tmp)
            if corpus is None:
                corpus = tmp / "corpus"
                subprocess.run([sys.executable, str(GENERATOR), "--out", str(corpus), "--reports", str(n),
                                "--seed", str(a.seed), "--years", f"{a.year}-{a.year}", "--formats", a.formats,
                                "--quiet"], check=True)
            first, rss, largest = timed_build(corpus / "raw", tmp / "out")
            again, _, _ = timed_build(corpus / "raw", tmp / "out")
            # a fixed start-up (instance, imports, pools, GX) weighs on small runs; the cost of each
            # further report, between two sizes, is what shows whether the cost is linear
            marginal = (f"{(first - previous[1]) * 1000 / (n - previous[0]):19.2f}"
                        if previous is not None and n > previous[0] else f"{'':>19}")
            print(f"{n:8d} {first:9.1f}s {first * 1000 / n:10.2f} {rss:24.0f}M {largest:9.0f}M {again:7.1f}s "
                  f"{100 * again / first:8.0f}% {marginal}", flush=True)
            previous = (n, first)
    return 0


if __name__ == "__main__":
    sys.exit(main())
