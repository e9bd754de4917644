"""The mart builder and the atomic publish, without Dagster."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from gongkai.columns import MART_TABLES
from gongkai.frames import record_frames
from gongkai.mart import PUBLISHED_NAME, build_mart, publish
from gongkai.model import Metadata, Value
from gongkai.pipeline import ReportRecord
from orchestration.io_managers import partition_path, write_atomic


def rec(file, sha, year, province, status="ok", duplicate_of=None, **figs):
    r = ReportRecord(file=file, sha256=sha * 64, format="txt", status=status, duplicate_of=duplicate_of)
    r.meta = Metadata(agency=f"{file}局", province=province, report_year=year)
    r.figures = {k: Value(k, v, str(v), "prose", "line 1") for k, v in figs.items()}
    r.cells = {"leg.proactive.total": Value("leg.proactive.total", figs.get("proactive_disclosed", 0), "x", "table", "l")}
    return r


def write_year(warehouse: Path, year: int, records):
    for table, df in record_frames(records, year).items():
        name = "quality_issues" if table == "extraction_problems" else table
        write_atomic(df, partition_path(warehouse, name, year))


@pytest.fixture
def warehouse(tmp_path):
    wh = tmp_path / "warehouse"
    write_year(wh, 2017, [
        rec("a", "a", 2017, "山东省", proactive_disclosed=39),
        rec("b", "b", 2017, "山东省", proactive_disclosed=232, applications_received=0),
        rec("c", "c", 2017, "广西壮族自治区", proactive_disclosed=207, applications_received=1),
        rec("d", "d", 2017, "广西壮族自治区", status="flag", proactive_disclosed=10**11),
        rec("e", "e", 2017, "广西壮族自治区", status="flag", duplicate_of="c", proactive_disclosed=207),
        rec("f", "f", 2017, None, status="reject"),
    ])
    write_year(wh, 2018, [rec("g", "0", 2018, "安徽省", proactive_disclosed=15654)])
    return wh


def test_national_sums_count_ok_reports_and_skip_duplicates_rejects(warehouse, tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    counts = build_mart(con, warehouse)
    row = con.execute("SELECT reports, agencies, flagged_reports, proactive_disclosed, proactive_disclosed_reports, "
                      "applications_received, applications_received_reports, applications_carried_in "
                      "FROM mart.national_yearly WHERE report_year = 2017").fetchone()
    # d is flagged (absurd value): counted as a report, its figures stay out of the sums.
    assert row == (4, 4, 1, 478.0, 3, 1.0, 2, None)
    assert counts["report_facts"] == 6  # the reject is not a report; the duplicate is, marked
    prov = con.execute("SELECT province, proactive_disclosed FROM mart.province_yearly WHERE report_year=2017 ORDER BY 1").fetchall()
    assert prov == [("山东省", 271.0), ("广西壮族自治区", 207.0)]
    with_flagged = con.execute("SELECT proactive_disclosed FROM mart.v_national_yearly_with_flagged WHERE report_year=2017").fetchone()
    assert with_flagged == (478.0 + 10**11,)


def test_rebuild_is_idempotent(warehouse, tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    build_mart(con, warehouse)
    first = {t: con.execute(f"SELECT * FROM mart.{t} ORDER BY ALL").fetchall() for t in MART_TABLES}
    build_mart(con, warehouse)
    assert first == {t: con.execute(f"SELECT * FROM mart.{t} ORDER BY ALL").fetchall() for t in MART_TABLES}


def test_failed_build_keeps_previous_tables(warehouse, tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    build_mart(con, warehouse)
    (warehouse / "report_facts" / "2018.parquet").write_bytes(b"not parquet")
    with pytest.raises(duckdb.Error):
        build_mart(con, warehouse)
    assert con.execute("SELECT COUNT(*) FROM mart.national_yearly").fetchone() == (2,)


def built_mart(warehouse, db):
    """``db`` with the mart built from ``warehouse`` and its connection closed (ready to publish)."""
    con = duckdb.connect(str(db))
    try:
        build_mart(con, warehouse)
    finally:
        con.close()
    return db


READER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    before = con.execute("SELECT SUM(reports) FROM mart.national_yearly").fetchone()[0]
    print("ready", flush=True)
    sys.stdin.readline()
    after = con.execute("SELECT SUM(reports) FROM mart.national_yearly").fetchone()[0]
    print(before, after, flush=True)
""")


def test_publish_is_atomic_while_a_reader_holds_the_old_file(warehouse, tmp_path):
    working = built_mart(warehouse, tmp_path / "w.duckdb")
    published = tmp_path / "published"
    final = publish(working, published)
    assert final == published / PUBLISHED_NAME
    reader = subprocess.Popen([sys.executable, "-c", READER, str(final)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "ready"
    # a new year arrives while the BI reader keeps its connection open: the publish must not block
    write_year(warehouse, 2019, [rec("h", "1", 2019, "上海市", proactive_disclosed=1)])
    built_mart(warehouse, working)
    publish(working, published)
    out, _ = reader.communicate("go\n", timeout=60)
    assert out.split() == ["5", "5"], "the open connection keeps a consistent old snapshot"
    fresh = duckdb.connect(str(final), read_only=True)
    assert fresh.execute("SELECT SUM(reports) FROM mart.national_yearly").fetchone()[0] == 6
    tables = {r[0] for r in fresh.execute("SELECT table_name FROM information_schema.tables WHERE table_schema='mart'").fetchall()}
    assert set(MART_TABLES) <= tables
    assert not list(published.glob(".*tmp")), "no temporary files left behind"
    for t in MART_TABLES:
        assert (published / "parquet" / t / "data.parquet").exists()


def report_page(warehouse, tmp_path) -> str:
    """The static HTML report of a mart built and published from ``warehouse``."""
    from gongkai.report import write_report

    working = built_mart(warehouse, tmp_path / "w.duckdb")
    publish(working, tmp_path / "out" / "published")
    return write_report(tmp_path / "out").read_text(encoding="utf-8")


def test_static_report_renders_the_series(warehouse, tmp_path):
    page = report_page(warehouse, tmp_path)
    assert "<svg" in page and "478" in page and "<script" not in page


def test_carry_over_across_years_is_checked(tmp_path):
    wh = tmp_path / "warehouse"
    write_year(wh, 2020, [rec("x2020", "1", 2020, "福建省", applications_carried_out=6)])
    write_year(wh, 2021, [rec("x2021", "2", 2021, "福建省", applications_carried_in=4)])
    # same agency name in both years
    import polars as pl
    for y in (2020, 2021):
        p = partition_path(wh, "report_facts", y)
        pl.read_parquet(p).with_columns(pl.lit("平潭局").alias("agency")).write_parquet(p)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    build_mart(con, wh)
    rows = con.execute("SELECT file, \"check\", severity, message FROM mart.quality_issues").fetchall()
    assert rows == [("x2021", "rx1.carry_over", "warn", "RX.1 上年结转 4 ≠ 2020年结转下年度 6 (x2020)")]


def test_every_problem_the_extractors_emit_is_a_documented_rule():
    from gongkai.mart import quality_rule_rows
    from gongkai.pipeline import extract_paths

    from .conftest import SAMPLE

    ids = [r[0] for r in quality_rule_rows()]
    assert len(ids) == len(set(ids))
    for rec in extract_paths([SAMPLE]):
        for p in rec.problems:
            assert any(p.check == i or p.check.startswith(i + ".") for i in ids), p.check
    # and every check name written literally in the extractors, whether the sample triggers it or not
    import re

    import gongkai
    literal = re.compile(r'(?:warn\(|Problem\(\s*)"([a-z0-9_.]+)"|"([a-z0-9_]+\.[a-z0-9_.]+)",\s*"(?:warn|error)"')
    names = {a or b for src in Path(gongkai.__file__).parent.rglob("*.py")
             for a, b in literal.findall(src.read_text(encoding="utf-8"))}
    assert {"t2_prose_split", "legacy.alignment", "meta.title_year"} <= names
    assert names <= set(ids)


def test_year_over_year_jumps_are_found_only_with_enough_reports():
    import pandas as pd

    from expectations.gx_suites import year_over_year_jumps

    base = {f"{f}_reports": 0 for f in __import__("gongkai.catalogue", fromlist=["x"]).FIGURE_ORDER}
    rows = []
    for y, v, n in ((2017, 100.0, 20), (2018, 500.0, 20), (2019, 520.0, 3), (2020, 5000.0, 3)):
        r = dict(base, report_year=y, proactive_disclosed=v, proactive_disclosed_reports=n)
        rows.append(r)
    df = pd.DataFrame(rows)
    for f in base:
        if f.removesuffix("_reports") not in df:
            df[f.removesuffix("_reports")] = None
    assert year_over_year_jumps(df) == ["proactive_disclosed: 2017 100 → 2018 500"]


def test_a_region_report_below_its_children_is_a_warning(tmp_path):
    import polars as pl

    wh = tmp_path / "warehouse"
    parent = rec("county", "1", 2018, "安徽省", applications_received=85)
    town = rec("town", "2", 2018, "安徽省", applications_received=60)
    dept = rec("dept", "3", 2018, "安徽省", applications_received=31)
    other = rec("elsewhere", "4", 2018, "安徽省", applications_received=500)
    parent.scope = "region"
    for r, level, county, agency in ((parent, "county", "包河区", "合肥市包河区人民政府"),
                                     (town, "township", "包河区", "合肥市包河区某街道办事处"),
                                     (dept, "county", "包河区", "合肥市包河区民政局"),
                                     (other, "county", "蜀山区", "合肥市蜀山区民政局")):
        r.meta.level, r.meta.county, r.meta.city, r.meta.agency = level, county, "合肥市", agency
        r.scope = r.scope or "body"
    write_year(wh, 2018, [parent, town, dept, other])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    build_mart(con, wh)
    rows = con.execute("SELECT file, \"check\", message FROM mart.quality_issues").fetchall()
    assert rows == [("county", "rx2.parent_children.applications_received",
                     "RX.2 applications_received: 91 stated by 2 reports within the region > 85 in the region's own report")]


def test_bi_tools_read_the_published_mart_through_sqlalchemy(warehouse, tmp_path):
    """The path Superset and Metabase-style tools take: SQLAlchemy + duckdb-engine, read-only."""
    sqlalchemy = pytest.importorskip("sqlalchemy")
    pytest.importorskip("duckdb_engine")
    working = built_mart(warehouse, tmp_path / "w.duckdb")
    final = publish(working, tmp_path / "published")
    engine = sqlalchemy.create_engine(f"duckdb:///{final}", connect_args={"read_only": True})
    with engine.connect() as c:
        rows = c.execute(sqlalchemy.text(
            "SELECT report_year, reports, proactive_disclosed FROM mart.national_yearly ORDER BY report_year")).all()
        names = set(sqlalchemy.inspect(c).get_table_names(schema="mart"))
    assert [tuple(r) for r in rows] == [(2017, 4, 478.0), (2018, 1, 15654.0)]
    assert {"national_yearly", "report_facts", "data_dictionary"} <= names
    # while the BI connection pool keeps its connection open, the next publish goes through
    with engine.connect() as c:
        c.execute(sqlalchemy.text("SELECT 1"))
        publish(working, tmp_path / "published")
    engine.dispose()


def test_a_publish_cleans_up_what_a_killed_publish_left(warehouse, tmp_path):
    working = built_mart(warehouse, tmp_path / "w.duckdb")
    published = tmp_path / "published"
    published.mkdir()
    (published / f".{PUBLISHED_NAME}.dead.tmp").write_bytes(b"half a file")
    (published / ".parquet.dead.tmp" / "report_cells").mkdir(parents=True)
    final = publish(working, published)
    assert sorted(p.name for p in published.iterdir()) == [PUBLISHED_NAME, "parquet"]
    con = duckdb.connect(str(final), read_only=True)
    assert con.execute("SELECT SUM(reports) FROM mart.national_yearly").fetchone()[0] == 5
    con.close()


def placed(file, year, agency, province, city=None, **figs):
    r = rec(file, file, year, province, **figs)
    r.meta.agency, r.meta.city = agency, city
    return r


def test_city_yearly_splits_each_province_by_city(tmp_path):
    wh = tmp_path / "warehouse"
    write_year(wh, 2020, [
        placed("a", 2020, "淄博市张店区人民政府", "山东省", "淄博市", proactive_disclosed=10),
        placed("b", 2020, "淄博市人民政府", "山东省", "淄博市", proactive_disclosed=5),
        placed("c", 2020, "山东省人民政府", "山东省", None, proactive_disclosed=7),
        placed("d", 2020, "济南市人民政府", "山东省", "济南市", proactive_disclosed=1),
    ])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    build_mart(con, wh)
    rows = con.execute("SELECT province, city, reports, proactive_disclosed FROM mart.city_yearly ORDER BY ALL").fetchall()
    assert rows == [("山东省", "济南市", 1, 1.0), ("山东省", "淄博市", 2, 15.0), ("山东省", None, 1, 7.0)]
    assert con.execute("SELECT reports, proactive_disclosed FROM mart.province_yearly").fetchall() == [(4, 23.0)]


def test_an_agency_that_skips_a_year_is_a_reporting_gap(tmp_path):
    """Expected = reported for an earlier and a later year: A's 2019 is a gap; B, first seen in
    2019, and C, last seen in 2019, are not; 2021, a year with no report at all, is no gap year."""
    wh = tmp_path / "warehouse"
    write_year(wh, 2018, [placed("a18", 2018, "A局", "山东省", "淄博市"), placed("c18", 2018, "C局", "安徽省")])
    write_year(wh, 2019, [placed("b19", 2019, "B局", "山东省", "济南市", proactive_disclosed=3),
                          placed("c19", 2019, "C局", "安徽省", proactive_disclosed=4)])
    write_year(wh, 2020, [placed("a20", 2020, "A局", "山东省", "青岛市"), placed("b20", 2020, "B局", "山东省", "济南市")])
    write_year(wh, 2022, [placed("a22", 2022, "A局", "山东省", "青岛市")])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    build_mart(con, wh)
    gaps = con.execute("SELECT agency, report_year, province, city, last_reported_year, next_reported_year, "
                       "last_report_file FROM mart.reporting_gaps ORDER BY ALL").fetchall()
    assert gaps == [("A局", 2019, "山东省", "淄博市", 2018, 2020, "a18")]
    nat = con.execute("SELECT report_year, agencies, missing_agencies, reporting_share FROM mart.national_yearly "
                      "ORDER BY 1").fetchall()
    assert nat == [(2018, 2, 0, 1.0), (2019, 2, 1, 2 / 3), (2020, 2, 0, 1.0), (2022, 1, 0, 1.0)]
    # the gap is counted where A last reported from; a place with a gap and no report gets a row
    city = con.execute("SELECT province, city, reports, agencies, missing_agencies, reporting_share, "
                       "proactive_disclosed_reports FROM mart.city_yearly WHERE report_year = 2019 ORDER BY ALL").fetchall()
    assert city == [("安徽省", None, 1, 1, 0, 1.0, 1), ("山东省", "济南市", 1, 1, 0, 1.0, 1),
                    ("山东省", "淄博市", 0, 0, 1, 0.0, 0)]
    prov = con.execute("SELECT province, missing_agencies FROM mart.province_yearly WHERE report_year = 2019 "
                       "ORDER BY ALL").fetchall()
    assert prov == [("安徽省", 0), ("山东省", 1)]
    rates = con.execute("SELECT reporting_share FROM mart.v_national_rates WHERE report_year = 2019").fetchone()
    assert rates == (2 / 3,)
