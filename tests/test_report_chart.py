"""The national series as a Markdown bar chart (Dagster UI metadata) and in the HTML report."""
from __future__ import annotations

import duckdb

from gongkai.report import MD_CHART, granted_share, national_chart_markdown, unicode_bar

from .test_mart import report_page, warehouse  # noqa: F401 - the fixture


def test_unicode_bar_scales_in_eighths():
    assert unicode_bar(10, 10, width=4) == "████"
    assert unicode_bar(5, 10, width=4) == "██"
    assert unicode_bar(1, 8, width=1) == "▏"
    assert unicode_bar(0.001, 1000, width=10) == "▏"  # a positive value is never an empty bar
    assert unicode_bar(0, 10) == "" and unicode_bar(3, 0) == ""
    assert unicode_bar(20, 10, width=3) == "███"  # clipped to the width


def test_chart_rows_are_sorted_missing_is_a_dash_and_shares_are_percentages():
    rows = [
        {"report_year": 2021, "reports": 1200, "applications_received": 500.0, "granted": 30.0,
         "applications_closed": 120.0, "reconsiderations": None, "lawsuits": 4.0},
        {"report_year": 2020, "reports": 3, "applications_received": 1000.0, "granted": None,
         "applications_closed": 10.0, "reconsiderations": 2.0, "lawsuits": 0.0},
    ]
    md = national_chart_markdown(rows, width=8).splitlines()
    assert md[0].count("|") == len(MD_CHART) + 3
    r2020, r2021 = md[2], md[3]
    assert r2020.startswith("| 2020 | 3 |") and r2021.startswith("| 2021 | 1,200 |")
    assert "`████████` 1,000" in r2020 and "`████    ` 500" in r2021  # scaled to the column max
    assert "25%" in r2021 and "`██      ` 25%" in r2021  # 30 granted of 120 closed
    cells_2020 = [c.strip() for c in r2020.strip("|").split("|")]
    assert cells_2020[3] == "—"  # granted not stated: no share, not 0 %
    assert cells_2020[5] == "`        ` 0"  # a stated zero is a zero
    assert [c.strip() for c in r2021.strip("|").split("|")][4] == "—"
    assert national_chart_markdown([]) == "_(no years built)_"
    assert granted_share({"granted": 1.0, "applications_closed": 0.0}) is None


def test_mart_metadata_has_counts_previews_and_the_chart(warehouse, tmp_path):  # noqa: F811
    from assets.mart import table_metadata
    from gongkai.columns import MART_TABLES
    from gongkai.mart import build_mart

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    build_mart(con, warehouse)
    metas = table_metadata(con)
    con.close()
    assert set(metas) == set(MART_TABLES)
    for t, m in metas.items():
        assert m["dagster/row_count"].value >= 0 and m["preview"].value
    assert metas["national_yearly"]["dagster/row_count"].value == 2
    chart = metas["national_yearly"]["national_series"].value
    assert "| 2017 | 4 |" in chart and "| 2018 | 1 |" in chart
    assert "`██████████` 1" in chart  # applications received: 1 in 2017, the column's max


def test_html_report_has_the_granted_share_chart_and_quality(warehouse, tmp_path):  # noqa: F811
    page = report_page(warehouse, tmp_path)
    assert "Granted share of closed applications" in page
    assert "Reports by status" in page and "Most frequent problems" in page
