"""Real portal pages (tests/fixtures/pingtan_html): the report read out of the page's chrome, every
table cell as the page's own grid has it, including the runs its flattened text leaves uncertain."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from gongkai.catalogue import indicators
from gongkai.ingest import read_document
from gongkai.pipeline import NOT_A_REPORT, extract_file

from .layouts import LOSSLESS, other_layouts
from .test_pingtan_archive import APPLICANTS, values
from .test_pingtan_archive import T4 as T4_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures" / "pingtan_html"
T4_BLOCKS = ("review", "litigation_direct", "litigation_after_review")
AGENCY = "平潭综合实验区管理委员会"


@lru_cache(maxsize=None)
def record(prefix: str):
    (path,) = FIXTURES.glob(f"{prefix}_*")
    return extract_file(path, path.name)


def expected_tables(template: str, t2: dict[str, float], t3_nonzero: dict[str, tuple], t4: tuple) -> dict[str, float]:
    """Every cell of tables 2–4: table 2 as given, table-3 rows as given and every other row 0."""
    want = dict(t2)
    for code, ind in indicators().items():
        if ind.table == "t3" and template in ind.templates:
            want[code] = 0.0
    for row, vals in t3_nonzero.items():
        for col, v in zip(APPLICANTS, vals):
            assert f"t3.{row}.{col}" in want, row
            want[f"t3.{row}.{col}"] = float(v)
    for block, vals in zip(T4_BLOCKS, t4):
        for col, v in zip(T4_COLUMNS, vals):
            want[f"t4.{block}.{col}"] = float(v)
    return want


def test_2017_fujian_table_inside_the_portal_page():
    r = record("80506")
    assert (r.status, r.meta.agency, r.meta.report_year, r.meta.publish_date) == ("ok", AGENCY, 2017, "2018-01-23")
    year = {"active.disclosed": 2122, "active.website": 2122}
    cumulative = {"active.disclosed": 10037, "active.website": 10037}
    rows = ("active.disclosed", "active.website", "active.gazette", "apply.received", "apply.received.in_person",
            "apply.received.online", "apply.received.letter_fax", "reply.total", "reply.granted",
            "reply.partially_granted", "reply.denied", "reply.other_type", "litigation_and_reports", "review",
            "litigation")
    want = {}
    for row in rows:
        want[f"leg_fj.{row}.year"] = float(year.get(row, 0))
        want[f"leg_fj.{row}.cumulative"] = float(cumulative.get(row, 0))
    assert values(r) == want
    assert r.figures["proactive_disclosed"].value == 2122
    assert not r.problems


def test_2012_county_table_with_six_channels_and_its_own_sums_off():
    r = record("80725")
    assert (r.status, r.meta.agency, r.meta.report_year, r.meta.publish_date) == ("ok", "福州市平潭县人民政府", 2012, "2013-01-17")
    rows = {"active.disclosed": (2026, 3542), "active.website": (1795, 3304), "active.gazette": (0, 7),
            "apply.received": (21, 21), "apply.received.in_person": (18, 18), "apply.received.fax": (0, 0),
            "apply.received.email": (3, 3), "apply.received.online": (0, 0), "apply.received.letter": (0, 0),
            "apply.received.other": (0, 0), "reply.total": (21, 21), "reply.granted": (17, 17),
            "reply.partially_granted": (2, 2), "reply.denied": (2, 2), "review": (0, 0), "litigation": (0, 0),
            "appeal": (0, 0)}
    assert values(r) == {f"leg_fj.{row}.{col}": float(v) for row, pair in rows.items()
                         for col, v in zip(("year", "cumulative"), pair)}
    # the page's own 网站 + 公报 ≠ 主动公开 (1795 + 0 ≠ 2026): a warning, the values as printed
    assert sorted(p.check for p in r.problems) == ["leg_fj.sum.active.cumulative", "leg_fj.sum.active.year"]


def test_an_empty_cell_keeps_its_column():
    """80759's 2、政府公报公开 row reads 0 | &nbsp;: 本年度 0, 历年累计 not stated (it was read as
    历年累计 0 while the row's trailing empty field was dropped)."""
    r = record("80759")
    got = values(r)
    assert got["leg_fj.active.gazette.year"] == 0
    assert "leg_fj.active.gazette.cumulative" not in got and "leg_fj.active.gazette.cumulative" not in r.uncertain
    assert (got["leg_fj.active.disclosed.year"], got["leg_fj.active.disclosed.cumulative"]) == (72804, 76424)
    assert (got["leg_fj.active.website.year"], got["leg_fj.active.website.cumulative"]) == (72804, 76424)
    rows = ("apply.received", "apply.received.in_person", "apply.received.fax", "apply.received.email",
            "apply.received.online", "apply.received.letter", "reply.total", "reply.granted",
            "reply.partially_granted", "reply.denied", "review", "litigation")
    assert {c: v for c, v in got.items() if not c.startswith("leg_fj.active.")} == {
        f"leg_fj.{row}.{col}": 0.0 for row in rows for col in ("year", "cumulative")}
    # 行政申诉、举报数 (its last row) is no row of the catalogue: not read
    # the prose's 主动公开政府信息4970条 contradicts the table's 72804: flagged, as in its page.txt
    assert r.status == "flag" and [p.check for p in r.problems] == ["rx3.prose_vs_table"]


def test_a_letter_filed_among_the_reports_is_rejected_from_its_page_too():
    """80787 (关于2014年政府信息公开工作要点落实情况的函), with its 5300余条 and 121510件, in the 年报 column."""
    r = record("80787")
    assert r.status == "reject" and [p.check for p in r.problems] == [NOT_A_REPORT]
    assert not r.cells and "proactive_disclosed" not in r.figures


def test_2019_grid_gives_the_cells_its_flattened_text_leaves_uncertain():
    r = record("80576")
    assert (r.status, r.meta.agency, r.meta.report_year, r.template) == ("ok", AGENCY, 2019, "gb2019")
    t2 = {"rules.new_made": 0, "rules.new_published": 0, "rules.total_published": 0,
          "normative_docs.new_made": 89, "normative_docs.new_published": 89, "normative_docs.total_published": 89,
          "licensing.prev_items": 396, "licensing.delta": 0, "licensing.decisions": 181,
          "other_services.prev_items": 10, "other_services.delta": 0, "other_services.decisions": 153,
          "punishment.prev_items": 2648, "punishment.delta": 0, "punishment.decisions": 430,
          "coercion.prev_items": 126, "coercion.delta": 0, "coercion.decisions": 25,
          "fees.prev_items": 35, "fees.delta": 0,
          "procurement.items": 135, "procurement.amount_10k_yuan": 7539.443252}  # 75394432.52元
    want = expected_tables("gb2019", {f"t2.{k}": float(v) for k, v in t2.items()}, {
        "new_received": (23, 0, 0, 0, 0, 0, 23), "granted": (7, 0, 0, 0, 0, 0, 7),
        "partial": (1, 0, 0, 0, 0, 0, 1), "unable.not_held": (7, 0, 0, 0, 0, 0, 7),
        "unable.unclear": (5, 0, 0, 0, 0, 0, 5), "not_processed.duplicate": (3, 0, 0, 0, 0, 0, 3),
        "total_processed": (23, 0, 0, 0, 0, 0, 23),
    }, ((0,) * 5, (0,) * 5, (0,) * 5))
    got = values(r)
    assert got.keys() == want.keys()
    for code, v in want.items():
        assert abs(got[code] - v) < 1e-9, code
    assert not r.uncertain and not r.problems


def test_2022_grid_splits_what_the_text_ran_together_and_a_misspelt_heading_still_ends_table_3():
    r = record("80629")
    assert (r.status, r.meta.agency, r.meta.report_year, r.template) == ("ok", AGENCY, 2022, "gb2021")
    t2 = {"rules.made": 0, "rules.repealed": 0, "rules.valid": 0,
          "normative_docs.made": 88, "normative_docs.repealed": 55, "normative_docs.valid": 698,
          "licensing.decisions": 10690, "punishment.decisions": 2113, "coercion.decisions": 0,
          "fees.amount_10k_yuan": 9116.36}
    want = expected_tables("gb2021", {f"t2.{k}": float(v) for k, v in t2.items()}, {
        "new_received": (71, 3, 0, 0, 0, 0, 74), "carried_in": (1, 0, 0, 0, 0, 0, 1),
        "granted": (21, 0, 0, 0, 0, 0, 21), "partial": (8, 1, 0, 0, 0, 0, 9),
        "denied.internal_affairs": (1, 0, 0, 0, 0, 0, 1), "denied.process_info": (2, 0, 0, 0, 0, 0, 2),
        "denied.enforcement_files": (1, 0, 0, 0, 0, 0, 1), "unable.not_held": (37, 0, 0, 0, 0, 0, 37),
        "other.no_supplement": (2, 0, 0, 0, 0, 0, 2), "other.other": (0, 2, 0, 0, 0, 0, 2),
        "total_processed": (72, 3, 0, 0, 0, 0, 75),
    }, ((0, 1, 1, 0, 2), (1, 0, 0, 0, 1), (0,) * 5))
    want = {c: v for c, v in want.items() if not c.startswith("t3.other.total.")}  # gb2021 splits （六）
    assert values(r) == want
    assert r.figures["proactive_disclosed"].value == 14571 and r.figures["fees_yuan"].value == 0
    # 四、政府信息公开行政法复议 (sic) ends table 3: table 4's header is no unlabelled table-3 row
    assert not r.uncertain and not r.problems


SHARED_REAL = Path(__file__).resolve().parents[2] / "shared" / "real_reports"
TEXT_VERSIONS = (Path(__file__).parent / "fixtures" / "pingtan", SHARED_REAL)
_DOCS = ("t2.normative_docs.made", "t2.normative_docs.repealed", "t2.normative_docs.valid")
# per page: the cells its flattened page.txt leaves uncertain, as the page's own cells have them
BEYOND_TEXT = {
    "80445": {},
    "80716": {},
    "80734": {},  # flagged in both: the prose's 主动公开1913条 against the table's 739
    "80485": {},
    "80678": {},
    "80754": {"leg_fj.active.website.year": 1713, "leg_fj.active.website.cumulative": 5017},
    "80774": {},  # prose only: its figures
    "80791": {},
    "80725": {"leg_fj.active.website.year": 1795, "leg_fj.active.website.cumulative": 3304},
    "80529": {},
    "80595": {f"t2.{k}": v for k, v in {  # its table 2 flattened: 16 cells the text cannot split
        "normative_docs.new_made": 77, "normative_docs.new_published": 77, "normative_docs.total_published": 166,
        "licensing.prev_items": 396, "licensing.delta": 442, "licensing.decisions": 278,
        "other_services.prev_items": 10, "other_services.delta": 7, "other_services.decisions": 105,
        "punishment.delta": -18, "punishment.decisions": 538,
        "coercion.prev_items": 126, "coercion.delta": 26, "coercion.decisions": 29,
        "procurement.items": 395, "procurement.amount_10k_yuan": 7380.28959}.items()},  # 73802895.90元
    "80613": dict(zip(_DOCS, (69, 3, 665))),  # its header's 自然人 spans two columns
    "87885": dict(zip(_DOCS, (77, 132, 470))),
    "97791": dict(zip(_DOCS, (62, 33, 440))),
    "105587": dict(zip(_DOCS, (58, 45, 546))),
}


@pytest.mark.parametrize("prefix", sorted(BEYOND_TEXT))
def test_pages_agree_with_their_text_versions_and_split_what_those_ran_together(prefix):
    """The page gives every cell its flattened page.txt gives (values read by hand in
    test_pingtan_archive / ../shared truth), plus the runs the text left uncertain."""
    texts = [p for d in TEXT_VERSIONS if d.exists() for p in d.glob(f"{prefix}_*__page.txt")]
    if not texts:
        pytest.skip("text version not present (../shared)")
    txt = extract_file(texts[0], texts[0].name)
    page = record(prefix)
    extra = BEYOND_TEXT[prefix]
    assert set(extra) <= set(txt.uncertain)  # 77132470, 6233440, 5845546, 17953304: several readings
    assert values(page) == dict(values(txt), **{c: float(v) for c, v in extra.items()})
    assert set(page.uncertain) == set(txt.uncertain) - set(extra)
    assert {f: v.value for f, v in page.figures.items()} == {f: v.value for f, v in txt.figures.items()}
    assert (page.status, page.meta.agency, page.meta.report_year, page.meta.publish_date) == (
        txt.status, txt.meta.agency, txt.meta.report_year, txt.meta.publish_date)
    assert not [p for p in page.problems if p.check.startswith(("t2_", "t3_"))], page.problems  # read cleanly
    assert [p.check for p in page.problems if p.severity == "error"] == [
        p.check for p in txt.problems if p.severity == "error"]  # the page's own contradictions, as in its text


@pytest.mark.parametrize("page", sorted(p.name for p in FIXTURES.glob("*.html")))
def test_the_same_tables_in_other_layouts_never_give_another_value(page, tmp_path):
    """Metamorphic: each page's tables re-written as Markdown, bare pipes, TAB rows that lost
    their trailing empty cells, and space-separated rows. A layout may lose what it cannot
    carry (which column a lone value of a row with an empty cell belongs to), never give a value
    the page does not have; the layouts that keep every cell keep every value."""
    path = FIXTURES / page
    want = values(record(page.split("_")[0]))
    text = read_document(path, page).text
    for name, variant in other_layouts(text).items():
        out = tmp_path / f"{name}.txt"
        out.write_text(variant, encoding="utf-8")
        got = values(extract_file(out, out.name))
        assert {c: v for c, v in got.items() if want.get(c) != v} == {}, name
        if name in LOSSLESS:
            assert got == want, name
