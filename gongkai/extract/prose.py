"""Prose reader: harmonized figures stated in sentences of a report.

Input is normalized text (``gongkai.normalize.normalize_text``) of a whole report. Table lines
(TAB or ``|`` cells, one-cell-per-line blocks, PDF rows of space-separated numbers) are skipped:
tables are read elsewhere. Everything else is joined into paragraphs (lines torn by page breaks
or PDF wrapping are rejoined), split into sentences, and every ``number + unit`` in a sentence is
classified by the words right before it (its *label*) and right after it (its *tail*), under the
sentence's context: topic (复议 / 诉讼 / 申请), a governing ``其中`` (a part, not the total), the year
it speaks of, ``上年`` / ``比上年增加`` (another period or a delta), ``占N%`` (a share of a larger
whole), and the report section it sits in.

Zero in words (``未收到…申请``, ``未发生…行政复议和行政诉讼``, ``未收取…费``, ``没有…全职人员``) are
zeros. Approximate counts (``5500余条``, ``近万条``) and contradictory repeated statements go to
``uncertain``. A wrong value is far worse than a missing one: every rule errs on the side of
reporting nothing.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from gongkai.model import ProseResult, Uncertain, Value

# ---------------------------------------------------------------------------
# Lines, paragraphs, sentences
# ---------------------------------------------------------------------------
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]+部分|附表|附件)")
_TERMINAL = "。！？!?；;：:"
_HEADING_START = set("一二三四五六七八九十（(第附")
_TOP_HEADING = re.compile(r"[一二三四五六七八九十]{1,3}\s*[、.．]")
_SKIP_LINE = re.compile(
    r"(?P<footer>^(?:\d{1,3}|[-—–]+\s*\d{1,3}\s*[-—–]+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3})$)"
    r"|(?P<row>\d {2,}\d|\d {2,}[-—/]|^[\d.%\s+\-/—]+$|\d+(?: +\d+){2,}|结果 ?维持 ?结果 ?纠正|尚未 ?审结 ?总 ?计)"
    r"|(?P<cell>^(?:条|件|个|人|名|元|万元|次|篇|期|场|人次|项|份|单位|数量|统计数|指标)$)")
_SKIP_FIRST = frozenset("-—–第.%+/条件个人名元万次篇期场项份单数统指")
_DIGIT = re.compile(r"\d")
_INTEREST = re.compile(r"\d|未|没有|无|免费|不收|暂不|[近约][一二三四五六七八九十百千万两]|[一二三四五六七八九十百千万两][余多][条件起篇]")


_CN_NUM = "一二三四五六七八九十百千万两"
# _INTEREST rewritten to begin with a plain class (the engine scans for it fast instead of
# trying every alternative at every position): the first character, then what must follow it
# (a lookbehind names which first character it was). Matches exactly where _INTEREST does.
_INTEREST_SCAN = re.compile(
    r"[\d未没无免不暂近约" + _CN_NUM + r"](?:(?<=[\d未无])|(?<=没)有|(?<=免)费|(?<=不)收|(?<=暂)不"
    r"|(?<=[近约])[" + _CN_NUM + r"]|(?<=[" + _CN_NUM + r"])[余多][条件起篇])")


def _interesting(s: str) -> bool:
    """``_INTEREST.search(s) is not None``."""
    return _INTEREST_SCAN.search(s) is not None


_NEGATION = re.compile(r"未|没有|无|免费|不收|暂不")
_INLINE_PRE = re.compile(r"[一二三四五六七八九十]、")  # what _INLINE_HEADING needs: a fast scan
_INLINE_HEADING = re.compile(r"(?:^|[^\w（(])([一二三四五六七八九十]{1,2})、([^，。；\d]{2,40}?)(?:情况|方面|工作)")
_L_STAFF_T_LEAD = re.compile(r"(?:配备|安排|有|设|设置|配置|确定|明确|现有|共有|和|及|、)(?:了)?$")
_L_COMBINED_GRANT = re.compile(r"予以公开(?:及|和|与|、|或)部分公开$")
_PROACTIVE_SUBJ_TRIM = re.compile(r"^.*?\d{4}年(?:度)?(?:以来)?|^其中")
_SELF_MARK = re.compile(r"[全我本]")
_CLAUSE_END = re.compile(r"[，,；;。！？!?]|$")
_SUIT_CORR = re.compile(r"诉讼[^，；。]{0,12}(?:纠错|纠正|撤销)")
_REVIEW_CORR = re.compile(r"复议[^，；。]{0,16}(?:纠错|纠正|撤销)")
_NOT_CORRECTED = re.compile(r"未被[^，；。\d]{0,12}?(?:纠错|纠正|撤销)")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")

# Inside 《…》, 〔…〕, 【…】 and [..] are titles and document numbers: never figures.
_MASK_OPEN = re.compile(r"[《〔【\[<]")
_MASK = re.compile(r"《[^《》\n]{0,120}》|〔[^〔〕\n]{0,12}〕|【[^【】\n]{0,30}】|\[[^\[\]\n]{0,12}\]|<[^<>\n]{0,60}>")


def _mask(m: re.Match[str]) -> str:
    return m.group(0)[0] + "＿" * (len(m.group(0)) - 2) + m.group(0)[-1]


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------
_UNIT = r"万元|元|条|件|起|篇|项|个|名|人|宗|份"
# Arabic numbers start with a digit so the engine can scan for it; what may stand before the
# number (a sign, 近/约/超过) is checked by hand in _mentions.
_MENTION = re.compile(
    r"\d\d*(?:\.\d+)?(?: \d+)?(?P<apx>余|多|左右|以上|万(?=[条件]))?\s?(?P<unit>" + _UNIT + r")(?![次号份期])")
# What a _MENTION match must contain: the unit's first character right after a digit, the end of
# an approximation word or a space. A cheap scan that rules out most sentences.
_MENTION_PRE = re.compile(r"[\d余多右上万\s][万元条件起篇项个名人宗份]")
_MENTION_CN = re.compile(
    r"(?P<pre>近|约)?(?P<cn>[一二三四五六七八九十百千万两]+)(?P<apx>余|多)?(?P<unit>条|件|起|篇)(?![次号份期])")
_NOT_BEFORE = set("0123456789./第-") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_APPROX_BEFORE1 = set("近约逾")
_APPROX_BEFORE2 = ("大约", "超过", "将近")

# Written to begin with a plain class, which the engine scans for fast (same matches as
# r"[，,；;。：:！？!?]|[（(][^（）()]*\d[^（）()]*[）)]" and r"(\d{4})\s?年…").
_BOUNDARY = re.compile(r"[，,；;。：:！？!?（(](?:(?<=[，,；;。：:！？!?])|(?<=[（(])[^（）()]*\d[^（）()]*[）)])")
_YEAR = re.compile(r"(\d\d{3})\s?年(?!\d{1,2}月\d{1,2}日起?至)")

# ---------------------------------------------------------------------------
# Label (words before the number) and tail (words after) rules
# ---------------------------------------------------------------------------
_R = re.compile
# 收到申请N件（含上年结转M件）: N counts last year's carry-over too, so it is no 本年新收
# (not after 不含/不包括; 结转下年度 in the brackets is a part that stays new)
# and 收到N件，含2020年结转M件 / （含结转）: any year before, or none named
_T_WITH_CARRIED = _R(
    r"\s*(?:[（(](?![^）)]{0,8}不(?:含|包括|包含))[^）)]{0,12}?|[，,]\s*(?:其中)?(?:含|包括|包含)[^，；。\d]{0,6}?)"
    r"(?:(?:上一?年度?|去年|以前年度|往年|前一年|\d{4}\s?年度?)[^）)，；。]{0,4})?结转(?!(?:至|到|入)(?:下|次年|\d)|下|次年)")
# 收到N件，其中M件为上年度结转 (the part's words after its number)
_T_CARRIED_IN = _R(r"^(?:为|系|是|属于?)?(?:上一?年度?|去年|以前年度|往年|前一年|(\d{4})\s?年度?)(?:[^，；。\d]{0,4})?结转"
                   r"(?!(?:至|到|入)?(?:下|次年|\d))")
# 其中2020年结转M件 in a 2021 report: the year named is the one before
_L_CARRIED_IN_YEAR = _R(r"(\d{4})\s?年度?[^，；\d]{0,4}结转[^，；\d]{0,14}$")
# 收到N件，其中新收M件: the part is the year's new applications
_L_NEW_PART = _R(r"^其中[^，；\d]{0,4}?(?:\d{4}\s?年度?|本年度?|今年|当年)?新收(?:政府信息公开|信息公开|依申请公开)?(?:申请)?(?:共|为)?$")
# 受理各类申请N件，其中政府信息公开申请M件: the part is the disclosure applications
_L_DISCLOSURE_PART = _R(r"^其中[^，；\d]{0,4}?(?:政府信息公开|信息公开|依申请公开)(?:政府信息)?申请(?:件|事项)?(?:共|为|有)?$")
NEW_PART_REASON = "the count is more than the year's new applications: its 其中 part 新收 is that"
COVERS_OTHERS_REASON = "the count covers other applications too; its 其中 part is the disclosure applications"
# 其中涉及政府信息公开的N件 after a count of all review cases
_L_DISCLOSURE_CASES = _R(r"^[（(]?(?:其中)?[，,]?(?:涉及|关于|因|属于?)(?:政府)?信息公开(?:申请)?(?:方面|类|事项)?(?:的)?(?:案件|复议|诉讼)?(?:的)?(?:有|为|共)?$")
_ABOUT_DISCLOSURE = _R(r"信息公开|政务公开|依申请")


def _last_match(rx: re.Pattern[str], s: str) -> re.Match[str] | None:
    m = None
    for m in rx.finditer(s):
        pass
    return m


def _about_disclosure(s: str) -> bool:
    return _ABOUT_DISCLOSURE.search(s) is not None


# 上半年收到N件, 第一季度, 1-6月, 截至10月底: part of the year, not the year's count
_PART_PERIOD = _R(r"上半年|下半年|前三季度|第?[一二三四1-4]季度"
                  r"|(?<!\d)(\d{1,2})\s?(?:月(?:\s?\d{1,2}\s?日)?)?\s?(?:至|到|—|－|-|~|～)\s?(?:\d{4}\s?年\s?)?(\d{1,2})\s?月"
                  r"|(?:截至|截止)\s?(?:\d{4}\s?年\s?)?(\d{1,2})\s?月")
# 信息处理费N元，全部减免: what was collected is not the N
_T_FEE_WAIVED = _R(r"^[，,]?\s*(?:已|并|均已)?(?:全部|全额|均)(?:予以|已)?(?:减免|免收|免除|退还|退回)")
FEE_WAIVED_REASON = "the fee stated was waived (减免): what was collected is not stated"
WITH_CARRIED_REASON = "the count includes applications carried over from last year (含上年结转), so it is no 本年新收"
_L_CARRIED_IN = _R(r"(?:上一?年度?|去年|前一年)[^，；\d]{0,4}结转[^，；\d]{0,14}$|^加上[^，；\d]{0,4}结转[^，；\d]{0,8}$")
_L_CARRIED_OUT = _R(r"(?:结转|顺延|转)(?:至|到|入)?(?:下一?年度?|次年|(\d{4})年)[^，；\d]{0,10}$")
_T_CARRIED_OUT = _R(r"^(?:申请)?[^，；\d]{0,12}?(?:结转|顺延|转)(?:至|到|入)?(?:下一?年度?|次年|(\d{4})年)")
_L_CLOSED = _R(r"(?<!按时)(?<!延期)(?<!按期)(?<!逾期)(?<!超期)(?<!及时)(?:办结|答复|办理完毕|处理完毕)(?:了)?(?:政府信息公开|信息公开|依申请公开)?(?:申请)?(?:共|共计|合计)?$")
_L_CLOSED_T = _R(r"(?:已|共|累计)?(?:办结|答复)的$")
_T_APPLICATION = _R(r"^(?:政府信息公开|依申请公开|信息公开)?申请(?:中|件)?")
_L_RECEIVED = _R(
    r"(?:收到|受理|接到|接收|新收)[^，；\d]{0,25}?(?:信息公开|依申请公开|公开信息)[^，；\d]{0,8}?"
    r"申请(?:件|事项)?(?:数|数量|总数)?(?:共|共计|合计|为|达|有)?$"
    r"|(?:收到|受理|接到|接收)[^，；\d]{0,10}?依申请(?:信息)?公开(?:政府信息|信息)?(?:事项|件)?(?:共|共计|合计|为)?$")
_L_RECEIVED_BARE = _R(r"(?:收到|受理|接到|新收)(?:了)?(?:各类|各种)?申请(?:事项)?(?:共|共计|合计)?$")
_L_RECEIVED_T = _R(r"(?:收到|受理|接到|接收|新收)(?:了)?$")
# 收到4份以信函形式提出的信息公开申请: how the applications came may stand between
_T_RECEIVED = _R(r"^(?:以[^，；。\d]{1,8}?(?:形式|方式)(?:提出|提交)的)?"
                 r"(?:依申请公开(?:件|申请)|(?:政府信息公开|依申请公开|信息公开)?申请(?![人中]))")
_L_GRANTED = _R(r"(?<![不分])(?:予以公开|同意公开)(?:[（(]含[^）)]{0,16}[）)])?(?:答复)?(?:的)?(?:申请)?$")
_L_ALREADY = _R(r"已主动公开(?:的)?(?:范围|信息)?(?:的|内)?$")
_L_PARTIAL = _R(r"部分公开(?:答复)?(?:的)?(?:申请)?$")
_L_DENIED = _R(r"(?:不予公开|不同意公开|否决公开)(?:答复)?(?:的)?(?:申请)?$")
_L_UNABLE = _R(r"无法提供(?:的)?$")
_L_NOT_AGENCY = _R(r"不属于本(?:行政)?机关(?:公开)?(?:范围)?(?:的)?$")
_L_NOT_EXIST = _R(r"(?:申请的?)?信息不存在(?:的)?$")
_L_AMEND = _R(r"告知(?:作出)?更改补充(?:的)?$")
_L_OTHER_WAY = _R(r"告知通过其他途径办理(?:的)?$")
_Z_DENIED = _R(r"^(?:本年度|全年|今年|年内|\d{4}年度?)?[，,]?(?:我[^，,。\d]{0,3}|本[^，,。\d]{0,3})?(?:无|未发生|没有)(?:任何)?不予公开(?:政府信息)?(?:的)?(?:情况|情形)。?$")
_L_NOT_PROC = _R(r"不予处理(?:的)?$")
_L_OTHER_PROC = _R(r"其他处理(?:的)?$")
# outcomes read first (同意公开答复 is an outcome, not 答复N件), each with a word it needs
_OUTCOMES = (("公开", _L_DENIED, "denied"), ("部分公开", _L_PARTIAL, "partially_granted"),
             ("无法提供", _L_UNABLE, "unable_to_provide"), ("不予处理", _L_NOT_PROC, "not_processed"),
             ("其他处理", _L_OTHER_PROC, "other_processed"))
_L_REVIEW = _R(r"复议(?:案件|申请|案)?(?:数|数量|总数)?(?:共|共计|合计|为|达|有)?$")
_L_SUIT = _R(r"(?<!起)诉讼(?:案件|案)?(?:数|数量|总数)?(?:共|共计|合计|为|达|有)?$")
_L_EMPTYISH = _R(r"(?:^|有|共|共有|发生|收到|涉及|办理|受理|被申请|被提起)$")
_EMPTYISH_ENDS = ("有", "共", "共有", "发生", "收到", "涉及", "办理", "受理", "被申请", "被提起")  # as _L_EMPTYISH
_T_REVIEW = _R(r"^(?:涉及|关于|因)?[^，；\d]{0,20}?复议(?:案件|申请|案)?(?=[，。；,;]|$)")
_T_SUIT = _R(r"^(?:涉及|关于|因)?[^，；\d]{0,20}?(?<!起)诉讼(?:案件|案)?(?=[，。；,;]|$)")
_L_CORRECTED = _R(r"(?:结果纠正|被依法纠错|依法纠错|被纠错|纠错|被纠正|被撤销|败诉)(?:的)?$")
_L_FEE = _R(r"(?:收取|收缴)[^，；\d]{0,30}?(?:共计|合计|共|总计|金额|为)?$|信息处理费(?:收入)?(?:共计|合计|共|为)?$"
            r"|(?:信息公开|依申请公开|依申请提供政府信息)[^，；\d]{0,6}?收费(?:金额|总额)?(?:共计|合计|共|为)?$")
_L_STAFF_FULL = _R(r"(?<![兼])(?:专职|全职)(?:工作)?(?:人员|同志|信息员)(?:数)?(?:为|共|有)?$")
_L_STAFF_PART = _R(r"(?<![专])兼职(?:工作)?(?:人员|同志|信息员)(?:数)?(?:为|共|有)?$")
_T_STAFF_FULL = _R(r"^(?:专职|全职)(?:工作|的)?(?:人员|同志|信息员|工作人员)")
_T_STAFF_PART = _R(r"^兼职(?:工作|的)?(?:人员|同志|信息员|工作人员)")
_L_PROACTIVE = _R(
    r"(?P<verb>主动公开|主动发布|公开|发布|公布)(?:了)?"
    r"(?P<mid>各类|各项|各种|全部|我[^，；\d]{0,8}?|本[^，；\d]{0,4}?)?(?P<noun>政府信息|信息)"
    r"(?:总数|数量|条数|数|总量)?(?:共|共计|合计|累计|总计|为|达|达到)?$")

# Totals since the start (历年累计, 截至年底累计) are not the year's count.
_CUMULATIVE = _R(r"历年|(?:截至|截止|到|至今|以来)[^，；]{0,14}?累计|累计[^，；]{0,6}?(?:至今|以来)")
_THIS_YEAR = _R(r"本年|全年|当年|年度|今年|新增")
_FULL_YEAR = _R(r"本年度|全年|年度")
# A period of several years (近三年, 三年来, 2019年至2021年): its counts are no year's count.
_MULTI_YEAR = _R(r"近\s*(?:[两二三四五六七八九十]|\d+)\s*年|(?<![一\d])[两二三四五六七八九十]+年(?:来|以来|间|内|中)"
                 r"|多年来|(\d{4})\s*年?\s*(?:至|到|—|－|-|~|～)\s*(\d{4})\s*年")
# 累计 after an opening clause that reaches back past the year (截至目前，累计…; 《条例》实施以来，我区
# 累计…; 截至2020年底，累计…): a running total. ``N年以来`` of the report year, 今年以来 and
# 年初以来 speak of the year itself.
_SINCE = _R(r"截至|截止|至今|以来|历年")
_YEAR_SO_FAR = _R(r"(?:(\d{4})年(?:度)?|今年|本年度?|年初|全年)以来")
_OTHER_PERIOD = _R(r"上一?年|去年|前一年|同比|上年度|上一年度")
_DELTA = _R(r"(?:增加|减少|增长|下降|提高|上升|多出|减|增|降低|持平)(?:了)?$")
_DELTA_WORDS = ("增加", "减少", "增长", "下降", "提高", "上升", "多出", "减", "增", "降低", "持平")
_DELTA_ENDS = _DELTA_WORDS + tuple(w + "了" for w in _DELTA_WORDS)  # label.endswith: _DELTA.search
_SHARE = _R(r"^[，,]?\s*(?:约)?占[^，。；]{0,12}%")
_BENJI = _R(r"本级")

_APP_BLOCK = _R(r"审批|行政许可|办件|服务事项|窗口|热线|12345|诉求|咨询|信访|投诉|举报|建议|提案|留言|来电|政务服务")
_FEE_BLOCK = _R(r"行政事业性|经费|预算|减免税|罚|税|工资|资金|采购|补贴")
_SOCIAL = _R(r"微博|微信|公众号|报刊|报纸|公报|电视|广播|新媒体|公开栏|宣传栏|显示屏|LED|客户端|头条|抖音|矩阵|视频号|媒体|APP|App")
_PLATFORM = _R(r"信息公开网|信息公开平台|信息公开专栏|公开专栏")
_WEB = _R(r"网站|门户|网上|网|平台")
_ALL_CHANNELS = _R(r"等(?:渠道|方式|途径|平台|载体|媒介)|各种渠道|多种渠道|多渠道|各类渠道|不同渠道")
_SUBUNIT = _R(r"乡镇|街道|区直|县直|市直|部门(?!网站)|单位|委办局|下属|各镇|各乡|所属")
_SELFISH = _R(r"^(?:[我本全]|今年|全年|年度|本年|共|累计|总计|合计|新增|各类|通过|截至|截止|期间|当年|主要|已|进一步|在)")

# Zero in words: clauses (between ，；。) that deny the event.
_Z_APPLY = [
    _R(r"(?:未|没有|均未|暂未|尚未)(?:收到|受理|接到|接收)[^，；。\d]{0,25}?申请"),
    _R(r"(?:未|没有)(?:发生|出现)[^，；。\d]{0,6}?依申请公开(?:政府信息)?(?:的)?(?:情况|事项)"),
    _R(r"未受理[^，；。\d]{0,6}?依申请公开"),
    _R(r"无(?:政府信息公开|依申请公开|信息公开)(?:的)?申请"),
]
_SUBHEADING = _R(r"[（(][一二三四五六七八九十]{1,3}[）)]|(?:^|(?<=\s))[一二三四五六七八九十]{1,3}、")
# where a statement starts after a table run onto its line: a heading, also one glued to the
# table's last word (…结转下年度继续办理四、政府信息公开行政复议、行政诉讼情况2019年未发生…)
_CLAUSE_HEADING = _R(_SUBHEADING.pattern + r"|[一二三四五六七八九十]{1,2}、(?=[^，。；\d]{2,40}?情况)")
_Z_APPLY_BLOCK = _R(r"复议|诉讼|投诉|举报|建议|提案|收费|费用|减免|纠错|咨询|信访")
_Z_REVIEW = _R(r"(?:未(?!经复议|审结)|没有|无(?!法)|从未|均未|未曾)[^，；。\d]{0,40}?(?:复议|诉讼)")
_DIGITS_NOT_DATE = _R(r"\d\d*(?![\d年月日])")  # \d+, written for the fast scan
_Z_CORRECTED = _R(r"纠错|纠正|败诉|撤销")
_Z_FEE = [
    _R(r"(?:未|没有|均未|从未|无|不)收取[^，；。\d]{0,25}?费"),
    _R(r"(?:未|没有)(?:发生|产生|出现)[^，；。\d]{0,30}?收费"),
    _R(r"无[^，；。\d]{0,25}?(?:收费|收取费用)(?:及减免|和减免|、减免)?(?:的)?(?:情况|事项|行为)"),
    _R(r"(?:均|一律|全部|暂)(?:未|不)?(?:收费|免费)|均未收费|未收费"),  # needs _FEE_CONTEXT
]
_FEE_CONTEXT = _R(r"申请|提供(?:政府)?信息|信息公开|处理费")
_Z_STAFF_FULL = _R(r"(?:没有|未设|无|未配备|未设置)[^，；。\d]{0,20}?(?<!兼)(?:专职|全职)(?:[^，；。\d]{0,10})?人员")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


_LEGACY_ANSWERS = ("already", "leg_granted", "partially_granted", "denied", "not_agency", "not_exist",
                   "amend", "other_way")


@dataclass(slots=True)
class _Cand:
    name: str
    value: float | None  # None: stated, but not as an exact count of the figure
    raw: str
    line: int
    tier: int = 0  # proactive only: 1 self/platform, 2 web, 3 other
    reason: str = "approximate count"  # why value is None


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    value: float | None
    unit: str
    approx: bool


def _sections(text: str) -> tuple[list[str], list[int], list[tuple[int, int, str]]]:
    """Paragraphs of prose as (lines, line numbers, paragraphs).

    ``lines`` are the stripped prose lines of the report in order, ``line numbers`` their numbers;
    a paragraph ``(a, b, section topic)`` is made of ``lines[a:b]`` joined (most paragraphs are
    one line, and most are never read: their text and offsets are built only when needed).
    """
    # (flush is written out inline: a closure would turn every loop variable into a cell)
    paras: list[tuple[int, int, str]] = []
    buf: list[str] = []  # all prose lines; the open paragraph is buf[start:]
    lines_of: list[int] = []
    start = 0
    k = 0  # len(buf)
    length = 0
    section = ""
    lone_heading = False
    bare_number = False  # the last line dropped was a bare number (a page number, or not)
    skip_search = _SKIP_LINE.search
    skip_match = _SKIP_LINE.match
    digit = _DIGIT.search
    heading = _HEADING.match
    skip_first, heading_start, terminal = _SKIP_FIRST, _HEADING_START, _TERMINAL
    add_para, add_line, add_no = paras.append, buf.append, lines_of.append
    for no, line in enumerate(text.split("\n"), 1):
        if not line:
            continue
        if "\t" in line or "|" in line:
            if k > start:
                add_para((start, k, section))
                start, length = k, 0
            continue
        s = line.strip()
        if not s:
            continue
        # table rows and footers are short; a long line is prose (or a page dumped on one line).
        # Without a space, 结果 or 尚未 only the _SKIP_LINE alternatives anchored at 0 can match,
        # and those start with a digit or one of _SKIP_FIRST.
        c0 = s[0]
        if " " in s or "结果" in s or "尚未" in s:
            skip_rx = skip_search
        elif c0 in skip_first or c0.isdecimal():
            skip_rx = skip_match
        else:
            skip_rx = None
        n = len(s)
        if skip_rx is not None and (n <= 4 or (n < 200 and ("结" in s or digit(s)))):
            skip = skip_rx(s)
            if skip:
                if k > start and (skip.lastgroup != "footer" or (s.isdecimal() and buf[-1][-1].isdecimal())):
                    # a bare number after a line ending in digits may be the rest of a number
                    # wrapped onto its own line (信息28 / 38 / 条): the paragraph is not joined over it
                    add_para((start, k, section))
                    start, length = k, 0
                bare_number = s.isdecimal()
                continue
        if bare_number:
            bare_number = False
            if k > start and c0.isdecimal():
                # …and a line starting with digits after a bare number may be the rest of it
                add_para((start, k, section))
                start, length = k, 0
        is_heading = c0 in heading_start and heading(s) is not None and "。" not in s[:60]
        if k > start:
            if not (length >= 15 and buf[-1][-1] not in terminal and not is_heading and not lone_heading):
                add_para((start, k, section))
                start, length = k, 0
        if k == start:
            lone_heading = is_heading and n < 40
        if is_heading:
            top = _TOP_HEADING.match(s)
            t = _topic(s[:60])
            if top or t:
                section = t
        add_no(no)
        add_line(s)
        k += 1
        length += n
    if k > start:
        paras.append((start, k, section))
    return buf, lines_of, paras


def _topic(head: str) -> str:
    if "复议" in head or "诉讼" in head:
        return "review"
    if "收费" in head or "费用" in head or "处理费" in head:
        return "fees"
    if "申请" in head:
        return "apply"
    if "人员" in head or "机构" in head:
        return "org"
    if "主动公开" in head:
        return "proactive"
    return ""


def _cn_value(s: str) -> float | None:
    """Chinese numerals up to 万 (only used to keep approximate counts as uncertain)."""
    total, section, num = 0, 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            num = _CN_DIGITS[ch]
        elif ch == "十":
            section += (num or 1) * 10
            num = 0
        elif ch == "百":
            section += (num or 1) * 100
            num = 0
        elif ch == "千":
            section += (num or 1) * 1000
            num = 0
        elif ch == "万":
            total += (section + num or 1) * 10000
            section, num = 0, 0
        else:
            return None
    return float(total + section + num)


def _mentions(sent: str) -> list[_Mention]:
    out = []
    for m in (_MENTION.finditer(sent) if _MENTION_PRE.search(sent) else ()):
        st, en = m.start(), m.end()
        raw = sent[st:m.start("apx") if m.group("apx") else m.start("unit")].rstrip()
        prev = sent[st - 1] if st else ""
        if prev == "-" and (st < 2 or sent[st - 2] not in _NOT_BEFORE):
            st -= 1
            raw = "-" + raw  # an absurd negative count must surface (the pipeline flags it)
        elif prev in _NOT_BEFORE:
            continue
        if " " in raw:
            a, b = raw.split(" ")
            # "1 2条": spaced digits; join only two short plain groups
            if len(a) > 4 or len(b) > 4 or a.lstrip("-").startswith("0"):
                continue
            raw = a + b
        approx = bool(m.group("apx")) or sent.startswith(("左右", "以上"), en)  # 500条左右
        if st and sent[st - 1] in _APPROX_BEFORE1:
            approx, st = True, st - 1
        elif st > 1 and sent[st - 2:st] in _APPROX_BEFORE2:
            approx, st = True, st - 2
        out.append(_Mention(st, en, float(raw), m.group("unit"), approx))
    if "余" in sent or "多" in sent or "近" in sent or "约" in sent:
        n = len(out)
        for m in _MENTION_CN.finditer(sent):
            if m.group("pre") or m.group("apx"):  # exact Chinese numerals are not read as figures
                out.append(_Mention(m.start(), m.end(), _cn_value(m.group("cn")), m.group("unit"), True))
        if len(out) > n:  # the Arabic ones are already in order
            out.sort(key=lambda x: x.start)
    return out


class _Reader:
    def __init__(self, report_year: int | None, wider: tuple[str, ...] = ()):
        self.year = report_year
        self.wider = wider
        self.cands: list[_Cand] = []
        self.years_from: int | None = None  # in the sentence read: where a period of several years is named
        self.part_from: int | None = None  # …: where a part of the year (上半年, 1-6月) is named
        self.received_at: int | None = None  # index in cands of the last 收到 count read
        self.all_cases: str | None = None  # in the sentence read: 行政复议N件 counted all cases, not
        # only the disclosure ones (which a part after it may give)

    # -- helpers -----------------------------------------------------------------------------
    def add(self, name: str, value: float | None, raw: str, line: int, tier: int = 0) -> None:
        self.cands.append(_Cand(name, value, raw, line, tier))

    def add_received(self, value: float | None, sent: str, start: int, end: int, after: str, line: int) -> None:
        self.received_at = len(self.cands)  # the count a later 其中 part belongs to
        if _T_WITH_CARRIED.match(after):
            close = min((i for i in (sent.find("）", end), sent.find(")", end)) if i >= 0), default=end - 1)
            self.cands.append(_Cand("applications_received", None, sent[start:close + 1].strip(), line,
                                    reason=WITH_CARRIED_REASON))
        else:
            self.add("applications_received", value, sent[start:end].strip(), line)

    def received_includes_carried(self, reason: str = WITH_CARRIED_REASON) -> None:
        """The last 收到 count read has a 其中 part carried over from last year: no 本年新收.
        (Its own 其中 parts, such as 新收M件, are not that count.)"""
        if self.received_at is not None:
            c = self.cands[self.received_at]
            c.value, c.reason = None, reason

    def received_is_bare(self) -> bool:
        """Whether the last 收到 count read names no disclosure (受理各类申请N件)."""
        if self.received_at is None:
            return False
        raw = self.cands[self.received_at].raw
        return not ("信息公开" in raw or "依申请" in raw or "公开信息" in raw)

    @staticmethod
    def part_period(sentence: str) -> int | None:
        """Where the sentence first names a part of the year (上半年, 第一季度, 1-6月, 截至10月底):
        its counts after that point are no count of the year; None when it names none."""
        if "月" not in sentence and "季度" not in sentence and "半年" not in sentence:
            return None
        for m in _PART_PERIOD.finditer(sentence):
            if m.group(1) is not None:  # a month range: the whole year is 1月至12月
                if int(m.group(1)) == 1 and int(m.group(2)) == 12:
                    continue
            elif m.group(3) is not None and int(m.group(3)) >= 12:  # 截至12月底
                continue
            return m.start()
        return None

    def year_ok(self, before: str, name: str = "") -> bool:
        if self.year is None:
            return True
        ys = _YEAR.findall(before)
        return self.year_is_ok(int(ys[-1]) if ys else None, name)

    def year_is_ok(self, y: int | None, name: str = "") -> bool:
        """``y``: the last year named before the figure (None: none)."""
        if y is None or self.year is None or y == self.year:
            return True
        return name == "applications_carried_out" and y == self.year + 1

    @staticmethod
    def several_years(sentence: str) -> int | None:
        """Where the sentence first speaks of several years (近三年共…, 2019年至2021年…): its
        figures after that point are no year's; None when it does not."""
        if "年" in sentence:
            for m in _MULTI_YEAR.finditer(sentence):
                if m.group(1) is None or m.group(1) != m.group(2):
                    return m.end()
        return None

    def running_total(self, before: str) -> bool:
        """Whether the clauses before a ``累计`` label open a period longer than the year."""
        m = None
        for m in _SINCE.finditer(before):
            pass
        if m is None:
            return False
        start = max(before.rfind(c, 0, m.start()) for c in "，,；;") + 1
        ends = [i for i in (before.find(c, m.end()) for c in "，,；;") if i >= 0]
        clause = before[start:min(ends, default=len(before))]
        if _THIS_YEAR.search(clause):
            return False
        for y in _YEAR_SO_FAR.finditer(clause):
            if y.group(1) is None or self.year is None or int(y.group(1)) == self.year:
                return False
        return True

    # -- one sentence --------------------------------------------------------------------------
    def sentence(self, sent: str, masked: str, line_at, section: str, ctx_prev: str, prev_kind: str) -> str:
        """Read one sentence; returns the kind of the last figure read (for a following 其中)."""
        ments = _mentions(masked)
        self.years_from = self.several_years(masked) if ments else None
        self.part_from = self.part_period(masked)
        self.all_cases = None
        has_disclosure = "信息公开" in masked or "政务公开" in masked or "依申请" in masked
        review_ctx = (section == "review" or has_disclosure
                      or ("信息公开" in ctx_prev and ("复议" in ctx_prev or "诉讼" in ctx_prev)))
        last_kind = prev_kind
        if not ments:
            if "不予公开" in masked and _Z_DENIED.match(masked.strip()):
                self.add("denied_zero", 0.0, sent.strip(), line_at(0))
            self.zeros(sent, masked, section, has_disclosure, review_ctx, line_at, ments)
            return last_kind
        # (end, year) of every year named in the sentence: the years "before" a figure are
        # those ending at or before it (a figure never starts inside a year or its date tail)
        years = [(ym.end(), int(ym.group(1))) for ym in _YEAR.finditer(masked)] if "年" in masked else ()
        bms = list(_BOUNDARY.finditer(masked))
        bounds_start = [bm.start() for bm in bms]
        bounds = [bm.end() for bm in bms]
        has_qz = "其中" in masked
        has_review = "复议" in masked
        has_suit = "诉讼" in masked or "起诉" in masked
        parts: dict[str, tuple[float, int, int]] = {}
        prev_end = 0
        kinds_before: list[tuple[int, str]] = []  # (position, kind) of classified mentions
        for i, mt in enumerate(ments):
            # label: from the last boundary (or previous mention) to the number
            k = bisect_right(bounds, mt.start)
            lstart = max(bounds[k - 1] if k else 0, prev_end)
            label = masked[lstart:mt.start].strip()
            if not label and k and lstart == bounds[k - 1] and masked[bounds_start[k - 1]] in "：:":
                # 受理政府信息公开申请件数：36件: the words before the colon label the number
                head_start = max(bounds[k - 2] if k > 1 else 0, prev_end)
                head = masked[head_start:bounds_start[k - 1]].strip()
                if head:
                    label, lstart = head, head_start
            nxt = ments[i + 1].start if i + 1 < len(ments) else len(masked)
            j = bisect_right(bounds_start, mt.end - 1)
            tend = min(bounds_start[j] if j < len(bounds_start) else len(masked), nxt)
            tail = masked[mt.end:tend]
            after = masked[mt.end:mt.end + 16]
            prev_end = mt.end
            st = mt.start
            if has_qz:
                seg_start = max(masked.rfind("；", 0, st), masked.rfind(";", 0, st), 0)
                qz = masked.rfind("其中", seg_start, st)
            else:
                qz = -1
            parent = None
            if qz >= 0:
                parent = prev_kind
                for pos, kd in kinds_before:
                    if pos < qz:
                        parent = kd
            topic = ""
            if has_review or has_suit:
                ir = masked.rfind("复议", 0, st) if has_review else -1
                isu = max(masked.rfind("诉讼", 0, st), masked.rfind("起诉", 0, st)) if has_suit else -1
                if ir > isu:
                    topic = "review"
                elif isu > ir:
                    topic = "suit"
            ylast = None
            for yend, y in years:
                if yend > st:
                    break
                ylast = y
            kind = self.classify(mt, label, tail, after, ylast, masked, section, topic, parent,
                                 has_disclosure, review_ctx, parts, sent, lstart, tend, line_at)
            if kind:
                kinds_before.append((mt.start, kind))
                last_kind = kind
        if parts:
            self.finish_parts(parts, sent, line_at)
        if "不予公开" in masked and _Z_DENIED.match(masked.strip()):
            self.add("denied_zero", 0.0, sent.strip(), line_at(0))
        self.zeros(sent, masked, section, has_disclosure, review_ctx, line_at, ments)
        return last_kind

    def classify(self, mt, label, tail, after, ylast, masked, section, topic, parent,
                 has_disclosure, review_ctx, parts, sent, lstart, tend, line_at) -> str | None:
        unit = mt.unit
        value = None if mt.approx else mt.value
        # the raw text (sent[lstart:mt.end], or with its tail sent[lstart:tend]) is cut only when
        # a figure is added
        line = mt.start  # position; line_at(line) only when a figure is added
        if "本级" in label or label.endswith(_DELTA_ENDS):  # _BENJI, _DELTA
            return None
        if self.wider and "全" in label and any(w in label for w in self.wider):
            return "wider_scope"  # a 其中 parent too: 其中我区N件 is the agency's
        if ("历年" in label or "累计" in label) and not _THIS_YEAR.search(label) and (
                _CUMULATIVE.search(label) or ("累计" in label and self.running_total(masked[:lstart]))):
            return "cumulative"  # still a 其中 parent: what follows may be the year's part
        if self.years_from is not None and self.years_from <= mt.start and not _THIS_YEAR.search(label):
            return "cumulative"  # after a period of several years (近三年共…)
        if self.part_from is not None and self.part_from <= mt.start and (
                self.part_from >= lstart or not _FULL_YEAR.search(label)):
            return "part_period"  # 上半年收到N件 (but 上半年…，全年共收到N件 is the year's)
        other_period = (("上" in label or "去年" in label or "前一年" in label or "同比" in label)
                        and _OTHER_PERIOD.search(label) is not None)
        share = "占" in after and _SHARE.match(after) is not None
        count_unit = unit in ("件", "起", "条", "项", "个", "篇", "宗", "份")
        year_ok = ylast is None or self.year is None or ylast == self.year  # self.year_is_ok(ylast)

        # --- fees (元 / 万元) --------------------------------------------------------------
        if unit in ("元", "万元"):
            if (("收" in label or "费" in label) and _L_FEE.search(label) and not _FEE_BLOCK.search(label) and not other_period
                    and year_ok and (has_disclosure or section == "fees" or "信息" in masked
                                     or "申请" in masked)):
                v = None if value is None else (round(value * 10000, 2) if unit == "万元" else value)
                if "免" in after or "退" in after:
                    waived = _T_FEE_WAIVED.match(after)
                    if waived:
                        self.cands.append(_Cand("fees_yuan", None, sent[lstart:mt.end + waived.end()].strip(),
                                                line_at(line), reason=FEE_WAIVED_REASON))
                        return "fees_yuan"
                self.add("fees_yuan", v, sent[lstart:mt.end].strip(), line_at(line))
                return "fees_yuan"
            return None

        # --- staff ------------------------------------------------------------------------
        if unit in ("名", "人"):
            if not ("公开" in masked) or other_period or not year_ok or "专兼职" in label + tail:
                return None
            if ("专职" in label or "全职" in label) and _L_STAFF_FULL.search(label) and "网站" not in label and "公报" not in label:
                self.add("staff_fulltime", value, sent[lstart:mt.end].strip(), line_at(line))
                return "staff_fulltime"
            if "兼职" in label and _L_STAFF_PART.search(label):
                self.add("staff_parttime", value, sent[lstart:mt.end].strip(), line_at(line))
                return "staff_parttime"
            if not label or _L_STAFF_T_LEAD.search(label):
                if tail.startswith(("专职", "全职")) and _T_STAFF_FULL.match(tail):
                    self.add("staff_fulltime", value, sent[lstart:tend].strip(), line_at(line))
                    return "staff_fulltime"
                if tail.startswith("兼职") and _T_STAFF_PART.match(tail):
                    self.add("staff_parttime", value, sent[lstart:tend].strip(), line_at(line))
                    return "staff_parttime"
            return None

        # another year's statement; only 结转至<next year>N件 is checked further (carried_out)
        if not count_unit or not (year_ok or self.year_is_ok(ylast, "applications_carried_out")
                                  or ("结转" in label and _L_CARRIED_IN_YEAR.search(label))):
            return None

        # --- review / litigation ---------------------------------------------------------------
        if self.all_cases is not None and "信息公开" in label and unit in ("件", "起", "个"):
            # the disclosure cases among all the cases just counted (其中涉及政府信息公开的N件,
            # （涉及政府信息公开N件）)
            if _L_DISCLOSURE_CASES.search(label):
                name, self.all_cases = self.all_cases, None
                if not year_ok or other_period:
                    return None
                self.add(name, value, sent[lstart:mt.end].strip(), line_at(line))
                return name
        if not label or label.endswith(_EMPTYISH_ENDS):  # _L_EMPTYISH.search(label)
            tail_review = _T_REVIEW.match(tail) if "复议" in tail else None
            tail_suit = _T_SUIT.match(tail) if "诉讼" in tail else None
        else:
            tail_review = tail_suit = None
        if ("复议" in label or "诉讼" in label or tail_review or tail_suit or "纠" in label
                or "败诉" in label) and unit in ("件", "起", "个"):
            if not review_ctx or other_period or share or not year_ok:
                return None
            if ("纠" in label or "撤销" in label or "败诉" in label) and _L_CORRECTED.search(label):
                if label.endswith("败诉") or topic == "suit":
                    self.add("lawsuits_corrected", value, sent[lstart:mt.end].strip(), line_at(line))
                    return "lawsuits_corrected"
                if topic == "review":
                    self.add("reconsiderations_corrected", value, sent[lstart:mt.end].strip(), line_at(line))
                    return "reconsiderations_corrected"
                return None
            tail12 = label[-14:]
            if "复议" in tail12 and "诉讼" in tail12:
                return None  # 行政复议和行政诉讼共N件: a combined count
            review = "复议" in label and _L_REVIEW.search(label) and not label.endswith("复议后起诉")
            if review or ("诉讼" in label and _L_SUIT.search(label)):
                name = "reconsiderations" if review else "lawsuits"
                if "信息公开" in masked[mt.end:] and not _about_disclosure(masked[:mt.start]):
                    self.all_cases = name  # 行政复议50件，其中涉及政府信息公开的2件: all cases
                    return name + "_all"
                self.add(name, value, sent[lstart:mt.end].strip(), line_at(line))
                return name
            if tail_review and not tail_suit:
                self.add("reconsiderations", value, sent[lstart:tend].strip(), line_at(line))
                return "reconsiderations"
            if tail_suit and not tail_review:
                self.add("lawsuits", value, sent[lstart:tend].strip(), line_at(line))
                return "lawsuits"
            return None

        # --- applications ---------------------------------------------------------------------
        if unit in ("件", "起", "个", "条", "份"):  # 收到4份…申请
            blocked_topic = topic in ("review", "suit") or section == "review"
            if not blocked_topic and not _APP_BLOCK.search(label + tail):
                carried = "转" in label or "顺延" in label  # _L_CARRIED_IN / _OUT need one
                prior = False  # 2020年结转 in a 2021 report
                if carried and "下" not in label[-8:] and _L_CARRIED_IN.search(label) is None and self.year:
                    y = _L_CARRIED_IN_YEAR.search(label)
                    prior = y is not None and int(y.group(1)) == self.year - 1
                if carried and (prior or _L_CARRIED_IN.search(label)) and "下" not in label[-8:]:
                    if year_ok or prior:
                        if parent == "applications_received":
                            self.received_includes_carried()  # 收到N件，其中上年结转M件
                        self.add("applications_carried_in", value, sent[lstart:mt.end].strip(), line_at(line))
                        return "applications_carried_in"
                    return None
                if parent == "applications_received" and "结转" in tail:
                    c = _T_CARRIED_IN.match(tail)  # 收到N件，其中M件为上年度结转
                    y = int(c.group(1)) if c and c.group(1) else None
                    if c and (y is None or (self.year is not None and y < self.year)):
                        self.received_includes_carried()
                        if y is not None and y != self.year - 1:
                            return "carried_earlier"  # from before last year: no 上年结转 count
                        self.add("applications_carried_in", value, sent[lstart:tend].strip(), line_at(line))
                        return "applications_carried_in"
                out = (_L_CARRIED_OUT.search(label) if carried else None) or (
                    _T_CARRIED_OUT.match(tail) if "转" in tail or "顺延" in tail else None)
                if out and out.group(1) and self.year is not None and int(out.group(1)) != self.year + 1:
                    return None  # 2020年结转至2021年的申请 in a 2021 report: carried in, not out
                if (out and self.year_is_ok(ylast, "applications_carried_out") and not other_period):
                    rw = sent[lstart:mt.end].strip() if _L_CARRIED_OUT.search(label) else sent[lstart:tend].strip()
                    self.add("applications_carried_out", value, rw, line_at(line))
                    return "applications_carried_out"
                if not year_ok or other_period:
                    return None
                bare_ok = has_disclosure or section == "apply" or not _APP_BLOCK.search(masked)
                if "结转" in label:
                    return None
                # outcomes first: 同意公开答复 is an outcome, not 答复N件
                gk = "公开" in label  # every pattern below but three needs it
                for key, rx, name in _OUTCOMES:
                    if key in label and rx.search(label):
                        if name == "partially_granted" and _L_COMBINED_GRANT.search(label):
                            return None
                        self.add(name, value, sent[lstart:mt.end].strip(), line_at(line))
                        parts[name] = (value, lstart, mt.end)
                        return name
                if "更改补充" in label and _L_AMEND.search(label):
                    parts["amend"] = (value, lstart, mt.end)
                    return "amend"
                if "其他途径办理" in label and _L_OTHER_WAY.search(label):
                    parts["other_way"] = (value, lstart, mt.end)
                    return "other_way"
                if gk and "已主动公开" in label and _L_ALREADY.search(label):
                    parts["already"] = (value, lstart, mt.end)
                    return "granted"
                if "不属于本" in label and _L_NOT_AGENCY.search(label):
                    parts["not_agency"] = (value, lstart, mt.end)
                    return "unable_to_provide"
                if "信息不存在" in label and _L_NOT_EXIST.search(label):
                    parts["not_exist"] = (value, lstart, mt.end)
                    return "unable_to_provide"
                g = _L_GRANTED.search(label) if gk else None
                if g:
                    if "同意公开" in g.group(0) and not (self.year and self.year >= 2019):
                        parts["leg_granted"] = (value, lstart, mt.end)
                        return "granted"
                    self.add("granted", value, sent[lstart:mt.end].strip(), line_at(line))
                    return "granted"
                if parent == "applications_received":
                    if "新收" in label and _L_NEW_PART.search(label):
                        self.received_includes_carried(NEW_PART_REASON)
                    elif "申请" in label and _L_DISCLOSURE_PART.search(label) and self.received_is_bare():
                        self.received_includes_carried(COVERS_OTHERS_REASON)
                    else:
                        return None
                    self.add("applications_received", value, sent[lstart:mt.end].strip(), line_at(line))
                    return "applications_received"
                if share:
                    return None
                has_apply = "申请" in label  # _L_RECEIVED and _L_RECEIVED_BARE need it
                if has_apply and _L_RECEIVED.search(label) and "办结" not in label and "答复" not in label:
                    self.add_received(value, sent, lstart, mt.end, after, line_at(line))
                    return "applications_received"
                if has_apply and bare_ok and _L_RECEIVED_BARE.search(label) and not _APP_BLOCK.search(masked):
                    self.add_received(value, sent, lstart, mt.end, after, line_at(line))
                    return "applications_received"
                if bare_ok and _L_RECEIVED_T.search(label) and _T_RECEIVED.match(tail) and not _APP_BLOCK.search(masked):
                    self.add_received(value, sent, lstart, tend, after, line_at(line))
                    return "applications_received"
                if (("申请" in masked or section == "apply") and not _APP_BLOCK.search(masked)
                        and parent != "applications_closed"):
                    if ("办结" in label or "答复" in label or "完毕" in label) and _L_CLOSED.search(label):
                        self.add("applications_closed", value, sent[lstart:mt.end].strip(), line_at(line))
                        return "applications_closed"
                    if label.endswith("的") and _L_CLOSED_T.search(label) and _T_APPLICATION.match(tail):
                        self.add("applications_closed", value, sent[lstart:tend].strip(), line_at(line))
                        return "applications_closed"

        # --- proactive ------------------------------------------------------------------------
        if unit in ("条", "件") and not other_period and not share and year_ok:
            m = _L_PROACTIVE.search(label) if "信息" in label else None
            if m and "申请" not in label and (m.group("verb").startswith("主动") or m.group("noun") == "政府信息"):
                if parent == "proactive_disclosed":
                    return None
                subject = label[:m.start()]
                subject = _PROACTIVE_SUBJ_TRIM.sub("", subject)
                tier = self.proactive_tier(subject)
                if tier:
                    self.add("proactive_disclosed", value, sent[lstart:mt.end].strip(), line_at(line), tier)
                    return "proactive_disclosed"
                return "proactive_disclosed"  # a part (channel, sub-unit): still the 其中 parent
        return None

    @staticmethod
    def proactive_tier(subject: str) -> int:
        """1: the agency as a whole (or its disclosure platform); 2: via its website; 3: named
        someone else; 0: a channel or a sub-unit (never the total)."""
        s = subject.strip("，, ")
        all_channels = bool(_ALL_CHANNELS.search(s))
        if _SOCIAL.search(s) and not all_channels:
            return 0
        if _PLATFORM.search(s) or all_channels:
            return 1
        if _SUBUNIT.search(s) and not _SELF_MARK.search(s):
            return 0
        if _WEB.search(s):
            return 2
        if not s or _SELFISH.match(s):
            return 1
        return 3

    def finish_parts(self, parts, sent, line_at) -> None:
        """Legacy answers: granted = 已主动公开 + 同意公开; unable = 不属于本机关 + 不存在; and when
        all eight answer kinds are listed, their sum is the applications answered (申请答复数)."""
        if any(v is not None and not 0 <= v < 1e9 for v, _, _ in parts.values()):
            return  # an absurd part: no sums derived from it
        if all(k in parts for k in _LEGACY_ANSWERS):
            vals = [parts[k][0] for k in _LEGACY_ANSWERS]
            a = min(parts[k][1] for k in _LEGACY_ANSWERS)
            b = max(parts[k][2] for k in _LEGACY_ANSWERS)
            self.add("applications_closed", None if None in vals else sum(vals), sent[a:b], line_at(a))
        for a, b, name in (("already", "leg_granted", "granted"), ("not_agency", "not_exist", "unable_to_provide")):
            if a in parts and b in parts:
                (va, sa, ea), (vb, sb, eb) = parts[a], parts[b]
                v = None if va is None or vb is None else va + vb
                self.add(name, v, sent[min(sa, sb):max(ea, eb)], line_at(min(sa, sb)))

    def zeros(self, sent, masked, section, has_disclosure, review_ctx, line_at, ments) -> None:
        start = 0
        # every zero below needs one of these words in its clause (so in the sentence)
        if not ("申请" in masked or "复议" in masked or "诉讼" in masked or "费" in masked
                or "专职" in masked or "全职" in masked or "未被" in masked) or not _NEGATION.search(masked):
            return
        has_year = "年" in masked
        for m in _CLAUSE_END.finditer(masked):
            clause = masked[start:m.start()]
            cstart = start
            start = m.end()
            if not clause:
                continue
            # every zero below needs one of these words in the clause
            if not ("申请" in clause or "复议" in clause or "诉讼" in clause or "未被" in clause
                    or "费" in clause or "专职" in clause or "全职" in clause):
                continue
            if len(clause) > 100 or _DIGITS_NOT_DATE.search(clause):
                # a page flattened onto one line runs a table and its headings into the
                # statement (…102339.45万元　三、收到和处理…情况　2020年未收到…申请): the
                # statement is what follows the last heading
                h = _last_match(_CLAUSE_HEADING, clause)
                if h is None:
                    continue
                cstart += h.end()
                clause = clause[h.end():]
                if len(clause) > 100 or _DIGITS_NOT_DATE.search(clause):
                    continue
            if ments and any(cstart <= mt.start < m.start() for mt in ments):
                continue
            if self.part_from is not None and self.part_from < m.start():
                continue  # 上半年未收到申请: nothing said of the year
            if "未经复议" in clause or "审结" in clause:
                continue
            if has_year and not self.year_ok(masked[:cstart] + clause):  # _YEAR needs 年
                continue
            raw = sent[cstart:m.start()].strip()
            line = line_at(cstart)
            if "申请" in clause:
                if not _Z_APPLY_BLOCK.search(clause):
                    if any(rx.search(clause) for rx in _Z_APPLY):
                        self.add("applications_received", 0.0, raw, line)
                        continue
                else:
                    # A page flattened onto one line runs the headings into the statement
                    # ("三、依申请公开、不予公开及咨询政府信息情况 （一）申请情况…未收到…申请"): the
                    # words of the headings (咨询) do not block what follows the last one.
                    h = _last_match(_SUBHEADING, clause)
                    if h is not None:
                        sub = clause[h.end():]
                        if ("申请" in sub and not _Z_APPLY_BLOCK.search(sub)
                                and any(rx.search(sub) for rx in _Z_APPLY)):
                            self.add("applications_received", 0.0,
                                     sent[cstart + h.end():m.start()].strip(), line_at(cstart + h.end()))
            if ("复议" in clause or "诉讼" in clause) and review_ctx:
                z = _Z_REVIEW.search(clause)
                if z:
                    rest = clause[z.start():]
                    if _Z_CORRECTED.search(clause):
                        if "败诉" in clause or ("诉讼" in clause and _SUIT_CORR.search(clause)):
                            self.add("lawsuits_corrected", 0.0, raw, line)
                        if _REVIEW_CORR.search(clause):
                            self.add("reconsiderations_corrected", 0.0, raw, line)
                        continue
                    if "复议" in rest:
                        self.add("reconsiderations", 0.0, raw, line)
                    if "诉讼" in rest:
                        self.add("lawsuits", 0.0, raw, line)
                    continue
                if _NOT_CORRECTED.search(clause):
                    self.add("reconsiderations_corrected" if clause.rfind("复议") > clause.rfind("诉讼")
                             else "lawsuits_corrected", 0.0, raw, line)
                    continue
            elif _NOT_CORRECTED.search(clause) and review_ctx:
                before = masked[:cstart]
                ir, isu = before.rfind("复议"), before.rfind("诉讼")
                if ir > isu:
                    self.add("reconsiderations_corrected", 0.0, raw, line)
                elif isu > ir:
                    self.add("lawsuits_corrected", 0.0, raw, line)
                continue
            if ("费" in clause) and not _FEE_BLOCK.search(clause) and (
                    has_disclosure or section == "fees" or "信息" in masked or "申请" in masked):
                if (any(rx.search(clause) for rx in _Z_FEE[:3])
                        or (_Z_FEE[3].search(clause) and (section == "fees" or _FEE_CONTEXT.search(clause)))):
                    self.add("fees_yuan", 0.0, raw, line)
                    continue
            if ("专职" in clause or "全职" in clause) and "专兼职" not in clause and "公开" in masked:
                if _Z_STAFF_FULL.search(clause):
                    self.add("staff_fulltime", 0.0, raw, line)

    # -- decision ----------------------------------------------------------------------------
    def result(self) -> ProseResult:
        res = ProseResult()
        by: dict[str, list[_Cand]] = {}
        for c in self.cands:
            by.setdefault(c.name, []).append(c)
        zero_denied = by.pop("denied_zero", None)
        received = {c.value for c in by.get("applications_received", ())}
        if zero_denied and "denied" not in by and len(received) == 1 and (received.pop() or 0) > 0:
            # "本年度无不予公开的情况" only states a count when applications were received
            by["denied"] = zero_denied
        for name, cs in by.items():
            if len(cs) == 1:  # the common case, as below
                c = cs[0]
                if name == "proactive_disclosed" and not c.tier:
                    continue
                if c.value is not None:
                    res.figures[name] = Value(name, c.value, c.raw, "prose", f"line {c.line}")
                else:
                    res.uncertain[name] = Uncertain(name, c.raw, f"line {c.line}", c.reason)
                continue
            if name == "proactive_disclosed":
                tiers = sorted({c.tier for c in cs if c.tier})
                if not tiers:
                    continue
                cs = [c for c in cs if c.tier == tiers[0]]
            exact = [c for c in cs if c.value is not None]
            values = {c.value for c in exact}
            if len(values) == 1:
                c = exact[0]
                res.figures[name] = Value(name, c.value, c.raw, "prose", f"line {c.line}")
            elif len(values) > 1:
                res.uncertain[name] = Uncertain(
                    name, " | ".join(c.raw for c in exact), ", ".join(f"line {c.line}" for c in exact),
                    "contradictory statements: " + ", ".join(_fmt(v) for v in sorted(values)))
            else:
                c = cs[0]
                res.uncertain[name] = Uncertain(name, c.raw, f"line {c.line}", c.reason)
        return res


def _fmt(v: float) -> str:
    return str(int(v)) if v == int(v) else str(v)


_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s?年度?[^。\n]{0,30}?(?:信息公开|政务公开)[^。\n]{0,10}?报告")
_PERIOD_YEAR = re.compile(r"统计[^。\n]{0,12}?((?:19|20)\d\d)\s?年\s?1\s?月\s?1\s?日")


def _guess_year(text: str) -> int | None:
    """The statistics year when the caller does not know it: the period line, else the title."""
    m = _PERIOD_YEAR.search(text, 0, 4000) or _TITLE_YEAR.search(text, 0, 1500)
    return int(m.group(1)) if m else None


# Region words by the place they name (全省…全旗); which are wider than the agency depends on its level
_SCOPE_WORDS = ("全国", "全省", "全市", "全州", "全盟", "全县", "全区", "全旗")


def wider_scopes(level: str | None, county: str | None = None, department: bool = False) -> tuple[str, ...]:
    """The region words (``全市``, ``全省``…) that name more than the agency's own area, so that a
    figure of a city or province quoted in a district's report is not taken as the district's.
    Only unambiguous ones: 全区 may be a district or an autonomous region, so it widens only a
    township; a county-level city (``龙口市``) says 全市 of itself. Unknown level: none.

    A department (``department``: any agency but an area's government) speaks for itself, not
    for an area: every region word (全县 for a county bureau as much as 全省) names more than it."""
    if level == "township" or department:
        return _SCOPE_WORDS
    if level == "county":
        own = (county or "")[-1:]
        return tuple(w for w in ("全国", "全省", "全市", "全州", "全盟") if w[-1] != own)
    if level == "prefecture":
        return ("全国", "全省")
    return ()


def extract_prose(text: str, report_year: int | None = None, wider: tuple[str, ...] = ()) -> ProseResult:
    """Harmonized figures stated in the prose of one normalized report.

    ``report_year`` is the year the statistics cover; statements about other years are not
    figures. Without it the year is taken from the statistics-period line or the title.
    ``wider``: region words naming more than the agency (:func:`wider_scopes`); a figure whose
    clause is about such a region is not the agency's.
    """
    if report_year is None:
        report_year = _guess_year(text)
    reader = _Reader(report_year, wider)
    plines, pnos, paras = _sections(text)
    interest = _INTEREST_SCAN.search  # _interesting(s), inline: it runs for every paragraph and sentence
    for a, b, section in paras:
        if b - a == 1:
            ptext = plines[a]
            if interest(ptext) is None:
                continue
            offs = [0]
        else:
            ptext = "".join(plines[a:b])
            if interest(ptext) is None:
                continue
            offs = [0]
            o = 0
            for i in range(a, b - 1):
                o += len(plines[i])
                offs.append(o)
        lines_of = pnos[a:b]  # offs[i]: where line lines_of[i] starts in ptext
        masked_p = _MASK.sub(_mask, ptext) if _MASK_OPEN.search(ptext) else ptext

        def line_at(pos: int, base: int = 0, offs=offs, lines_of=lines_of) -> int:
            return lines_of[max(bisect_right(offs, pos + base) - 1, 0)]

        prev_sent = ""
        prev_kind = ""
        cur_section = section
        for sm in _SENTENCE.finditer(masked_p):
            s0, s1 = sm.start(), sm.end()
            masked = masked_p[s0:s1]
            if interest(masked) is None:
                prev_sent, prev_kind = masked, ""
                continue
            inline = _INLINE_HEADING.search(masked) if "、" in masked and _INLINE_PRE.search(masked) else None
            if inline and _topic(inline.group(2)):
                cur_section = _topic(inline.group(2))
            prev_kind = reader.sentence(ptext[s0:s1], masked, lambda p, b=s0: line_at(p, b), cur_section,
                                        prev_sent, prev_kind)
            prev_sent = masked
    return reader.result()
