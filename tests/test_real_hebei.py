"""Real reports outside ../shared (tests/fixtures/real_hebei): a crawler's text of three Hebei
provincial departments' reports, 2013-2023, with the values read off them by hand."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from gongkai.pipeline import extract_file

HERE = Path(__file__).parent / "fixtures" / "real_hebei"
APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
              "legal_service_org", "other_org", "total")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
T4_GROUPS = ("review", "litigation_direct", "litigation_after_review")


@lru_cache(maxsize=None)
def record(name: str):
    return extract_file(HERE / f"{name}.txt", f"{name}.txt")


def figures(name: str) -> dict[str, float]:
    return {k: v.value for k, v in record(name).figures.items()}


def cells(name: str) -> dict[str, float]:
    return {k: v.value for k, v in record(name).cells.items()}


# -- prose reports (legacy years) -------------------------------------------------------------
# every figure the text states as the year's own, and nothing else
PROSE = {
    # 收到4份以信函形式提出的信息公开申请; 无行政复议事项
    "河北省工业和信息化厅2017年政府信息公开报告": {
        "proactive_disclosed": 947, "applications_received": 4, "reconsiderations": 0},
    "河北省工业和信息化厅2018年政府信息公开报告": {
        "proactive_disclosed": 357, "applications_received": 4, "reconsiderations": 0},
    # …（七）总计22四、结转下年度继续办理四、政府信息公开行政复议、行政诉讼情况2019年…未发生…: the
    # page on one line, the heading glued to the table; the table's 22 (2 and 2, blanks gone) unread
    "河北省工业和信息化厅2019年政府信息公开报告": {
        "applications_received": 2, "reconsiderations": 0, "lawsuits": 0},
    "河北省工业和信息化厅2020年政府信息公开工作年度报告": {
        "applications_received": 1, "reconsiderations": 0, "lawsuits": 0, "fees_yuan": 0},
    # 收到依申请公开信息1件; 未发生有关政府信息公开方面的收费
    "河北省教育厅2013年度政府信息公开总结": {
        "proactive_disclosed": 293, "applications_received": 1, "fees_yuan": 0},
    # 共受理行政复议1起，行政诉讼1起，没有因政府信息公开而被提起的…: all cases, none on disclosure
    "河北省教育厅2014年度政府信息公开工作报告": {
        "proactive_disclosed": 1635, "applications_received": 3, "reconsiderations": 0, "lawsuits": 0},
    # 受理依申请信息公开3件
    "河北省教育厅2016年度政府信息公开工作报告": {
        "proactive_disclosed": 1621, "applications_received": 3, "reconsiderations": 0, "lawsuits": 0},
    "河北省教育厅2018年度政府信息公开工作年度报告": {
        "proactive_disclosed": 1683, "applications_received": 1, "reconsiderations": 0, "lawsuits": 0},
    # 收到申请事项1件，办理答复1件; 首次受理政府信息公开行政复议1件，未受理行政诉讼案件
    "河北省科学技术厅信息公开年报": {
        "proactive_disclosed": 2251, "applications_received": 1, "applications_closed": 1,
        "reconsiderations": 1, "lawsuits": 0, "fees_yuan": 0},
    "河北省科技厅2016年政府信息公开工作年度报告": {
        "proactive_disclosed": 1700, "applications_received": 1, "applications_closed": 1,
        "reconsiderations": 0, "lawsuits": 0, "fees_yuan": 0},
    # 430余条 is approximate: no proactive figure
    "河北省科学技术厅2017年政府信息公开工作年度报": {
        "applications_received": 0, "reconsiderations": 0, "lawsuits": 0, "fees_yuan": 0},
    # 2018年，信息公开引起行政复议和提起行政诉讼。 (its 未 lost): no zero read from it
    "河北省科学技术厅2018年政府信息公开工作年度报": {"applications_received": 3, "fees_yuan": 0},
    # the 2019/2020 tables are not in the text; the prose states the zeros
    "河北省科学技术厅2019年政府信息公开工作年度报": {
        "applications_received": 0, "reconsiderations": 0, "lawsuits": 0},
    # …采购总金额 102339.45万元　三、收到和处理政府信息公开申请情况　2020年未收到政府信息公开申请
    "河北省科学技术厅2020年政府信息公开工作年度报": {
        "applications_received": 0, "reconsiderations": 0, "lawsuits": 0},
}


@pytest.mark.parametrize("name", sorted(PROSE))
def test_prose_figures_as_read_by_hand(name):
    assert figures(name) == PROSE[name]


def test_applications_by_letter_are_counted_in_copies():
    """收到2份以信函形式提出的信息公开申请: 份 counts applications too."""
    assert figures("河北省工业和信息化厅2016年度政府信息公开工作报告")["applications_received"] == 2


# -- flattened and spaced tables (2019-2023) --------------------------------------------------
T3 = {
    # cells run together: 4000004, 121010014 (12 1 0 1 0 0 14), 81010010 (8 1 0 1 0 0 10)
    "河北省工业和信息化厅2021年度政府信息公开工作报告": {
        "new_received": (4, 0, 0, 0, 0, 0, 4), "granted": (3, 0, 0, 0, 0, 0, 3),
        "partial": (1, 0, 0, 0, 0, 0, 1), "total_processed": (4, 0, 0, 0, 0, 0, 4)},
    "河北省工业和信息化厅2022年度政府信息公开工作报告": {
        "new_received": (12, 1, 0, 1, 0, 0, 14), "granted": (3, 1, 0, 1, 0, 0, 5),
        "partial": (1, 0, 0, 0, 0, 0, 1), "unable.not_held": (8, 0, 0, 0, 0, 0, 8),
        "total_processed": (12, 1, 0, 1, 0, 0, 14)},
    "河北省工业和信息化厅2023年度政府信息公开工作报告": {
        "new_received": (8, 1, 0, 1, 0, 0, 10), "granted": (3, 1, 0, 0, 0, 0, 4),
        "partial": (2, 0, 0, 0, 0, 0, 2), "unable.not_held": (3, 0, 0, 1, 0, 0, 4),
        "total_processed": (8, 1, 0, 1, 0, 0, 10)},
    "河北省科学技术厅2021年政府信息公开工作年度报": {
        "new_received": (2, 0, 0, 0, 0, 0, 2), "granted": (1, 0, 0, 0, 0, 0, 1),
        "denied.internal_affairs": (1, 0, 0, 0, 0, 0, 1), "total_processed": (2, 0, 0, 0, 0, 0, 2)},
    "河北省科学技术厅2023年政府信息公开工作年度报": {
        "new_received": (17, 0, 0, 0, 0, 0, 17), "granted": (17, 0, 0, 0, 0, 0, 17),
        "total_processed": (17, 0, 0, 0, 0, 0, 17)},
    # every cell a paragraph, two blank lines between cells
    "河北省教育厅2021年政府信息公开工作年度报告": {
        "new_received": (34, 1, 0, 0, 2, 0, 37), "granted": (16, 0, 0, 0, 2, 0, 18),
        "partial": (1, 0, 0, 0, 0, 0, 1), "denied.third_party": (1, 0, 0, 0, 0, 0, 1),
        "unable.not_held": (1, 0, 0, 0, 0, 0, 1), "unable.need_creation": (1, 0, 0, 0, 0, 0, 1),
        "not_processed.petition": (14, 1, 0, 0, 0, 0, 15), "total_processed": (34, 1, 0, 0, 2, 0, 37)},
    "河北省教育厅2022年政府信息公开工作年度报告": {
        "new_received": (41, 2, 0, 0, 1, 0, 44), "granted": (24, 2, 0, 0, 1, 0, 27),
        "partial": (3, 0, 0, 0, 0, 0, 3), "denied.security_stability": (1, 0, 0, 0, 0, 0, 1),
        "denied.third_party": (2, 0, 0, 0, 0, 0, 2), "unable.not_held": (2, 0, 0, 0, 0, 0, 2),
        "unable.need_creation": (1, 0, 0, 0, 0, 0, 1), "unable.unclear": (1, 0, 0, 0, 0, 0, 1),
        "not_processed.petition": (5, 0, 0, 0, 0, 0, 5), "other.no_supplement": (2, 0, 0, 0, 0, 0, 2),
        "total_processed": (41, 2, 0, 0, 1, 0, 44)},
    "河北省教育厅2023年政府信息公开工作年度报告": {
        "new_received": (18, 1, 0, 0, 0, 0, 19), "granted": (9, 0, 0, 0, 0, 0, 9),
        "partial": (2, 0, 0, 0, 0, 0, 2), "denied.security_stability": (1, 0, 0, 0, 0, 0, 1),
        "denied.third_party": (2, 1, 0, 0, 0, 0, 3), "unable.not_held": (2, 0, 0, 0, 0, 0, 2),
        "unable.need_creation": (1, 0, 0, 0, 0, 0, 1), "not_processed.petition": (1, 0, 0, 0, 0, 0, 1),
        "total_processed": (18, 1, 0, 0, 0, 0, 19)},
}
T4 = {
    "河北省工业和信息化厅2021年度政府信息公开工作报告": ((0, 0, 0, 0, 0), (0, 0, 0, 0, 0), (0, 0, 0, 0, 0)),
    "河北省工业和信息化厅2022年度政府信息公开工作报告": ((1, 0, 0, 0, 1), (0, 0, 0, 0, 0), (1, 0, 0, 0, 1)),
    "河北省工业和信息化厅2023年度政府信息公开工作报告": ((0, 0, 0, 1, 1), (3, 0, 0, 0, 3), (0, 0, 0, 1, 1)),
    "河北省教育厅2021年政府信息公开工作年度报告": ((0, 0, 0, 0, 0), (6, 0, 0, 0, 6), (2, 0, 0, 0, 2)),
    "河北省教育厅2022年政府信息公开工作年度报告": ((2, 2, 0, 0, 4), (0, 1, 0, 1, 2), (1, 0, 0, 0, 1)),
    "河北省教育厅2023年政府信息公开工作年度报告": ((6, 1, 0, 0, 7), (0, 0, 0, 0, 0), (6, 1, 0, 0, 7)),
}


@pytest.mark.parametrize("name", sorted(T3))
def test_table_3_as_read_by_hand(name):
    got = cells(name)
    want = {f"t3.{row}.{a}": v for row, vals in T3[name].items() for a, v in zip(APPLICANTS, vals)}
    assert {k: got.get(k) for k in want} == want
    # every other row of table 3 is printed with zeros only
    others = {k: v for k, v in got.items() if k.startswith("t3.") and k.rsplit(".", 1)[0][3:] not in T3[name]}
    assert others and set(others.values()) == {0}


@pytest.mark.parametrize("name", sorted(T4))
def test_table_4_as_read_by_hand(name):
    got = cells(name)
    want = {f"t4.{g}.{c}": v for g, vals in zip(T4_GROUPS, T4[name]) for c, v in zip(T4_COLUMNS, vals)}
    assert {k: got.get(k) for k in want} == want


def test_spaced_cells_leave_blank_rows_blank():
    """教育厅 2019: two blank lines between cells, an empty row is 24 line ends; blank is no 0."""
    name = "河北省教育厅2019年政府信息公开工作年度报告"
    got = cells(name)
    for row, vals in {"new_received": (16, 0, 0, 0, 0, 0, 16), "carried_in": (0,) * 7,
                      "granted": (9, 0, 0, 0, 0, 0, 9), "unable.not_held": (3, 0, 0, 0, 0, 0, 3),
                      "unable.need_creation": (4, 0, 0, 0, 0, 0, 4),
                      "total_processed": (16, 0, 0, 0, 0, 0, 16), "carried_out": (0,) * 7}.items():
        assert [got.get(f"t3.{row}.{a}") for a in APPLICANTS] == list(vals), row
    for row in ("partial", "denied.state_secret", "unable.unclear", "not_processed.petition", "other.total"):
        assert not any(k.startswith(f"t3.{row}.") for k in got), row
    # table 4 prints only its three 总计 columns, 0 each: its first four cells are empty paragraphs
    assert {k: v for k, v in got.items() if k.startswith("t4.")} == {
        "t4.review.total": 0, "t4.litigation_direct.total": 0, "t4.litigation_after_review.total": 0}
    # and table 2 every cell, in its column
    assert {k: got[k] for k in ("t2.normative_docs.new_made", "t2.licensing.prev_items", "t2.licensing.decisions",
                                "t2.other_services.prev_items", "t2.fees.prev_items", "t2.procurement.items")} == {
        "t2.normative_docs.new_made": 16, "t2.licensing.prev_items": 9, "t2.licensing.decisions": 16,
        "t2.other_services.prev_items": 17, "t2.fees.prev_items": 21, "t2.procurement.items": 22}
    f = figures(name)
    assert (f["applications_received"], f["granted"], f["applications_closed"]) == (16, 9, 16)
    assert "partially_granted" not in f and "unable_to_provide" not in f  # rows left blank


def test_digit_runs_with_two_readings_stay_uncertain():
    """科技厅 2022: 110000011 is 11 … 11 or 1 10 … 11; its 总计 row 20000011 adds up to nothing."""
    rec = record("河北省科学技术厅2022年政府信息公开工作年度报")
    got = cells("河北省科学技术厅2022年政府信息公开工作年度报")
    assert got["t3.new_received.total"] == 11 and got["t3.granted.total"] == 10
    assert "t3.new_received.natural_person" in rec.uncertain
    assert not any(k.startswith("t3.total_processed.") for k in got)


def test_statistics_table_one_field_per_line_with_row_notes():
    """教育厅 统计表 2018: label, its note (（不同渠道和方式公开相同信息计1条)), unit, value: each a line."""
    got = cells("河北省教育厅政府信息公开情况统计表2018年度")
    assert {k: got.get(k) for k in (
        "leg.proactive.total", "leg.proactive.normative_docs", "leg.channel.website", "leg.channel.wechat",
        "leg.channel.other", "leg.response.hot_topics", "leg.response.policy_explainers",
        "leg.apply.received", "leg.apply.letter", "leg.apply.closed", "leg.reply.total",
        "leg.reconsideration.total", "leg.reconsideration.upheld", "leg.litigation.total",
        "leg.fees_10k_yuan", "leg.org.reading_points", "leg.org.staff_total", "leg.org.staff_parttime",
        "leg.training.meetings")} == {
        "leg.proactive.total": 1683, "leg.proactive.normative_docs": 4, "leg.channel.website": 1683,
        "leg.channel.wechat": 1057, "leg.channel.other": 575, "leg.response.hot_topics": 4,
        "leg.response.policy_explainers": 50, "leg.apply.received": 1, "leg.apply.letter": 1,
        "leg.apply.closed": 1, "leg.reply.total": 0, "leg.reconsideration.total": 1,
        "leg.reconsideration.upheld": 1, "leg.litigation.total": 5, "leg.fees_10k_yuan": 0,
        "leg.org.reading_points": 2, "leg.org.staff_total": 2, "leg.org.staff_parttime": 2,
        "leg.training.meetings": 2}
    assert figures("河北省教育厅政府信息公开情况统计表2018年度")["proactive_disclosed"] == 1683


# -- metadata and documents of another kind -------------------------------------------------
def test_every_file_names_its_department_and_year():
    for path in sorted(HERE.glob("*.txt")):
        rec = record(path.stem)
        if "法治" in path.stem:
            continue
        assert rec.status == "ok", path.stem
        m = rec.meta
        if path.stem == "河北省科学技术厅信息公开年报":
            assert m.report_year == 2015  # 特向社会公布2015年度我厅信息公开工作年度报告
        else:
            assert m.report_year is not None and str(m.report_year) in path.stem, path.stem
        if path.stem in ("河北省科学技术厅信息公开年报", "河北省教育厅政府信息公开情况统计表2018年度"):
            assert m.agency is None  # the text names no agency beyond 我厅 / 省科学技术厅网站
        else:
            dept = path.stem[:path.stem.index("厅") + 1].replace("科技厅", "科学技术厅")
            assert (m.agency, m.province, m.level) == (dept, "河北省", "province"), path.stem


def test_a_title_cut_short_by_the_portal_still_names_the_agency():
    rec = record("河北省科学技术厅2023年政府信息公开工作年度报")
    m = rec.meta
    assert (m.agency, m.report_year, m.publish_date) == ("河北省科学技术厅", 2023, "2024-01-29")


@pytest.mark.parametrize("name", ["河北省工业和信息化厅2018年法治政府建设情况", "河北省工业和信息化厅2020年法治政府建设情况",
                                  "河北省工业和信息化厅2023年度法治政府建设情况报告",
                                  "河北省工业和信息化厅关于2019年法治政府建设情况的报告"])
def test_rule_of_law_reports_in_the_same_column_are_rejected(name):
    rec = record(name)
    assert rec.status == "reject" and "not an annual report" in rec.reject_reason
    assert rec.cells == {} and rec.figures == {}


def test_the_crawlers_csv_export_is_rejected_not_read_as_one_report():
    """Read as one text, the export would give the first record's 2023 tables to a file of eleven
    documents (2015-2023)."""
    path = HERE / "河北省科学技术厅_政府信息公开年报.csv"
    rec = extract_file(path, path.name)
    assert rec.status == "reject" and "CSV table of 11 records" in rec.reject_reason
    assert rec.cells == {} and rec.figures == {}
