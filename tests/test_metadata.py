"""Metadata stage: agency names and places, report year, publish date (and the gazetteer under it)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.extract.metadata import extract_metadata
from gongkai.normalize import normalize_text
from gongkai.places import gazetteer

SHARED = Path(__file__).resolve().parents[2] / "shared"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared not present")

FIELDS = ("agency", "agency_as_written", "level", "province", "city", "county", "township",
          "report_year", "publish_date")


def md(raw: str, title: str | None = None, name: str = "x.txt"):
    text, _ = normalize_text(raw)
    return extract_metadata(text, title, name, {}, original_text=raw)


BODY = "一、总体情况\n本年度，我局认真贯彻《中华人民共和国政府信息公开条例》。\n"


# -- gazetteer -----------------------------------------------------------------------------

def test_gazetteer_full_and_short_names():
    g = gazetteer()
    (baohe,) = g.lookup("包河")
    assert baohe.name == "包河区" and g.prefecture(baohe).name == "合肥市" and baohe.kind == "区"
    (zhangdian,) = g.lookup("张店")
    assert zhangdian.name == "张店区" and g.province(zhangdian).name == "山东省"
    (yanbian,) = g.lookup("延边州")
    assert yanbian.name == "延边朝鲜族自治州" and yanbian.kind == "自治州"
    assert {p.code for p in g.lookup("朝阳区")} >= {"110105", "220104"}  # 北京 and 长春


def test_gazetteer_direct_units_and_municipalities():
    g = gazetteer()
    qionghai = g.get("469002")
    assert qionghai.name == "琼海市" and qionghai.direct and g.prefecture(qionghai) is None
    assert g.get("429004").name == "仙桃市" and g.get("429004").kind == "县级市"
    pudong = g.lookup("浦东新区")[0]
    assert g.prefecture(pudong).name == "上海市" and g.province(pudong).kind == "直辖市"


def test_gazetteer_knows_divisions_newer_than_cpca():
    g = gazetteer()
    (laiwu,) = [p for p in g.lookup("莱芜区") if not p.historical]
    assert g.prefecture(laiwu).name == "济南市"
    (old,) = g.lookup("赣县")  # renamed 2016: kept for old reports, maps to its successor
    assert old.historical and g.current(old).name == "赣县区"


def test_gazetteer_knows_the_divisions_changed_since_2016():
    """Renamed, merged and new divisions of 2016–2024 (邢台 2020, 伊春 2019, 杭州 2021, the
    兵团 cities): today's names resolve, and the old ones stay for older reports."""
    g = gazetteer()
    for name, prefecture in (("信都区", "邢台市"), ("襄都区", "邢台市"), ("任泽区", "邢台市"), ("肥乡区", "邯郸市"),
                             ("伊美区", "伊春市"), ("嫩江市", "黑河市"), ("公主岭市", "长春市")):
        (p,) = g.lookup(name)
        assert not p.historical and g.prefecture(p).name == prefecture, name
    assert g.lookup("北屯市")[0].direct and g.province(g.lookup("北屯市")[0]).name == "新疆维吾尔自治区"
    (old,) = g.lookup("任县")
    assert old.historical and old.until == 2020 and g.current(old).name == "任泽区"
    (xingtai_county,) = g.lookup("邢台县")  # split between two districts: no single successor
    assert xingtai_county.historical and g.current(xingtai_county) is xingtai_county
    assert all(p.historical and p.until == 2016 for p in g.lookup("邯郸县"))
    assert g.current(g.lookup("江干区")[0]).name == "上城区"


@pytest.mark.parametrize("year, expected", [
    (2024, ("邢台市文化和旅游局", "prefecture", "邢台市")),  # 邢台县 was gone by then: 邢台 is the city
    (2018, (None, None, None)),  # 邢台 could still be the county: no reading
])
def test_a_short_place_name_shared_with_an_abolished_county_follows_the_report_year(year, expected):
    m = md(f"邢台文旅局{year}年度政府信息公开年度报告\n" + BODY + f"{year}年，我局共主动公开政府信息244条。\n")
    assert (m.agency, m.level, m.city) == expected
    assert m.province == "河北省" and m.report_year == year


@pytest.mark.parametrize("year, county", [(2022, "桥东区"), (2019, None)])
def test_a_renamed_district_keeps_its_ties_for_the_years_before_its_change(year, county):
    """邢台's 桥东区 became 襄都区 in 2020: a 2019 report of a 桥东区 may be 邢台's or 张家口's,
    one of 2022 can only be 张家口's."""
    m = md(f"桥东区人民政府{year}年政府信息公开工作年度报告\n" + BODY)
    assert m.county == county
    assert m.city == ("张家口市" if county else None)


# -- agencies --------------------------------------------------------------------------------

def test_short_name_expanded_from_text_and_gazetteer():
    raw = ("2017年,兖州执法局以党的十九大精神为指导。现将我局2017年度信息公开工作报告如下:\n"
           "制定《兖州区城市管理行政执法局政务信息公开服务指南》。\n区执法局领导班子高度重视。\n2018年2月28日\n")
    m = md(raw)
    assert (m.agency, m.agency_as_written, m.level) == ("济宁市兖州区城市管理行政执法局", "兖州执法局", "county")
    assert (m.province, m.city, m.county) == ("山东省", "济宁市", "兖州区")
    assert (m.report_year, m.publish_date) == (2017, "2018-02-28")


def test_abbreviation_follows_the_era_when_the_text_is_silent():
    m = md("张店执法局2020年政府信息公开工作年度报告\n" + BODY)
    assert m.agency == "淄博市张店区综合行政执法局"
    m = md("张店执法局2016年政府信息公开工作年度报告\n" + BODY)
    assert m.agency == "淄博市张店区城市管理行政执法局"


def test_municipality_district_and_office():
    m = md("上海市浦东新区民政局2020年政府信息公开工作年度报告\n" + BODY)
    assert (m.agency, m.level, m.province, m.city, m.county) == (
        "上海市浦东新区民政局", "county", "上海市", "上海市", "浦东新区")
    m = md("2019年上海市人民政府办公厅政府信息公开工作年度报告\n" + BODY)
    assert (m.agency, m.level, m.province, m.city, m.county) == (
        "上海市人民政府办公厅", "province", "上海市", "上海市", None)


def test_county_level_unit_directly_under_province_has_no_prefecture():
    m = md("琼海卫健局2023年政府信息公开工作年度报告\n" + BODY)
    assert (m.agency, m.level, m.province, m.city, m.county) == (
        "琼海市卫生健康局", "county", "海南省", None, "琼海市")


def test_township_located_through_the_text():
    raw = ("大河镇2024年政府信息公开工作报告\n2024年，大河镇人民政府在镇党委、镇政府的坚强领导下开展工作。\n"
           "全年通过浦城县政府网等渠道主动公开政府信息29条。\n")
    m = md(raw)
    assert (m.agency, m.level, m.city, m.county, m.township) == (
        "南平市浦城县大河镇人民政府", "township", "南平市", "浦城县", "大河镇")


def test_place_names_wrapped_at_a_line_end_still_count():
    """A PDF wraps a paragraph anywhere: ``林周\n县政府网`` names 林周县, and ``临沂市沂\n南县`` names
    沂南县, never 益阳's 南县 (which its second line alone spells)."""
    m = md("北湖镇人民政府\n2024年政府信息公开工作年度报告\n2024年，我镇共主动公开政府信息165条，其中通过林周\n"
           "县政府网公开59条。\n")
    assert (m.agency, m.province, m.county) == ("拉萨市林周县北湖镇人民政府", "西藏自治区", "林周县")
    m = md("新安镇人民政府2015年政府信息公开工作年度报告\n根据山东省要求，现将临沂市沂\n南县新安镇人民政府2015年政府信息公开\n"
           "工作情况报告如下。\n")
    assert (m.agency, m.county) == ("临沂市沂南县新安镇人民政府", "沂南县")


def test_a_county_seat_named_like_its_county_needs_that_prefecture_in_the_text():
    """新宁镇 is the seat of 新宁县 (邵阳市); 龙山镇 lies in 东辽县, beside 辽源市's 龙山区: the
    town's name alone, with only its province in the text, must not place it in 龙山区."""
    seat = md("新宁镇人民政府2016年度政府信息公开工作年度报告\n根据邵阳市的统一部署，我镇开展了政府信息公开工作。\n")
    assert (seat.agency, seat.county) == ("邵阳市新宁县新宁镇人民政府", "新宁县")
    other = md("龙山镇人民政府2022年政府信息公开工作年度报告\n认真贯彻《吉林省人民政府办公厅关于做好年度报告编制工作的通知》。\n")
    assert other.county is None and other.agency in (None, "龙山镇人民政府")
    assert other.province == "吉林省"


def test_a_town_named_with_a_generic_word_or_a_county_name_is_not_placed_by_its_name():
    """南关街道 (south gate) and 城关镇 are found in many counties, so 长春 in the text does not put
    南关街道 in 长春's 南关区; and the 西区 inside 西区街道 is no mention of 攀枝花's 西区: the text
    names 中山, a prefecture without counties, which does place it."""
    gate = md("南关街道办2011年度政府信息公开工作年度报告\n请与南关街道办事处便民服务中心联系（地址：长春市解放路17号）。\n")
    assert gate.county is None and gate.agency in (None, "南关街道办事处")
    west = md("西区街道办事处 2018 年度政府信息公开年度报告\n来源：西区街道办事处\n"
              "我街道认真落实中山市政务公开工作部署，西区街道办事处主动公开政府信息52条。\n")
    assert (west.agency, west.province, west.city, west.county) == ("中山市西区街道办事处", "广东省", "中山市", None)
    # a proper county name inside the town's name does place it: 沁县镇 is the seat of 沁县
    seat = md("沁县镇人民政府2021年政府信息公开工作年度报告\n沁县镇人民政府主动公开政府信息35条。\n")
    assert (seat.agency, seat.county) == ("长治市沁县沁县镇人民政府", "沁县")


def test_ambiguous_county_name_needs_context():
    title = "朝阳区民政局2019年政府信息公开工作年度报告\n"
    m = md(title + BODY)
    assert m.agency is None and m.county is None and m.province is None and m.level == "county"
    assert any(p.check == "meta.place" for p in m.problems)
    m = md(title + "根据《北京市政府信息公开规定》，结合北京市工作实际编制本报告。\n")
    assert (m.agency, m.province) == ("北京市朝阳区民政局", "北京市")
    m = md(title + "按照长春市人民政府办公厅要求编制本报告。\n")
    assert (m.agency, m.city) == ("长春市朝阳区民政局", "长春市")


def test_ambiguous_county_within_one_province_still_gives_the_province():
    m = md("向阳区民政局2019年政府信息公开工作年度报告\n" + BODY)  # 佳木斯 and 鹤岗, both 黑龙江
    assert m.agency is None and m.city is None and m.province == "黑龙江省"


def test_short_name_of_a_prefecture_and_its_own_county_is_read_only_from_the_text():
    # 恩施: 恩施土家族苗族自治州 and its 恩施市; 克拉玛依: 克拉玛依市 and its 克拉玛依区
    m = md("克拉玛依教育局2012年政府信息公开工作报告\n" + BODY)
    assert m.agency is None and m.county is None and m.province == "新疆维吾尔自治区"
    title = "恩施政府办2010年度政府信息公开工作年度报告\n"
    county = "本报告由恩施土家族苗族自治州恩施市人民政府办公室编制。地址：恩施土家族苗族自治州迎宾路3号。\n"
    m = md(title + county + "在恩施市政府网公布监督电话。\n")
    assert (m.agency, m.county) == ("恩施土家族苗族自治州恩施市人民政府办公室", "恩施市")
    m = md(title + "根据恩施土家族苗族自治州人民政府办公室要求，编制本报告。\n")
    assert (m.agency, m.county) == ("恩施土家族苗族自治州人民政府办公室", None)


def test_header_publisher_completes_the_title_name_and_keeps_the_original_script():
    raw = "包河區2018年政府信息公開工作報告\n基本介紹\n中文名:包河區2018年政府信息公開工作報告\n發布單位:合肥市包河區人民政府\n" \
          "本年度報告中使用數據統計期限為2018年1月1日至12月31日。\n"
    m = md(raw)
    assert (m.agency, m.agency_as_written, m.level, m.report_year) == ("合肥市包河区人民政府", "包河區", "county", 2018)


def test_zone_that_is_no_division_keeps_its_own_name():
    m = md("平潭综合实验区2017年度政府信息公开工作年度报告\n" + BODY)
    assert (m.agency, m.province, m.city, m.county, m.level) == (
        "平潭综合实验区管理委员会", "福建省", "福州市", "平潭县", "county")
    m = md("平潭综合实验区地方税务局2013年信息公开年度报告\n" + BODY)
    assert m.agency == "平潭综合实验区地方税务局"


# -- years and dates -------------------------------------------------------------------------

@pytest.mark.parametrize("title, agency, level, places", [
    ("国家税务总局张店区税务局", "国家税务总局淄博市张店区税务局", "county", ("山东省", "淄博市", "张店区")),
    ("国家税务总局山东省税务局", "国家税务总局山东省税务局", "province", ("山东省", None, None)),
    ("国家税务总局淄博市税务局第一稽查局", "国家税务总局淄博市税务局第一稽查局", "prefecture", ("山东省", "淄博市", None)),
    ("国家统计局淄博调查队", "国家统计局淄博调查队", "prefecture", ("山东省", "淄博市", None)),
])
def test_offices_of_centrally_managed_systems_belong_to_their_place(title, agency, level, places):
    m = md(f"{title}2021年政府信息公开工作年度报告\n" + BODY)
    assert (m.agency, m.level, (m.province, m.city, m.county)) == (agency, level, places)


@pytest.mark.parametrize("title, agency", [
    ("国家发展和改革委员会", "国家发展和改革委员会"), ("中华人民共和国外交部", "外交部"),
    ("国家税务总局", "国家税务总局"), ("国务院办公厅", "国务院办公厅"),
])
def test_central_bodies_keep_their_own_name_and_no_place(title, agency):
    m = md(f"{title}2021年政府信息公开工作年度报告\n" + BODY)
    assert (m.agency, m.level, m.province, m.city) == (agency, None, None, None)


@pytest.mark.parametrize("title, agency", [
    ("【年度报告】淄博市张店区人民政府2021年政府信息公开工作年度报告", "淄博市张店区人民政府"),
    ("关于印发淄博市张店区人民政府2021年政府信息公开工作年度报告的通知", "淄博市张店区人民政府"),
    ("淄博市人民政府办公室关于印发淄博市2021年政府信息公开工作年度报告的通知", "淄博市人民政府"),
    # the notice names no report's agency: the issuing office is not taken for it
    ("淄博市人民政府办公室关于印发2021年政府信息公开工作年度报告的通知", None),
])
def test_column_tags_and_covering_notices_are_not_part_of_the_name(title, agency):
    assert md(title + "\n" + BODY).agency == agency


def test_title_with_its_year_in_trailing_brackets_or_after_a_date():
    m = md("淄博市张店区人民政府政府信息公开工作年度报告（2021年度）\n" + BODY)
    assert (m.agency, m.report_year) == ("淄博市张店区人民政府", 2021)
    # 2022年1月 is when it was published, not the year it reports on
    assert md("2022年1月张店区人民政府发布2021年政府信息公开工作年度报告\n" + BODY).report_year == 2021


def test_title_broken_inside_the_agency_name_is_joined_with_its_first_line():
    m = md("红河哈尼族彝族自治州屏边苗族自治县人民政\n府2016年度政府信息公开工作年度报告\n" + BODY)
    assert (m.agency, m.agency_as_written) == ("红河哈尼族彝族自治州屏边苗族自治县人民政府",) * 2
    assert (m.province, m.city, m.county, m.level) == ("云南省", "红河哈尼族彝族自治州", "屏边苗族自治县", "county")


def test_agency_broken_over_the_two_lines_above_a_year_first_title():
    m = md("红河哈尼族彝族自治州金平苗族瑶族傣族自治\n县民政局\n2014年政府信息公开年报\n" + BODY)
    assert m.agency == "红河哈尼族彝族自治州金平苗族瑶族傣族自治县民政局"


def test_title_broken_before_the_body_word_is_joined_too():
    m = md("红河哈尼族彝族自治州屏边苗族自治县\n人民政府2016年度政府信息公开工作年度报告\n" + BODY)
    assert m.agency == "红河哈尼族彝族自治州屏边苗族自治县人民政府"


def test_a_line_above_the_title_that_names_nothing_with_it_is_left_alone():
    m = md("索引号：11370300-2020-00012\n市政府办公室2016年度政府信息公开工作年度报告\n" + BODY)
    assert m.agency_as_written == "市政府办公室"
    m = md("淄博市人民政府门户网站\n市政府办公室2016年度政府信息公开工作年度报告\n" + BODY)
    assert m.agency_as_written == "市政府办公室"
    m = md("淄博市人民政府门户网站\n政府2016年度政府信息公开工作年度报告\n" + BODY)
    assert m.agency_as_written == "政府"
    m = md("政务公开\n淄博市张店区综合行政执法局2020年政府信息公开工作年度报告\n" + BODY)
    assert m.agency == "淄博市张店区综合行政执法局"


def test_title_wrapped_after_the_agency_when_the_year_comes_first():
    # the wrapped title must win over a later line that quotes another document's title
    raw = ("2013年吉安市发展和改革委员会\n政府信息公开工作年度报告\n根据《吉安\n"
           "市人民政府办公室关于做好2013年度政府信息公开工作年度报告编制和报送工\n作的通知》的有关要求。\n" + BODY)
    m = md(raw)
    assert (m.agency, m.province, m.city, m.level) == ("吉安市发展和改革委员会", "江西省", "吉安市", "prefecture")
    assert m.report_year == 2013


def test_year_mismatch_takes_the_data_year_and_flags_it():
    raw = ("云龙区人民政府2019年政府信息公开工作报告\n发布时间：2019-01-30 10:29:14\n"
           "文中所列数据的统计时限从2018年1月1日起到2018年12月31日止。\n")
    m = md(raw)
    assert (m.title_year, m.data_year, m.report_year, m.publish_date) == (2019, 2018, 2018, "2019-01-30")
    assert [p.check for p in m.problems if p.severity == "error"] == ["meta.title_year"]


def test_statistics_table_heading_states_the_data_year():
    raw = ("肃州区人社局2019年政府信息公开工作年度报告\n一、基本情况\n本年度无其他需要报告的事项。\n"
           "附件\n2018年度政府信息公开工作情况统计表\n统计指标\t单位\t统计数\n")
    m = md(raw)
    assert (m.title_year, m.data_year, m.report_year) == (2019, 2018, 2018)
    assert [p.check for p in m.problems if p.severity == "error"] == ["meta.title_year"]


_PROACTIVE_BODY = ("一、基本情况\n对照职责清单，我局逐项梳理了主动公开事项。\n依托门户网站设置专栏。\n"
                   "我局将政府信息公开工作纳入考核。\n全年组织培训2次。\n二、主动公开政府信息的情况\n"
                   "2009年，我局共主动公开政府信息82条，其中通过政府网站公开52条。\n"
                   "六、存在的主要问题及改进措施\n2010年，我局将重点做好以下工作。\n")
_APPLICATIONS_BODY = ("一、政府信息公开工作概述\n我局严格执行政府信息公开工作流程。\n二、主动公开政府信息的情况\n"
                      "全年累计主动公开各类政府信息152条。\n三、依申请公开政府信息情况\n"
                      "2018年,我局共受理政府信息公开申请7件,其中当面申请1件。\n全年组织培训2次。\n")


@pytest.mark.parametrize("title,body,opening,since,years", [
    ("延津县国土资源局2010年政府信息公开工作年度报告", _PROACTIVE_BODY,
     "2009年，我局共主动公开", "2009年以来，我局累计主动公开", (2010, 2009)),
    ("北京市朝阳区城市管理行政执法局关于2019年度政府信息公开工作情况的报告", _APPLICATIONS_BODY,
     "2018年,我局共受理", "2018年以来,我局累计受理", (2019, 2018)),
], ids=["proactive", "applications"])
def test_the_year_opening_the_proactive_or_applications_count_is_the_data_year(title, body, opening, since, years):
    m = md(title + "\n" + body)
    assert (m.title_year, m.report_year) == years
    assert [p.check for p in m.problems if p.severity == "error"] == ["meta.title_year"]
    # a running total since another year, or the title year named again, leaves the title's year
    assert md(title + "\n" + body.replace(opening, since)).report_year == years[0]
    # the title's year named twice in the body (here once in a plan, once in a fact) outweighs it
    again = body.replace("全年组织培训2次", f"{years[0]}年组织培训2次{years[0]}年还将继续")
    assert md(title + "\n" + again).report_year == years[0]


def test_report_year_is_not_the_publish_year():
    m = md("兖州执法局2017年度政府信息公开工作年度报告\n2017年，我局共主动公开信息39条。\n兖州执法局\n2018年2月28日\n")
    assert (m.report_year, m.publish_date) == (2017, "2018-02-28")
    assert not m.problems


def test_a_page_published_before_its_title_year_was_over_gives_no_report_year():
    body = ("迁安市教育局\n2012年政府信息公开年报\n发布时间:2012-04-01 14:19:40\n\n"
            "一、总体情况\n年初，我局将政府信息公开工作纳入年度重点工作。\n"
            "二、主动公开政府信息情况\n全年累计主动公开各类政府信息107条。\n"
            "六、存在的主要问题及改进措施\n2012年，我局将重点做好以下工作：\n")
    m = md(body)
    assert (m.title_year, m.report_year, m.publish_date) == (2012, None, "2012-04-01")
    assert [p.check for p in m.problems if p.severity == "error"] == ["meta.title_year"]
    # published once the year was over, or the body reporting on the title's year: the title's year
    assert md(body.replace("2012-04-01", "2013-04-01")).report_year == 2012
    assert md(body.replace("2012-04-01", "2012-12-28")).report_year == 2012
    stated = body.replace("全年累计主动公开", "2012年，我局累计主动公开")
    assert md(stated).report_year == 2012


def test_a_title_year_the_signature_contradicts_gives_no_report_year():
    """Titled 2008, signed 2010-01-13, and no year in the body: either the title or the date is
    wrong, so the report year is unknown (and the report flagged), not the title's 2008. Signed
    the year after, or in the year itself (a report finished on 31 December), fits the title."""
    title = "揭东区农业局2008年度政府信息公开年度报告\n"
    body = "一、概述\n我局认真贯彻《条例》，主动公开政府信息82条。\n揭东区农业局\n"
    m = md(title + body + "2010年1月13日\n")
    assert (m.title_year, m.report_year, m.publish_date) == (2008, None, "2010-01-13")
    assert [p.check for p in m.problems if p.severity == "error"] == ["meta.title_year"]
    for date in ("2009年1月13日", "2008年12月31日"):
        m = md(title + body + date + "\n")
        assert m.report_year == 2008 and not [p for p in m.problems if p.severity == "error"], date
    # the body naming the title's year confirms it: a late signature does not undo it
    m = md(title + body.replace("主动公开", "2008年主动公开") + "2010年1月13日\n")
    assert m.report_year == 2008


@pytest.mark.parametrize("line, date", [
    ("二〇一八年一月十七日", "2018-01-17"),
    ("二○一二年十二月三十一日", "2012-12-31"),
    ("2021年1月26日", "2021-01-26"),
    ("2013-01-21", "2013-01-21"),
])
def test_signature_dates(line, date):
    m = md("淄博市教育局2017年政府信息公开工作年度报告\n" + BODY + "淄博市教育局\n" + line + "\n附件\n统计表\n")
    assert m.publish_date == date


def test_signature_date_torn_by_a_page_break():
    m = md("淄博市教育局2013年政府信息公开工作年度报告\n" + BODY + "淄博市教育局\n\n201\n\n第1页 共2页\n\n4-01-30\n")
    assert m.publish_date == "2014-01-30"


def test_header_date_wins_over_signature_and_dates_in_the_body_are_ignored():
    raw = ("嘉祥街道办事处2017年信息公开年度报告\n发布时间:2018-01-17 16:17:09\n"
           "根据《济宁市2017年3月5日印发的通知》要求，县政府部署了工作。\n嘉祥街道办事处\n2018年1月20日\n")
    m = md(raw)
    assert m.publish_date == "2018-01-17"
    assert (m.agency, m.township) == ("济宁市嘉祥县嘉祥街道办事处", "嘉祥街道")
    assert md("淄博市教育局2017年政府信息公开工作年度报告\n2017年5月1日召开会议。\n").publish_date is None


# -- oracles ---------------------------------------------------------------------------------

@needs_shared
@pytest.mark.parametrize("truth", sorted((SHARED / "seeds" / "truth").glob("*.json")) if SHARED.exists() else [],
                         ids=lambda p: p.stem)
def test_seeds_exactly(truth):
    want = json.loads(truth.read_text(encoding="utf-8"))
    raw = (SHARED / "seeds" / (truth.stem + ".txt")).read_text(encoding="utf-8")
    got = md(raw, name=truth.stem + ".txt")
    for f in FIELDS:
        if f in want:
            assert getattr(got, f) == want[f], f


@needs_shared
def test_real_text_reports():
    root = SHARED / "real_reports"
    checked = 0
    for truth in sorted((root / "truth").glob("*.json")):
        files = [p for p in root.glob(truth.stem + ".*") if p.suffix in (".txt", ".md")]
        files += list((root / "derived").glob(truth.stem + ".*"))
        if not files:
            continue
        want = json.loads(truth.read_text(encoding="utf-8"))
        got = md(files[0].read_text(encoding="utf-8"), name=files[0].name)
        for f in FIELDS:
            if f in want:
                assert getattr(got, f) == want[f], (truth.stem, f)
        checked += 1
    assert checked >= 13


@pytest.mark.parametrize("text, title, other", [
    ("标题: 关于2014年政府信息公开工作要点落实情况的函\n栏目: 政府信息公开年报\n省政府办公厅：现将…函告如下", None,
     "关于2014年政府信息公开工作要点落实情况的函"),
    ("正文", "关于报送2021年度政府信息公开工作年度报告的函", None),  # names the report
    ("关于印发…的通知\n淄博市张店区2021年政府信息公开工作年度报告\n一、总体情况", "关于印发有关材料的通知", None),
    ("标题: 淄博市张店区2021年政府信息公开工作年度报告\n一、总体情况", None, None),
    ("一、总体情况", None, None),
    # the yearly report on rule-of-law government, filed in the same portal column
    ("河北省工业和信息化厅2023年度法治政府建设情况报告\n2024-01-20\n一、主要举措", None,
     "河北省工业和信息化厅2023年度法治政府建设情况报告"),
    ("河北省工业和信息化厅2018年法治政府建设情况\n2019-01-15\n一、主要举措", None,
     "河北省工业和信息化厅2018年法治政府建设情况"),
    ("正文", "某市司法局关于2020年法治政府建设情况的报告", "某市司法局关于2020年法治政府建设情况的报告"),
    # a disclosure report printed in one document with it, or speaking of it, is still a report
    ("某市2020年法治政府建设情况报告\n某市2020年政府信息公开工作年度报告\n一、总体情况", None, None),
    ("某市2020年政府信息公开工作年度报告\n法治政府建设情况报告已另行公布。", None, None),
    ("依法行政工作扎实推进，法治政府建设情况良好。\n一、总体情况", None, None),  # a sentence
])
def test_documents_of_another_kind(text, title, other):
    from gongkai.extract.metadata import other_document_title
    assert other_document_title(text, title) == other


def test_the_file_name_may_spell_out_what_the_title_shortens():
    """西安政府办 names 西安市 or a 西安区 (辽源, 牡丹江); the file's name says which."""
    raw = "西安政府办2008年政府信息公开工作年度报告\n" + BODY
    assert md(raw).agency is None
    m = md(raw, name="2008/西安市人民政府办公室2008年政府信息公开工作年度报告.pdf")
    assert (m.agency, m.province, m.agency_as_written) == ("西安市人民政府办公室", "陕西省", "西安政府办")
    # a file name naming another agency does not rename this one
    short = "荆州住建局2012年度政府信息公开年报\n" + BODY
    assert md(short, name="2012/荆州市教育局2012年度政府信息公开年报.txt").agency is None
    assert md(short, name="2012/荆州市住房和城乡建设局2012年度政府信息公开年报.txt").agency == "荆州市住房和城乡建设局"


def test_other_years_in_a_report_its_opening_dates_are_comparisons():
    """Opened with the title's year, a report speaks of last year (a comparison) and of next year
    (plans) without changing the year it covers."""
    title = "醴陵市人民政府2024年政府信息公开工作报告\n"
    body = ("2024年，醴陵市人民政府认真贯彻《条例》。\n一、总体情况\n本年度主动公开政府信息2352条。\n"
            "2023年共收到政府信息公开申请26件。\n2023年同期主动公开政府信息2000条。\n")
    m = md(title + body)
    assert (m.title_year, m.report_year) == (2024, 2024) and not m.problems


def test_next_years_plans_do_not_outvote_the_title():
    title = "海东市化隆回族自治县公安局\n2022年度政府信息公开工作年度报告\n"
    body = ("本报告根据《条例》要求编制。2022年，我局把政务公开贯穿政务运行全过程。\n一、总体情况\n"
            "全年主动公开政府信息191条。\n计划于2023年上半年主动公开政府信息119条。\n"
            "六、其他需要报告的事项\n2023年，我局将重点做好以下工作：\n")
    m = md(title + body)
    assert (m.title_year, m.report_year) == (2022, 2022)
    # but a body that states another year's figures, not as a plan, still outvotes the title
    other = body.replace("计划于2023年上半年", "2023年").replace("2023年，我局将", "2023年，我局")
    assert md(title + other.replace("。2022年，我局把", "。我局把")).report_year == 2023
    # unless the sentence after the preamble opens with the title's year
    assert md(title + other).report_year == 2022


def test_the_sentence_after_the_preamble_opens_with_the_year_reported_on():
    """本报告根据《条例》要求编制。2019年，我委… under a title of 2020: the report covers 2019 (and is
    flagged on its title); a plan (2021年，我委将…) in that place is no year reported on."""
    raw = ("唐山市发展和改革委员会\n2020年政府信息公开年报\n"
           "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。2019年，我委围绕中心工作，"
           "持续深化公开，现将有关情况报告如下。\n一、总体情况\n全年主动公开政府信息692条。\n")
    m = md(raw)
    assert (m.title_year, m.report_year) == (2020, 2019)
    assert [p.check for p in m.problems] == ["meta.title_year"]
    plan = raw.replace("2019年，我委围绕中心工作", "2021年，我委将围绕中心工作")
    assert md(plan).report_year == 2020


def test_the_statistics_period_and_the_purpose_name_the_year_reported_on():
    title = "吕梁市离石区文化广电新闻出版局2015年度政府信息公开工作年度报告\n"
    period = "本报告所涉数据均为2014年全年（1月1日至12月31日）统计数据。\n一、概述\n2015年，我局将重点做好以下工作。\n"
    m = md(title + period)
    assert (m.title_year, m.data_year, m.report_year) == (2015, 2014, 2014)
    title = "泉州市洛江区和平街道办事处2010年度政府信息公开工作年度报告\n"
    purpose = ("为全面反映2011年度我街道政府信息公开工作开展情况，依照《中华人民共和国政府信息公开条例》相关规定，"
               "特编制本报告。\n一、概述\n")
    m = md(title + purpose)
    assert (m.title_year, m.report_year) == (2010, 2011)
    assert [p.check for p in m.problems] == ["meta.title_year"]


def test_a_report_signed_before_the_year_its_title_names_was_over_gets_no_year():
    """Signed 二〇一七年一月十五日 under a title of 2017, and the body names 2017 only in a plan
    (the encyclopedia copy's summary repeats the title as a sentence): the title or the date is
    wrong, and which one the text does not say."""
    raw = ("朝阳市北票市临河镇人民政府2017年度政府信息公开工作年度报告\n"
           "朝阳市北票市临河镇人民政府2017年度政府信息公开工作年度报告。\n基本介绍\n"
           "中文名：朝阳市北票市临河镇人民政府2017年度政府信息公开工作年度报告\n"
           "一、概述\n我镇认真贯彻《条例》。\n2017年，我镇将重点做好以下工作：\n"
           "朝阳市北票市临河镇人民政府\n二〇一七年一月十五日\n")
    m = md(raw)
    assert m.report_year is None and m.publish_date == "2017-01-15"
    assert [p.message for p in m.problems] == ["title names 2017 but the report is signed 2017-01-15"]
    # signed at the year's end, it is the year's report
    assert md(raw.replace("二〇一七年一月十五日", "二〇一七年十二月二十八日")).report_year == 2017


def test_an_encyclopedia_copy_whose_title_names_the_year_after_its_opening_covers_the_opening_year():
    """The title's repeats (中文名：…) are no first paragraph: the body opens with 2025, the
    title says 2026, and the page was signed in January 2026, so the report covers 2025."""
    raw = ("樊城区政府办2026年度政府信息公开年度报告\n樊城区政府办2026年度政府信息公开年度报告。\n基本介绍\n"
           "中文名：樊城区政府办2026年度政府信息公开年度报告\n发布单位：襄阳市樊城区人民政府办公室\n"
           "2025年，襄阳市樊城区人民政府办公室认真贯彻《中华人民共和国政府信息公开条例》，持续提升政府工作透明度。\n"
           "一、总体情况\n我办严格执行政府信息公开保密审查制度。\n樊城区政府办\n二〇二六年一月十二日\n")
    m = md(raw)
    assert m.report_year == 2025 and m.publish_date == "2026-01-12"
    assert [p.check for p in m.problems] == ["meta.title_year"]


def test_a_title_cut_short_by_a_portal_list():
    """河北省科学技术厅2023年政府信息公开工作年度报...: the words kept say the rest."""
    m = md("河北省科学技术厅2023年政府信息公开工作年度报...\n2024-01-29\n" + BODY)
    assert (m.agency, m.province, m.report_year) == ("河北省科学技术厅", "河北省", 2023)
    m = md("河北省科学技术厅2023年政府信息公开…\n2024-01-29\n" + BODY)
    assert (m.agency, m.report_year) == ("河北省科学技术厅", 2023)
    # cut before the title words: nothing says it is a report title
    assert md("河北省科学技术厅2023年政...\n2024-01-29\n" + BODY).agency is None
