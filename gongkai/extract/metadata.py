"""Report metadata: publishing agency and its places, report (data) year, publish date.

How the agency is found: the name the title gives (``兖州执法局``, ``包河区``, ``嘉祥街道办事处``) is
split into places (full or short division names, via :mod:`gongkai.places`), a township, and a
body. Fuller names elsewhere in the document (page header 发布机构/发布单位, signature, title
variants) that agree with it supply missing places; a body abbreviation (执法局, 卫计局) becomes
the full department name the text itself uses, or the one in use in the report year
(``data/departments.csv``). A place name that exists in several provinces is settled only by
other places the text mentions (province, prefecture); otherwise the places stay unknown.

Years: ``data_year`` from the statistics period (``统计期限自2020年1月1日起至2020年12月31日止``),
``title_year`` from the title; the report year is the data year, never the publish year. A title
year contradicting the data year is an ``error`` problem (``meta.title_year``).

``publish_date``: the page header's date (``发布时间:``) if any, else the signature date (Arabic
or Chinese numerals), else None.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from gongkai.model import Metadata, Problem
from gongkai.places import GENERIC_NAMES, Gazetteer, Place, gazetteer

# --------------------------------------------------------------------------------------------
# Static tables
# --------------------------------------------------------------------------------------------

# Zones that are no administrative division: name -> (body of the zone itself, adcode it covers).
SPECIAL_ZONES = {
    "平潭综合实验区": ("管理委员会", "350128"),
}
_ZONE_GOV = {"", "管委会", "管理委员会", "政府", "人民政府"}

_GOV_WORDS = {"", "政府", "人民政府", "市政府", "县政府", "区政府", "州政府", "省政府", "旗政府", "盟政府",
              "地区政府", "自治区政府", "市人民政府", "县人民政府", "区人民政府", "州人民政府"}
_GOV_OFFICE_WORDS = {"政府办", "政府办公室", "人民政府办公室", "市政府办", "县政府办", "区政府办",
                     "市政府办公室", "县政府办公室", "区政府办公室", "州政府办公室", "政府办公厅",
                     "省政府办公厅", "人民政府办公厅", "自治区政府办公厅", "市政府办公厅"}
_ADMIN_WORDS = {"行署", "行政公署", "地区行署", "盟行署"}
_ADMIN_OFFICE_WORDS = {"行署办", "行署办公室", "行政公署办公室"}
_BODY_SUFFIX = ("局", "厅", "委员会", "委", "办公室", "办公厅", "政府", "行政公署", "行署", "管委会",
                "中心", "办", "院", "会", "署", "所", "队", "站", "处", "部")
_BARE_TOWN_RE = re.compile(r"^(街道|镇|乡)(办事处|人民政府|政府|办)?$")
_TOWN_RE = re.compile(r"^(.{1,8}?)(街道|镇|乡)(办事处|人民政府|政府|办)?$")

_YEAR = r"((?:19|20)\d{2})"
_TITLE_YEAR_RE = re.compile(_YEAR + r"\s*年")
_BODY_REPORT_RE = re.compile(
    r"(?:编制了?|现将|现公布|特发布|发布)[^。\n]{0,20}?" + _YEAR + r"\s*年度?[^。\n]{0,20}?(?:报告|年报)")
# the report's purpose: 为全面反映2011年度我街道政府信息公开工作开展情况，…特编制本报告
_BODY_PURPOSE_RE = re.compile(r"(?:反映|总结)[^。\n\d]{0,4}?" + _YEAR + r"\s*年度?[^。\n\d]{0,16}?"
                              r"(?:信息公开|政务公开)[^。\n\d]{0,8}?(?:工作|情况)")
# A year, unless it is a date at the end of a line (signature, header): those are publish dates.
_FULL_DATE_AT_END_RE = re.compile(r"\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:\n|$)")
_CITATION_RE = re.compile(r"《[^》\n]{0,80}》|〔\d{4}〕|\[\d{4}\]")

_HEADER_DATE_RE = re.compile(
    r"(?<!统计)(发布时间|发布日期|发文日期|成文日期|时间|日期)\s*[:：]\s*"
    r"(?:(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})|$)")
_DATE_LINE_RE = re.compile(r"^(?P<pre>[^，。,:：；;]{0,40}?)\s*(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日$")
_ISO_LINE_RE = re.compile(r"^(?P<pre>[^，。,:：；;]{0,40}?)\s*(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$")
_CN_DIGIT = "〇○零Ｏ一二三四五六七八九"
_CN_DATE_LINE_RE = re.compile(
    r"^(?P<pre>[^，。,:：；;]{0,40}?)\s*(?P<y>[" + _CN_DIGIT + r"oO0]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日$")
_CN_VALUE = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "o": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_HEADER_NAME_RE = re.compile(r"(?:发布机构|发布单位|发文机关|发文单位|来源|信息来源|主办单位)\s*[:：]\s*([^\s:：]{2,40})")
_TITLE_PREFIX_RE = re.compile(r"^(?:标题|名称|中文名|文章标题|题名)\s*[:：]\s*")
_OPENING_RE = re.compile(
    r"^\s*(?:" + _YEAR + r"\s*年度?\s*[,，]\s*)?([\u4e00-\u9fff（）]{2,30}?)"
    r"(?:以|在|认真|坚持|围绕|按照|根据|紧紧|深入|始终|全面|严格|进一步|继续|高度|着力|结合|紧扣|依据|切实)")
_TITLE_SITE_SPLIT = re.compile(r"\s*(?:_|\||｜| - | — |－)\s*")
_NAME_CLEAN = re.compile(r"[\s　]+")


@lru_cache(maxsize=1)
def _departments() -> dict[str, list[tuple[str, int, int]]]:
    text = (resources.files("gongkai") / "data" / "departments.csv").read_text(encoding="utf-8")
    rows = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    table: dict[str, list[tuple[str, int, int]]] = {}
    for row in csv.DictReader(rows):
        table.setdefault(row["abbr"], []).append(
            (row["full"], int(row["first_year"] or 0), int(row["last_year"] or 9999)))
    return table


@lru_cache(maxsize=1)
def _central_bodies() -> frozenset[str]:
    text = (resources.files("gongkai") / "data" / "central_bodies.csv").read_text(encoding="utf-8")
    rows = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return frozenset(row["name"] for row in csv.DictReader(rows))


_PRC = "中华人民共和国"


def central_body(name: str) -> str | None:
    """The listed name of a central body (``中华人民共和国外交部`` → ``外交部``), or None."""
    if name.startswith(_PRC):
        name = name[len(_PRC):]
    return name if name in _central_bodies() else None


@lru_cache(maxsize=1)
def _known_bodies() -> frozenset[str]:
    names = set(_departments())
    for fulls in _departments().values():
        names.update(f for f, _, _ in fulls)
    names |= _GOV_WORDS | _GOV_OFFICE_WORDS | _ADMIN_WORDS | _ADMIN_OFFICE_WORDS
    names.discard("")
    return frozenset(names)


class _Index:
    """Everything built once: the gazetteer and a suffix index over full place names.

    Every division name ends in one of 省市区县州盟旗 (自治区, 地区, 新区 included), so the scan
    looks only at those characters and checks the names that can end there (by their last two
    characters), longest first: a few dict look-ups per candidate position instead of a
    per-character automaton.
    """

    def __init__(self) -> None:
        self.g: Gazetteer = gazetteer()
        tails: dict[str, set[int]] = {}
        for name in self.g.by_name:
            if name in GENERIC_NAMES or len(name) < 2 or name[-1] not in _SUFFIX_CHARS:
                continue
            tails.setdefault(name[-2:], set()).add(len(name))
        self.tails = {t: tuple(sorted(ls, reverse=True)) for t, ls in tails.items()}


_SUFFIX_CHARS = "省市区县州盟旗"


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index()


# --------------------------------------------------------------------------------------------
# Name parsing
# --------------------------------------------------------------------------------------------

@dataclass
class _Name:
    text: str
    places: list[tuple[Place, ...]] = field(default_factory=list)  # candidate sets, top down
    zone: str | None = None
    town: str | None = None  # 嘉祥街道, 大河镇
    hint: tuple[Place, ...] = ()  # places the town is named after (嘉祥街道 -> 嘉祥县)
    body: str = ""
    vertical: str = ""  # 国家税务总局 of 国家税务总局淄博市张店区税务局: a centrally managed system

    @property
    def is_town(self) -> bool:
        return self.town is not None


def _consistent(cands: tuple[Place, ...], prev: tuple[Place, ...] | None, g: Gazetteer) -> tuple[Place, ...]:
    if not prev:
        return cands
    return tuple(c for c in cands if any(g.is_ancestor(p, c) for p in prev))


def _is_body(rem: str, strict: bool) -> bool:
    if rem in _known_bodies():
        return True
    return not strict and len(rem) >= 2 and rem.endswith(_BODY_SUFFIX)


@lru_cache(maxsize=4096)
def _parse_name(name: str, g: Gazetteer) -> _Name:
    """Parsed name (cached: the same names come back within a report and across a portal's
    reports; callers only read the result)."""
    return _parse_name_uncached(name, g)


# Centrally managed systems name their local offices <system><place><office>
# (国家税务总局淄博市张店区税务局, 国家统计局淄博调查队): the office belongs to the place's level.
# Tax offices are officially named with the full chain of places (国家税务总局张店区税务局 is
# 国家税务总局淄博市张店区税务局); survey teams use the short name as written (淄博调查队).
_VERTICAL = {
    "国家税务总局": ("税务局", "稽查局"),
    "国家统计局": ("调查队", "调查总队"),
    "中国人民银行": ("分行", "支行", "营业管理部"),
    "国家金融监督管理总局": ("监管局", "监管分局", "监管支局"),
}
_VERTICAL_AS_WRITTEN = frozenset({"国家统计局"})


def _parse_name_uncached(name: str, g: Gazetteer) -> _Name:
    for system, offices in _VERTICAL.items():
        if name.startswith(system) and name.endswith(offices):
            inner = _parse_name_uncached(name[len(system):], g)
            if inner.places and not inner.is_town and not inner.zone and inner.body.endswith(offices):
                inner.text, inner.vertical = name, system
                return inner
            return _Name(name)  # a system's office in no place we know: not a place-first name
    out = _Name(name)
    for zone in SPECIAL_ZONES:
        if name.startswith(zone):
            out.zone = zone
            out.body = name[len(zone):]
            return out
    i, n = 0, len(name)
    starts: list[int] = []
    prev: tuple[Place, ...] | None = None
    while i < n:
        found = None
        for length in range(min(g.max_name_len, n - i), 1, -1):
            cands = g.by_name.get(name[i:i + length])
            if cands:
                cands = _consistent(cands, prev, g)
                if cands:
                    found = (length, cands)
                    break
        if found is not None:
            rest = name[i + found[0]:]
            if rest and not _is_body(rest, strict=True) and not _TOWN_RE.match(rest) \
                    and not _starts_with_place(rest, g):
                # 景德镇市场监管局: 景德镇 + 市场监管局, not 景德镇市 + 场监管局
                for length in range(found[0] - 1, 1, -1):
                    cands = g.by_short.get(name[i:i + length])
                    if cands and _is_body(name[i + length:], strict=True):
                        cands = _consistent(cands, prev, g)
                        if cands:
                            found = (length, cands)
                            break
        if found is None:
            rest = name[i:]
            if not _is_body(rest, strict=True) and not _TOWN_RE.match(rest):
                for length in range(min(g.max_short_len, n - i - 1), 1, -1):
                    cands = g.by_short.get(name[i:i + length])
                    if not cands:
                        continue
                    cands = _consistent(cands, prev, g)
                    rem = name[i + length:]
                    if cands and (_is_body(rem, strict=False) or _town_ok(rem)):
                        found = (length, cands)
                        break
        if found is None:
            break
        length, cands = found
        out.places.append(cands)
        starts.append(i)
        prev = cands
        i += length
    rest = name[i:]
    m = _TOWN_RE.match(rest)
    if m and not _is_body(rest, strict=True):
        out.town = m.group(1) + m.group(2)
        out.body = m.group(3) or ""
    elif out.places and (m := _BARE_TOWN_RE.match(rest)):
        # a town named like its county (曹县镇, 土默特右旗街道): the name is a hint, not a parent
        out.town = name[starts[-1]:i] + m.group(1)
        out.hint = out.places.pop()
        out.body = m.group(2) or ""
    else:
        out.body = rest
    return out


def _starts_with_place(s: str, g: Gazetteer) -> bool:
    return any(s[:k] in g.by_name for k in range(2, min(len(s), g.max_name_len) + 1))


def _town_ok(rem: str) -> bool:
    m = _TOWN_RE.match(rem)
    return bool(m)


# --------------------------------------------------------------------------------------------
# Context: which places the document mentions
# --------------------------------------------------------------------------------------------

_ICP_PROVINCE = {
    "京": "110000", "津": "120000", "冀": "130000", "晋": "140000", "蒙": "150000", "辽": "210000",
    "吉": "220000", "黑": "230000", "沪": "310000", "苏": "320000", "浙": "330000", "皖": "340000",
    "闽": "350000", "赣": "360000", "鲁": "370000", "豫": "410000", "鄂": "420000", "湘": "430000",
    "粤": "440000", "桂": "450000", "琼": "460000", "渝": "500000", "川": "510000", "蜀": "510000",
    "黔": "520000", "贵": "520000", "滇": "530000", "云": "530000", "藏": "540000", "陕": "610000",
    "甘": "620000", "陇": "620000", "青": "630000", "宁": "640000", "新": "650000",
}
_ICP_RE = re.compile(r"([" + "".join(_ICP_PROVINCE) + r"])(?:ICP|公网安备)")


_WRAPPED_LINE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t　]*\n[ \t　]*(?=[\u4e00-\u9fff])")


class _Context:
    """Place names the document mentions, counted on first use (most agencies resolve from
    their own name alone, without ever looking at the context)."""

    def __init__(self, text: str, idx: _Index, year: int | None = None):
        self.g = idx.g
        self.year = year  # the report's year: a name changed since is still current for it
        self._raw, self._idx = text, idx
        self._text: str | None = None
        self._counts: Counter[str] | None = None

    @property
    def text(self) -> str:
        """The text with lines wrapped inside a word joined again: a PDF or a narrow page breaks
        ``林周\n县政府网`` (which names 林周县, not 周县) as readily as any other word."""
        if self._text is None:
            self._text = _WRAPPED_LINE.sub("", self._raw)
        return self._text

    @property
    def counts(self) -> Counter[str]:
        if self._counts is None:
            self._counts = self._count(self.text, self._idx)
        return self._counts

    def _count(self, text: str, idx: _Index) -> Counter[str]:
        counts: Counter[str] = Counter()
        tails, by_name = idx.tails, self.g.by_name
        find = text.find
        for ch in _SUFFIX_CHARS:
            pos = find(ch)
            while pos >= 0:
                end = pos + 1
                lengths = tails.get(text[pos - 1:end])
                if lengths:
                    for n in lengths:
                        if n <= end and text[end - n:end] in by_name:
                            counts[text[end - n:end]] += 1
                            break
                pos = find(ch, end)
        # Website record numbers in page footers (苏ICP备…, 鲁公网安备…) name the province.
        if "ICP" in text or "公网安备" in text:
            for m in _ICP_RE.finditer(text):
                counts[self.g.by_code[_ICP_PROVINCE[m.group(1)]].name] += 1
        return counts

    def provinces(self) -> set[Place]:
        """Provinces the document names (directly, or through a prefecture it names)."""
        out = set()
        for name in self.counts:
            places = self.g.by_name.get(name) or self.g.by_short.get(name, ())
            provs = {self.g.province(p) for p in places if p.level in ("province", "prefecture")}
            if len(provs) == 1:
                out |= provs
        return out

    def support(self, p: Place) -> int:
        """Mentions of the places that contain ``p`` (its province and prefecture)."""
        g = self.g
        score = 0
        prov = g.province(p)
        if prov is not p:
            score += self.counts.get(prov.name, 0) + sum(self.counts.get(s, 0) for s in _prov_shorts(prov))
        pref = g.prefecture(p)
        if pref is not None and pref is not p and pref is not prov:
            score += self.counts.get(pref.name, 0)
        return score


    def near_support(self, p: Place) -> int:
        """Mentions of the prefecture that contains ``p``; for a municipality's district (no
        prefecture between), of the municipality."""
        g = self.g
        prov = g.province(p)
        pref = g.prefecture(p)
        if pref is not None and pref is not p and pref is not prov:
            return self.counts.get(pref.name, 0)
        if prov is p:
            return 0
        return self.counts.get(prov.name, 0) + sum(self.counts.get(s, 0) for s in _prov_shorts(prov))


@lru_cache(maxsize=64)
def _prov_shorts(prov: Place) -> tuple[str, ...]:
    from gongkai.places import short_forms

    return short_forms(prov.name, "province")


def _choose(cands: tuple[Place, ...], ctx: _Context) -> Place | None:
    """One place out of same-named candidates, by context; None when the context does not decide."""
    current = tuple(c for c in cands if c.in_use(ctx.year)) or cands
    if len(current) == 1:
        return current[0]
    g = ctx.g
    # A short name shared by a prefecture and its own county (淮安: 淮安市 / 淮安区, 恩施): the
    # one the text names in full more often; a mention of the county's full path (恩施土家族苗族
    # 自治州恩施市) names the county, not the prefecture. Neither more often: no reading.
    nested = [c for c in current if any(g.is_ancestor(a, c) for a in current)]
    if nested and len(current) == 2:
        inner = nested[0]
        outer = next(c for c in current if c is not inner)
        n_inner = ctx.counts.get(inner.name, 0)
        n_outer = ctx.counts.get(outer.name, 0)
        if n_outer:
            n_outer -= ctx.text.count(outer.name + inner.name)
        if n_inner == n_outer:
            return None
        return inner if n_inner > n_outer else outer
    scored = sorted(((ctx.counts.get(c.name, 0) + ctx.support(c), c) for c in current), key=lambda t: -t[0])
    if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
        return scored[0][1]
    return None


# --------------------------------------------------------------------------------------------
# Title, header, signature
# --------------------------------------------------------------------------------------------

def _clean_name(s: str) -> str:
    s = _NAME_CLEAN.sub("", s)
    return s.strip("“”\"'《》【】[]")


_SENTENCE_RE = re.compile(r"[。，,；;！!？?]")
# a portal's column tag before the title (【年度报告】, [年报]) and the verb of a covering notice
# (…办公室关于印发2021年…年度报告的通知): neither is part of the agency's name
_TITLE_TAG_RE = re.compile(r"^(?:【[^】]{1,12}】|\[[^\]]{1,12}\])\s*")
_ABOUT_RE = re.compile(r"关于$")
_MONTH_AFTER_RE = re.compile(r"\s*\d{1,2}\s*月")
_TITLE_WORDS_RE = re.compile(r"(?:关于)?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)")
_NOTICE_RE = re.compile(r"关于(?:印发|公布|发布|报送|上报|转发)")
# a title cut short by a portal's list (河北省科学技术厅2023年政府信息公开工作年度报...): the title
# words it keeps are enough to know the rest
_CUT_TITLE_RE = re.compile(r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度?)?报?(?:\.{2,}|…+)$")


def _split_title(line: str) -> tuple[str | None, int | None]:
    """(agency as the title writes it, title year) of a report-title line, or (None, None)."""
    line = _TITLE_TAG_RE.sub("", _TITLE_PREFIX_RE.sub("", line.strip()))
    if line[-1:] in ".…":
        cut = _CUT_TITLE_RE.search(line)
        if cut is not None:
            line = line[:cut.start()] + "政府信息公开工作年度报告"
    if "公开" not in line or not ("报告" in line or "年报" in line) or _SENTENCE_RE.search(line):
        return None, None  # not a title: titles are no sentences
    m = _TITLE_YEAR_RE.search(line)
    while m is not None and _MONTH_AFTER_RE.match(line, m.end()):
        m = _TITLE_YEAR_RE.search(line, m.end())  # 2022年1月: a date, not the year reported on
    if not m:
        return None, None
    year = int(m.group(1))
    pre = line[: m.start()].strip()
    k = _TITLE_WORDS_RE.search(pre)
    if k is not None:
        pre = pre[:k.start()]  # …政府信息公开工作年度报告（2021年度）: the name ends before the title words
    notice = _NOTICE_RE.search(pre)
    if notice is not None:
        # a covering notice: the report is the one named after 印发 (the office issuing it may
        # be issuing its government's report), and a notice that names none names no agency
        name = _clean_name(pre[notice.end():])
        return name, year
    pre = _ABOUT_RE.sub("", pre)
    name = _clean_name(pre)
    if not name:
        post = line[m.end():].lstrip("度")
        k = -1
        for word in ("政府信息公开", "政务公开", "信息公开", "政府信息"):
            k = post.find(word)
            if k >= 0:
                break
        name = _ABOUT_RE.sub("", _clean_name(post[:k])) if k > 0 else ""
    return name or "", year


# the second half of a title wrapped after the agency (``2013年吉安市发展和改革委员会`` /
# ``政府信息公开工作年度报告``)
_TITLE_TAIL_RE = re.compile(r"(?:关于)?(?:政府信息公开|政务公开|信息公开)")


def _find_title(lines: list[str], g: Gazetteer) -> tuple[str | None, int | None, int]:
    """Search the first lines for the report title; returns (name, year, line index)."""
    seen = 0
    for i, raw in enumerate(lines[:80]):
        line = raw.strip()
        if not line:
            continue
        seen += 1
        if len(line) <= 70:
            cand = line
            if "报告" not in line and "年报" not in line and i + 1 < len(lines):
                nxt = lines[i + 1].strip()
                if ("报告" in nxt or "年报" in nxt) and (
                        "公开" in line and len(nxt) <= 12
                        or "公开" not in line and len(nxt) <= 30 and _TITLE_TAIL_RE.match(nxt)):
                    cand = line + nxt  # title wrapped by PDF layout
            name, year = _split_title(cand)
            if year is not None:
                if name == "":
                    name, j = _previous_name(lines, i)
                    if name and j > 0:  # the agency itself broken over two lines above the title
                        name = _wrapped_name(lines[j - 1].strip(), name, g)
                elif i > 0 and cand is line:
                    name = _wrapped_name(lines[i - 1].strip(), name, g)
                return name, year, i
        if seen > 60:
            break
    return None, None, -1


def _wrapped_name(prev: str, name: str, g: Gazetteer) -> str:
    """The agency of a title whose line broke inside the name (``红河…屏边苗族自治县人民政`` /
    ``府2016年度…``): a short fragment on the title line that names no place, after a line that
    is no page furniture, and the two joined name an agency. Otherwise the name as it stands."""
    if len(name) > _WRAP_TAIL_MAX or not 8 <= len(prev) <= 40 or _PREV_LINE_BAD.search(prev):
        return name
    part = _parse_name(name, g)
    if part.places or part.zone or part.town:
        return name
    joined = _clean_name(prev + name)
    whole = _parse_name(joined, g)
    if whole.places and (whole.town or _is_body(whole.body, strict=False)):
        return joined
    return name


_WRAP_TAIL_MAX = 4  # 府, 政府, 人民政府, 办公室: what a line break leaves of a name
_PREV_LINE_BAD = re.compile(r"[，。,:：；;（）()0-9《》]|网站|门户|首页|位置|栏目|专栏|频道")


def _previous_name(lines: list[str], i: int) -> tuple[str | None, int]:
    """The agency on the line above a title that starts with its year, and that line's index."""
    for j in range(i - 1, max(-1, i - 3), -1):
        prev = lines[j].strip()
        if not prev:
            continue
        prev = _clean_name(prev)
        if 2 <= len(prev) <= 30 and not re.search(r"[，。,:：；;（）()0-9]", prev):
            return prev, j
        return None, -1
    return None, -1


def _header_names(lines: list[str]) -> list[str]:
    out = []
    for line in lines[:60]:
        if ("：" in line or ":" in line) and ("发布" in line or "发文" in line or "来源" in line or "主办" in line):
            out.extend(_clean_name(m.group(1)) for m in _HEADER_NAME_RE.finditer(line))
    return out


def _cn_number(s: str) -> int:
    if len(s) == 1:
        return 10 if s == "十" else _CN_VALUE[s]
    if s[0] == "十":
        return 10 + _CN_VALUE[s[1]]
    if s[-1] == "十":
        return _CN_VALUE[s[0]] * 10
    if len(s) == 3 and s[1] == "十":
        return _CN_VALUE[s[0]] * 10 + _CN_VALUE[s[2]]
    raise ValueError(s)


def _date(y: int, m: int, d: int) -> str | None:
    if 1990 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def _date_line(line: str) -> tuple[str | None, str]:
    """(date, text before it) when ``line`` is a signature date line."""
    line = line.strip()
    if not line or len(line) > 60 or not line.endswith(("日", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")):
        return None, ""
    m = _DATE_LINE_RE.match(line) or _ISO_LINE_RE.match(line)
    if m:
        return _date(int(m.group("y")), int(m.group("m")), int(m.group("d"))), m.group("pre").strip()
    m = _CN_DATE_LINE_RE.match(line)
    if m:
        try:
            y = int("".join(str(_CN_VALUE[c]) for c in m.group("y")))
            return _date(y, _cn_number(m.group("m")), _cn_number(m.group("d"))), m.group("pre").strip()
        except (KeyError, ValueError):
            return None, ""
    return None, ""


def _header_date(lines: list[str]) -> str | None:
    head = "\n".join(lines[:45])
    if "时间" not in head and "日期" not in head:
        return None
    best: tuple[int, str] | None = None
    rank = {"发布时间": 0, "发布日期": 0, "发文日期": 1, "成文日期": 2, "时间": 3, "日期": 3}
    for i, line in enumerate(lines[:45]):
        if "时间" not in line and "日期" not in line:
            continue
        for m in _HEADER_DATE_RE.finditer(line):
            if m.group(2):
                d = _date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
            else:  # label alone, value on the next line (HTML fields)
                d = None
                if i + 1 < len(lines):
                    nxt = lines[i + 1].strip()
                    mm = re.match(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", nxt)
                    if mm:
                        d = _date(int(mm.group(1)), int(mm.group(2)), int(mm.group(3)))
            if d and (best is None or rank[m.group(1)] < best[0]):
                best = (rank[m.group(1)], d)
    return best[1] if best else None


_PAGE_MARK_RE = re.compile(r"^(?:-\s*\d+\s*-|—\s*\d+\s*—|第\s*\d+\s*页\s*(?:共\s*\d+\s*页)?|\d{1,2})$")
_DATE_FRAGMENT_RE = re.compile(r"^[0-9年月日〇○零Ｏ一二三四五六七八九十\-/. ]{1,12}$")




_ISO_LINE_FIND_RE = re.compile(r"\n[^\S\n]*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ \t]*(?=\n|$)")


def _signature(text: str, lines: list[str], start: int) -> tuple[str | None, str | None]:
    """(date, agency name) of the last signature in the document (after line ``start``).

    A date torn by a page break (``201`` / ``第1页 共2页`` / ``4-01-30``) is joined again.
    """
    best_line, best_date, pre = -1, None, ""
    # whole date lines end in 日 (or are ISO dates near the end)
    pos = len(text)
    while True:
        pos = text.rfind("日", 0, pos)
        if pos < 0:
            break
        nxt = text[pos + 1:pos + 2]
        if nxt in ("\n", "", " ", "\t"):
            i = text.count("\n", 0, pos)
            if i <= start:
                break
            d, p = _date_line(lines[i])
            if d:
                best_line, best_date, pre = i, d, p
                break
    iso = None
    for iso in _ISO_LINE_FIND_RE.finditer(text):
        pass
    if iso is not None:
        i = text.count("\n", 0, iso.start() + 1)
        if i > max(best_line, start):
            d, p = _date_line(lines[i])
            if d:
                best_line, best_date, pre = i, d, p
    # torn dates below the last whole one (page-broken text)
    lo = max(best_line, start) + 1
    if len(lines) - lo <= 400:
        for i in range(lo, len(lines)):
            line = lines[i]
            if len(line) <= 14 and _DATE_FRAGMENT_RE.match(line.strip()) and not _PAGE_MARK_RE.match(line.strip()):
                d = _torn_date(lines, i)
                if d:
                    best_line, best_date, pre = i, d, ""
    if best_date is None:
        return None, None
    name = pre or None
    if not name:
        for j in range(best_line - 1, max(start, best_line - 3), -1):
            prev = lines[j].strip()
            if prev:
                if len(prev) <= 40 and not re.search(r"[，。,:：；;]", prev):
                    name = _clean_name(prev)
                break
    return best_date, name


def _torn_date(lines: list[str], i: int) -> str | None:
    """A date starting on line ``i`` that continues on the next lines, across page marks."""
    first = lines[i].strip()
    d, _ = _date_line(first)
    if d:
        return d
    # the line may continue digits above it, across a page mark (``2`` / ``023年1月8日``)
    k = i - 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    if k >= 0 and lines[k].strip().isdecimal() and len(lines[k].strip()) <= 3:
        d, _ = _date_line(lines[k].strip() + first)
        if d:
            return d
    joined, j, parts = first, i + 1, 0
    while j < len(lines) and parts < 4:
        nxt = lines[j].strip()
        j += 1
        if not nxt or _PAGE_MARK_RE.match(nxt):
            continue
        if not _DATE_FRAGMENT_RE.match(nxt):
            break
        joined += nxt
        parts += 1
        d, _ = _date_line(joined)
        if d:
            return d
    return None


# --------------------------------------------------------------------------------------------
# Years
# --------------------------------------------------------------------------------------------

_STAT_TAIL_RE = re.compile(
    _YEAR + r"年0?1月0?1日(?:起)?\s*(?:至|到|—|－|-|~|～)\s*(?:" + _YEAR + r"年)?12月31日$"
    # 数据均为2014年全年（1月1日至12月31日）
    r"|" + _YEAR + r"年(?:全年|度)\s*[（(]\s*0?1月0?1日(?:起)?\s*(?:至|到|—|－|-|~|～)\s*12月31日$")
_UNTIL_TAIL_RE = re.compile(r"(?:截至|截止)(?:到)?" + _YEAR + r"年12月31日$")
_STAT_WORD_RE = re.compile(r"统计(?:期限|时限|区间|周期|时段|范围|时间|截止|截至)[^。\n]{0,8}?" + _YEAR + r"\s*年")
# The heading of the attached statistics table names its period (附件 2018年度政府信息公开工作情况统计表).
_STAT_TABLE_RE = re.compile(r"(?m)^[^。，,\n]{0,12}?" + _YEAR + r"\s*年度?[^。，,\n]{0,12}?信息公开[^。，,\n]{0,6}?统计表\s*$")
# The sentence stating the year's proactive total opens with its year (2009年，我局共主动公开政府信息82条).
_FIGURE_YEAR_RE = re.compile(r"(?m)(?:^|。)\s*" + _YEAR + r"\s*年度?\s*[，,]?\s*(?:我|全|本)[^。\n累计以来]{0,14}?"
                             r"(?:主动公开(?:政府)?信息\d|(?:受理|收到)[^。\n累计以来]{0,12}?申请\d)")


def _data_year(text: str) -> int | None:
    """Year of the stated statistics period (``2020年1月1日至12月31日``, ``截至2015年12月31日``)."""
    pos = text.find("12月31日")
    until = None
    while pos >= 0:
        seg = text[max(0, pos - 40):pos + 6]
        m = _STAT_TAIL_RE.search(seg)
        if m:
            return int(m.group(1) or m.group(3))
        if until is None:
            m = _UNTIL_TAIL_RE.search(seg)
            if m:
                until = int(m.group(1))
        pos = text.find("12月31日", pos + 6)
    if "统计" in text:
        m = _STAT_WORD_RE.search(text)
        if m:
            return int(m.group(1))
        m = _STAT_TABLE_RE.search(text)
        if m:
            return int(m.group(1))
    return until


def _body_year(lines: list[str], title_lines: set[int]) -> int | None:
    """Year of an explicit statement in the opening (``现将我局2017年度信息公开工作报告如下``)."""
    for i, line in enumerate(lines[:120]):
        if i in title_lines or "年" not in line or ("报告" not in line and "年报" not in line):
            continue
        if "发布时间" in line or "发布日期" in line:
            continue
        line = _CITATION_RE.sub("", line)
        m = _BODY_REPORT_RE.search(line) or _BODY_PURPOSE_RE.search(line)
        if m:
            return int(m.group(1))
    return None


def _year_counts(lines: list[str], title_lines: set[int]) -> Counter:
    body = "\n".join(line for i, line in enumerate(lines) if i not in title_lines
                     and not (i < 45 and ("发布时间" in line or "发布日期" in line)))
    body = _CITATION_RE.sub("", body)
    counts: Counter = Counter()
    pos = body.find("年")
    while pos >= 0:
        y = body[pos - 4:pos]
        if pos >= 4 and y.isdecimal() and y[:2] in ("19", "20") and not body[pos - 5:pos - 4].isdecimal():
            # a date closing a line is a signature or header date, not the period reported on
            if _FULL_DATE_AT_END_RE.match(body, pos + 1) is None:
                counts[int(y)] += 1
        pos = body.find("年", pos + 1)
    return counts


# --------------------------------------------------------------------------------------------
# Body names
# --------------------------------------------------------------------------------------------

def _subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def _expand_body(body: str, place_name: str, text: str, year: int | None, level: str) -> str:
    """Full department name for a body as written (执法局 -> 城市管理行政执法局)."""
    table = _departments()
    options = table.get(body)
    # A full name the text uses right after the agency's own place name wins.
    found: Counter[str] = Counter()
    if place_name and len(body) >= 2:
        pos = text.find(place_name)
        while pos >= 0:
            m = _DEPT_AFTER_PLACE_RE.match(text, pos + len(place_name))
            if m:
                cand = m.group(1)
                if cand != body and cand.endswith(body[-1]) and _subsequence(body, cand):
                    found[cand] += 1
            pos = text.find(place_name, pos + 1)
    if options:
        in_text = [f for f, _, _ in options if f != body and f in text]
        if found:
            pref = [f for f in found if f in {o for o, _, _ in options}]
            if pref:
                return max(pref, key=lambda f: found[f])
        if len(in_text) == 1 and (body not in text or body == in_text[0]):
            return in_text[0]
        if len(in_text) > 1:
            return max(in_text, key=text.count)
        if year is not None:
            era = [f for f, a, b in options if a <= year <= b]
            if era:
                return era[-1]
        if len(options) == 1:
            return options[0][0]
        return body
    if found:
        return found.most_common(1)[0][0]
    return body


_DEPT_AFTER_PLACE_RE = re.compile(r"([\u4e00-\u9fff]{2,14}?(?:局|厅|委员会|办公室))")


def _gov_body(body: str, place: Place | None, level: str) -> str | None:
    """Canonical body for government words, None if ``body`` is a department."""
    admin = place is not None and place.level == "prefecture" and place.kind in ("地区", "盟")
    if body in _GOV_WORDS:
        return "行政公署" if admin else "人民政府"
    if body in _ADMIN_WORDS:
        return "行政公署"
    if body in _ADMIN_OFFICE_WORDS:
        return "行政公署办公室"
    if body in _GOV_OFFICE_WORDS:
        if level == "province":
            return "人民政府办公厅"
        return "行政公署办公室" if admin else "人民政府办公室"
    if body == "管委会":
        return "管理委员会"
    return None


# --------------------------------------------------------------------------------------------
# Main entry
# --------------------------------------------------------------------------------------------

def extract_metadata(text: str, title: str | None, file_name: str, meta: dict[str, str],
                     original_text: str | None = None) -> Metadata:
    """Agency, places, years and publish date of one report (see the module docstring).

    ``text`` is the normalized (simplified) text; ``original_text`` the same document before
    normalization, used to give ``agency_as_written`` in the document's own script.
    """
    idx = _index()
    g = idx.g
    lines = text.split("\n")
    md = Metadata()

    # -- title ----------------------------------------------------------------
    written, title_year, title_line = _find_title(lines, g)
    title_lines = {title_line, title_line - 1} if title_line >= 0 else set()
    arg_name = arg_year = None
    if title:
        first = _TITLE_SITE_SPLIT.split(title.strip())[0]
        arg_name, arg_year = _split_title(first)
    if title_year is None and arg_year is not None:
        title_year = arg_year
    if not written and arg_name:
        written = arg_name
    header_names = _header_names(lines)
    sig_date, sig_name = _signature(text, lines, max(title_line, 0))
    if not written:
        written = _opening_name(lines, g)
    if not written and sig_name:
        written = sig_name
    fn_name, fn_year = _split_title(re.sub(r"\.[A-Za-z0-9]+$", "", file_name.rsplit("/", 1)[-1]))
    if not written:
        if fn_name:
            written = fn_name
        if title_year is None and fn_year is not None:
            title_year = fn_year
    # repeat the title line in the body for year counting purposes, also as a sentence (an
    # encyclopedia copy's summary: the title and a 。)
    title_text = lines[title_line].strip() if title_line >= 0 else None
    for i, line in enumerate(lines[:80]):
        if (written and written in line and ("报告" in line or "年报" in line) and len(line) <= 70
                and (not _CLAUSE_MARK_RE.search(line) or line.strip().rstrip("。") == title_text)):
            title_lines.add(i)

    # -- years ----------------------------------------------------------------
    data_year = _data_year(text)
    md.title_year = title_year
    md.data_year = data_year
    report_year = data_year or _body_year(lines, title_lines)
    counts: Counter | None = None  # the body's years, counted when first needed
    if report_year is None:
        counts = _year_counts(lines, title_lines)
        if title_year is not None:
            report_year = title_year
            if counts:
                mode, n = counts.most_common(1)[0]
                opening = _opening_year(lines, title_line, title_lines)
                t = counts.get(title_year, 0)
                if opening is not None and opening != title_year and counts.get(opening, 0) >= max(t, 1):
                    report_year = opening  # "2021年，我局……" opens a report titled 2022
                elif opening == title_year:
                    pass  # "2024年，我市……" opens a report titled 2024: other years are comparisons, plans
                elif t <= 1 and (figure := _FIGURE_YEAR_RE.search(text)) and int(figure.group(1)) != title_year:
                    report_year = int(figure.group(1))  # "2009年，我局共主动公开…" (or 共受理…申请) under a title of 2010
                elif mode != title_year and n >= 2 and n > t and (
                        mode < title_year or n - _plan_mentions(text, mode) > t):
                    report_year = mode  # the body speaks of another year than the title (a later
                    # year's plans, 2023年，我局将…, speak of no year reported on)
        elif counts:
            report_year = counts.most_common(1)[0][0]
    header_date = _header_date(lines)
    if report_year is not None and report_year == title_year and data_year is None:
        signed_late = sig_date and int(sig_date[:4]) > title_year + 1
        # posted or signed before the year its title reports on was over (a 2012 report posted on
        # 2012-04-01, one signed 二〇一七年一月十五日 under a title of 2017)
        posted_early = header_date and (int(header_date[:4]), int(header_date[5:7])) < (title_year, 12)
        signed_early = sig_date and (int(sig_date[:4]), int(sig_date[5:7])) < (title_year, 12)
        if signed_late or posted_early or signed_early:
            # how often the body itself names the title's year (counted only when a date disagrees)
            said = (counts if counts is not None else _year_counts(lines, title_lines)).get(title_year, 0)
            if signed_late and not said:
                # Nothing in the body confirms the title's year, and the report was signed when no
                # report on that year is written: the title or the date is wrong, and which one the
                # text does not say.
                md.problems.append(Problem("meta.title_year", "error",
                                           f"title names {title_year} but the report is signed {sig_date}"))
                report_year = None
            elif (posted_early or signed_early) and said <= _plan_mentions(text, title_year):
                # ... and the body names that year only in plans (2012年，我局将…): the title or
                # the date is wrong, and which one the text does not say.
                when = (f"the page was published {header_date}" if posted_early
                        else f"the report is signed {sig_date}")
                md.problems.append(Problem("meta.title_year", "error", f"title names {title_year} but {when}"))
                report_year = None
    md.report_year = report_year
    if title_year is not None and report_year is not None and title_year != report_year:
        md.problems.append(Problem("meta.title_year", "error",
                                   f"title names {title_year} but the report covers {report_year}"))

    # -- publish date ---------------------------------------------------------
    md.publish_date = header_date or sig_date

    # -- agency ---------------------------------------------------------------
    if written:
        md.agency_as_written = _as_written(written, text, original_text)
        # the file's own name (西安市人民政府办公室2008年….pdf) may spell out what the title shortens
        _resolve_agency(md, written, header_names + ([sig_name] if sig_name else []) + ([arg_name] if arg_name else [])
                        + ([fn_name] if fn_name and fn_name != written else []), text, report_year, idx)
    return md


_CLAUSE_MARK_RE = re.compile(r"[。，,；;]")
_OPENING_YEAR_RE = re.compile(_YEAR + r"年度?[，,]")
# the year opening the sentence after the preamble: 本报告根据《条例》要求编制。2019年，我委…
_AFTER_PREAMBLE_YEAR_RE = re.compile(r"^[^。\n]*?(?:编制|条例》?)[^。\n]{0,12}。\s*" + _YEAR + r"\s*年度?[，,](?![^。\n]{0,8}?(?:将|计划|拟))")
# a year named as the time of plans: 2023年，我局将…; 计划于2023年上半年…
_PLAN_YEAR_RE = re.compile(_YEAR + r"\s?年度?[，,]?\s?(?:[我本全][^，。\d]{0,6}?)?(?:将|计划|拟|预计|力争)"
                           r"|(?:计划|预计|力争|拟|将)[于在]?\s?" + _YEAR + r"\s?年")


def _plan_mentions(text: str, year: int) -> int:
    y = str(year)
    return sum(1 for m in _PLAN_YEAR_RE.finditer(text) if y in (m.group(1), m.group(2)))


def _opening_year(lines: list[str], title_line: int, title_lines: set[int]) -> int | None:
    """The year a report's first paragraph opens with (``2021年，我局……``). The title's repeats
    (an encyclopedia copy's ``中文名：…年度报告``) are no paragraph."""
    seen = 0
    for i in range(title_line + 1, min(len(lines), title_line + 12)):
        line = lines[i].strip()
        if not line or i in title_lines:
            continue
        m = _OPENING_YEAR_RE.match(line)
        if m:
            return int(m.group(1))
        m = _AFTER_PREAMBLE_YEAR_RE.search(line)
        if m:
            return int(m.group(1))
        seen += 1
        if seen >= 4:
            break
    return None


def _opening_name(lines: list[str], g: Gazetteer) -> str | None:
    """The agency named at the start of the first paragraph (``2017年,兖州执法局以……``)."""
    for line in lines[:5]:
        if not line.strip():
            continue
        m = _OPENING_RE.match(line)
        if m:
            name = m.group(2)
            parsed = _parse_name(name, g)
            if parsed.places or parsed.zone or parsed.town:
                if parsed.body == "" or _is_body(parsed.body, strict=False) or parsed.town:
                    return name
        return None
    return None


def _compatible(w: _Name, f: _Name, g: Gazetteer) -> bool:
    """Whether fuller name ``f`` names the same agency as ``w`` (and at least as precisely)."""
    if w.zone or f.zone:
        return False
    if w.is_town != f.is_town or (w.town and w.town != f.town):
        return False
    if len(f.places) < len(w.places):
        return False
    if w.places:
        lw = set(w.places[-1])
        if not any(lw & set(c) for c in f.places):
            return False
    bw, bf = w.body, f.body
    gw, gf = _gov_body(bw, None, "county"), _gov_body(bf, None, "county")
    if w.is_town:
        return True
    if gw is not None or gf is not None:
        return gw == gf
    return bw == bf or (bw[-1:] == bf[-1:] and _subsequence(bw, bf))


def _resolve_agency(md: Metadata, written: str, others: list[str], text: str, year: int | None,
                    idx: _Index) -> None:
    g = idx.g
    central = central_body(written)
    if central is not None:
        md.agency = central  # no division: no level, no places
        return
    w = _parse_name(written, g)
    ctx = _Context(text, idx, year)
    if w.zone:
        body, code = SPECIAL_ZONES[w.zone]
        county = g.get(code)
        md.agency = w.zone + (body if w.body in _ZONE_GOV else w.body)
        md.level = "county"
        _set_places(md, g, county)
        return
    best = w
    for other in others:
        if not other or other == written:
            continue
        f = _parse_name(other, g)
        if _compatible(best, f, g) and (len(f.places) > len(best.places) or len(f.body) > len(best.body)
                                        or (f.places and best.places and len(f.places[-1]) < len(best.places[-1]))):
            best = f
    # resolve the lowest place
    lowest: Place | None = None
    ambiguous = False
    if best.places:
        cands = best.places[-1]
        if len(best.places) == 1 or len(cands) > 1:
            lowest = _choose(cands, ctx)
            ambiguous = lowest is None
        else:
            lowest = cands[0]
    level = None
    county = prefecture = None
    if best.is_town:
        level = "township"
        if lowest is None and not ambiguous:
            lowest = _town_parent(best, ctx, g)
        if lowest is not None and lowest.level == "province" and lowest.code[:2] not in ("11", "12", "31", "50"):
            lowest = None
    elif lowest is not None:
        level = lowest.level
    elif ambiguous:
        levels = {c.level for c in best.places[-1]} if best.places else set()
        level = levels.pop() if len(levels) == 1 else None
    md.level = level
    if lowest is None:
        # The province may still be certain: all readings lie in it, or it is the only one named.
        provs = {g.province(c) for c in best.places[-1]} if best.places else set()
        named = ctx.provinces()
        if len(provs) > 1 and named:
            provs &= named
        if not provs and len(named) == 1:
            provs = named
        if len(provs) == 1:
            md.province = next(iter(provs)).name
        if ambiguous:
            md.problems.append(Problem("meta.place", "warn",
                                       f"{written}: place name in several provinces, context does not decide"))
        return
    lowest = g.current(lowest)
    _set_places(md, g, lowest)
    if best.is_town:
        md.township = best.town
        office = "办事处" if best.town.endswith("街道") else "人民政府"
        md.agency = _prefix(g, lowest) + best.town + office
        return
    if best.vertical:
        md.agency = best.text if best.vertical in _VERTICAL_AS_WRITTEN else best.vertical + _prefix(g, lowest) + best.body
        return
    gov = _gov_body(best.body, lowest, level)
    body = gov if gov is not None else _expand_body(best.body, lowest.name, text, year, level)
    md.agency = _prefix(g, lowest) + body


def _prefix(g: Gazetteer, p: Place) -> str:
    """Places written before the body: prefecture (or 直辖市) and county, never a province above them."""
    if p.level == "province":
        return p.name
    if p.level == "prefecture":
        return p.name
    pref = g.prefecture(p)
    return (pref.name if pref is not None and pref.name != p.name else "") + p.name


def _set_places(md: Metadata, g: Gazetteer, p: Place) -> None:
    prov, pref, county = g.chain(p)
    md.province = prov.name
    md.city = pref.name if pref is not None else None
    md.county = county.name if county is not None else None


# Town stems that are words of any town plan (south gate, west district, the old walled town):
# 南关街道 and 城关镇 are found in hundreds of counties, rarely in 长春's 南关区 or 拉萨's 城关区.
_GENERIC_TOWN_STEM = re.compile(r"(?:[东南西北中]|城)[关城区郊厢街门]|[新老旧]城")


def _town_parent(w: _Name, ctx: _Context, g: Gazetteer) -> Place | None:
    """County (or county-less prefecture) of a township named without its parents."""
    counties: Counter[Place] = Counter()
    prefs: Counter[Place] = Counter()
    own = None  # mentions of the town's own name, counted when first needed
    for name, n in ctx.counts.items():
        places = g.by_name.get(name)
        if not places:
            continue
        if name in w.town and _GENERIC_TOWN_STEM.fullmatch(name):
            # a generic word in the town's own name is no mention of a place (西区街道 names no
            # 西区); a proper county name is (沁县镇 is the seat of 沁县)
            if own is None:
                own = ctx.text.count(w.town)
            n -= own
            if n <= 0:
                continue
        if places[0].level == "county":
            p = _choose(places, ctx)
            if p is not None:
                counties[p] += n
        elif places[0].level == "prefecture":
            p = _choose(places, ctx)
            if p is not None:
                prefs[p] += n
    if counties:
        ranked = counties.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            return ranked[0][0]
        return None
    if w.hint:  # the town's name contains the county's (曹县镇): its province suffices
        supported = [c for c in w.hint if ctx.support(c) > 0]
        if len(supported) == 1:
            return supported[0]
    else:
        # a county seat is often named like its county (新宁县新宁镇, 宝坻区宝坻街道), but not
        # always (东辽县龙山镇, beside 龙山区 of the same city): only the county's own
        # prefecture, mentioned in the text, makes the reading safe
        stem = w.town[:-2] if w.town.endswith("街道") else w.town[:-1]
        if not _GENERIC_TOWN_STEM.fullmatch(stem):
            supported = [c for c in g.lookup(stem) if c.level == "county" and ctx.near_support(c) > 0]
            if len(supported) == 1:
                return supported[0]
    if len(prefs) == 1:
        pref = next(iter(prefs))
        if not g.has_counties(pref):
            return pref
    return None


def _as_written(name: str, text: str, original: str | None) -> str:
    """``name`` in the document's own script: the span of the original text it was normalized from."""
    if not original or name in original:
        return name
    from gongkai.normalize import normalize_text

    pos = text.find(name)
    if pos < 0:
        return name
    line_no = text.count("\n", 0, pos)
    col = pos - (text.rfind("\n", 0, pos) + 1)
    olines = original.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    if line_no >= len(olines):
        return name
    oline = olines[line_no]
    n = len(name)
    for start in [col] + [c for c in range(max(0, col - 6), min(len(oline), col + 7)) if c != col]:
        for length in (n, n - 1, n + 1, n - 2, n + 2):
            if length <= 0 or start + length > len(oline):
                continue
            piece = oline[start:start + length]
            conv, _ = normalize_text(piece)
            if conv == name:
                return piece
            if len(piece) >= 1:
                from gongkai.normalize import to_simplified

                if to_simplified(piece) == name:
                    return piece
    return name


# A portal's 年报 column also carries letters and notices about the disclosure work (关于2014年政府
# 信息公开工作要点落实情况的函): documents of another kind, whose figures are no annual report's.
_OTHER_DOCUMENT_RE = re.compile(r"^关于.{2,60}的(?:函|复函|通知|请示|批复|意见|决定|方案)$")
_REPORT_WORDS_RE = re.compile(r"报告|年报")
_HEADER_FIELD_RE = re.compile(r"[\u4e00-\u9fff]{2,6}\s*[:：]")  # 栏目: 政府信息公开年报
# The yearly report on building rule-of-law government, filed in the same column: a report, but
# not on disclosure (河北省工业和信息化厅2023年度法治政府建设情况报告)
_OTHER_REPORT_RE = re.compile(r"(?:法治政府建设|法治建设|依法行政)[^，。,；;]{0,16}?(?:报告|总结|情况$)")


def other_document_title(text: str, title: str | None) -> str | None:
    """The title of a document that says it is not an annual disclosure report (a 函, 通知, 请示…,
    a report on rule-of-law government), or None.

    Only the title the page gives (its ``标题:`` header or the document's own title) counts, and
    only when no short line of the text is a report title: a covering notice that prints the
    report under its own title is still the report.
    """
    stated = title.strip() if title else None
    lines = text.split("\n", 80)[:80]
    for line in lines:
        if _TITLE_PREFIX_RE.match(line):
            stated = _TITLE_PREFIX_RE.sub("", line).strip()
            break
    if not stated:
        first = next((x.strip() for x in lines if x.strip()), "")
        if len(first) > 70 or _SENTENCE_RE.search(first) or _OTHER_REPORT_RE.search(first) is None:
            return None
        stated = first  # a text file's first line is its title
    stated = _TITLE_SITE_SPLIT.split(stated)[0]
    if "公开" not in stated and _OTHER_REPORT_RE.search(stated):
        # unless a disclosure report's own title stands in the text (a combined document)
        if any(len(s) <= 70 and _split_title(s)[1] is not None for s in (x.strip() for x in lines)):
            return None
        return stated
    if _REPORT_WORDS_RE.search(stated) or not _OTHER_DOCUMENT_RE.match(stated):
        return None
    if any(len(s) <= 70 and _REPORT_WORDS_RE.search(s) and not _HEADER_FIELD_RE.match(s)
           for s in (x.strip() for x in lines)):
        return None
    return stated
