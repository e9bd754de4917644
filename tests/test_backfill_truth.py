"""Acceptance: `gongkai build --years 2008-2025` over a generated corpus, checked against the
generator's truth.

(a) For every year and figure, ``mart.national_yearly`` equals the sum over the counted reports of
    ``mart.report_facts`` (recomputed here in Python), and the blocking GX check that says so ran
    and passed in the build.
(b) ``national_yearly`` minus the sum of the truth (reports the generator expects ``ok``) is, for
    every year and figure, exactly the sum of the differences of the files that
    ``shared/tools/evaluate.py`` scores as wrong (status, report year or a figure): every file the
    evaluator finds right contributes the same to both sides.
"""
from __future__ import annotations

import importlib.util
import json
import math
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import duckdb
import pytest

from gongkai.catalogue import FIGURE_ORDER

from .conftest import SHARED, needs_shared

GENERATE = SHARED / "corpus" / "generate.py"
EVALUATE = SHARED / "tools" / "evaluate.py"
REPORTS, SEED, YEARS = 360, 11, "2008-2025"  # ≈ 20 reports a year; ~1 min on 2 cores
MAX_WRONG_SHARE = 0.10  # beyond this "explained by the evaluator's errors" would say little

Sums = dict[tuple[int, str], tuple[float, int]]  # (year, figure) -> (sum, reports stating it)


def _evaluator():
    spec = importlib.util.spec_from_file_location("gongkai_shared_evaluate", EVALUATE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _add(sums: dict, year, figures: dict, sign: int = 1) -> None:
    for f, v in (figures or {}).items():
        if f in FIGURE_ORDER and v is not None:
            s, n = sums.get((int(year), f), (0.0, 0))
            sums[(int(year), f)] = (s + sign * float(v), n + sign)


def truth_contribution(tr: dict) -> tuple[int, dict] | None:
    """What one file adds to the true national series: its figures, if the generator expects ok."""
    return (tr["report_year"], tr.get("figures") or {}) if tr.get("expected", "ok") == "ok" else None


def pred_contribution(pr: dict | None) -> tuple[int, dict] | None:
    """What one extracted record adds to the mart's series (the mart's counting rule)."""
    if pr is None or pr.get("status") != "ok" or pr.get("duplicate_of") or pr.get("report_year") is None:
        return None
    return (pr["report_year"], pr.get("figures") or {})


def series(contributions) -> Sums:
    sums: dict = {}
    for c in contributions:
        if c is not None:
            _add(sums, c[0], c[1])
    return sums


def wrong_files(ev, truth: list[dict], pred: dict) -> tuple[set[str], Counter]:
    """Files the evaluator scores as wrong in anything that reaches the national series: status,
    report year, or a figure (missing, wrong, or extra under --complete). Uses the evaluator's own
    matching and value comparison; returns the tally too, to check it against its totals."""
    tally: Counter = Counter()
    tally["examples"] = []
    wrong = set()
    for tr in truth:
        pr = ev.find(pred, tr["file"])
        if pr is None:
            wrong.add(tr["file"])
            continue
        exp = tr.get("expected", "ok")
        bad = ev.status_word(pr.get("status")) != exp
        if exp != "reject":
            bad |= not ev.score_values(tr.get("figures"), pr.get("figures"), True, tally, "figure")
            bad |= str(pr.get("report_year")) != str(tr.get("report_year"))
        if bad:
            wrong.add(tr["file"])
    return wrong, tally


def unexplained(national: Sums, truth: list[dict], pred: dict, wrong: set[str], ev) -> list[str]:
    """(year, figure) cells where national − truth ≠ Σ over wrong files of (extracted − true)."""
    expected = dict(series(truth_contribution(tr) for tr in truth))
    for tr in truth:
        if tr["file"] in wrong:
            c_true, c_pred = truth_contribution(tr), pred_contribution(ev.find(pred, tr["file"]))
            if c_true:
                _add(expected, c_true[0], c_true[1], -1)
            if c_pred:
                _add(expected, c_pred[0], c_pred[1], +1)
    out = []
    for key in sorted(set(expected) | set(national)):
        (es, en), (ns, nn) = expected.get(key, (0.0, 0)), national.get(key, (0.0, 0))
        if en != nn or not math.isclose(es, ns, rel_tol=1e-9, abs_tol=1e-6):
            out.append(f"{key[0]} {key[1]}: national {ns:g} over {nn} reports, truth adjusted for the "
                       f"evaluator's errors {es:g} over {en}")
    return out


def _national_from_mart(db: Path) -> tuple[Sums, Sums, dict, dict]:
    """The mart's national sums, the same recomputed from its report_facts, and reports per year
    on both sides."""
    import pandas as pd

    con = duckdb.connect(str(db), read_only=True)
    try:
        nat = con.execute("SELECT * FROM mart.national_yearly").df()
        facts = con.execute("SELECT * FROM mart.report_facts").df()
    finally:
        con.close()
    national: Sums = {}
    for _, r in nat.iterrows():
        for f in FIGURE_ORDER:
            if r[f"{f}_reports"]:
                national[(int(r["report_year"]), f)] = (float(r[f]), int(r[f"{f}_reports"]))
    counted = facts[facts["duplicate_of"].isna() & facts["report_year"].notna()]
    from_facts: Sums = {}
    for _, r in counted[counted["status"] == "ok"].iterrows():
        _add(from_facts, r["report_year"], {f: r[f] for f in FIGURE_ORDER if pd.notna(r[f])})
    reports = {int(r["report_year"]): int(r["reports"]) for _, r in nat.iterrows()}
    counted_reports = {int(y): int(n) for y, n in counted.groupby("report_year").size().items()}
    return national, from_facts, reports, counted_reports


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not GENERATE.exists():
        pytest.skip("../shared/corpus not present")
    root = tmp_path_factory.mktemp("acceptance")
    subprocess.run([sys.executable, str(GENERATE), "--out", str(root), "--reports", str(REPORTS),
                    "--seed", str(SEED), "--years", YEARS, "--quiet"], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "GONGKAI_EXECUTOR")}
    build = subprocess.run([sys.executable, "-m", "gongkai.cli", "build", "--input", str(root / "raw"),
                            "--output", str(root / "out"), "--years", YEARS, "--quiet"],
                           capture_output=True, text=True, env=env)
    assert build.returncode == 0, build.stdout + build.stderr
    pred_out = subprocess.run([sys.executable, "-m", "gongkai.cli", "extract", str(root / "raw"), "--jobs", "0"],
                              capture_output=True, text=True, check=True, cwd=root).stdout
    (root / "pred.jsonl").write_text(pred_out, encoding="utf-8")
    return root


@needs_shared
@pytest.mark.slow
def test_national_equals_sum_of_counted_report_facts(built):
    national, from_facts, reports, counted_reports = _national_from_mart(built / "out" / "published" / "gongkai.duckdb")
    assert national, "the national series is empty"
    assert {y for y, _ in national} == set(range(2008, 2026)), "every year of the backfill is in the mart"
    diffs = [k for k in set(national) | set(from_facts)
             if k not in national or k not in from_facts
             or national[k][1] != from_facts[k][1] or not math.isclose(national[k][0], from_facts[k][0], abs_tol=1e-6)]
    assert not diffs, sorted(diffs)[:20]
    assert reports == counted_reports

    # the blocking GX check encoding the same rule ran in that build and passed
    import dagster as dg

    from assets.mart import MART_KEYS, NATIONAL_EQUALS_REPORTS

    with dg.DagsterInstance.from_config(str(built / "out" / "dagster_home")) as instance:
        rec = instance.get_latest_asset_check_evaluation_record(
            dg.AssetCheckKey(MART_KEYS["national_yearly"], NATIONAL_EQUALS_REPORTS))
        assert rec is not None, "the check did not run in the build"
        assert rec.event.dagster_event.event_specific_data.passed


@needs_shared
@pytest.mark.slow
def test_national_differs_from_truth_only_by_the_evaluators_errors(built):
    ev = _evaluator()
    truth = ev.load_truth(str(built / "truth.jsonl"))
    pred = ev.load_pred(str(built / "pred.jsonl"))
    assert len(truth) == REPORTS and len(pred) == REPORTS

    # the records the evaluator scores are the ones the mart was built from
    con = duckdb.connect(str(built / "out" / "published" / "gongkai.duckdb"), read_only=True)
    cols = ", ".join(FIGURE_ORDER)
    mart_rows = {r[0]: r[1:] for r in con.execute(
        f"SELECT file, status, duplicate_of IS NOT NULL, report_year, {cols} FROM mart.report_facts").fetchall()}
    con.close()
    for file, pr in pred.items():
        if pr["status"] == "reject":
            assert file not in mart_rows
            continue
        status, is_dup, year, *figs = mart_rows[file]
        assert (status, is_dup, year) == (pr["status"], bool(pr.get("duplicate_of")), pr.get("report_year")), file
        assert {f: v for f, v in zip(FIGURE_ORDER, figs) if v is not None} == \
            {f: float(v) for f, v in pr["figures"].items() if v is not None}, file

    wrong, tally = wrong_files(ev, truth, pred)
    scores = json.loads(subprocess.run([sys.executable, str(EVALUATE), str(built / "pred.jsonl"),
                                        str(built / "truth.jsonl"), "--complete", "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    # the per-file verdicts add up to what the evaluator reports
    assert (tally["figure_wrong"], tally["figure_extra"], tally["figure_truth"]) == \
        (scores["figure_wrong"], scores["figure_extra"], scores["figure_truth"])
    assert scores["status_accuracy"] >= 1 - len(wrong) / REPORTS
    assert len(wrong) <= MAX_WRONG_SHARE * REPORTS, sorted(wrong)

    national, *_ = _national_from_mart(built / "out" / "published" / "gongkai.duckdb")
    bad = unexplained(national, truth, pred, wrong, ev)
    assert not bad, f"{len(wrong)} files scored wrong: {sorted(wrong)[:10]}\n" + "\n".join(bad[:20])


@needs_shared
def test_attribution_catches_a_difference_the_evaluator_does_not_explain(tmp_path):
    """The comparison above can fail: a changed figure in one extracted record moves the national
    sum; it is explained only when that file is among the evaluator's wrong files."""
    ev = _evaluator()
    truth = [
        {"file": "raw/2020/a.txt", "report_year": 2020, "expected": "ok", "figures": {"lawsuits": 2, "granted": 5}},
        {"file": "raw/2020/b.txt", "report_year": 2020, "expected": "ok", "figures": {"lawsuits": 1}},
        {"file": "raw/2020/c.txt", "report_year": 2020, "expected": "flag", "figures": {"lawsuits": 9}},
    ]
    pred = {
        "2020/a.txt": {"file": "2020/a.txt", "status": "ok", "report_year": 2020, "figures": {"lawsuits": 2, "granted": 5}},
        "2020/b.txt": {"file": "2020/b.txt", "status": "ok", "report_year": 2020, "figures": {"lawsuits": 4}},
        "2020/c.txt": {"file": "2020/c.txt", "status": "ok", "report_year": 2020, "figures": {"lawsuits": 9}},
    }
    national = series(pred_contribution(p) for p in pred.values())
    wrong, _ = wrong_files(ev, truth, pred)
    assert wrong == {"raw/2020/b.txt", "raw/2020/c.txt"}  # a wrong value, a missed flag
    assert unexplained(national, truth, pred, wrong, ev) == []
    assert unexplained(national, truth, pred, wrong - {"raw/2020/b.txt"}, ev)
    assert unexplained(national, truth, pred, set(), ev)
