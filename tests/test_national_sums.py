"""The GX suite "national = Σ counted report_facts": it passes on a mart the builder made, and fails
when the national series loses a report, a year, or counts a flagged or duplicate report."""
from __future__ import annotations

import duckdb
import pytest

from expectations.gx_suites import SUITE_NATIONAL_SUMS, national_vs_report_facts, run_suite
from gongkai.catalogue import FIGURE_ORDER
from gongkai.mart import build_mart

from .test_mart import rec, write_year


@pytest.fixture
def mart_frames(tmp_path):
    wh = tmp_path / "warehouse"
    write_year(wh, 2017, [
        rec("a", "a", 2017, "山东省", proactive_disclosed=39, fees_yuan=249000.0),
        rec("b", "b", 2017, "山东省", proactive_disclosed=232, applications_received=0),
        rec("d", "d", 2017, "广西壮族自治区", status="flag", proactive_disclosed=10**11),
        rec("e", "e", 2017, "广西壮族自治区", status="flag", duplicate_of="b", proactive_disclosed=232),
        rec("f", "f", 2017, None, status="reject"),
    ])
    write_year(wh, 2018, [rec("g", "0", 2018, "安徽省", status="flag", proactive_disclosed=5)])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    build_mart(con, wh)
    national = con.execute("SELECT * FROM mart.national_yearly").df()
    facts = con.execute("SELECT * FROM mart.report_facts").df()
    con.close()
    return national, facts


def _failed(national, facts) -> set[str]:
    return {o.column for o in run_suite(SUITE_NATIONAL_SUMS, national_vs_report_facts(national, facts)) if not o.success}


def test_recomputation_matches_the_builder(mart_frames):
    national, facts = mart_frames
    frame = national_vs_report_facts(national, facts)
    row = frame[frame.report_year == 2017].iloc[0]
    assert (row["reports"], row["proactive_disclosed"], row["proactive_disclosed_reports"]) == (3, 271, 2)
    # a year whose only report is flagged: counted, but no figure in the sums
    row = frame[frame.report_year == 2018].iloc[0]
    assert (row["reports__of_report_facts"], row["flagged_reports__of_report_facts"]) == (1, 1)
    assert row["proactive_disclosed_reports__of_report_facts"] == 0
    assert _failed(national, facts) == set()


def test_suite_fails_on_a_wrong_national_series(mart_frames):
    national, facts = mart_frames
    bad = national.copy()
    bad.loc[bad.report_year == 2017, "proactive_disclosed"] += 10**11  # a flagged report summed in
    bad.loc[bad.report_year == 2017, "fees_yuan_reports"] = 0
    assert _failed(bad, facts) == {"proactive_disclosed/proactive_disclosed__of_report_facts",
                                   "fees_yuan_reports/fees_yuan_reports__of_report_facts"}
    # a year that the mart lost
    assert "reports/reports__of_report_facts" in _failed(national[national.report_year != 2018], facts)
    # a duplicate counted as a report
    facts2 = facts.copy()
    facts2.loc[facts2.file.str.endswith("e"), "duplicate_of"] = None
    assert "reports/reports__of_report_facts" in _failed(national, facts2)


def test_every_figure_is_compared():
    from expectations.gx_suites import _expectations
    import great_expectations as gx

    compared = {e.column_A for e in _expectations(gx, SUITE_NATIONAL_SUMS) if hasattr(e, "column_A")}
    assert {f for f in FIGURE_ORDER} <= compared and {f"{f}_reports" for f in FIGURE_ORDER} <= compared


def test_missing_agencies_are_recomputed_from_report_facts(tmp_path):
    """The gap rule written out again in pandas agrees with the mart's SQL, and the suite fails
    when the national series loses a gap."""
    from .test_mart import placed

    wh = tmp_path / "warehouse"
    write_year(wh, 2018, [placed("a18", 2018, "A局", "山东省"), placed("b18", 2018, "B局", "山东省")])
    write_year(wh, 2019, [placed("c19", 2019, "C局", "山东省")])
    write_year(wh, 2020, [placed("a20", 2020, "A局", "山东省"), placed("b20", 2020, "B局", "山东省"),
                          placed("c20", 2020, "C局", "山东省")])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    build_mart(con, wh)
    national = con.execute("SELECT * FROM mart.national_yearly").df()
    facts = con.execute("SELECT * FROM mart.report_facts").df()
    frame = national_vs_report_facts(national, facts)
    assert list(frame["missing_agencies__of_report_facts"]) == [0, 2, 0]
    assert _failed(national, facts) == set()
    bad = national.copy()
    bad.loc[bad.report_year == 2019, "missing_agencies"] = 1
    assert _failed(bad, facts) == {"missing_agencies/missing_agencies__of_report_facts"}


def test_a_province_that_differs_from_its_cities_is_found(tmp_path):
    from expectations.gx_suites import cities_sum_to_provinces

    from .test_mart import placed

    wh = tmp_path / "warehouse"
    write_year(wh, 2020, [placed("a", 2020, "A局", "山东省", "淄博市", proactive_disclosed=4),
                          placed("b", 2020, "B局", "山东省", None, proactive_disclosed=5)])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    build_mart(con, wh)
    province = con.execute("SELECT * FROM mart.province_yearly").df()
    city = con.execute("SELECT * FROM mart.city_yearly").df()
    assert cities_sum_to_provinces(province, city) == []
    assert cities_sum_to_provinces(province, city[city.city.notna()]) == [
        "2020 山东省 reports: 2 vs 1 summed over cities",
        "2020 山东省 proactive_disclosed: 9.0 vs 4.0 summed over cities",
        "2020 山东省 proactive_disclosed_reports: 2 vs 1 summed over cities"]
