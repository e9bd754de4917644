#!/usr/bin/env python3
"""Extraction speed on a generated corpus: reports/s and MB/s on one core, per format, next to
the bare read+decode rate of the same files measured in the same run, plus peak memory and the
rate with a process pool on every core.

usage: python benchmarks/extract_speed.py [--reports 2000] [--seed 7] [--formats txt,html,docx,pdf]
       [--corpus DIR]  (reuse a corpus instead of generating one)

Needs ../shared/corpus/generate.py (PDFs need reportlab, a dev dependency).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO.parent / "shared" / "corpus" / "generate.py"


def generate(out: Path, reports: int, seed: int, formats: str) -> None:
    if not GENERATOR.exists():
        raise SystemExit(f"no generator at {GENERATOR}")
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out), "--reports", str(reports),
                    "--seed", str(seed), "--formats", formats, "--overwrite", "--quiet"], check=True)


def bare_read_decode(files: list[Path]) -> float:
    t = time.perf_counter()
    for f in files:
        data = f.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            data.decode("gb18030", errors="replace")
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--formats", default="txt,html,docx")
    ap.add_argument("--corpus", type=Path)
    a = ap.parse_args()

    tmp = None
    if a.corpus is None:
        tmp = tempfile.TemporaryDirectory(prefix="gongkai-bench-")
        corpus = Path(tmp.name)
        t = time.perf_counter()
        generate(corpus, a.reports, a.seed, a.formats)
        print(f"generated {a.reports} reports ({a.formats}) in {time.perf_counter() - t:.1f}s")
    else:
        corpus = a.corpus
    raw = corpus / "raw"
    files = sorted(p for p in raw.rglob("*") if p.is_file())
    total_mb = sum(p.stat().st_size for p in files) / 1e6

    from gongkai.pipeline import batch_gc, extract_file, extract_paths

    # warm-up: imports, OpenCC dictionaries, gazetteer
    for f in files[:20]:
        extract_file(f, f.name)

    bare = bare_read_decode(files)
    by_fmt: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])  # n, seconds, bytes
    t0 = time.perf_counter()
    with batch_gc():  # the collector settings of `gongkai extract --jobs 1` and of every pool worker
        for f in files:
            t = time.perf_counter()
            rec = extract_file(f, f.name)
            dt = time.perf_counter() - t
            s = by_fmt[rec.format]
            s[0] += 1
            s[1] += dt
            s[2] += f.stat().st_size
    one_core = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    jobs = os.cpu_count() or 1
    t = time.perf_counter()
    n = sum(1 for _ in extract_paths([raw], jobs=jobs))
    pooled = time.perf_counter() - t

    print(f"corpus: {len(files)} files, {total_mb:.1f} MB, {total_mb * 1000 / max(len(files), 1):.1f} KB/report")
    print(f"bare read+decode:        {len(files) / bare:9.0f} reports/s  {total_mb / bare:7.1f} MB/s")
    print(f"extract, 1 core:         {len(files) / one_core:9.0f} reports/s  {total_mb / one_core:7.1f} MB/s")
    for fmt, (k, sec, size) in sorted(by_fmt.items()):
        print(f"  {fmt:5s} {int(k):6d} files   {k / sec:9.0f} reports/s  {size / 1e6 / sec:7.1f} MB/s")
    print(f"extract, {jobs} processes:   {n / pooled:9.0f} reports/s  {total_mb / pooled:7.1f} MB/s")
    print(f"peak RSS (this process): {peak_mb:.0f} MB")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
