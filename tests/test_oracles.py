"""End to end against the hand-read truth: the seeds exactly, the real reports without a wrong value."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile

import pytest

from .conftest import SHARED, needs_shared

EVALUATE = SHARED / "tools" / "evaluate.py"


def _score(paths, truth, complete=False) -> dict:
    out = subprocess.run([sys.executable, "-m", "gongkai.cli", "extract", *map(str, paths)],
                         capture_output=True, text=True, check=True).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        f.write(out)
    args = [sys.executable, str(EVALUATE), f.name, str(truth), "--json"] + (["--complete"] if complete else [])
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


@needs_shared
def test_seeds_come_out_exactly_right():
    s = _score(sorted((SHARED / "seeds").glob("*.txt")), SHARED / "seeds" / "truth")
    for k in ("cell_precision", "cell_recall", "figure_precision", "figure_recall", "reports_exact",
              "status_accuracy", "meta_report_year", "meta_province", "meta_agency", "meta_template",
              "meta_level", "meta_city", "meta_county"):
        assert s[k] == 1.0, (k, s[k], s.get("examples"))


@needs_shared
def test_real_reports_have_no_wrong_value():
    s = _score([SHARED / "real_reports"], SHARED / "real_reports" / "truth")
    assert s["cell_wrong"] == 0 and s["figure_wrong"] == 0, s.get("examples")
    assert s["cell_recall"] == 1.0 and s["status_accuracy"] == 1.0
    assert s["figure_recall"] >= 0.99


@needs_shared
@pytest.mark.slow
def test_generated_sample_is_read_right():
    sample = SHARED / "corpus" / "sample"
    s = _score([sample / "raw"], sample / "truth.jsonl", complete=True)
    assert s["cell_precision"] == 1.0 and s["figure_precision"] == 1.0
    assert s["cell_recall"] >= 0.995 and s["figure_recall"] >= 0.98
    assert s["status_accuracy"] >= 0.99 and s["reports_exact"] >= 0.97
