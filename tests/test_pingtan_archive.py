"""Real reports outside ../shared (tests/fixtures/pingtan): flattened tables read the one way the
template and its sums allow, ambiguous runs left uncertain, and documents judged as a reader would."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from gongkai.catalogue import indicators
from gongkai.pipeline import NOT_A_REPORT, extract_file

FIXTURES = Path(__file__).parent / "fixtures" / "pingtan"
APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
              "legal_service_org", "other_org", "total")
T4 = ("upheld", "corrected", "other", "pending", "total")


@lru_cache(maxsize=None)
def record(prefix: str):
    (path,) = FIXTURES.glob(f"{prefix}_*")
    return extract_file(path, path.name)


def values(r) -> dict[str, float]:
    return {c: v.value for c, v in r.cells.items()}


def t3_codes() -> list[str]:
    return [c for c, i in indicators().items()
            if i.table == "t3" and "gb2021" in i.templates and ".other.total." not in c]


def expect_t3(r, nonzero_rows: dict[str, tuple]) -> None:
    """Every gb2021 table-3 cell is stated: the rows given here as printed, all others 0."""
    want = {f"t3.{row}.{col}": float(v) for row, vals in nonzero_rows.items() for col, v in zip(APPLICANTS, vals)}
    got = values(r)
    for code in t3_codes():
        assert got.get(code) == want.get(code, 0.0), code


def expect_t4(r, review, direct, after) -> None:
    got = values(r)
    for block, vals in (("review", review), ("litigation_direct", direct), ("litigation_after_review", after)):
        for col, v in zip(T4, vals):
            assert got[f"t4.{block}.{col}"] == v, (block, col)


def test_2022_runs_split_by_the_row_sums_and_the_received_sentence_counts_the_carry_over():
    r = record("80629")
    expect_t3(r, {
        "new_received": (71, 3, 0, 0, 0, 0, 74), "carried_in": (1, 0, 0, 0, 0, 0, 1),
        "granted": (21, 0, 0, 0, 0, 0, 21), "partial": (8, 1, 0, 0, 0, 0, 9),
        "denied.internal_affairs": (1, 0, 0, 0, 0, 0, 1), "denied.process_info": (2, 0, 0, 0, 0, 0, 2),
        "denied.enforcement_files": (1, 0, 0, 0, 0, 0, 1), "unable.not_held": (37, 0, 0, 0, 0, 0, 37),
        "other.no_supplement": (2, 0, 0, 0, 0, 0, 2), "other.other": (0, 2, 0, 0, 0, 0, 2),
        "total_processed": (72, 3, 0, 0, 0, 0, 75),
    })
    expect_t4(r, (0, 1, 1, 0, 2), (1, 0, 0, 0, 1), (0, 0, 0, 0, 0))
    got = values(r)
    assert (got["t2.licensing.decisions"], got["t2.punishment.decisions"], got["t2.coercion.decisions"],
            got["t2.fees.amount_10k_yuan"]) == (10690, 2113, 0, 9116.36)
    # 8855698 has several readings for 制发/废止/现行有效; the text's 现行有效行政规范性文件698件 and
    # 制发的规范性文件88件 leave one (88|55|698, as the page's own grid has it: test_pingtan_html)
    assert (got["t2.normative_docs.made"], got["t2.normative_docs.repealed"], got["t2.normative_docs.valid"]) == (88, 55, 698)
    assert [p.check for p in r.problems] == ["t2_prose_split"]
    assert r.figures["proactive_disclosed"].value == 14571 and r.figures["fees_yuan"].value == 0
    # 全区收到政府信息公开申请75件 = 新收 74 + 上年结转 1: the same applications, not a contradiction
    assert r.figures["applications_received"].value == 74
    assert r.status == "ok", r.problems


def test_2023_and_2024_tables():
    r = record("87885")
    expect_t3(r, {
        "new_received": (80, 1, 0, 0, 0, 0, 81), "granted": (22, 0, 0, 0, 0, 0, 22),
        "partial": (19, 1, 0, 0, 0, 0, 20), "denied.third_party": (1, 0, 0, 0, 0, 0, 1),
        "denied.process_info": (1, 0, 0, 0, 0, 0, 1), "denied.enforcement_files": (1, 0, 0, 0, 0, 0, 1),
        "denied.query_matters": (2, 0, 0, 0, 0, 0, 2), "unable.not_held": (31, 0, 0, 0, 0, 0, 31),
        "not_processed.duplicate": (1, 0, 0, 0, 0, 0, 1), "other.no_supplement": (1, 0, 0, 0, 0, 0, 1),
        "other.other": (1, 0, 0, 0, 0, 0, 1), "total_processed": (80, 1, 0, 0, 0, 0, 81),
    })
    expect_t4(r, (1, 1, 0, 0, 2), (4, 0, 0, 1, 5), (1, 0, 1, 0, 2))
    # the text's 现行有效行政规范性文件393件 ends no reading of 77132470: the run stays uncertain
    assert "t2.normative_docs.valid" in r.uncertain and r.status == "ok"
    assert "t2_prose_split" not in [p.check for p in r.problems]

    r = record("97791")
    expect_t3(r, {
        "new_received": (217, 1, 0, 0, 0, 0, 218), "granted": (71, 0, 0, 0, 0, 0, 71),
        "partial": (29, 0, 0, 0, 0, 0, 29), "denied.state_secret": (4, 0, 0, 0, 0, 0, 4),
        "denied.third_party": (3, 0, 0, 0, 0, 0, 3), "denied.internal_affairs": (32, 0, 0, 0, 0, 0, 32),
        "unable.not_held": (75, 0, 0, 0, 0, 0, 75), "not_processed.duplicate": (1, 0, 0, 0, 0, 0, 1),
        "other.no_supplement": (1, 0, 0, 0, 0, 0, 1), "other.other": (1, 1, 0, 0, 0, 0, 2),
        "total_processed": (217, 1, 0, 0, 0, 0, 218),
    })
    expect_t4(r, (2, 1, 3, 1, 7), (0, 0, 0, 0, 0), (13, 2, 4, 0, 19))
    assert r.figures["lawsuits"].value == 19 and r.status == "ok"


def fj(r, row: str) -> tuple:
    got = values(r)
    return got.get(f"leg_fj.{row}.year"), got.get(f"leg_fj.{row}.cumulative")


def test_fujian_table_with_a_spaced_header_is_read():
    # 指标名称 计量 单位 2011 年度 历年累计: the header broken by spaces
    r = record("80678")
    assert fj(r, "active.disclosed") == (425, 1516)
    assert fj(r, "active.website") == (418, 1509) and fj(r, "active.gazette") == (7, 7)
    assert fj(r, "apply.received") == (0, 0) and fj(r, "reply.total") == (0, 0)
    assert r.status == "ok"


@pytest.mark.parametrize("prefix, disclosed, rows", [
    # 20263542 / 17953304 / 07: 网站 + 公报 ≠ 主动公开 in every reading (the channels count loosely);
    # the prose 主动公开政府信息2026条 still fixes the total, 公报 07 has one reading, 网站 stays open
    ("80725", (2026, 3542), {"active.gazette": (0, 7), "apply.received": (21, 21),
                             "apply.received.in_person": (18, 18), "apply.received.email": (3, 3),
                             "reply.total": (21, 21), "reply.granted": (17, 17),
                             "reply.partially_granted": (2, 2), "reply.denied": (2, 2)}),
    ("80754", (1853, 5395), {"active.gazette": (0, 7), "apply.received": (7, 28),
                             "apply.received.in_person": (0, 18), "apply.received.email": (3, 6),
                             "apply.received.online": (4, 4), "reply.total": (3, 24),
                             "reply.granted": (2, 19), "reply.partially_granted": (1, 3),
                             "reply.denied": (0, 2)}),
])
def test_flattened_fujian_table_where_the_channel_sum_fails(prefix, disclosed, rows):
    r = record(prefix)
    assert fj(r, "active.disclosed") == disclosed
    for row, want in rows.items():
        assert fj(r, row) == want, row
    assert fj(r, "active.website") == (None, None)
    assert "leg_fj.active.website.year" in r.uncertain
    assert r.status == "ok"


@pytest.mark.parametrize("prefix, year, cumulative", [("80791", 2543, 78967), ("80485", 3460, 85376)])
def test_fujian_2014_variant(prefix, year, cumulative):
    r = record(prefix)
    assert fj(r, "active.disclosed") == (year, cumulative)
    assert fj(r, "fee_waived_yuan") == (0, 0) and r.status == "ok"


@pytest.mark.parametrize("prefix, prose, table", [("80734", 1913, 739), ("80759", 4970, 72804)])
def test_prose_total_that_contradicts_the_table_flags_the_report(prefix, prose, table):
    r = record(prefix)
    assert fj(r, "active.disclosed")[0] == table
    assert r.status == "flag"
    assert any(p.check == "rx3.prose_vs_table" and str(prose) in p.message for p in r.problems)


def test_a_letter_in_the_report_column_is_no_report():
    r = record("80787")  # 关于2014年政府信息公开工作要点落实情况的函
    assert r.status == "reject"
    assert [p.check for p in r.problems if p.severity == "error"] == [NOT_A_REPORT]
    assert "函" in r.reject_reason


def test_every_report_names_the_agency_and_year():
    for path in FIXTURES.glob("*__page.txt"):
        r = extract_file(path, path.name)
        if r.status == "reject":
            continue
        year = int(path.name.split("_")[1].split("年")[0][-4:])
        assert r.meta.report_year == year, path.name
        assert r.meta.province == "福建省" and r.meta.county == "平潭县", path.name
