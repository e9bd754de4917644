#!/usr/bin/env python3
"""Headless-browser screenshots of the Dagster UI asset graph and of ``gongkai report``.

usage: python docs/screenshots.py [--output data] [--port 3111]

Needs Debian's chromium (``apt-get install chromium``) and a built mart (``gongkai build``).
Starts ``gongkai ui`` on the given output, waits for the webserver, screenshots the asset graph
and the report page into docs/img/, and prints any error the browser console logged.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--enable-logging=stderr", "--v=0"]


def shoot(url: str, out: Path, size: str = "1600,1000", wait_ms: int = 20000) -> list[str]:
    """Screenshot ``url`` into ``out``; returns the console errors chromium logged."""
    with tempfile.TemporaryDirectory() as profile:
        p = subprocess.run(
            ["chromium", *FLAGS, f"--user-data-dir={profile}", f"--window-size={size}",
             f"--virtual-time-budget={wait_ms}", f"--screenshot={out}", url],
            capture_output=True, text=True, timeout=180,
        )
    return [line for line in p.stderr.splitlines()
            if "CONSOLE" in line and re.search(r"error|Uncaught", line, re.I)]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--output", default="data")
    ap.add_argument("--port", type=int, default=3111)
    a = ap.parse_args()
    if not shutil.which("chromium"):
        print("chromium not found: apt-get install chromium", file=sys.stderr)
        return 2
    img = REPO / "docs" / "img"
    img.mkdir(parents=True, exist_ok=True)
    output = Path(a.output).resolve()
    report = output / "published" / "report.html"
    if not report.exists():
        subprocess.run([sys.executable, "-m", "gongkai.cli", "report", "--output", str(output)], check=True)

    ui = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "ui", "--output", str(output), "--port", str(a.port)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{a.port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/server_info", timeout=2)
                break
            except OSError:
                time.sleep(1)
        else:
            print("the Dagster webserver did not come up", file=sys.stderr)
            return 1
        # the first-visit "join the community" dialog would cover the graph: mark it seen
        req = urllib.request.Request(f"{base}/graphql", data=b'{"query":"mutation { setNuxSeen }"}',
                                     headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=10).read()
        errors = {}
        errors["asset graph"] = shoot(f"{base}/asset-groups", img / "dagster-asset-graph.png")
        for group in ("extraction", "mart"):
            errors[f"{group} lineage"] = shoot(f"{base}/locations/gongkai/asset-groups/{group}/lineage",
                                               img / f"dagster-{group}-lineage.png")
        errors["assets"] = shoot(f"{base}/assets", img / "dagster-assets.png")
        errors["report"] = shoot(report.as_uri(), img / "gongkai-report.png", size="1400,1800", wait_ms=2000)
    finally:
        os.killpg(ui.pid, signal.SIGTERM)
        ui.wait(timeout=30)
    bad = 0
    for page, errs in errors.items():
        print(f"{page}: {'no console errors' if not errs else f'{len(errs)} console errors'}")
        for e in errs:
            print("   ", e[:300])
        bad += len(errs)
    print(f"screenshots in {img}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
