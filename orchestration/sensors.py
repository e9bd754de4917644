"""A sensor that notices new or changed files under the landing zone and asks for those years.

The cursor maps each year folder to a fingerprint of its listing (names, sizes, mtimes); only
folders whose fingerprint changed get a run, with a run key that makes repeats idempotent.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import dagster as dg

from .partitions import FIRST_YEAR
from .resources import input_dir


def folder_fingerprints(root: Path) -> dict[str, str]:
    out = {}
    if not root.is_dir():
        return out
    for year_dir in sorted(p for p in root.iterdir() if p.is_dir() and p.name.isdigit()):
        if int(year_dir.name) < FIRST_YEAR:
            continue
        h = hashlib.sha1()
        for f in sorted(x for x in year_dir.rglob("*") if x.is_file()):
            st = f.stat()
            h.update(f"{f.relative_to(year_dir)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        out[year_dir.name] = h.hexdigest()
    return out


def build_sensor(job_name: str) -> dg.SensorDefinition:
    @dg.sensor(name="new_report_files", job_name=job_name, minimum_interval_seconds=60,
               default_status=dg.DefaultSensorStatus.STOPPED,
               description="Runs the year partitions whose folder under the landing zone changed.")
    def new_report_files(context: dg.SensorEvaluationContext):
        before = json.loads(context.cursor) if context.cursor else {}
        now = folder_fingerprints(Path(input_dir()))
        changed = [y for y, fp in now.items() if before.get(y) != fp]
        if not changed:
            return dg.SkipReason(f"no new or changed files in {len(now)} year folders")
        context.update_cursor(json.dumps(now, sort_keys=True))
        return [dg.RunRequest(partition_key=y, run_key=f"{y}:{now[y]}") for y in changed]

    return new_report_files
