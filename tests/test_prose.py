"""Prose reader: figures stated in sentences, zeros stated in words, traps that are not figures."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.extract.prose import extract_prose
from gongkai.normalize import normalize_text

SHARED = Path(__file__).resolve().parents[2] / "shared"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared not present")
SEEDS = SHARED / "seeds"
REAL = SHARED / "real_reports"


def figs(text: str, year: int | None = 2017) -> dict[str, float]:
    return {k: v.value for k, v in extract_prose(normalize_text(text)[0], year).figures.items()}


def seed(name: str):
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    truth = json.loads((SEEDS / "truth" / f"{name}.json").read_text(encoding="utf-8"))
    return extract_prose(normalize_text(text)[0], truth["report_year"]), truth


# ---------------------------------------------------------------------------------------------
# Seeds: prose-only reports must come out exactly
# ---------------------------------------------------------------------------------------------
@needs_shared
@pytest.mark.parametrize("name", ["002_jiaxiang_subdistrict_2017", "003_baohe_district_2018_traditional",
                                  "004_qinzhou_approval_2017"])
def test_prose_only_seeds_exact(name):
    res, truth = seed(name)
    assert {k: v.value for k, v in res.figures.items()} == truth["figures"]
    assert res.uncertain == {}


@needs_shared
def test_seed_002_values_keep_their_sentence():
    res, _ = seed("002_jiaxiang_subdistrict_2017")
    v = res.figures["proactive_disclosed"]
    assert (v.value, v.source, v.where) == (232, "prose", "line 18")
    assert "共主动公开政府信息232条" in v.raw
    assert "未收到政府信息公开申请" in res.figures["applications_received"].raw


@needs_shared
def test_seed_003_disclosure_site_count_not_portal_count():
    res, _ = seed("003_baohe_district_2018_traditional")
    assert res.figures["proactive_disclosed"].value == 15654  # not the portal's 26258
    assert "proactive_disclosed" not in res.uncertain


@needs_shared
def test_seed_001_prose_figures():
    res, truth = seed("001_zhangdian_enforcement_2020")
    got = {k: v.value for k, v in res.figures.items()}
    assert got == {"proactive_disclosed": 465, "applications_received": 1, "staff_fulltime": 3,
                   "reconsiderations": 0, "lawsuits": 0}
    assert all(truth["figures"][k] == v for k, v in got.items())


@needs_shared
def test_seed_000_only_what_truth_allows():
    res, truth = seed("000_yanzhou_enforcement_2017")
    got = {k: v.value for k, v in res.figures.items()}
    assert got == {"proactive_disclosed": 39}  # no phone number, no 1000余次, no 一名专职人员
    assert truth["figures"]["proactive_disclosed"] == 39


# ---------------------------------------------------------------------------------------------
# Real reports: prose figures never contradict the truth (two documented scope mismatches)
# ---------------------------------------------------------------------------------------------
def _real_text(truth: dict) -> str:
    f = truth["file"]
    path = REAL / "derived" / (f[:-4] + ".pdftotext-layout.txt") if f.endswith(".pdf") else REAL / f
    return normalize_text(path.read_text(encoding="utf-8"))[0]


@needs_shared
@pytest.mark.parametrize("name", [p.stem for p in sorted((REAL / "truth").glob("*.json"))
                                  if not p.stem.startswith("2019年")] if REAL.exists() else [])
def test_real_reports_agree_with_truth(name):
    truth = json.loads((REAL / "truth" / f"{name}.json").read_text(encoding="utf-8"))
    got = {k: v.value for k, v in extract_prose(_real_text(truth), truth["report_year"]).figures.items()}
    allowed_extra = {"hzq2024_working": {"applications_received": 17}}.get(name, {})
    for k, v in got.items():
        assert truth["figures"].get(k, allowed_extra.get(k)) == v, (k, v)


@needs_shared
def test_real_gb_sentences():
    truth = json.loads((REAL / "truth" / "szfgs2024.json").read_text(encoding="utf-8"))
    res = extract_prose(_real_text(truth), 2024)
    got = {k: v.value for k, v in res.figures.items()}
    assert got == {"applications_received": 3119, "applications_closed": 3050, "applications_carried_in": 34,
                   "applications_carried_out": 103, "reconsiderations": 351, "reconsiderations_corrected": 64,
                   "lawsuits": 46, "lawsuits_corrected": 5, "fees_yuan": 3940}
    assert res.uncertain["proactive_disclosed"].reason == "approximate count"  # 5500 余条


@needs_shared
def test_real_pingtan_2025_cases_in_qi():
    truth = json.loads((REAL / "truth" / "105587_平潭综合实验区2025年度政府信息公开工作年度报告__page.json")
                       .read_text(encoding="utf-8"))
    got = {k: v.value for k, v in extract_prose(_real_text(truth), 2025).figures.items()}
    assert got == {"applications_received": 154, "applications_closed": 148, "applications_carried_out": 6,
                   "reconsiderations": 36, "lawsuits": 9, "fees_yuan": 0}


@needs_shared
def test_real_hongze_2024_prose_scope_is_reported_as_written():
    truth = json.loads((REAL / "truth" / "hzq2024_working.json").read_text(encoding="utf-8"))
    v = extract_prose(_real_text(truth), 2024).figures["applications_received"]
    assert v.value == 17 and "区政府办代表区政府受理政府信息公开申请17件" in v.raw


# ---------------------------------------------------------------------------------------------
# gb-format sentences
# ---------------------------------------------------------------------------------------------
def test_gb_received_closed_carried():
    assert figs("本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。", 2021) == {
        "applications_received": 70, "applications_closed": 69, "applications_carried_out": 1}
    assert figs("受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度答复）。",
                2024) == {"applications_received": 3119, "applications_closed": 3050,
                          "applications_carried_in": 34, "applications_carried_out": 103}
    assert figs("共受理政府信息公开申请 1295 件，办结 1191 件（含上年结转 189 件）。", 2025) == {
        "applications_received": 1295, "applications_closed": 1191, "applications_carried_in": 189}


@pytest.mark.parametrize("sentence", [
    "2021年共收到政府信息公开申请105件（含上年度结转申请5件），已全部办结。",
    "本年度共收到申请105件（其中上年结转5件）。",
    "2021年，共收到政府信息公开申请105件，其中上年结转5件。",
    "2021年共收到政府信息公开申请105件（新收100件，上年结转5件）。",
])
def test_a_received_count_that_includes_the_carry_over_is_no_new_count(sentence):
    """105 counts last year's 5 too: 本年新收 is 100, which the text does not state."""
    res = extract_prose(normalize_text(sentence)[0], 2021)
    assert {k: v.value for k, v in res.figures.items()} == {"applications_carried_in": 5}
    u = res.uncertain["applications_received"]
    assert "105" in u.raw and "含上年结转" in u.reason


@pytest.mark.parametrize("sentence", [
    "共收到依申请公开申请105件，其中5件为上年度结转。",
    "共收到政府信息公开申请105件（含结转）。",
    "共收到政府信息公开申请105件，含2020年结转5件。",
    "共收到政府信息公开申请105件，其中2020年度结转申请5件。",
    "共收到政府信息公开申请105件，其中5件为2019年结转。",
])
def test_other_ways_of_saying_the_received_count_includes_the_carry_over(sentence):
    res = extract_prose(normalize_text(sentence)[0], 2021)
    assert "applications_received" not in res.figures
    assert "105" in res.uncertain["applications_received"].raw
    assert getattr(res.figures.get("applications_carried_in"), "value", 5) == 5


def test_a_new_part_of_the_received_count_is_the_years_new_count():
    assert figs("共收到政府信息公开申请23件，其中新收20件，上年结转3件。", 2021) == {
        "applications_received": 20, "applications_carried_in": 3}
    assert figs("2021年度共收到政府信息公开申请12件，其中2021年新收11件，2020年结转1件。", 2021) == {
        "applications_received": 11, "applications_carried_in": 1}


def test_all_kinds_of_applications_are_not_the_disclosure_applications():
    assert figs("共受理各类申请12件，其中政府信息公开申请3件。", 2021) == {"applications_received": 3}
    # a disclosure count's own part stays a part
    assert figs("共收到政府信息公开申请12件，其中依申请公开申请3件。", 2021) == {"applications_received": 12}


def test_carried_into_the_report_year_is_not_carried_out():
    assert figs("2020年结转至2021年办理的申请3件。", 2021) == {}
    assert figs("2021年结转至2022年办理的申请3件。", 2021) == {"applications_carried_out": 3}


@pytest.mark.parametrize("sentence", [
    "上半年收到政府信息公开申请5件，下半年收到7件。",
    "2021年1-6月，共收到政府信息公开申请5件。",
    "截至10月底，共收到政府信息公开申请5件。",
    "第一季度收到政府信息公开申请5件。",
    "上半年未收到政府信息公开申请。",
])
def test_a_part_of_the_year_is_not_the_year(sentence):
    assert figs(sentence, 2021) == {}


def test_the_whole_year_named_by_months_is_the_year():
    assert figs("2021年1月1日至12月31日，共收到政府信息公开申请12件。", 2021) == {"applications_received": 12}
    assert figs("截至12月底，共收到政府信息公开申请12件。", 2021) == {"applications_received": 12}
    assert figs("上半年收到申请5件，全年共收到政府信息公开申请12件。", 2021) == {"applications_received": 12}


def test_a_waived_fee_is_not_what_was_collected():
    for sentence in ("信息处理费500元，全部减免。", "收取信息处理费200元，已全部退还。"):
        res = extract_prose(normalize_text(sentence)[0], 2021)
        assert res.figures == {} and "减免" in res.uncertain["fees_yuan"].reason
    assert figs("收取信息处理费200元。", 2021) == {"fees_yuan": 200}


@pytest.mark.parametrize("sentence, expected", [
    ("全县共发生行政复议案件50件，其中涉及政府信息公开的2件。", {"reconsiderations": 2}),
    ("本年度共收到行政复议申请2件（涉及政府信息公开1件）。", {"reconsiderations": 1}),
    ("全年共发生行政诉讼案件9件，其中涉及政府信息公开的1件。", {"lawsuits": 1}),
    ("全县共发生行政复议案件50件，均已审结，政府信息公开工作平稳。", {}),
    ("政府信息公开行政复议案件3件，均维持原行政行为。", {"reconsiderations": 3}),
])
def test_all_review_cases_are_not_the_disclosure_cases(sentence, expected):
    assert figs(sentence, 2021) == expected


def test_a_received_count_that_leaves_the_carry_over_out_is_new():
    for sentence in ("2021年共收到政府信息公开申请20件（不含上年结转3件）。",
                     "2021年共收到政府信息公开申请20件（其中2件结转下年度办理）。"):
        assert figs(sentence, 2021)["applications_received"] == 20


def test_gb_review_blocks_and_corrected():
    assert figs("政府信息公开行政复议 351 件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件；"
                "政府信息公开行政诉讼 46 件，其中结果维持25件，结果纠正5件。", 2024) == {
        "reconsiderations": 351, "reconsiderations_corrected": 64, "lawsuits": 46, "lawsuits_corrected": 5}
    assert figs("全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。", 2025) == {
        "reconsiderations": 36, "lawsuits": 9}


def test_gb_outcomes_and_fee():
    got = figs("其中，予以公开12件、部分公开3件、不予公开2件、无法提供4件、不予处理1件、其他处理0件。"
               "全年收取政府信息公开信息处理费 3940 元。", 2022)
    assert got == {"granted": 12, "partially_granted": 3, "denied": 2, "unable_to_provide": 4,
                   "not_processed": 1, "other_processed": 0, "fees_yuan": 3940}
    # a combined count is neither granted nor partially granted
    assert figs("其中，予以公开及部分公开208件，不予公开20件。", 2025) == {"denied": 20}


def test_legacy_answers_harmonized():
    got = figs("答复情况为：属于已主动公开范围2件、同意公开3件、同意部分公开1件、不同意公开1件、不属于本机关公开范围1件、"
               "信息不存在2件、告知更改补充0件、告知通过其他途径办理1件。", 2014)
    assert got == {"granted": 5, "partially_granted": 1, "denied": 1, "unable_to_provide": 3,
                   "applications_closed": 11}
    assert figs("其中予以公开（含属于已主动公开范围的）6件、部分公开1件。", 2016) == {
        "granted": 6, "partially_granted": 1}


def test_cumulative_total_is_not_the_years_count():
    got = figs("本区到年底累计主动公开政府信息5928条，全文电子化率达90.3%，其中，本年度新增主动公开政府信息2110条。", 2010)
    assert got == {"proactive_disclosed": 2110}
    assert figs("全年累计主动公开各类政府信息300条。") == {"proactive_disclosed": 300}


@pytest.mark.parametrize("sentence", [
    "《条例》实施以来，我区累计主动公开政府信息98765条。",
    "截至目前，累计主动公开政府信息98765条。",
    "截至2017年底，累计主动公开政府信息98765条。",
    "2012年以来，累计主动公开政府信息98765条。",
])
def test_running_total_opened_in_an_earlier_clause_is_no_figure(sentence):
    """The 截至/以来 that makes 累计 a running total often sits in the clause before the label."""
    assert figs(sentence) == {}


def test_year_so_far_and_this_years_part_beside_a_running_total():
    assert figs("2017年以来，累计主动公开政府信息300条。") == {"proactive_disclosed": 300}
    assert figs("今年以来，累计主动公开政府信息300条。") == {"proactive_disclosed": 300}
    assert figs("截至12月31日，全年累计主动公开政府信息300条。") == {"proactive_disclosed": 300}
    assert figs("截至2017年12月31日，本年度共主动公开政府信息300条，累计主动公开政府信息98765条。") == {
        "proactive_disclosed": 300}
    assert figs("全年共收到政府信息公开申请12件，截至目前累计受理申请356件。") == {"applications_received": 12}


def test_district_wide_gb_sentences():
    got = figs("2022年，全区各职能部门、镇街共收到政府信息依申请公开1499件。其中，通过网络申请1303件，占86.92%。"
               "全区共完成政府信息依申请公开答复1453件，包括上年结转信息公开申请30件。其中，予以公开答复966件，占66.48%；"
               "部分公开67，占4.61%；不予公开81件，占5.57%。", 2022)
    assert got == {"applications_received": 1499, "applications_closed": 1453, "applications_carried_in": 30,
                   "granted": 966, "denied": 81}


def test_subject_and_units():
    assert figs("区政府办代表区政府受理政府信息公开申请 17 件，均已在法定期限内予以答复。", 2024) == {
        "applications_received": 17}
    assert figs("全年依申请公开政府信息收取费用0.14万元。") == {"fees_yuan": 1400}
    assert figs("2017年，我局共主动公开政府信息1 2条。") == {"proactive_disclosed": 12}  # spaced digits


# ---------------------------------------------------------------------------------------------
# Zero in words
# ---------------------------------------------------------------------------------------------
def test_zero_in_words():
    assert figs("本年度我街道未收到政府信息公开申请。") == {"applications_received": 0}
    assert figs("本年度我街道没有发生因政府信息公开引发的行政复议和行政诉讼事件。") == {
        "reconsiderations": 0, "lawsuits": 0}
    assert figs("2020年，我局政府信息公开无被申请行政复议或被提起行政诉讼情况。", 2020) == {
        "reconsiderations": 0, "lawsuits": 0}
    assert figs("本年度我街道未发生依申请公开政府信息收费、减免情况。") == {"fees_yuan": 0}
    assert figs("2025年度本机关未收取信息公开处理费。", 2025) == {"fees_yuan": 0}
    assert figs("我局没有从事政府信息公开工作的全职人员，兼职人员1人。", 2013) == {
        "staff_fulltime": 0, "staff_parttime": 1}


def test_zero_only_for_what_the_sentence_names():
    assert figs("2017年，我局因政府信息公开被申请行政复议2件，未发生行政诉讼。") == {
        "reconsiderations": 2, "lawsuits": 0}
    assert figs("2011年全县未收到有关政府信息公开的申请，未收到有关政府信息公开行政复议申请。", 2011) == {
        "applications_received": 0, "reconsiderations": 0}
    # corrections, not cases: 55 reconsiderations happened
    assert figs("全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。", 2025) == {
        "reconsiderations_corrected": 0, "lawsuits_corrected": 0}


def test_no_denials_in_words_needs_applications():
    assert figs("本年度共收到政府信息公开申请5件。本年度无不予公开的情况。") == {
        "applications_received": 5, "denied": 0}
    # no applications: "无不予公开" says nothing about answers (平潭地税局 2013)
    assert figs("本年度未收到政府信息公开申请。本年度无不予公开的情况。") == {"applications_received": 0}
    # a consequence inside a longer sentence is not a count (seed 004)
    assert figs("我局收到群众关于政府信息公开方面的申请1件。我局对收到的申请依法按时答复，所以无不予公开情况。") == {
        "applications_received": 1}


def test_table_header_words_are_not_zero_statements():
    assert figs("行政复议\t\t行政诉讼\n结果 维持 结果 纠正 其他 结果 尚未 审结 总 计 未经复议直接起诉 复议后起诉\n") == {}


# ---------------------------------------------------------------------------------------------
# Distractors (all real)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "设立3412670信息公开咨询热线电话。",
    "根据《钦州市全面推进政务公开的实施意见》（钦办发〔2016〕50号）和（钦政办电〔2017〕87 号）等文件精神。",
    "市本级全年向“一中心两馆”提供主动公开政府信息纸质材料共283份。",
    "另外，我局共收到人大代表建议和政协委员提案25件。",
    "多次组织了全区办公室系统政务公开工作培训，参加人数200余人次。",
    "主动公开政府信息中规范性文件39条，政策解读稿件1条。",
    "2018年全区共梳理编制“最多跑一次”事项8373项，其中区直部门841项。",
    "官方微博共发布信息1095条、关注量达20.5万人。",
    "2018年包河区微博矩阵群发布信息4046条，微信矩阵群发布信息9344条。",
    "安排3名工作人员在政务公开科工作。",
    "明确3名工作人员负责政府信息公开日常工作。",
    "全区全年政务公开专项工作经费24.9万元。",
    "第二十条第（八）项 行政事业性收费24252.31万元。",
    "及时受理群众要求公开的信息，确保办结率达到100%。",
    "今年我局共受理审批事项117件，办结171件，办结率100%。",
    "2016年共主动公开政府信息100条。",
    "上年度共收到政府信息公开申请10件。",
    "政府信息查阅场所一律免费开放。",
])
def test_distractors_are_not_figures(text):
    assert figs(text) == {}


def test_percentages_are_not_counts():
    assert figs("共受理政府信息公开申请85件，比上年下降11.5%，其中，区政府受理26件，区直部门受理28件。", 2018) == {
        "applications_received": 85}
    assert figs("2017年度共主动公开政府信息232条，其中全文电子化达100%。") == {"proactive_disclosed": 232}


def test_channel_counts_are_not_the_total():
    got = figs("2017年，我局主动公开政府信息207条，其中通过报刊公开政府信息10条，通过政府网站、市民服务中心网站公开政府信息147条，"
               "通过微博、政务微信公开政府信息50条。")
    assert got == {"proactive_disclosed": 207}
    # sub-units with their share of the total
    assert figs("2015年主动公开政府信息2949条。其中，区直各部门主动公开政府信息2275条，占77%。"
                "各乡镇主动公开政府信息674条，占23%。", 2015) == {"proactive_disclosed": 2949}


def test_seed003_two_counts_prefer_disclosure_platform():
    got = figs("2018年，全区各单位通过区政府信息公开网，主动公开政府信息15654条，区政府门户网站主动公开信息26258条。", 2018)
    assert got == {"proactive_disclosed": 15654}


# ---------------------------------------------------------------------------------------------
# Uncertain: approximate and contradictory
# ---------------------------------------------------------------------------------------------
def test_approximate_goes_to_uncertain():
    res = extract_prose("2024年，市政府网站主动公开各类政府信息5500余条。", 2024)
    assert res.figures == {}
    u = res.uncertain["proactive_disclosed"]
    assert u.reason == "approximate count" and "5500余条" in u.raw
    assert "proactive_disclosed" in extract_prose("全年主动公开政府信息近万条。", 2017).uncertain
    for sentence in ("主动公开政府信息500条左右。", "主动公开政府信息500件以上。"):
        assert extract_prose(sentence, 2017).uncertain["proactive_disclosed"].reason == "approximate count"
    # approximate numbers about nothing the template counts are ignored
    assert extract_prose("接听受理群众各类咨询来电1000余次。", 2017).uncertain == {}


def test_contradictions_go_to_uncertain():
    res = extract_prose("本年度未收到政府信息公开申请。全年收到政府信息公开申请4件。", 2017)
    assert res.figures == {} and "contradictory" in res.uncertain["applications_received"].reason


def test_table_lines_are_skipped():
    text = "（一）收到申请数\t件\t5\n受理政府信息公开申请 | 件 | 7 |\n全区全年依申请公开受理\n85\n"
    assert figs(text) == {}


def test_lines_torn_by_page_break_are_rejoined():
    text = "2020年共主动公开政府信息465条，其中：政府门户网站公开142条，广播电视报纸等媒体公开270条，微信公众号公\n\n- 2 -\n\n开53条。"
    res = extract_prose(text, 2020)
    assert res.figures["proactive_disclosed"].value == 465
    assert res.figures["proactive_disclosed"].where == "line 1"


def test_heading_words_do_not_block_a_zero_after_the_last_subheading():
    """A flattened page runs headings into the statement; 咨询 in the heading is not the statement's."""
    text = ("说明。 三、依申请公开、不予公开及咨询政府信息情况 （一）申请情况2013年1月1日至12月31日期间"
            "我局办公室未收到政府信息公开申请。 （二）咨询情况2013年有约4900人次咨询。")
    assert figs(text, 2013).get("applications_received") == 0
    # the blocking word inside the statement itself still blocks
    assert "applications_received" not in figs("我局未收到政府信息公开咨询申请。", 2013)


@needs_shared
def test_real_80774_flattened_page_zero_applications():
    path = next(REAL.glob("80774_*__page.txt"))
    truth = json.loads((REAL / "truth" / (path.stem + ".json")).read_text(encoding="utf-8"))
    res = extract_prose(normalize_text(path.read_text(encoding="utf-8"))[0], truth["report_year"])
    assert {k: v.value for k, v in res.figures.items()} == truth["figures"]


def test_a_wider_regions_figure_quoted_in_a_district_report_is_not_the_districts():
    from gongkai.extract.prose import wider_scopes

    text = ("2021年，全市各级行政机关共收到政府信息公开申请5000件，全省共主动公开政府信息80000条。"
            "我区共主动公开政府信息1234条。全区共收到政府信息公开申请56件，其中自然人申请50件。")
    district = {k: v.value for k, v in extract_prose(text, 2021, wider_scopes("county", "张店区")).figures.items()}
    assert district == {"proactive_disclosed": 1234, "applications_received": 56}
    # a county-level city speaks of itself as 全市; a prefecture's 全市 is its own too
    assert "全市" not in wider_scopes("county", "龙口市") and "全省" in wider_scopes("county", "龙口市")
    assert wider_scopes("prefecture") == ("全国", "全省") and wider_scopes(None) == ()
    assert "全区" in wider_scopes("township") and "全区" not in wider_scopes("county", "张店区")
    city = extract_prose("2021年，全市共收到政府信息公开申请5000件。", 2021, wider_scopes("prefecture")).figures
    assert city["applications_received"].value == 5000


def test_a_department_does_not_speak_for_its_whole_area():
    """全区 is 张店区's own word in its government's report, but 张店区教育局 is one body of it."""
    from gongkai.extract.prose import wider_scopes

    text = "2021年全区共收到政府信息公开申请120件，其中本局收到15件。我局主动公开政府信息88条。"
    government = extract_prose(text, 2021, wider_scopes("county", "张店区")).figures
    assert government["applications_received"].value == 120
    bureau = extract_prose(text, 2021, wider_scopes("county", "张店区", department=True)).figures
    assert {k: v.value for k, v in bureau.items()} == {"proactive_disclosed": 88}
    assert "全省" in wider_scopes("province", department=True) and wider_scopes("province") == ()


@pytest.mark.parametrize("text", [
    "2010年，我市本年度共主动公开政府信息28\n38\n条，其中规范性文件177条。",
    "2010年，我市本年度共主动公开政府信息\n28\n38条，其中规范性文件177条。",
])
def test_a_number_wrapped_onto_its_own_line_is_not_a_page_number_to_join_over(text):
    """信息28 / 38 / 条: the lone 38 looks like a page number, but dropping it and joining the
    lines would state 28; the paragraph is not joined over it, so nothing wrong is stated."""
    got = figs(text, 2010)
    assert got.get("proactive_disclosed") in (None, 2838)
    assert got.get("proactive_normative") in (None, 177)


def test_a_page_number_between_two_lines_of_words_is_still_dropped():
    assert figs("2010年，我市本年度共主动公开政府\n3\n信息2838条。", 2010)["proactive_disclosed"] == 2838


@pytest.mark.parametrize("text", [
    "近三年共收到政府信息公开申请90件。",
    "2015年至2017年共收到政府信息公开申请90件。",
    "三年来，我局共收到政府信息公开申请90件。",
])
def test_a_count_over_several_years_is_no_years_count(text):
    assert "applications_received" not in figs(text)


@pytest.mark.parametrize("text, value", [
    ("一年来，我局共收到政府信息公开申请30件。", 30),  # the report's own year
    ("近三年来申请量逐年上升，本年度共收到政府信息公开申请30件。", 30),
    ("本年度共收到政府信息公开申请30件，比上年增加5件。", 30),
])
def test_the_years_count_beside_other_periods_is_still_read(text, value):
    assert figs(text)["applications_received"] == value


@pytest.mark.parametrize("sentence, expected", [
    ("受理政府信息公开申请件数：36件。", {"applications_received": 36}),
    ("主动公开政府信息条数：120条。", {"proactive_disclosed": 120}),
    ("（一）主动公开政府信息数：1200条。", {"proactive_disclosed": 1200}),
    ("2012年共受理政府信息公开申请：15件。", {"applications_received": 15}),
])
def test_a_label_before_a_colon_names_the_number_after_it(sentence, expected):
    assert figs("三、依申请公开政府信息情况\n" + sentence, 2012) == expected


@pytest.mark.parametrize("sentence", [
    "联系电话：0591-24332016。",
    "申请情况：36件。",  # says what the section is about, not which count
    "2011年：受理申请36件；",  # another year's count
    "咨询服务：接待群众咨询36人次。",
])
def test_a_colon_lends_its_words_only_to_a_number_that_has_none(sentence):
    assert "applications_received" not in figs("三、依申请公开政府信息情况\n" + sentence, 2012)


@pytest.mark.parametrize("sentence, expected", [
    ("2017年，我厅收到4份以信函形式提出的信息公开申请，已按时答复办结。", {"applications_received": 4}),
    ("2017年，我局收到3份政府信息公开申请。", {"applications_received": 3}),
    ("2017年度本厅收到依申请公开信息1件。", {"applications_received": 1}),
    ("2017年，我厅受理依申请信息公开3件，均依法予以回复。", {"applications_received": 3}),
    ("本年度我厅收到申请事项1件，办理答复1件。", {"applications_received": 1, "applications_closed": 1}),
])
def test_applications_in_the_words_real_reports_use(sentence, expected):
    assert figs("二、依申请公开政府信息情况\n" + sentence) == expected


@pytest.mark.parametrize("sentence", [
    "2017年，我厅印发文件12份，收到申请材料5份。",
    "2017年，我厅向省档案馆移交规范性文件10份。",
    "2017年，我厅审核合同协议107份。",
])
def test_copies_of_other_things_are_no_applications(sentence):
    assert figs("二、依申请公开政府信息情况\n" + sentence) == {}


def test_a_zero_after_a_table_run_onto_its_line_is_read_after_the_last_heading():
    """A page flattened onto one line: table 2's last cell, the heading of section 三 and the
    statement, with no full stop between them."""
    text = ("二、主动公开政府信息情况第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购102339.45万元"
            "　　三、收到和处理政府信息公开申请情况　　2017年未收到政府信息公开申请。")
    assert figs(text) == {"applications_received": 0}
    # a heading glued to the table's last word
    glued = ("（七）总计22四、结转下年度继续办理四、政府信息公开行政复议、行政诉讼情况"
             "2017年我厅未发生涉及政府信息公开的行政复议、行政诉讼案件。")
    assert figs(glued) == {"reconsiderations": 0, "lawsuits": 0}
    # without a heading between them the table's numbers still block the clause
    assert figs("政府集中采购102339.45万元2017年未收到政府信息公开申请。") == {}
