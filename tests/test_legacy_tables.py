"""Legacy (2008–2018) statistics tables: national/Shandong table and the Fujian two-column table."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gongkai.extract.legacy_tables import extract_legacy_tables, label_key
from gongkai.normalize import normalize_text

SHARED = Path(__file__).resolve().parents[2] / "shared"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared not present")


def read(text: str):
    return extract_legacy_tables(normalize_text(text)[0])


def values(res) -> dict:
    return {k: v.value for k, v in res.cells.items()}


# A Shandong-style table (extension rows shift the numbering: 八、费用, 九、机构, 十、培训).
SD_TABLE = """附件1
2017年度政府信息公开工作情况统计表
统 计 指 标 | 单位 | 统计数 |
一、主动公开情况 | ||
(一)主动公开政府信息数(不同渠道和方式公开相同信息计1条) | 条 | 120 |
其中:主动公开规范性文件数 | 条 | 4 |
三、依申请公开情况 | ||
(一)收到申请数 | 件 | 5 |
1.当面申请数 | 件 | 5 |
2.传真申请数 | 件 | / |
3.网络申请数 | 件 | — |
4.信函申请数 | 件 | |
四、行政复议数量 | 件 | 3 |
(一)维持具体行政行为数 | 件 | 1 |
(二)被依法纠错数 | 件 | 2 |
(三)其他情形数 | 件 | 0 |
五、行政诉讼数量 | 件 | 7 |
(一)维持具体行政行为或者驳回原告诉讼请求数 | 件 | 4 |
(二)被依法纠错数 | 件 | 2 |
(三)其他情形数 | 件 | 1 |
六、举报投诉数量 | 件 | 9 |
(一)维持具体行政行为数 | 件 | 6 |
(二)纠错数 | 件 | 2 |
(三)其他情形数 | 件 | 1 |
七、向图书馆、档案馆等查阅场所报送信息数 | 条 | 30 |
(一)纸质文件数 | 条 | 10 |
(二)电子文件数 | 条 | 20 |
八、依申请公开信息收取的费用 | 万元 | 0.05 |
九、机构建设和保障经费情况 | ||
(四)政府信息公开专项经费(不包括用于政府公报编辑管理及政府网站建设维护等方面的经费) | 万元 | 2.5 |
十、政府信息公开会议和培训情况 | ||
(三)接受培训人员数 | 人次 | 40 |
"""


@needs_shared
def test_seed_000_exactly_three_cells():
    """The pipe seed: 3 stated cells, every other cell blank (blank is not 0)."""
    text = (SHARED / "seeds" / "000_yanzhou_enforcement_2017.txt").read_text(encoding="utf-8")
    truth = json.loads((SHARED / "seeds" / "truth" / "000_yanzhou_enforcement_2017.json").read_text())
    res = read(text)
    assert values(res) == truth["cells"]
    assert res.table_templates == {"leg": "legacy"}
    assert not res.uncertain
    assert res.cells["leg.channel.wechat"].where == "line 26"


@needs_shared
@pytest.mark.parametrize("name", ["001_zhangdian_enforcement_2020", "002_jiaxiang_subdistrict_2017",
                                  "003_baohe_district_2018_traditional", "004_qinzhou_approval_2017"])
def test_seeds_without_national_table_give_no_cells(name):
    """Prose-only reports and the district's own 附表 (指標 單位 數量) are not the national table."""
    res = read((SHARED / "seeds" / f"{name}.txt").read_text(encoding="utf-8"))
    assert res.cells == {} and res.uncertain == {} and "leg" not in res.table_templates


def test_shandong_sections_give_context_and_blanks_are_absent():
    res = read(SD_TABLE)
    v = values(res)
    assert v["leg.reconsideration.upheld"] == 1 and v["leg.reconsideration.corrected"] == 2
    assert v["leg.litigation.upheld"] == 4 and v["leg.litigation.corrected"] == 2 and v["leg.litigation.other"] == 1
    assert v["leg.complaint.upheld"] == 6 and v["leg.complaint.corrected"] == 2 and v["leg.complaint.other"] == 1
    assert v["leg.archive.paper"] == 10 and v["leg.archive.electronic"] == 20
    assert v["leg.fees_10k_yuan"] == 0.05 and v["leg.org.budget_10k_yuan"] == 2.5
    assert v["leg.training.trainees"] == 40
    assert v["leg.reconsideration.other"] == 0  # a printed 0 is stated
    for blank in ("leg.apply.fax", "leg.apply.online", "leg.apply.letter"):  # "/", "—", empty
        assert blank not in res.cells
    assert not res.uncertain


def test_lost_rows_make_section_labels_uncertain():
    """复议 (二)(三) and 诉讼 total/(一) lost: the (二)(三) left could belong to either section."""
    text = SD_TABLE.replace(
        "(二)被依法纠错数 | 件 | 2 |\n(三)其他情形数 | 件 | 0 |\n五、行政诉讼数量 | 件 | 7 |\n"
        "(一)维持具体行政行为或者驳回原告诉讼请求数 | 件 | 4 |\n", "")
    assert text != SD_TABLE
    res = read(text)
    assert res.cells["leg.reconsideration.upheld"].value == 1  # only 复议 fits before 诉讼's rows
    for code in ("leg.reconsideration.corrected", "leg.litigation.corrected",
                 "leg.reconsideration.other", "leg.litigation.other", "leg.litigation.total"):
        assert code not in res.cells
    assert any("leg.litigation.corrected" in k for k in res.uncertain)
    assert res.cells["leg.complaint.corrected"].value == 2  # after 六、举报投诉数量: unambiguous again


def test_one_cell_per_line():
    """Empty cells dropped: label, unit, value on consecutive lines; label + unit then a label = blank."""
    text = "\n".join([
        "2018年度政府信息公开工作情况统计表", "统计指标", "单位", "统计数", "一、主动公开情况",
        "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", "1483",
        "其中：主动公开规范性文件数", "条",
        "制发规范性文件总数", "件", "5",
        "三、依申请公开情况", "（一）收到申请数", "件", "39", "1.当面申请数", "12",
        "2.传真申请数", "件", "（三）申请答复数", "件", "38", "保山市昌宁县环境保护局",
    ])
    res = read(text)
    assert values(res) == {"leg.proactive.total": 1483, "leg.proactive.normative_docs_issued": 5,
                           "leg.apply.received": 39, "leg.apply.in_person": 12, "leg.reply.total": 38}


def test_tab_rows_with_section_column_and_page_break():
    """HTML/DOCX grids as TAB rows (value = last field); a PDF page break tearing a value."""
    text = "\n".join([
        "统计指标\t\t单位\t统计数",
        "一、主动公开情况\t（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）\t条\t1",
        "",
        "- 2 -",
        "",
        "25",
        "\t其中：主动公开规范性文件数\t条\t",
        "三、依申请公开情况\t（一）收到申请数\t件\t3",
        "\t（三）申请答复数\t件\t3",
    ])
    res = read(text)
    assert values(res) == {"leg.proactive.total": 125, "leg.apply.received": 3, "leg.reply.total": 3}


def test_bare_numbers_after_a_page_break():
    """A lone number between blank lines is a page number only if it could be one: never 0 (a
    value's torn-off digits), and not where the pages are numbered another way."""
    rows = ["统计指标\t单位\t统计数",
            "（一）主动公开政府信息数\t条\t12",
            "（一）收到申请数\t件\t3",
            "（三）申请答复数\t件\t3"]
    torn = "\n".join(rows + ["（三）接受培训人员数\t人次\t4", "", "0"])
    assert values(read(torn))["leg.training.trainees"] == 40
    page_then_value = "\n".join(rows + ["（三）接受培训人员数\t人次\t", "", "2", "", "0"])
    assert values(read(page_then_value))["leg.training.trainees"] == 0
    page_number = "\n".join(rows[:2] + ["", "7", ""] + rows[2:])
    assert values(read(page_number))["leg.apply.received"] == 3
    dashed_pages = "\n".join(["- 1 -"] + rows[:2] + ["", "5", ""] + rows[2:])
    assert values(read(dashed_pages))["leg.proactive.total"] == 125


def test_a_bare_number_no_page_of_the_text_could_carry_is_the_rest_of_a_torn_value():
    """A page break tore 250 into 2 / 50: no page of a text this short is page 50, so the 50 is
    the rest of the value. In a gazette whose pages 49 and 50 stand alone on lines, it is a page."""
    rows = ["统计指标\t单位\t统计数",
            "（一）主动公开政府信息数\t条\t12",
            "（一）收到申请数\t件\t3",
            "（三）申请答复数\t件\t3"]
    torn = "\n".join(rows + ["（三）接受培训人员数\t人次\t2", "", "", "", "50", "", "某某区人民政府"])
    assert values(read(torn))["leg.training.trainees"] == 250
    small = "\n".join(rows + ["（三）接受培训人员数\t人次\t5", "", "", "", "2", "", "某某区人民政府"])
    assert values(read(small))["leg.training.trainees"] == 5  # it could be page 2
    gazette = "\n".join(rows[:2] + ["", "49", ""] + rows[2:]
                        + ["（三）接受培训人员数\t人次\t2", "", "", "", "50", "", "某某区人民政府"])
    assert values(read(gazette))["leg.training.trainees"] == 2


def test_prose_is_never_a_row():
    text = "2017年共主动公开政府信息232条。\n收到申请数5件，申请答复数5件。\n行政复议数量0件。"
    assert read(text).cells == {}


def test_label_key_tolerates_numbering_and_punctuation():
    assert label_key("(一)主动公开政府信息数(不同渠道和方式公开相同信息计1条) (不同渠道和方式公开相同信息计1条)") \
        == label_key("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）")
    assert label_key("其中:政府网站公开政府信息数") == label_key("2、政府网站公开政府信息数")
    assert label_key("七、向图书馆、文件馆等查阅场所报送信息数") == label_key("向图书馆、档案馆等查阅场所报送信息数")


# --- Fujian two-column table -------------------------------------------------------------------
FJ_2011 = ("附件1：平潭县人民政府2011年政府信息公开情况统计表 指标名称计量单位2011年度历年累计"
           "主动公开信息数条4251516其中：1.网站公开条41815092.政府公报公开条77受理依申请公开信息总数条00"
           "其中：1.当面申请数条002.传真申请数条003.电子邮件申请数条004.网上申请数条005.信函申请数条00"
           "6.其它形式申请数条00对申请的答复数条00其中：1.同意公开答复数条002.同意部分公开答复数条00"
           "3.否决公开答复数条00行政复议数条00行政诉讼数条00行政申诉数条00")


def test_fujian_grid_row_with_an_empty_cell_keeps_its_columns():
    """HTML/DOCX grids arrive as TAB rows: an empty last cell is a field too (0 | empty is not
    empty | 0), the header says which field is 本年度 and which 历年累计."""
    text = "\n".join([
        "指标名称\t计量单位\t2013年度\t历年累计",
        "主动公开信息数\t条\t5\t9",
        "其中：1、网站公开\t条\t5\t2",
        "2、政府公报公开\t条\t0\t",
        "受理依申请公开信息总数\t条\t\t7",
        "行政复议数\t件\t0\t0",
    ])
    v = values(read(text))
    assert v["leg_fj.active.gazette.year"] == 0 and "leg_fj.active.gazette.cumulative" not in v
    assert v["leg_fj.apply.received.cumulative"] == 7 and "leg_fj.apply.received.year" not in v
    assert (v["leg_fj.active.disclosed.year"], v["leg_fj.active.disclosed.cumulative"]) == (5, 9)
    # the same table in Markdown (3 | 5 was read as 本年度 5: the closing pipe made an empty field)
    md = "\n".join(["| 指标名称 | 计量单位 | 2013年度 | 历年累计 |", "|---|---|---|---|"]
                   + ["| " + " | ".join(line.split("\t")) + " |" for line in text.split("\n")[1:]])
    md = md.replace("| 件 | 0 | 0 |", "| 件 | 3 | 5 |")
    v = values(read(md))
    assert (v["leg_fj.review.year"], v["leg_fj.review.cumulative"]) == (3, 5)
    assert v["leg_fj.active.gazette.year"] == 0 and "leg_fj.active.gazette.cumulative" not in v
    assert v["leg_fj.apply.received.cumulative"] == 7 and "leg_fj.apply.received.year" not in v
    # without a one-line header the columns are unknown: a lone value is not given a column
    res = read(text.replace("指标名称\t计量单位\t2013年度\t历年累计", "指标名称\t计量单位\n2013年度\t历年累计"))
    assert "leg_fj.active.gazette.cumulative" not in res.cells and "leg_fj.active.gazette.year" not in res.cells


def test_fujian_flattened_unique_by_identity():
    """425|1516 = 418|1509 + 7|7 is the only split with 主动公开 = 网站 + 公报 in both columns."""
    res = read(FJ_2011)
    v = values(res)
    assert res.table_templates == {"leg_fj": "legacy"}
    assert (v["leg_fj.active.disclosed.year"], v["leg_fj.active.disclosed.cumulative"]) == (425, 1516)
    assert (v["leg_fj.active.website.year"], v["leg_fj.active.website.cumulative"]) == (418, 1509)
    assert (v["leg_fj.active.gazette.year"], v["leg_fj.active.gazette.cumulative"]) == (7, 7)
    assert v["leg_fj.apply.received.other.cumulative"] == 0 and v["leg_fj.appeal.year"] == 0
    assert len(v) == 34 and not res.uncertain
    assert not any(k.startswith("leg.") for k in v)


FJ_2017 = ("六、政府信息公开情况统计表指标名称计量单位2017年度历年累计主动公开文件数条212210037"
           "其中：1、政府网站公开数条2122100372、政府公报公开数条00受理政府信息依申请公开总数条00"
           "其中：1、当面申请数条002、网上申请数条003、信函、传真申请数条00对申请的答复总数条00"
           "其中：1、同意公开答复数条002、同意部分公开答复数条003、不予公开答复数条004、其他类型答复数条00"
           "接受行政诉讼、举报数件00行政复议数件00行政诉讼数件00")


def test_fujian_flattened_ambiguous_run_is_uncertain():
    """212210037 splits as 2|12210037, 21|…, 212|…, 2122|10037: no rule decides."""
    res = read(FJ_2017)
    assert "leg_fj.active.disclosed.year" not in res.cells
    u = res.uncertain["leg_fj.active.disclosed.year"]
    assert u.raw == "212210037" and "2122|10037" in u.reason
    assert "leg_fj.active.website.cumulative" in res.uncertain
    assert res.cells["leg_fj.reply.other_type.year"].value == 0
    assert res.cells["leg_fj.review.cumulative"].value == 0


def test_fujian_prose_figure_picks_the_split():
    res = read("2017年全区主动公开政府信息2122条。" + FJ_2017)
    v = values(res)
    assert (v["leg_fj.active.disclosed.year"], v["leg_fj.active.disclosed.cumulative"]) == (2122, 10037)
    assert (v["leg_fj.active.website.year"], v["leg_fj.active.website.cumulative"]) == (2122, 10037)
    assert "prose" in res.cells["leg_fj.active.disclosed.year"].where
    assert not res.uncertain


@needs_shared
@pytest.mark.parametrize("prefix", ["80716", "80445", "80506", "80529"])
def test_fujian_real_reports(prefix):
    real = SHARED / "real_reports"
    src = next(real.glob(f"{prefix}_*.txt"))
    truth = json.loads((real / "truth" / (src.stem + ".json")).read_text(encoding="utf-8"))
    res = read(src.read_text(encoding="utf-8"))
    assert values(res) == {k: v for k, v in truth["cells"].items() if k.startswith("leg")}


def test_label_catalogue_codes_exist_in_indicators():
    """legacy_labels.csv may only name codes of the canonical catalogue (plus §structural rows)."""
    import csv
    from importlib import resources

    from gongkai.catalogue import indicators

    known = indicators()
    with resources.files("gongkai.data").joinpath("legacy_labels.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["table"] == "leg_fj":
                assert f"{r['code']}.year" in known and f"{r['code']}.cumulative" in known, r["code"]
            elif not r["code"].startswith("§"):
                assert r["code"] in known, r["code"]


def test_fujian_numbering_glued_to_the_digits_of_a_row_whose_next_label_is_torn():
    """同意公开答复数条012、同意 / 部分公开答复数: the next label is cut by a line end, so it is not
    found; the 2 before 、 is its numbering, not a digit of 历年累计 (which is 1, not 12)."""
    text = FJ_2017.replace("其中：1、同意公开答复数条002、同意部分公开答复数条00",
                           "其中：1、同意公开答复数条012、同意\n部分公开答复数条00")
    res = read(text)
    assert res.cells["leg_fj.reply.granted.year"].value == 0
    assert res.cells["leg_fj.reply.granted.cumulative"].value == 1


def test_a_number_on_the_line_after_a_row_value_leaves_the_row_unread():
    """人 3 / 2: the rest of 32 wrapped onto its own line, or another number; either way the row's
    value is not 3. A torn numbering (4 / .微博…) is the next row's."""
    rows = ["统计指标 单位 统计数", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条） 条 17",
            "（三）申请答复数 件 0", "1.属于已主动公开范围数 件 0",
            "（三）从事政府信息公开工作人员数 人 58", "1.专职人员数（不包括政府公报及政府网站工作人员数） 人 3", "2",
            "2.兼职人员数 人 26", "四、行政复议数量 件 0", "五、行政诉讼数量 件 0"]
    res = read("\n".join(rows))
    assert "leg.org.staff_fulltime" not in res.cells
    assert res.uncertain["leg.org.staff_fulltime"].raw == "3 2"
    assert res.cells["leg.org.staff_parttime"].value == 26


def test_a_number_between_a_label_and_its_unit_is_not_its_value():
    """label / 2 / 件 (blank lines removed around a page number): the unit column comes before
    the value in every template, so 2 is not the row's value."""
    rows = ["统计指标 单位 统计数", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条） 条 17",
            "（三）申请答复数 件 0", "1.属于已主动公开范围数 件 0", "四、行政复议数量 件 0", "五、行政诉讼数量 件 0",
            "六、举报投诉数量", "2", "件", "七、依申请公开信息收取的费用 万元 0"]
    res = read("\n".join(rows))
    assert "leg.complaint.total" not in res.cells
    assert "before the unit" in res.uncertain["leg.complaint.total"].reason


def test_labels_and_units_spaced_out_to_fill_their_cells():
    """收 到 申 请 数 / 万 元 (justified cells): the same rows, the same values."""
    rows = ["统计指标\t单位\t统计数", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）\t条\t17",
            "（一）收到申请数\t件\t3", "1.当面申请数\t件\t1", "（三）申请答复数\t件\t3",
            "六、依申请公开信息收取的费用\t万元\t0.5"]
    plain = values(read("\n".join(rows)))
    spaced = values(read("\n".join(re.sub(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])", " ", r) for r in rows)))
    assert plain == spaced and plain["leg.fees_10k_yuan"] == 0.5 and plain["leg.apply.in_person"] == 1


def test_a_row_note_on_a_line_of_its_own_belongs_to_the_label():
    """One field per line, each row's note on the line after its label (the brackets not always a
    pair): 1683 is the row's value, not the note's 1条."""
    text = ("政府信息公开情况统计表（2018年度）\n统计指标\n单位\n统计数\n\n一、主动公开情况\n\n"
            "（一）主动公开政府信息数\n（不同渠道和方式公开相同信息计1条)\n条\n1683\n\n"
            "其中：主动公开规范性文件数\n条\n4\n\n"
            "二、回应解读情况\n\n（一）回应公众关注热点或重大舆情数\n（不同方式回应同一热点或舆情计1次）\n次\n4\n\n"
            "三、依申请公开情况\n\n（一）收到申请数\n件\n1\n\n（二）申请办结数\n件\n1\n")
    got = values(read(text))
    assert got["leg.proactive.total"] == 1683 and got["leg.proactive.normative_docs"] == 4
    assert got["leg.response.hot_topics"] == 4
    assert got["leg.apply.received"] == 1 and got["leg.apply.closed"] == 1


def test_a_number_between_a_label_and_its_note_is_no_value():
    """One field per line: a page number left between a label and the label's note
    (label / 1 / （不同渠道…计1条） / 条 / 1683) comes before the unit, so it is not the row's value."""
    text = ("政府信息公开情况统计表（2018年度）\n统计指标\n单位\n统计数\n\n一、主动公开情况\n\n"
            "（一）主动公开政府信息数\n1\n（不同渠道和方式公开相同信息计1条)\n条\n1683\n\n"
            "其中：主动公开规范性文件数\n条\n4\n\n"
            "二、回应解读情况\n\n（一）回应公众关注热点或重大舆情数\n（不同方式回应同一热点或舆情计1次）\n次\n4\n\n"
            "三、依申请公开情况\n\n（一）收到申请数\n件\n1\n\n（二）申请办结数\n件\n1\n")
    got = values(read(text))
    assert got.get("leg.proactive.total") != 1
    assert got["leg.proactive.normative_docs"] == 4 and got["leg.apply.received"] == 1
