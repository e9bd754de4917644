"""Tests for the gb2019/gb2021 table reader (tables 2–4)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.extract.gb_tables import _label_may_be, extract_gb_tables
from gongkai.normalize import normalize_text

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared not present")

T3_COLS = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
           "legal_service_org", "other_org", "total"]
T4_CODES = [f"t4.{b}.{c}" for b in ("review", "litigation_direct", "litigation_after_review")
            for c in ("upheld", "corrected", "other", "pending", "total")]


def read(text: str):
    return extract_gb_tables(normalize_text(text)[0])


def values(res) -> dict[str, float]:
    return {k: v.value for k, v in res.cells.items()}


def row(res, key: str) -> list[float | None]:
    return [res.cells[f"t3.{key}.{c}"].value if f"t3.{key}.{c}" in res.cells else None for c in T3_COLS]


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    raise AssertionError(path)


def _truth_cells(path: Path) -> dict[str, float]:
    d = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in d["cells"].items() if k[:3] in ("t2.", "t3.", "t4.")}


# --- real files -------------------------------------------------------------------------------

@needs_shared
def test_seed_001_exact():
    """Tab text with merged-cell artifacts, table 2 and the top of table 3 missing."""
    res = read(_decode(SHARED / "seeds/001_zhangdian_enforcement_2020.txt"))
    truth = _truth_cells(SHARED / "seeds/truth/001_zhangdian_enforcement_2020.json")
    assert values(res) == truth
    assert res.cells["t2.licensing.delta"].value == 30 and res.cells["t2.licensing.delta"].raw == "+30"
    assert res.table_templates["t3"] == "gb2019"


REAL = [
    "80576_平潭综合实验区2019年度政府信息公开工作年度报告__page.txt",
    "80595_平潭综合实验区2020年度政府信息公开工作年度报告__page.txt",
    "80613_平潭综合实验区2021年度政府信息公开工作年度报告__page.txt",
    "105587_平潭综合实验区2025年度政府信息公开工作年度报告__page.txt",
    "kewei-2024-source.md",
    "shanghai-office-sample-source.md",
    "derived/szfgs2024.pdftotext-layout.txt",
    "derived/hzq2023_working.pdftotext-layout.txt",
    "derived/hzq2024_working.pdftotext-layout.txt",
]


@needs_shared
@pytest.mark.parametrize("name", REAL)
def test_real_reports_exact(name):
    """Flattened digit runs (Pingtan), broken PDF→markdown, pdftotext -layout: every cell, nothing extra."""
    f = SHARED / "real_reports" / name
    stem = f.name.replace(".pdftotext-layout.txt", "").rsplit(".", 1)[0]
    truth = _truth_cells(SHARED / "real_reports/truth" / f"{stem}.json")
    res = read(_decode(f))
    assert values(res) == truth


@needs_shared
def test_pingtan_ambiguous_runs_are_uncertain():
    res = read(_decode(SHARED / "real_reports/80595_平潭综合实验区2020年度政府信息公开工作年度报告__page.txt"))
    # '行政处罚2648-18538': the minus sign starts 本年增/减, so only 上一年项目数量 is certain
    assert res.cells["t2.punishment.prev_items"].value == 2648
    assert "t2.punishment.delta" in res.uncertain and "t2.punishment.decisions" in res.uncertain
    # '规范性文件7777166': 15 splits, nothing recorded
    for c in ("new_made", "new_published", "total_published"):
        assert f"t2.normative_docs.{c}" not in res.cells
        assert res.uncertain[f"t2.normative_docs.{c}"].raw == "7777166"
    assert res.cells["t2.fees.delta"].value == -15


@needs_shared
def test_hzq_mixed_templates_per_table():
    res = read(_decode(SHARED / "real_reports/derived/hzq2023_working.pdftotext-layout.txt"))
    assert res.table_templates["t2"] == "gb2021"
    assert res.table_templates["t3"] == "gb2019"
    assert row(res, "other.total") == [0, 0, 0, 0, 0, 0, 0]
    assert row(res, "denied.law_prohibited") == [0] * 7  # typo '2.其他法律行政止公开'
    # R4.1 violated in print (10 1 0 0 0): recorded as printed
    assert [res.cells[c].value for c in T4_CODES[:5]] == [10, 1, 0, 0, 0]


# --- digit runs without separators ----------------------------------------------------------

PINGTAN_2021 = (
    "二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 000"
    "行政规范性文件693665第二十条第（五）项信息内容本年处理决定数量行政许可2293 "
    "第二十条第（六）项信息内容 本年处理决定数量行政处罚1282行政强制42第二十条第（八）项信息内容 "
    "本年收费金额（单位：万元）行政事业性收费24252.311082三、收到和处理政府信息公开申请情况"
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计 "
    "商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量640020470"
    "二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开270020130"
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）500000 5（三）不予公开1.属于国家秘密0000000"
    "2.其他法律行政法规禁止公开00000003.危及“三安全一稳定”00000004.保护第三方合法权益0000000"
    "5.属于三类内部事务信息10000016.属于四类过程性信息00000007.属于行政执法案卷6000006"
    "8.属于行政查询事项1000001（四）无法提供1.本机关不掌握相关政府信息2200003252.没有现成信息需要另行制作0000000"
    "3.补正后申请内容仍不明确0000000（五）不予处理1.信访举报投诉类申请00000002.重复申请0000000"
    "3.要求提供公开出版物00000004.无正当理由大量反复申请00000005.要求行政机关确认或重新出具已获取信息0000000"
    "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请0000000"
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请00000003.其他1000001"
    "（七）总计630020469四、结转下年度继续办理1000001 四、政府信息公开行政复议、行政诉讼情况 "
    "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果"
    "尚未审结总计结果维持结果纠正其他结果尚未审结总计10203120001200000五、存在的主要问题及改进情况"
)


def test_digit_runs_unique_readings():
    res = read(PINGTAN_2021)
    # R4.1 leaves one segmentation of the 17-digit run
    assert [res.cells[c].value for c in T4_CODES] == [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]
    # R3.3 leaves one split of '640020470'
    assert row(res, "new_received") == [64, 0, 0, 2, 0, 4, 70]
    # '270020130' and '220000325' have two R3.3 splits each; R3.2 across rows picks one
    assert row(res, "granted") == [27, 0, 0, 2, 0, 1, 30]
    assert row(res, "unable.not_held") == [22, 0, 0, 0, 0, 3, 25]
    assert row(res, "partial") == [5, 0, 0, 0, 0, 0, 5]  # '500000 5': the space is a cell boundary
    assert row(res, "carried_out") == [1, 0, 0, 0, 0, 0, 1]
    v = values(res)
    assert v["t2.fees.amount_10k_yuan"] == 24252.311082  # one-column row: one value
    assert [v["t2.rules.made"], v["t2.rules.repealed"], v["t2.rules.valid"]] == [0, 0, 0]
    assert "t2.normative_docs.made" not in v and "t2.normative_docs.made" in res.uncertain
    assert res.table_templates == {"t2": "gb2021", "t3": "gb2021", "t4": "gb2021"}


def test_normative_docs_run_split_by_the_texts_own_statements():
    """'693665' (制发/废止/现行有效) has several readings; sentences stating two of its columns
    pick one, but only if exactly one reading agrees with both."""
    both = "本年度制发行政规范性文件69件，现行有效行政规范性文件665件。\n" + PINGTAN_2021
    res = read(both)
    v = values(res)
    assert [v["t2.normative_docs.made"], v["t2.normative_docs.repealed"], v["t2.normative_docs.valid"]] == [69, 3, 665]
    assert [p.check for p in res.problems if p.check == "t2_prose_split"] == ["t2_prose_split"]
    for prose in ("本年度制发行政规范性文件69件。",  # one column stated: 6|93|665, 69|3|665, ... remain
                  "本年度制发行政规范性文件69件，现行有效行政规范性文件600件。",  # no reading agrees
                  "制发规范性文件69件，现行有效行政规范性文件665件；全市制发规范性文件80件。"):  # two numbers for 制发
        res = read(prose + "\n" + PINGTAN_2021)
        assert "t2.normative_docs.made" not in res.cells and "t2.normative_docs.made" in res.uncertain, prose


def test_ambiguous_t4_run_keeps_only_common_cells():
    text = ("四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
            "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
            "01012123412010132122218五、存在的主要问题")
    res = read(text)
    # two readings satisfy R4.1: …|1|2|0|10|13|… and …|12|0|1|0|13|…
    v = values(res)
    assert [v[c] for c in T4_CODES[:5]] == [0, 10, 12, 12, 34]
    assert [v[c] for c in T4_CODES[10:]] == [2, 12, 2, 2, 18]
    assert v["t4.litigation_direct.total"] == 13  # the same in both readings
    for c in T4_CODES[5:9]:
        assert c not in v and res.uncertain[c].raw == "01012123412010132122218"


# --- TAB grid as ingestion renders HTML/DOCX tables -----------------------------------------

GB2021_GRID = "\n".join([
    "二、主动公开政府信息情况",
    "第二十条第（一）项\t\t\t",
    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
    "规章\t1\t0\t11",
    "行政规范性文件\t8\t\t66",
    "第二十条第（五）项\t\t\t",
    "信息内容\t本年处理决定数量\t\t",
    "行政许可\t447228\t\t",
    "第二十条第（六）项\t\t\t",
    "信息内容\t本年处理决定数量\t\t",
    "行政处罚\t3985758\t\t",
    "行政强制\t—\t\t",
    "第二十条第（八）项\t\t\t",
    "信息内容\t本年收费金额（单位：万元）\t\t",
    "行政事业性收费\t96171.6\t\t",
    "三、收到和处理政府信息公开申请情况",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t",
    "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
    "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
    "一、本年新收政府信息公开申请数量\t\t\t30\t5\t\t\t1\t\t36",
    "二、上年结转政府信息公开申请数量\t\t\t2\t\t\t\t\t\t2",
    "三、本年度办理结果\t（一）予以公开\t\t20\t3\t\t\t1\t\t",
    "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t/\t/\t/\t/\t/\t/\t/",
    "\t（三）不予公开\t1.属于国家秘密\t\t\t\t\t\t\t",
    "\t\t2.其他法律行政法规禁止公开\t1\t\t\t\t\t\t1",
    "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t2\t\t\t\t\t\t2",
    "\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t\t\t\t\t\t\t",
    "\t\t3.其他\t\t2\t\t\t\t\t2",
    "\t（七）总计\t\t29\t5\t\t\t1\t\t35",
    "四、结转下年度继续办理\t\t\t3\t\t\t\t\t\t3",
    "四、政府信息公开行政复议、行政诉讼情况",
    "2024年共收到行政复议申请3件。",
    "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t",
    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
    "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
    "2\t\t\t1\t3\t\t\t\t\t\t1\t\t\t\t1",
    "五、存在的主要问题及改进情况",
    "全年处理 12 件。",
])


def test_gb2021_tab_grid_positions_and_blanks():
    res = read(GB2021_GRID)
    v = values(res)
    assert res.table_templates == {"t2": "gb2021", "t3": "gb2021", "t4": "gb2021"}
    assert [v["t2.rules.made"], v["t2.rules.repealed"], v["t2.rules.valid"]] == [1, 0, 11]
    assert v["t2.normative_docs.made"] == 8 and v["t2.normative_docs.valid"] == 66
    assert "t2.normative_docs.repealed" not in v  # empty cell is not 0
    assert v["t2.licensing.decisions"] == 447228 and v["t2.fees.amount_10k_yuan"] == 96171.6
    assert "t2.coercion.decisions" not in v  # '—' is not 0
    assert row(res, "new_received") == [30, 5, None, None, 1, None, 36]
    assert row(res, "granted") == [20, 3, None, None, 1, None, None]  # 总计 blank, not shifted
    assert row(res, "partial") == [None] * 7  # '/' cells
    assert row(res, "denied.state_secret") == [None] * 7
    assert row(res, "other.other") == [None, 2, None, None, None, None, 2]
    assert row(res, "carried_out") == [3, None, None, None, None, None, 3]
    assert [v.get(c) for c in T4_CODES] == [2, None, None, 1, 3] + [None] * 5 + [1, None, None, None, 1]
    # prose numbers around the tables never become cells
    assert all(x.source == "table" for x in res.cells.values())
    assert len(v) == 8 + 21 + 5  # table 2, table 3, table 4 stated cells
    assert not any(x.value == 12 for x in res.cells.values())


def test_a_numbered_row_with_an_unknown_label_does_not_take_the_label_above_it():
    """A value-less row whose empty cells were cut (its line is only its label) above a numbered
    row whose label matches no template row (查阅 for 查询): the values are not given to the row
    above; the row is left unread and said so."""
    text = GB2021_GRID.replace(
        "\t\t2.其他法律行政法规禁止公开\t1\t\t\t\t\t\t1",
        "\t\t2.其他法律行政法规禁止公开\n\t\t3.属于行政查阅事项\t1\t\t\t\t\t\t1")
    res = read(text)
    assert "t3.denied.law_prohibited.natural_person" not in res.cells
    assert "t3.denied.security_stability.natural_person" not in res.cells
    assert "t3_align" in [p.check for p in res.problems]
    assert row(res, "other.other") == [None, 2, None, None, None, None, 2]  # the rest as before


def test_count_units_written_into_grid_cells():
    """Hand-made tables write `8件` into a cell: the number is read, the raw text kept; a count
    is never taken as an amount of money."""
    text = (GB2021_GRID.replace("规章\t1\t0\t11", "规章\t1件\t0件\t11件")
            .replace("一、本年新收政府信息公开申请数量\t\t\t30\t5\t\t\t1\t\t36",
                     "一、本年新收政府信息公开申请数量\t\t\t30件\t5件\t\t\t1件\t\t36件")
            .replace("行政事业性收费\t96171.6", "行政事业性收费\t5件"))
    res = read(text)
    v = values(res)
    assert [v["t2.rules.made"], v["t2.rules.repealed"], v["t2.rules.valid"]] == [1, 0, 11]
    assert res.cells["t2.rules.valid"].raw == "11件"
    assert row(res, "new_received") == [30, 5, None, None, 1, None, 36]
    assert "t2.fees.amount_10k_yuan" not in v
    assert {k: x for k, x in v.items() if k != "t2.fees.amount_10k_yuan"} == {
        k: x for k, x in values(read(GB2021_GRID)).items() if k != "t2.fees.amount_10k_yuan"}


_T4_START = GB2021_GRID.index("行政复议\t")
_T4_END = GB2021_GRID.index("五、存在的主要问题")


def _with_t4(rows: list[str]) -> str:
    return GB2021_GRID[:_T4_START] + "\n".join(rows) + "\n" + GB2021_GRID[_T4_END:]


HEAD5 = "结果维持\t结果纠正\t其他结果\t尚未审结\t总计"


@pytest.mark.parametrize("rows", [
    # a 复议 table above a 诉讼 table
    ["行政复议\t\t\t\t", HEAD5, "2\t\t\t1\t3", "行政诉讼", "未经复议直接起诉\t\t\t\t\t复议后起诉",
     HEAD5 + "\t" + HEAD5, "\t\t\t\t\t1\t\t\t\t1"],
    # a row per block, labelled
    ["\t" + HEAD5, "行政复议\t2\t\t\t1\t3", "未经复议直接起诉\t\t\t\t\t", "复议后起诉\t1\t\t\t\t1"],
])
def test_table4_drawn_as_stacked_blocks(rows):
    v = values(read(_with_t4(rows)))
    assert [v.get(c) for c in T4_CODES] == [2, None, None, 1, 3] + [None] * 5 + [1, None, None, None, 1]


@pytest.mark.parametrize("rows", [
    # blocks out of the template's order, or a fourth (合计) row: no reading is certain
    ["\t" + HEAD5, "行政复议\t2\t\t\t1\t3", "复议后起诉\t1\t\t\t\t1", "未经复议直接起诉\t\t\t\t\t"],
    ["\t" + HEAD5, "行政复议\t2\t\t\t1\t3", "未经复议直接起诉\t\t\t\t\t", "复议后起诉\t1\t\t\t\t1",
     "合计\t3\t\t\t1\t4"],
])
def test_table4_blocks_that_do_not_fit_stay_uncertain(rows):
    res = read(_with_t4(rows))
    assert not any(c.startswith("t4.") for c in res.cells)
    assert all(c in res.uncertain for c in T4_CODES)


HEAD15 = ["行政复议\t\t\t\t\t行政诉讼", HEAD5 + "\t未经复议直接起诉\t\t\t\t\t复议后起诉", "\t\t\t\t\t" + HEAD5 + "\t" + HEAD5]


@pytest.mark.parametrize("row", [
    "46\t1\t\t\t\t1\t1\t\t\t\t1\t\t\t\t\t\t",  # 序号 46, then 复议 1 维持 (总计 1), 直接起诉 1 维持
    "48\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t",  # 序号 48 before an empty row
    # 序号 46 + 14 values and one empty cell: 15 stated fields, read packed they break R4.1
    "46\t9\t1\t1\t\t11\t6\t6\t3\t5\t20\t1\t2\t1\t1\t5\t",
])
def test_a_serial_number_before_the_unlabelled_table4_row_is_never_a_value(row):
    """The only window holding every field makes 46 (48) a 复议 count that breaks R4.1, while
    the window after it adds up: the row stays uncertain rather than read one column off."""
    res = read(_with_t4(HEAD15 + [row]))
    assert not any(c.startswith("t4.") for c in res.cells)


def test_an_unlabelled_table4_row_that_breaks_r41_is_still_read_as_printed():
    res = read(_with_t4(HEAD15 + ["10\t1\t0\t0\t0\t5\t0\t0\t0\t5\t0\t0\t0\t0\t0"]))  # 洪泽区 2023
    assert values(res)["t4.review.upheld"] == 10 and values(res)["t4.review.total"] == 0


@pytest.mark.parametrize("header, raw, value", [
    ("本年收费金额（单位：万元）", "96171.6", 96171.6),
    ("本年收费金额（单位：元）", "5200", 0.52),  # the header's unit, not the template's
    ("本年收费金额（元）", "5200", 0.52),
    ("本年收费金额（单位：元）", "5200元", 0.52),  # converted once, not twice
    ("本年收费金额", "5200", 5200),  # no unit stated: the template's 万元
])
def test_fee_amount_follows_the_unit_its_header_states(header, raw, value):
    text = (GB2021_GRID.replace("信息内容\t本年收费金额（单位：万元）", "信息内容\t" + header)
            .replace("行政事业性收费\t96171.6", "行政事业性收费\t" + raw))
    cell = read(text).cells["t2.fees.amount_10k_yuan"]
    assert (cell.value, cell.raw) == (value, raw)


def test_gb2019_markdown_repeated_merged_cells_and_yuan():
    text = "\n".join([
        "| 第二十条第（八）项 | 第二十条第（八）项 | 第二十条第（八）项 | 第二十条第（八）项 |",
        "|---|---|---|---|",
        "| 信息内容 | 上一年项目数量 | 本年增/减 | 本年增/减 |",
        "| 行政事业性收费 | 13 | -1 | -1 |",
        "| 第二十条第（九）项 | 第二十条第（九）项 | 第二十条第（九）项 | 第二十条第（九）项 |",
        "| 信息内容 | 采购项目数量 | 采购总金额 | 采购总金额 |",
        "| 政府集中采购 | 6 | 251000元 | 251000元 |",
        "三、收到和处理政府信息公开申请情况",
    ])
    res = read(text)
    v = values(res)
    assert res.table_templates["t2"] == "gb2019"
    assert v == {"t2.fees.prev_items": 13, "t2.fees.delta": -1, "t2.procurement.items": 6,
                 "t2.procurement.amount_10k_yuan": 25.1}
    assert res.cells["t2.procurement.amount_10k_yuan"].raw == "251000元"


# --- PDF-extracted text ----------------------------------------------------------------------

PDF_TEXT = """\
      三、收到和处理政府信息公开申请情况
                                                         申请人情况
（本列数据的勾稽关系为：第一项加第二项之和，                  法人或其他组织
等于第三项加第四项之和）
                               自然人                                              总计
一、本年新收政府信息公开申请数量                3001        53       0        0    61       4   3119
二、上年结转政府信息公开申请数量                34          0        0        0        0    0    34
      （一）予以公开                   1288        21       0        0    50       3   1362
      （二）部分公开（区分处理的，只计这一情
                                447         7        0        0        0    0   454
      形，不计其他情形）
             1.属于国家秘密            2          0        0        0        0    0    2
三、
本            2.其他法律行政法规禁止公开     30          1        0        0        0    0    31
年
             3.危及“三安全一稳定”        5          0        0        0        0    0    5

                                                                        -3-
             5.要求行政机关确认或重新出
                                        1         0        0         0        0         0    1
               具已获取信息
               1、申请人无正当理由逾期不补
               正、行政机关不再处理其政府信           67        3        0         0        1         0    71
               息公开申请
     （七）总计                           2932        53        0         0        61        4   3050
四、结转下年度继续办理                          103          0        0         0        0
     四、政府信息公开行政复议、行政诉讼情况
行政复议                          行政诉讼
                              未经复议直接起诉                              复议后起诉
结果   结果    其他结    尚未
                        总计
维持   纠正    果      审结
72    64      178   37    351   13    4    8   1   26   12   1   1   6   20
     五、存在的主要问题及改进情况
"""


def test_pdf_text_rows_wrapped_labels_and_dropped_blanks():
    res = read(PDF_TEXT)
    assert row(res, "new_received") == [3001, 53, 0, 0, 61, 4, 3119]
    assert row(res, "partial") == [447, 7, 0, 0, 0, 0, 454]  # numbers inside the wrapped label
    assert row(res, "denied.law_prohibited") == [30, 1, 0, 0, 0, 0, 31]  # vertical 三、本年… label
    assert row(res, "not_processed.confirm_reissue") == [1, 0, 0, 0, 0, 0, 1]
    assert row(res, "other.no_supplement") == [67, 3, 0, 0, 1, 0, 71]
    assert row(res, "total_processed") == [2932, 53, 0, 0, 61, 4, 3050]
    # six numbers for seven columns: which one is blank is unknown -> nothing recorded, uncertain
    assert row(res, "carried_out") == [None] * 7
    assert "t3.carried_out.total" in res.uncertain
    assert [res.cells[c].value for c in T4_CODES] == [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]
    assert res.cells["t3.partial.total"].where.startswith("line ")
    assert not any(x.value == 3 and x.code.startswith("t3.denied") for x in res.cells.values())


def test_flattened_one_cell_per_line_with_dashes():
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "法人或其他组织", "总计",
             "一、本年新收政府信息公开申请数量", "4", "1", "—", "—", "—", "—", "5",
             "二、上年结转政府信息公开申请数量", "—", "—", "—", "—", "—", "—", "—",
             "（七）总计", "4", "1", "—", "—", "5",  # blanks dropped: 5 numbers for 7 columns
             "四、政府信息公开行政复议、行政诉讼情况"]
    res = read("\n".join(lines))
    assert row(res, "new_received") == [4, 1, None, None, None, None, 5]
    assert row(res, "carried_in") == [None] * 7
    assert row(res, "total_processed") == [None] * 7
    assert "t3.total_processed.natural_person" in res.uncertain


def test_no_tables_no_cells():
    res = read("一、总体情况\n2024年共收到申请 12 件，予以公开 5 件，行政许可 300 件。\n")
    assert res.cells == {} and res.table_templates == {}


def test_a_prose_sentence_wrapped_after_its_number_is_no_table_row():
    # a PDF line ends inside the sentence, right after the number; its unit opens the next line
    text = ("三、依申请公开政府信息情况\n全年共收到政府信息公开申请2件。\n"
            "从答复情况看，予以公开（含属于已主动公开范围的）0\n件，部分公开0件，其余申请均已依法作出答复。\n")
    res = read(text)
    assert res.cells == {} and res.uncertain == {} and res.table_templates == {}
    # ... or right before it, the number opening the next line
    text = ("从答复情况看，予以公开（含属于已主动公开范围的）\n1574件，部分公开64件。\n"
            "全年政府信息公开工作专项经费2.56万元，主要用于网站\n栏目维护。\n")
    res = read(text)
    assert res.cells == {} and res.uncertain == {} and res.table_templates == {}
    # the same words as a table row still start table 3
    row_text = "（一）予以公开\t0\t0\t0\t0\t0\t0\t0\n（二）部分公开\t1\t0\t0\t0\t0\t0\t1\n"
    assert read("三、依申请公开政府信息情况\n" + row_text).table_templates == {"t3": "gb2021"}


def test_a_legacy_table_whose_answer_rows_a_page_break_lost_starts_no_table_3():
    """危及国家安全…社会稳定 is a legacy 统计表 row too; the table's other legacy-only rows say so."""
    text = "\n".join([
        "2018年度政府信息公开工作情况统计表",
        "指标\t单位\t数量",
        "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）\t条\t294",
        "（一）收到申请数\t件\t16",
        "涉及个人隐私\t件\t1",
        "危及国家安全、公共安全、经济安全和社会稳定\t件\t0",
        "法律法规规定的其他情形\t件\t1",
        "四、行政复议数量\t件\t0",
    ])
    res = read(text)
    assert res.cells == {} and res.uncertain == {} and "t3" not in res.table_templates


def test_an_indented_page_number_inside_a_torn_row_is_not_a_digit():
    """A page break inside row 二 of table 3 leaves its page number indented (the text's lines
    start with full-width spaces): it is dropped as a page number, not glued into 10."""
    text = GB2021_GRID.replace("二、上年结转政府信息公开申请数量\t\t\t2\t\t\t\t\t\t2",
                               "二、上年结转政府信息公开申请数量\t\t\t2\t\t\t\t\n\n\n\u3000\u30001\n\n\n\t\t2")
    res = read(text)
    assert row(res, "carried_in") == [2, None, None, None, None, None, 2]


def test_digits_joined_across_a_page_break_must_make_the_row_add_up():
    """A bare 1 between blank lines is no page number in a text whose footers read - 3 -: kept as
    a value, the break after it would join it with the next 0 into 10, and the row would no
    longer add up (1 + 10 ≠ 1). The row is uncertain; a torn number that adds up is joined."""
    wrong = GB2021_GRID.replace("二、上年结转政府信息公开申请数量\t\t\t2\t\t\t\t\t\t2",
                                "二、上年结转政府信息公开申请数量\t\t\t1\t\n\n1\n\n0\t0\t0\t0\t0\t1") + "\n- 3 -\n"
    res = read(wrong)
    assert not any(c.startswith("t3.carried_in.") for c in res.cells)
    assert "page break" in res.uncertain["t3.carried_in.total"].reason
    torn = GB2021_GRID.replace("二、上年结转政府信息公开申请数量\t\t\t2\t\t\t\t\t\t2",
                               "二、上年结转政府信息公开申请数量\t\t\t1\n\n2\t\t\t\t\t\t12") + "\n- 3 -\n"
    assert row(read(torn), "carried_in") == [12, None, None, None, None, None, 12]


def test_a_bare_number_too_large_for_a_page_of_the_text_is_joined_and_must_add_up():
    """``…\t1`` / page break / ``12`` / page break / ``…\t112``: no page of this text is page 12,
    so 12 is the rest of the row's torn 112, and joined the row adds up. A 2 there could be a page
    number, and is dropped as one (the row, read without it, adds up as well)."""
    torn = GB2021_GRID.replace("二、上年结转政府信息公开申请数量\t\t\t2\t\t\t\t\t\t2",
                               "二、上年结转政府信息公开申请数量\t\t\t1\n\n12\n\n\t\t\t\t\t\t112")
    assert len(torn) // 150 + 2 < 12
    assert row(read(torn), "carried_in") == [112, None, None, None, None, None, 112]
    page = GB2021_GRID.replace("二、上年结转政府信息公开申请数量\t\t\t2\t\t\t\t\t\t2",
                               "二、上年结转政府信息公开申请数量\t\t\t1\n\n2\n\n\t\t\t\t\t\t1")
    assert row(read(page), "carried_in") == [1, None, None, None, None, None, 1]


def _blanks_dropped(grid: str) -> str:
    """The grid as a text dump writes it: fields joined by spaces, empty cells dropped."""
    return "\n".join(" ".join(f for f in ln.split("\t") if f.strip()) for ln in grid.split("\n"))


_T3_SPACED = "\n".join([
    "三、收到和处理政府信息公开申请情况",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况",
    "自然人 法人或其他组织 总计",
    "商业企业 科研机构 社会公益组织 法律服务机构 其他",
    "一、本年新收政府信息公开申请数量 9 0 0 0 0 0 9",
    "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
    "三、本年度办理结果 （一）予以公开 4 0 0 0 0 0 4",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 1 0 0 0 0 0 1",
    "（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0",
    "2.其他法律行政法规禁止公开 0 0 0 0 0 0 0",
    "3.危及“三安全一稳定” 0 0 0 0 0 0 0",
    "4.保护第三方合法权益 0 0 0 0 0 0 0",
    "5.属于三类内部事务信息 0 0 0 0 0 0 0",
    "6.属于四类过程性信息 0 0 0 0 0 0 0",
    "7.属于行政执法案卷 0 0 0 0 0 0 0",
    "8.属于行政查询事项 0 0 0 0 0 0 0",
    "（四）无法提供 1.本机关不掌握相关政府信息 2 0 0 0 0 0 2",
    "2.没有现成信息需要另行制作 0 0 0 0 0 0 0",
    "3.补正后申请内容仍不明确 0 0 0 0 0 0 0",
    "（五）不予处理 1.信访举报投诉类申请 1 0 0 0 0 0 1",
    "2.重复申请 0 0 0 0 0 0 0",
    "3.要求提供公开出版物 0 0 0 0 0 0 0",
    "4.无正当理由大量反复申请 0 0 0 0 0 0 0",
    "5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0",
    "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0",
    "3.其他 1 0 0 0 0 0 1",
    "（七）总计 9 0 0 0 0 0 9",
    "四、结转下年度继续办理 0 0 0 0 0 0 0",
    "四、政府信息公开行政复议、行政诉讼情况",
])


def test_a_row_the_template_lacks_lends_its_values_to_no_row_above_it():
    """行政强制 states nothing (its blank cells dropped), and a local row 行政检查 12 follows: the
    12 is 行政检查's. The same in table 3: 其中：按时办结 5 5 where 四、结转下年度 has no values."""
    text = _blanks_dropped(GB2021_GRID.replace("行政强制\t—\t\t", "行政强制\t\t\t\n行政检查\t12\t\t"))
    res = read(text)
    assert "t2.coercion.decisions" not in res.cells and values(res)["t2.punishment.decisions"] == 3985758
    assert any("行政检查" in p.message for p in res.problems)
    res = read(_T3_SPACED.replace("四、结转下年度继续办理 0 0 0 0 0 0 0", "其中：按时办结 5 0 0 0 0 0 5\n四、结转下年度继续办理"))
    assert not any(c.startswith("t3.carried_out.") for c in res.cells)
    assert values(res)["t3.total_processed.total"] == 9 and values(res)["t3.granted.total"] == 4
    assert "t3.carried_out.total" in values(read(_T3_SPACED))  # the table as printed: read
    # nor does one right after a value-less row lend it its values (3.其他, then 其中：转办 2 … 2)
    res = read(_T3_SPACED.replace("3.其他 1 0 0 0 0 0 1", "3.其他\n其中：转办 2 0 0 0 0 0 2"))
    assert not any(c.startswith("t3.other.other.") for c in res.cells)
    # while a label wrapped onto its value line still reads
    wrapped = _T3_SPACED.replace("（二）部分公开（区分处理的，只计这一情形，不计其他情形） 1",
                                 "（二）部分公开（区分处理的，\n只计这一情形，不计其他情形） 1")
    assert values(read(wrapped))["t3.partial.total"] == 1
    # 查詢 in Taiwan usage normalizes to 查找: still row 8
    assert values(read(_T3_SPACED.replace("8.属于行政查询事项 0", "8.属于行政查找事项 0")))["t3.denied.query_matters.total"] == 0
    # a misspelt label in the same place still takes its row (8.属于行政查阅事项 for 查询)
    assert _label_may_be("8.属于行政查阅事项", "gb2021", "denied.query_matters")
    assert not _label_may_be("其中：按时办结", "gb2021", "carried_out")


def test_a_run_cut_by_a_line_end_into_a_negative_count_is_uncertain():
    """平潭 2020's flattened table 2 wrapped at a fixed width: 行政处罚2648-18538 became
    行政处罚26 / 48-18538, three values for three columns; a count of -18538 shows they were cut
    in the wrong place."""
    page = REPO / "data" / "raw" / "2020" / "80595_平潭综合实验区2020年度政府信息公开工作年度报告__page.txt"
    text = page.read_text(encoding="utf-8")
    assert "行政处罚2648-18538" in text
    res = read(text.replace("行政处罚2648-18538", "行政处罚26\n48-18538"))
    assert "t2.punishment.decisions" not in res.cells and "t2.punishment.delta" not in res.cells
    assert "negative" in res.uncertain["t2.punishment.decisions"].reason


def _scaled(block: str, factor: int) -> str:
    """The same table with every number multiplied: what a 全区汇总 table next to the body's
    own looks like (its identities still hold)."""
    import re
    return re.sub(r"(?<![\d.])\d+(?![\d.])", lambda m: str(int(m.group()) * factor), block)


_T3_BLOCK = GB2021_GRID[GB2021_GRID.index("三、收到和处理"):GB2021_GRID.index("四、政府信息公开行政复议")]
_ALL_TABLES = GB2021_GRID[:GB2021_GRID.index("五、存在的主要问题")]


@pytest.mark.parametrize("text", [
    # the region's table 3 first, then the body's own
    GB2021_GRID.replace(_T3_BLOCK, "（一）全区汇总\n" + _scaled(_T3_BLOCK, 3) + "（二）本机关\n" + _T3_BLOCK),
    # the body's own first, the region's attached after table 4
    GB2021_GRID.replace("五、存在的主要问题", "附：全区汇总\n" + _scaled(_T3_BLOCK, 3) + "五、存在的主要问题"),
    # all three tables twice
    GB2021_GRID.replace(_ALL_TABLES, "全区汇总情况\n" + _scaled(_ALL_TABLES, 3) + "\n本机关情况\n" + _ALL_TABLES),
])
def test_two_sets_of_tables_that_differ_leave_their_differing_cells_uncertain(text):
    """Which of two different table 3s is the report's own (a 全区 summary beside the body's
    own) is not known: no differing cell is taken from either, cells both state alike are."""
    own = values(read(GB2021_GRID))
    res = read(text)
    for code, v in values(res).items():
        assert own[code] == v, code  # never the other table's number
    assert "t3.new_received.total" not in res.cells
    assert "stated differently" in res.uncertain["t3.new_received.total"].reason
    assert res.uncertain["t3.new_received.total"].raw in ("108 | 36", "36 | 108")
    assert any(p.check == "table_repeated" for p in res.problems)
    # what neither table states differently stays: table 2 (printed once, or twice alike)
    if text.count("第二十条第（一）项") == 1:
        assert all(own[c] == values(res)[c] for c in own if c.startswith("t2."))


def test_a_set_of_tables_printed_twice_alike_reads_as_once():
    twice = GB2021_GRID.replace("五、存在的主要问题", "附件：\n" + _ALL_TABLES + "\n五、存在的主要问题")
    res = read(twice)
    assert values(res) == values(read(GB2021_GRID))
    assert not res.uncertain


def test_a_row_cut_short_behind_its_merged_label_is_not_shifted():
    """Row 一's label spans three columns (two empty placeholders follow it); a page break that
    drops the rest of the row leaves exactly seven fields. Read from the left they would shift
    every value two columns: the row is uncertain instead. With units in the cells (2件), the
    rest of the row after the page break still joins it."""
    row1 = "一、本年新收政府信息公开申请数量\t\t\t30\t5\t\t\t1\t\t36"
    short = GB2021_GRID.replace(row1, "一、本年新收政府信息公开申请数量\t\t\t30\t5\t0\t0\t1")
    res = read(short)
    assert not any(c.startswith("t3.new_received.") for c in res.cells)
    assert "before the table's last column" in res.uncertain["t3.new_received.total"].reason
    assert row(res, "carried_in") == [2, None, None, None, None, None, 2]  # other rows as before
    torn = GB2021_GRID.replace(row1, "一、本年新收政府信息公开申请数量\t\t\t30件\t5件\t0件\t0件\t1件\n\n\n\t0件\t36件")
    assert row(read(torn), "new_received") == [30, 5, 0, 0, 1, 0, 36]


def test_a_table2_row_stated_twice_differently_is_uncertain():
    res = read(GB2021_GRID.replace("规章\t1\t0\t11", "规章\t1\t0\t11\n规章\t9\t0\t11"))
    assert "t2.rules.made" not in res.cells and res.uncertain["t2.rules.made"].raw == "1 | 9"
    assert values(res)["t2.rules.valid"] == 11 and values(res)["t2.rules.repealed"] == 0
    assert {"t2_row", "table_repeated"} <= {p.check for p in res.problems}


def _t3_columns(fn) -> str:
    """GB2021_GRID with table 3's fields rearranged by ``fn`` on every header and value line."""
    start, end = GB2021_GRID.index("\t\t\t自然人"), GB2021_GRID.index("四、政府信息公开行政复议")
    lines = [("\t".join(fn(ln.split("\t"))) if ln.count("\t") >= 9 else ln)
             for ln in GB2021_GRID[start:end].split("\n")]
    return GB2021_GRID[:start] + "\n".join(lines) + GB2021_GRID[end:]


def _swap(i, j):
    def fn(f):
        f = list(f)
        f[i], f[j] = f[j], f[i]
        return f
    return fn


@pytest.mark.parametrize("fn, why", [
    (_swap(3, 9), "总计 before 自然人"),  # 总计 printed first
    (_swap(5, 6), "not in the template's order"),  # 科研机构 and 社会公益组织 swapped
    (lambda f: f[:3] + f[4:], "no 自然人"),  # the 自然人 column left out
])
def test_table3_with_other_columns_than_the_template_is_not_read(fn, why):
    """Read in the template's order, a table whose header orders its columns otherwise would put
    every value in another column: it is left uncertain."""
    res = read(_t3_columns(fn))
    assert not any(c.startswith("t3.") for c in res.cells)
    assert why in res.uncertain["t3.new_received.total"].reason
    assert "t3_columns" in {p.check for p in res.problems}
    assert values(res)["t2.rules.valid"] == 11 and values(res)["t4.review.total"] == 3  # the other tables read


def test_a_table3_header_broken_by_a_page_still_reads():
    """Names cut over lines, with a footer between them (自 / 第1页 共3页 / 然人), are no change of columns."""
    text = GB2021_GRID.replace("\t\t\t自然人\t", "\t\t\t自\n\n第1页 共3页\n\n然人\t")
    assert row(read(text), "new_received") == [30, 5, None, None, 1, None, 36]


@pytest.mark.parametrize("swaps, prefix, code, why", [
    # table 4's litigation blocks printed the other way round
    ([("未经复议直接起诉\t\t\t\t\t复议后起诉", "复议后起诉\t\t\t\t\t未经复议直接起诉"),
      ("2\t\t\t1\t3\t\t\t\t\t\t1\t\t\t\t1", "2\t\t\t1\t3\t1\t\t\t\t1\t\t\t\t\t")],
     "t4.", "t4.litigation_direct.total", "复议后起诉 before"),
    # a table-2 header naming 现行有效件数 before 本年废止件数
    ([("信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "信息内容\t本年制发件数\t现行有效件数\t本年废止件数"),
      ("规章\t1\t0\t11", "规章\t1\t11\t0")],
     "t2.rules.", "t2.rules.valid", "otherwise than the template"),
])
def test_a_header_that_orders_its_columns_otherwise_is_not_read_positionally(swaps, prefix, code, why):
    text = GB2021_GRID
    for old, new in swaps:
        text = text.replace(old, new)
    res = read(text)
    assert not any(c.startswith(prefix) for c in res.cells)
    assert why in res.uncertain[code].reason
    assert row(res, "new_received") == [30, 5, None, None, 1, None, 36]  # the other tables as before
    assert values(res)["t2.licensing.decisions"] == 447228


def test_a_cell_of_two_numbers_is_no_number():
    """`1 2` in one cell (two paragraphs of a Word or web cell, or two cells that lost their
    separator) is not 12: the row is not read, the rest of the table is."""
    text = GB2021_GRID.replace("一、本年新收政府信息公开申请数量\t\t\t30\t5\t\t\t1\t\t36",
                               "一、本年新收政府信息公开申请数量\t\t\t30\t5\t\t\t1 2\t\t36")
    res = read(text)
    assert not any(v.value == 12 for v in res.cells.values())
    assert "t3.new_received.legal_service_org" not in res.cells
    assert row(res, "carried_in") == [2, None, None, None, None, None, 2]


def test_a_remark_after_a_rows_values_is_not_its_label():
    """A remark written after the values (`…\\t36\\t说明：含电话申请`, `规章\\t1\\t0\\t11\\t备注`) is
    dropped: before, it made the whole row label text and every value of the row was lost."""
    text = (GB2021_GRID.replace("\t\t\t30\t5\t\t\t1\t\t36", "\t\t\t30\t5\t\t\t1\t\t36\t说明：含电话申请")
            .replace("规章\t1\t0\t11", "规章\t1\t0\t11\t备注\t"))
    res = read(text)
    assert values(res) == values(read(GB2021_GRID))
    # text among the values is no remark: that row stays unread
    among = GB2021_GRID.replace("\t\t\t30\t5\t\t\t1\t\t36", "\t\t\t30\t5\t另\t\t1\t\t36\t说明")
    assert "t3.new_received.total" not in read(among).cells


def test_a_serial_number_column_before_the_labels_changes_nothing():
    start, end = GB2021_GRID.index("第二十条第（一）项"), GB2021_GRID.index("四、政府信息公开行政复议")
    lines = GB2021_GRID[start:end].split("\n")
    numbered = [("序号\t" if i == 0 else f"{i}\t") + ln for i, ln in enumerate(lines)]
    text = GB2021_GRID[:start] + "\n".join(numbered) + GB2021_GRID[end:]
    assert values(read(text)) == values(read(GB2021_GRID))


def test_the_next_rows_label_run_onto_a_value_line_still_labels_the_next_values():
    text = GB2021_GRID.replace("\t\t\t30\t5\t\t\t1\t\t36\n二、上年结转政府信息公开申请数量\t\t\t2",
                               "\t\t\t30\t5\t\t\t1\t\t36\t二、上年结转政府信息公开申请数量\n\t\t\t2")
    assert text != GB2021_GRID
    res = read(text)
    assert row(res, "new_received") == [30, 5, None, None, 1, None, 36]
    assert row(res, "carried_in") == [2, None, None, None, None, None, 2]


@pytest.mark.parametrize("mark", ["*", "①", "²", "注1", "[1]", "（含转办1件）", "人次", "%", "件（注）"])
def test_a_value_with_a_note_mark_is_uncertain_and_the_row_keeps_its_columns(mark):
    """`2*`, `2①`, `2（含转办1件）` beside a row label: a value field all the same. Taken for label
    text, it shifted the row's other values one column to the left (334 wrong cells on 1,298
    probe files); `①` or `²`, digits to str.isdigit, crashed the report."""
    text = GB2021_GRID.replace("\t\t3.其他\t\t2\t\t\t\t\t2", f"\t\t3.其他\t2{mark}\t2\t\t\t\t\t2")
    res = read(text)
    assert row(res, "other.other") == [None, 2, None, None, None, None, 2]
    u = res.uncertain["t3.other.other.natural_person"]
    assert u.raw == f"2{mark}" and "no plain number" in u.reason
    base = values(read(GB2021_GRID))
    assert {k: x for k, x in values(res).items() if k != "t3.other.other.natural_person"} == base
    # where only the row's sums could tell its columns, the row is not read at all
    carried = GB2021_GRID.replace("二、上年结转政府信息公开申请数量\t\t\t2\t\t\t\t\t\t2",
                                  f"二、上年结转政府信息公开申请数量\t\t\t\t\t\t\t2{mark}\t\t2\t")
    res = read(carried)
    assert not any(c.startswith("t3.carried_in.") for c in res.cells)
    assert "t3.carried_in.total" in res.uncertain


@pytest.mark.parametrize("mark", ["注1", "*", "①"])
def test_a_note_mark_in_a_space_separated_row_keeps_the_row_in_place(mark):
    """`…申请 1注1 0 0 0 0 0 1` in a text dump: `注` split the row and its other six values went to
    the next row (5.要求行政机关确认…). The marked value is uncertain; the rest stay where printed."""
    text = _T3_SPACED.replace("（五）不予处理 1.信访举报投诉类申请 1 0 0 0 0 0 1",
                              f"（五）不予处理 1.信访举报投诉类申请 1{mark} 0 0 0 0 0 1")
    res = read(text)
    assert row(res, "not_processed.petition") == [None, 0, 0, 0, 0, 0, 1]
    assert res.uncertain["t3.not_processed.petition.natural_person"].raw == f"1{mark}"
    base = values(read(_T3_SPACED))
    assert {k: x for k, x in values(res).items()} == {
        k: x for k, x in base.items() if k != "t3.not_processed.petition.natural_person"}


@pytest.mark.parametrize("zero", ["〇", "零", "O"])
def test_a_zero_written_as_a_character_keeps_the_row_in_place(zero):
    """`3.其他\t〇\t2…`: taken for label text, 〇 shifted the row's values one column left."""
    text = GB2021_GRID.replace("\t\t3.其他\t\t2\t\t\t\t\t2", f"\t\t3.其他\t{zero}\t2\t\t\t\t\t2")
    res = read(text)
    assert row(res, "other.other") == [None, 2, None, None, None, None, 2]
    assert res.uncertain["t3.other.other.natural_person"].raw == zero


@pytest.mark.parametrize("remark", ["3", "2件（电话申请）"])
def test_a_number_in_a_remark_column_is_no_total(remark):
    """`2.重复申请\t98\t4\t\t1\t4\t3\t110\t3`: seven stated fields and one empty, as a row whose
    empty fields are merged-cell placeholders looks; packed, the remark's 3 became the 总计 and
    every value from the empty cell on moved one column. Packing must add up now."""
    text = GB2021_GRID.replace("\t\t2.其他法律行政法规禁止公开\t1\t\t\t\t\t\t1",
                               f"\t\t2.其他法律行政法规禁止公开\t1\t2\t\t1\t1\t1\t6\t{remark}")
    res = read(text)
    assert not any(c.startswith("t3.denied.law_prohibited.") for c in res.cells)
    assert "t3.denied.law_prohibited.total" in res.uncertain
    # a row whose sums hold is still read packed, its placeholders skipped
    fine = GB2021_GRID.replace("\t\t2.其他法律行政法规禁止公开\t1\t\t\t\t\t\t1",
                               "\t\t2.其他法律行政法规禁止公开\t\t1\t2\t1\t1\t1\t0\t6")
    assert row(read(fine), "denied.law_prohibited") == [1, 2, 1, 1, 1, 0, 6]


def test_two_numbers_in_the_last_cell_leave_the_row_unread():
    """`…\t1\t1\t191 3` (a last cell of two paragraphs): taken for a remark and dropped, it left six
    values behind two placeholders, read one column to the right (186 as 商业企业)."""
    text = GB2021_GRID.replace("一、本年新收政府信息公开申请数量\t\t\t30\t5\t\t\t1\t\t36",
                               "一、本年新收政府信息公开申请数量\t\t\t30\t5\t0\t0\t1\t0\t36 3")
    res = read(text)
    assert not any(c.startswith("t3.new_received.") for c in res.cells)
    assert "the row's last field is no value" in res.uncertain["t3.new_received.total"].reason
    assert row(res, "carried_in") == [2, None, None, None, None, None, 2]


def test_cells_pasted_as_paragraphs_two_blank_lines_apart():
    """A web table pasted with every cell a paragraph of its own and two blank lines between
    cells (an empty cell is one more empty paragraph): the spacing is no page break, and a row
    left blank stays blank."""
    def para(label, *cells):
        return "\n\n\n".join([label, *[str(c) if c is not None else "" for c in cells]])
    blank = (None,) * 7
    rows = [para("一、本年新收政府信息公开申请数量", 16, 0, 0, 0, 0, 0, 16),
            para("二、上年结转政府信息公开申请数量", 0, 0, 0, 0, 0, 0, 0),
            "三、本年度办理结果",
            para("（一）予以公开", 9, 0, 0, 0, 0, 0, 9),
            para("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", *blank),
            "（三）不予公开"]
    rows += [para(f"{i}.{t}", *blank) for i, t in enumerate(
        ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
         "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"], 1)]
    rows += ["（四）无法提供", para("1.本机关不掌握相关政府信息", 3, 0, 0, 0, 0, 0, 3),
             para("2.没有现成信息需要另行制作", 4, 0, 0, 0, 0, 0, 4), para("3.补正后申请内容仍不明确", *blank),
             "（五）不予处理"]
    rows += [para(f"{i}.{t}", *blank) for i, t in enumerate(
        ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
         "要求行政机关确认或重新出具已获取信息"], 1)]
    rows += [para("（六）其他处理", *blank), para("（七）总计", 16, 0, 0, 0, 0, 0, 16),
             para("四、结转下年度继续办理", 0, 0, 0, 0, 0, 0, 0)]
    head = "\n\n\n".join(["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "法人或其他组织", "总计",
                          "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])
    text = "2019年政府信息公开工作年度报告\n\n\n" + head + "\n\n\n" + "\n\n\n".join(rows) + "\n\n\n五、存在的主要问题\n"
    res = read(text)
    assert row(res, "new_received") == [16, 0, 0, 0, 0, 0, 16]
    assert row(res, "granted") == [9, 0, 0, 0, 0, 0, 9]
    assert row(res, "unable.need_creation") == [4, 0, 0, 0, 0, 0, 4]
    assert row(res, "total_processed") == [16, 0, 0, 0, 0, 0, 16]
    assert not any(k.startswith(("t3.partial.", "t3.denied.", "t3.unable.unclear.")) for k in res.cells)


def test_cells_pasted_as_paragraphs_keep_their_columns():
    """The same layout with rows four blank lines apart: each empty cell is an empty paragraph,
    so every value keeps its column, also in a row whose first columns are empty."""
    def para_row(*cells):
        return "\n\n\n".join("" if c is None else str(c) for c in cells)
    row_gap = "\n\n\n\n\n"
    t3 = [para_row("三、收到和处理政府信息公开申请情况"), para_row("申请人情况"),
          para_row("自然人", "法人或其他组织", "总计"),
          para_row("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"),
          para_row("一、本年新收政府信息公开申请数量", 5, None, None, 2, None, None, 7),
          para_row("二、上年结转政府信息公开申请数量", 0, 0, 0, 0, 0, 0, 0),
          para_row("三、本年度办理结果", "（一）予以公开", 3, None, None, 2, None, None, 5),
          para_row(None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", *(None,) * 7),
          para_row(None, "（七）总计", 5, None, None, 2, None, None, 7)]
    t4 = [para_row("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
          para_row("行政复议", "行政诉讼"),
          para_row("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"),
          para_row(*["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3),
          para_row(None, None, None, None, 0, 1, None, None, None, 1, None, None, None, None, 0)]
    text = ("2021年政府信息公开工作年度报告\n\n\n" + row_gap.join(t3) + "\n" * 7 + row_gap.join(t4)
            + "\n" * 7 + "五、存在的主要问题及改进情况\n")
    res = read(text)
    assert row(res, "new_received") == [5, None, None, 2, None, None, 7]
    assert row(res, "carried_in") == [0] * 7
    assert row(res, "granted") == [3, None, None, 2, None, None, 5]
    assert row(res, "partial") == [None] * 7
    assert row(res, "total_processed") == [5, None, None, 2, None, None, 7]
    t4_got = {k: v.value for k, v in res.cells.items() if k.startswith("t4.")}
    assert t4_got == {"t4.review.total": 0, "t4.litigation_direct.upheld": 1,
                      "t4.litigation_direct.total": 1, "t4.litigation_after_review.total": 0}
