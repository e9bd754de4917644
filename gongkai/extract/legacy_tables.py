"""Reader for the legacy (2008–2018) statistics tables.

Two table families are read:

* the national 《政府信息公开工作情况统计表》 (label | 单位 | 统计数), including the Shandong
  extension (举报投诉 sub-rows, 向图书馆、档案馆等查阅场所报送信息数) → ``leg.*`` codes;
* the Fujian two-column table (指标名称 | 计量单位 | YYYY年度 | 历年累计) → ``leg_fj.*.year`` /
  ``leg_fj.*.cumulative``, including the archived copies flattened without any separator.

Rows are recognised by their label text after the numbering (section numbers differ by year and
province), so the label catalogue lives in ``data/legacy_labels.csv``. A line is a row only when
the whole line is a known label plus unit/value fields, so prose never yields a cell. Labels that
occur in several sections (（二）被依法纠错数, （三）其他情形数 …) are assigned by aligning the rows
with the canonical row order; when a lost page leaves more than one consistent assignment the
value goes to ``uncertain``. Blank, ``/``, ``—``, ``-`` cells state nothing and are left out.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..model import Problem, TableResult, Uncertain, Value
from .gb_tables import PageNumbers, spacing

# ---------------------------------------------------------------------------
# Label keys
# ---------------------------------------------------------------------------
_WS = re.compile(r"\s+")
_NUM_PREFIX = re.compile(
    r"^(?:其中[:：]?|[一二三四五六七八九十]{1,3}[、.．,，]|[(（][一二三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}(?:[.、．,，)）](?!\d)))+"
)
_PAREN = re.compile(r"[(（][^()（）]*[)）]")
_PUNCT = re.compile(r"[、，,：:；;“”\"《》〈〉·.．。_]")
# Drift left by OpenCC (tw2sp) on Taiwan-usage copies, folded on both sides of the match.
_DRIFT = (("文档", "文件"), ("文件馆", "档案馆"), ("门户网站", "网站"), ("网路", "网络"), ("资讯", "信息"))


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """The comparable core of a row label: no spaces, numbering, notes in brackets or punctuation."""
    s = _WS.sub("", text)
    s = _NUM_PREFIX.sub("", s)
    if "(" in s or "（" in s:
        s = _PAREN.sub("", s)
    s = _PUNCT.sub("", s)
    for a, b in _DRIFT:
        if a in s:
            s = s.replace(a, b)
    return s


@dataclass(frozen=True)
class _Row:
    order: int
    code: str  # cell code, or "§name" for a structural row without a value
    unit: str
    always: bool  # printed in every national variant (2008–2018, with or without extension)


@dataclass(frozen=True)
class _FjRow:
    order: int
    code: str
    label: str
    unit: str
    group: str
    role: str


@dataclass
class _Catalogue:
    keys: dict  # label key -> tuple of _Row (several rows = an ambiguous label)
    by_code: dict
    orders: list  # sorted canonical order values of `always` coded rows
    fj_rows: list
    fj_re: re.Pattern
    prefixes: set


@lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    with resources.files("gongkai.data").joinpath("legacy_labels.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    keys: dict = {}
    by_code: dict = {}
    fj: list = []
    for r in rows:
        if r["table"] == "leg":
            row = _Row(int(r["order"]), r["code"], r["unit"], r["always"] == "1")
            by_code.setdefault(row.code, row)
            k = label_key(r["label"])
            cur = keys.setdefault(k, ())
            if row not in cur:
                keys[k] = cur + (row,)
        else:
            fj.append(_FjRow(int(r["order"]), r["code"], r["label"], r["unit"], r["group"], r["role"]))
    orders = sorted({row.order for row in by_code.values() if row.always})
    prefixes = {k[:i] for k in keys for i in range(1, len(k) + 1)}
    alts = sorted({r.label for r in fj}, key=len, reverse=True)
    fj_re = re.compile("|".join(re.escape(a).replace("、", "[、，,/]?") for a in alts))
    return _Catalogue(keys, by_code, orders, fj, fj_re, prefixes)


# ---------------------------------------------------------------------------
# Line parsing (national table)
# ---------------------------------------------------------------------------
_UNITS = ("万元", "人次", "条", "件", "次", "篇", "个", "人", "元", "项")
_UNIT_SET = frozenset(_UNITS)
_NUM = r"-?\d+(?:\.\d+)?"
_NUM_RE = re.compile(rf"^{_NUM}$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_BLANKS = frozenset({"", "/", "／", "—", "——", "-", "--", "－", "–", "无", "不适用", "\\"})
_BLANK_ALT = r"—+|－+|-+|–|/|／|无|不适用"
_SPACE_ROW = re.compile(
    rf"^(?P<label>.*?)\s*(?P<unit>万元|人次|条|件|次|篇|个|人|元)?\s*"
    rf"(?P<val>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|{_NUM}|{_BLANK_ALT})?\s*$"
)
_BLANK_FULL = re.compile(rf"^(?:{_BLANK_ALT})$")
_PROSE_END = frozenset("。；;！？!?，,")
_ROW_END = frozenset("0123456789万元人次条件篇个—－-–/／无用")
_VALUE_WITH_UNIT = re.compile(rf"^({_NUM})\s*(万元|人次|条|件|次|篇|个|人|元)$")
_MD_SEP = re.compile(r"^\|?\s*:?-{2,}")
_PAGE_MARK = re.compile(
    r"^\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
_CONT_START = re.compile(r"^\s*(?:[\d.|\t]|万元|人次|条|件|次|篇|个|人|元|—|－|/|-)")
_HEADER_RE = re.compile(r"^(?:统计指标|指标名称|指标|项目|统计项目)$")
_HEADER_COLS = frozenset({"单位", "计量单位", "统计数", "数量", "统计数量", "数值"})
_ANY = re.compile(r"申请答复数|收到申请数|主动公开政府信息数|行政复议数量|依申请公开信息收取的费用|历年累计")
_MAX_ROW_LEN = 240
_VALUE_START = frozenset("0123456789-—－–/／无不\\万人条件次篇个元项")
# Labels every national table prints (any era); the rows between the first and the last of them,
# plus a margin for the rows before and after, are the table region.
_ANCHOR = re.compile(r"主动公开政府信息数|收到申请数|申请答复数|不同意公开答复数|行政复议数量|行政诉讼数量"
                     r"|依申请公开信息收取的费用|专职人员数|兼职人员数|接受培训人员数")
# the same anchors with spaces between their characters (labels spaced out to fill their cells,
# 收 到 申 请 数): used only in a text that spaces out such words
def _spaced_out(rx: re.Pattern[str]) -> re.Pattern[str]:
    """An alternation of plain words, matching them with spaces between their characters too."""
    return re.compile("|".join(" *".join(map(re.escape, alt)) for alt in rx.pattern.split("|")))


_ANCHOR_SPACED = _spaced_out(_ANCHOR)
_ANY_SPACED = _spaced_out(_ANY)


def _spaced_words(text: str) -> bool:
    return "申 请" in text or "公 开" in text


_MARGIN = 40
_TORN_THOUSANDS = re.compile(r"\d[,.]$")
_MARK_FIRST = frozenset("-—–－第")


@dataclass(slots=True)
class _Parsed:
    kind: str  # row | unit | value | header | other
    rows: tuple = ()  # candidate _Row entries of the label
    label: str = ""
    unit: str | None = None
    values: list = field(default_factory=list)  # raw value texts (non-blank)
    blanks: int = 0  # blank value fields seen
    has_fields: bool = False  # the label came with unit/value fields on the same line


def _classify_token(tok: str) -> tuple[str, str]:
    t = tok.strip()
    if t.isdecimal():  # the common case; same as _NUM_RE on digits only
        return "value", t
    if t in _UNIT_SET:
        return "unit", t
    if " " in t and t.replace(" ", "") in _UNIT_SET:
        return "unit", t.replace(" ", "")  # 万 元, spaced out to fill its cell
    if t in _BLANKS:
        return "blank", t
    if _NUM_RE.match(t):
        return "value", t
    if "," in t and _THOUSANDS.match(t):
        return "value", t
    m = _VALUE_WITH_UNIT.match(t)
    if m:
        return "value_unit", t
    return "text", t


# Parsing is a pure function of the line text, and table lines repeat across reports (labels,
# zero rows, headers): a bounded memo. _Parsed objects are never mutated after parsing.
_LINE_MEMO: dict = {}
_MEMO_MAX = 50000


def _parse_line(line: str) -> _Parsed:
    p = _LINE_MEMO.get(line)
    if p is None:
        if len(_LINE_MEMO) >= _MEMO_MAX:
            _LINE_MEMO.clear()
        p = _LINE_MEMO[line] = _parse_line_uncached(line)
    return p


def _parse_line_uncached(line: str) -> _Parsed:
    cat = _catalogue()
    s = line.strip()
    if not s:
        return _Parsed("blank")
    if len(s) > _MAX_ROW_LEN:
        return _Parsed("other")
    if "\t" in s or "|" in s:
        if "|" in s and "\t" not in s:
            if _MD_SEP.match(s):
                return _Parsed("other")
            body = s[1:] if s.startswith("|") else s
            if body.endswith("|"):
                body = body[:-1]
            fields = body.split("|")
        else:
            fields = s.split("\t")
        fields = [f.strip() for f in fields]
        label_idx, rows, label = -1, (), ""
        header = False
        for i, f in enumerate(fields):
            if not f or (f[0] in _VALUE_START and _classify_token(f)[0] != "text"):
                continue
            k = label_key(f)
            hit = cat.keys.get(k)
            if hit:
                label_idx, rows, label = i, hit, f
            elif label_idx < 0 and (_HEADER_RE.match(k) or k in _HEADER_COLS):
                header = True
        if header and label_idx < 0 and any(label_key(x) in _HEADER_COLS for x in fields if x):
            return _Parsed("header")
        if label_idx < 0:
            if len([f for f in fields if f]) == 1:
                return _parse_single(fields[[i for i, f in enumerate(fields) if f][0]], cat)
            return _Parsed("other")
        p = _Parsed("row", rows=rows, label=label, has_fields=True)
        for f in fields[label_idx + 1:]:
            kind, t = _classify_token(f)
            if kind == "unit":
                if p.unit is None and not p.values:
                    p.unit = t
                else:
                    p.values.append(t)  # a unit where a value should be: unreadable
            elif kind == "blank":
                p.blanks += 1
            elif kind in ("value", "value_unit"):
                p.values.append(t)
            elif t == label or label_key(t) == label_key(label):
                continue  # merged cell text repeated by the exporter
            else:
                p.values.append(t)
        return p
    return _parse_single(s, cat)


def _parse_single(s: str, cat: _Catalogue) -> _Parsed:
    last = s[-1]
    if last in _PROSE_END:
        return _Parsed("other")
    if len(s) <= 16:
        kind, t = _classify_token(s)
        if kind == "unit":
            return _Parsed("unit", unit=t)
        if kind in ("value", "value_unit"):
            return _Parsed("value", values=[t])
        if kind == "blank":
            return _Parsed("value", blanks=1)
    k = label_key(s)
    hit = cat.keys.get(k)
    if hit:
        return _Parsed("row", rows=hit, label=s)
    if last in _ROW_END:
        m = _SPACE_ROW.match(s)
        if m and (m.group("unit") or m.group("val")):
            hit = cat.keys.get(label_key(m.group("label")))
            if hit:
                p = _Parsed("row", rows=hit, label=m.group("label"), unit=m.group("unit"), has_fields=True)
                v = m.group("val")
                if v is not None:
                    if v in _BLANKS or _BLANK_FULL.match(v):
                        p.blanks = 1
                    else:
                        p.values.append(v)
                return p
    if len(k) <= 30 and (_HEADER_RE.match(k) or k in _HEADER_COLS
                         or (k.startswith(("统计指标", "指标名称", "指标")) and "单位" in k)):
        return _Parsed("header")
    return _Parsed("other")


_CONT_MEMO: dict = {}


def _may_continue(text: str, cat: _Catalogue) -> bool:
    """A short line whose label key starts like a known label (a wrapped or torn label)."""
    r = _CONT_MEMO.get(text)
    if r is None:
        if len(_CONT_MEMO) >= _MEMO_MAX:
            _CONT_MEMO.clear()
        r = _CONT_MEMO[text] = _may_continue_uncached(text, cat)
    return r


def _may_continue_uncached(text: str, cat: _Catalogue) -> bool:
    if len(text) > 100:
        return False
    k = label_key(text)
    for br in ("（", "("):
        if br in k:
            k = k[:k.index(br)]
    if not k:
        return len(text.strip()) <= 8  # only numbering or an opening bracket: "（三", "其中："
    if k[-1] in "万人" and k[:-1] in cat.keys:
        return True  # the unit torn: "…经费 万" + "元1.29", "…人数 人" + "次30"
    return k in cat.prefixes


# ---------------------------------------------------------------------------
# Page breaks and wrapped labels
# ---------------------------------------------------------------------------
# a row label's note alone on the next line (（一）主动公开政府信息数 / （不同渠道和方式公开相同信息计1条)),
# the brackets not always a pair; not a bare numbering such as （二）
_NOTE_LINE = re.compile(r"^\s*[（(][^()（）]{4,60}[)）]\s*$")
def _blank_beside(lines: list[str], i: int, step: int, width: int) -> bool:
    """Whether the ``width`` lines before (step -1) or after (step 1) line i are blank or absent."""
    for d in range(1, width + 1):
        j = i + d * step
        if 0 <= j < len(lines) and lines[j].strip():
            return False
    return True


def _prepare(lines: list[str], first: int, pages: PageNumbers,
             spaced: int = 0) -> list[tuple[int, str, _Parsed]]:
    """Drop page markers, rejoin rows torn by a page break or wrapped labels; parse every line.

    ``lines`` is a slice of the text starting at line index ``first``. Returns (1-based line
    number, text, parsed) for the lines kept. ``pages`` tells whether a number alone between
    blank lines is a page number. ``spaced``: how many blank lines are only spacing in this text
    (:func:`spacing`); a run of blank lines that long between two lines is dropped.
    """
    cat = _catalogue()
    n = len(lines)
    keep: list[tuple[int, str]] = []
    blank: list[bool] = []  # keep[j] is an empty or whitespace-only line
    run_start = run_end = 0  # in a spaced text: the run of blank lines being read, [start, end)
    for i, line in enumerate(lines):
        c = line[:1]
        if c.isspace():
            c = line.lstrip()[:1]
        if c:
            # page markers and bare numbers start with a dash, 第 or a digit
            if c in _MARK_FIRST or c.isdecimal():
                st = line.strip()
                if len(st) <= 3 and st.isdecimal():  # _BARE_NUM: a page number when alone
                    # unless pages are numbered another way, or no page of the text has that
                    # number (0, 50 in a short text): a torn value
                    if pages.could_be(st):
                        if (_blank_beside(lines, i, -1, spaced + 1)
                                and _blank_beside(lines, i, 1, spaced + 1)):
                            continue
                elif _PAGE_MARK.match(line):
                    continue
        elif spaced:
            if i >= run_end:  # the first blank line of a run
                run_start = run_end = i
                while run_end < n and not lines[run_end].strip():
                    run_end += 1
            if run_start > 0 and run_end < n and run_end - run_start <= spaced:
                continue  # the spacing of a spaced text
        keep.append((first + i + 1, line))
        blank.append(not c)
    out: list[tuple[int, str, _Parsed]] = []
    append = out.append
    memo = _LINE_MEMO
    cont = _CONT_MEMO
    j = 0
    m = len(keep)
    while j < m:
        no, text = keep[j]
        p = memo.get(text)
        if p is None:
            p = _parse_line(text)
        kind = p.kind
        if (kind == "row" and not p.values and j + 1 < m and not blank[j + 1]
                and _NOTE_LINE.match(keep[j + 1][1])):
            # the label's note on a line of its own: part of the label
            joined = text.rstrip() + keep[j + 1][1].strip()
            jp = _parse_line(joined)
            if jp.kind == "row" and jp.rows == p.rows and not jp.values:
                keep[j + 1] = (no, joined)
                j += 1
                continue
        if kind == "blank" or kind == "header" or j + 1 >= m:
            append((no, text, p))
            j += 1
            continue
        if not blank[j + 1]:
            # no gap: only a wrapped label (an "other" line that starts like one) continues
            if kind != "other" or not (cont.get(text) or _may_continue(text, cat)):
                append((no, text, p))
                j += 1
                continue
            k = j + 1
            gap = False
        else:
            k = j + 2
            while k < m and blank[k]:
                k += 1
            gap = True
            if k >= m or not (kind == "row" or (kind == "other" and _may_continue(text, cat))
                              or _TORN_THOUSANDS.search(text)):
                append((no, text, p))
                j += 1
                continue
        nxt_text = keep[k][1]
        # across a gap the continuation keeps a leading TAB (a field) but not its indentation
        joined = text.rstrip("\n") + nxt_text.lstrip() if not gap else text + nxt_text.lstrip(" ")
        jp = _parse_line(joined)
        if jp.kind == "row" and len(jp.values) <= 1:
            q = _parse_line(nxt_text)
            if kind != "row":
                ok = not (q.kind == "row" and not gap)
            elif not p.has_fields and q.kind == "other":
                ok = True  # the label's note or unit/value on the next page
            else:
                # a torn value or unit: the continuation starts like one
                ok = q.kind not in ("row", "header") and _CONT_START.match(nxt_text) is not None
            if ok:
                append((no, joined, jp))
                j = k + 1
                continue
        elif kind == "other" and not gap and k + 1 < m:
            # label wrapped over three lines
            joined3 = joined + keep[k + 1][1].strip()
            jp3 = _parse_line(joined3)
            if jp3.kind == "row" and _parse_line(nxt_text).kind == "other":
                append((no, joined3, jp3))
                j = k + 2
                continue
        append((no, text, p))
        j += 1
    return out


# ---------------------------------------------------------------------------
# National table
# ---------------------------------------------------------------------------
@dataclass(slots=True)
class _Obs:
    line: int
    rows: tuple  # candidate _Row
    label: str
    unit: str | None
    values: list
    blanks: int
    unread: str = ""  # why the value is left unread although one was found


# a line that starts with a unit field (条 / 次1 / TAB 条 TAB /)
_UNIT_FIRST = re.compile(r"\s*(" + "|".join(sorted(map(re.escape, _UNIT_SET), key=len, reverse=True))
                         + r")(?![\u4e00-\u9fff])")


def _numbering_follows(prepared, i: int) -> bool:
    """Whether the next line that is not blank starts like the rest of a row label whose number
    is the bare number at ``i`` (``4`` / ``.微博微信…``: a page break cut the numbering)."""
    for _, text, p in prepared[i + 1:]:
        if p.kind != "blank":
            return text.lstrip()[:1] in (".", "、", "．")
    return False


def _collect_rows(prepared) -> list[list[_Obs]]:
    """Group observed rows into tables (clusters of rows with few foreign lines between them)."""
    tables: list[list[_Obs]] = []
    cur: list[_Obs] = []
    open_obs: _Obs | None = None
    open_lines = 0  # lines since the open (fieldless) label
    foreign = 0
    stated: _Obs | None = None  # the row just before, with its value on its own line
    took: _Obs | None = None  # the label whose value was the line just before
    for i, (no, _text, p) in enumerate(prepared):
        if took is not None and p.kind != "blank":
            if p.kind == "other" and took.unit is None and _NOTE_LINE.match(_text):
                continue  # label / number / the label's note / unit: still a number before the unit
            u = _UNIT_FIRST.match(_text) if took.unit is None and p.kind != "row" else None
            if u is not None:
                first = u.group(1)
                # label / number / unit (and value): the unit column comes before the value in every
                # template, so the number is something else (a page number between blank lines)
                took.unread = f"a number ({' '.join(took.values)}) before the unit {first}"
                took = None
                if p.kind == "unit":
                    continue
            took = None
        if p.kind == "row":
            obs = _Obs(no, p.rows, p.label, p.unit, list(p.values), p.blanks)
            cur.append(obs)
            open_obs = None if p.has_fields else obs
            stated = obs if p.has_fields and p.values else None
            open_lines = 0
            foreign = 0
            continue
        if stated is not None and p.kind == "value" and p.values and not _numbering_follows(prepared, i):
            # "…人 3" then a line "2": the rest of a number wrapped onto the next line (32), or
            # another number; the row gets both values, so it is left unread
            stated.values.extend(p.values)
            stated = None
            continue
        stated = None
        if p.kind == "blank":
            continue
        if p.kind in ("unit", "value") and open_obs is not None and open_lines < 2:
            open_lines += 1
            if p.kind == "unit":
                if open_obs.unit is None and not open_obs.values:
                    open_obs.unit = p.unit
                    continue
            else:
                if not open_obs.values and not open_obs.blanks:
                    open_obs.values.extend(p.values)
                    open_obs.blanks += p.blanks
                    if p.values or p.blanks:
                        took = open_obs if p.values else None
                        open_obs = None
                    continue
        open_obs = None
        if p.kind == "header":
            continue
        foreign += 1
        if foreign > 3 and cur:
            tables.append(cur)
            cur = []
    if cur:
        tables.append(cur)
    return [t for t in tables if len(t) >= 3]


def _assign(obs: list[_Obs]) -> list[tuple[_Obs, _Row | None, tuple]]:
    """Give each observed row its code: unique labels directly, ambiguous ones by alignment.

    An ambiguous run between two anchors (rows with a unique label) takes the codes of every
    strictly increasing assignment in canonical order; a row is decided when all assignments agree.
    """
    out: list = [None] * len(obs)
    i = 0
    n = len(obs)
    while i < n:
        if len(obs[i].rows) == 1:
            out[i] = (obs[i], obs[i].rows[0], ())
            i += 1
            continue
        j = i
        while j < n and len(obs[j].rows) > 1:
            j += 1
        lo = obs[i - 1].rows[0].order if i > 0 else -1
        hi = obs[j].rows[0].order if j < n else 10**9
        if hi <= lo:
            hi = 10**9
        run = obs[i:j]
        choices: list[set] = [set() for _ in run]
        count = 0

        def walk(pos: int, last: int, picked: list) -> None:
            nonlocal count
            if count > 5000:
                return
            if pos == len(run):
                count += 1
                for q, r in enumerate(picked):
                    choices[q].add(r)
                return
            for r in run[pos].rows:
                if last < r.order < hi:
                    picked.append(r)
                    walk(pos + 1, r.order, picked)
                    picked.pop()

        walk(0, lo, [])
        for q, o in enumerate(run):
            if count and count <= 5000 and len(choices[q]) == 1:
                out[i + q] = (o, next(iter(choices[q])), ())
            else:
                cands = tuple(sorted({r.code for r in (choices[q] or o.rows)}))
                out[i + q] = (o, None, cands)
        i = j
    return out


def _read_value(text: str, unit: str) -> float | None:
    if text.isdecimal():
        return float(text)
    if "," in text and _THOUSANDS.match(text):
        text = text.replace(",", "")
    m = _VALUE_WITH_UNIT.match(text)
    if m:
        if m.group(2) != unit:
            return None
        text = m.group(1)
    if not _NUM_RE.match(text):
        return None
    return float(text)


def _national(text: str, result: TableResult) -> None:
    # Only the stretch of lines around the rows that name the table's key labels is parsed.
    rx = _ANCHOR_SPACED if _spaced_words(text) else _ANCHOR
    spans = [m.start() for m in rx.finditer(text)]
    if len(spans) < 2:
        return
    lo = text.count("\n", 0, spans[0])
    hi = lo + text.count("\n", spans[0], spans[-1])
    lines = text.split("\n")
    first = max(0, lo - _MARGIN)
    prepared = _prepare(lines[first:hi + _MARGIN + 1], first, PageNumbers(text), spacing(lines))
    tables = _collect_rows(prepared)
    if not tables:
        return
    for obs in tables:
        coded = 0
        for o, row, cands in _assign(obs):
            if row is None:
                if o.values:
                    key = "|".join(cands)
                    result.uncertain.setdefault(key, Uncertain(
                        key, o.values[0], f"line {o.line}",
                        f"label {o.label!r} fits several sections here (rows missing around it)"))
                    result.problems.append(Problem(
                        "legacy.alignment", "warn",
                        f"line {o.line}: cannot tell which section {o.label!r} belongs to ({', '.join(cands)})"))
                continue
            if row.code.startswith("§"):
                continue
            coded += 1
            if not o.values:
                continue
            where = f"line {o.line}"
            if o.unread:
                result.uncertain.setdefault(row.code, Uncertain(row.code, " ".join(o.values), where, o.unread))
                continue
            if len(o.values) > 1:
                result.uncertain.setdefault(row.code, Uncertain(
                    row.code, " ".join(o.values), where, "several values in a one-value row"))
                continue
            raw = o.values[0]
            val = _read_value(raw, row.unit)
            if val is None:
                result.uncertain.setdefault(row.code, Uncertain(row.code, raw, where, "not a plain number"))
                continue
            if o.unit and row.unit and o.unit != row.unit:
                result.problems.append(Problem(
                    "legacy.unit", "warn", f"{row.code}: unit {o.unit} printed, {row.unit} expected ({where})"))
                if row.unit == "万元" or o.unit in ("元", "万元"):
                    result.uncertain.setdefault(row.code, Uncertain(row.code, raw + o.unit, where, "unexpected unit"))
                    continue
            prev = result.cells.get(row.code)
            if prev is not None:
                if prev.value != val:
                    del result.cells[row.code]
                    result.uncertain[row.code] = Uncertain(
                        row.code, f"{prev.raw} / {raw}", f"{prev.where}; {where}", "printed twice, different values")
                continue
            if row.code in result.uncertain:
                continue
            result.cells[row.code] = Value(row.code, val, raw, "table", where)
        if coded:
            result.table_templates["leg"] = "legacy"


# ---------------------------------------------------------------------------
# Fujian two-column table
# ---------------------------------------------------------------------------
_FJ_HEADER = re.compile(
    r"指标名称[\s|]*计量[\s|]*单位[\s|]*(?:(?P<year>\d{4})\s*年度?|本年度?)[\s|]*历年累计"
)
_FJ_UNIT = re.compile(r"^[\s|]*(万元|条|件|元|个|人次|人|次)?")
_FJ_FOLD = re.compile(r"[、，,/]")
_FJ_QIZHONG_NUM = re.compile(r"其中[:：]?\s*(\d{1,2})$")
_FJ_CLEAN = re.compile(r"^[\s|]*(?:万元|条|件|元|个|人次|人|次)?[\d.\s|/—\-－]*(?:其中[:：]?)?\s*(?:\d{1,2}\s*[.、．])?\s*$")
_FJ_TAIL_QIZHONG = re.compile(r"其中[:：]?\s*$")
_FJ_BODY_PREFIX = re.compile(r"[\d.\s|\t/—\-－]*")
_FJ_PIECE = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")
_PROSE_DISCLOSED = re.compile(r"主动公开(?:了)?(?:政府)?(?:信息|文件)(?:共)?(\d+)条")


@dataclass
class _FjObs:
    row: _FjRow
    line: int
    raw: str
    cands: list  # [(year_text|None, cum_text|None)]
    note: str = ""


def _split_run(run: str) -> list[tuple[str, str]]:
    out = []
    for k in range(1, len(run)):
        a, b = run[:k], run[k:]
        if _FJ_PIECE.match(a) and _FJ_PIECE.match(b) and float(b) >= float(a):
            out.append((a, b))
    return out


def _cut_numbering(s: str, counter: int) -> str | None:
    """``s`` without the next row's number (counter + 1) it ends with, or None if it does not."""
    want = str(counter + 1)
    return s[:len(s) - len(want)] if s.endswith(want) else None


def _numbering_problem(result: TableResult, line: int, label: str) -> None:
    result.problems.append(Problem("legacy.fj_numbering", "warn", f"line {line}: cannot separate the digits of "
                                   f"{label!r} from the numbering of the next row"))


def _fujian(text: str, result: TableResult) -> None:
    m = _FJ_HEADER.search(text)
    if not m:
        return
    cat = _catalogue()
    label_of = {}
    for r in cat.fj_rows:
        label_of.setdefault(_FJ_FOLD.sub("", r.label), r)
    hits = []
    for h in cat.fj_re.finditer(text, m.end()):
        hits.append(h)
        if len(hits) > 60:
            break
    line_of = _line_counter(text)
    counter = 0
    segs: list = []  # (row, hit, body or None)
    for idx, h in enumerate(hits):
        row = label_of.get(_FJ_FOLD.sub("", h.group(0)))
        if row is None:
            break
        seg_end = hits[idx + 1].start() if idx + 1 < len(hits) else len(text)
        seg = text[h.end():seg_end]
        clean = idx + 1 < len(hits) and _FJ_CLEAN.match(seg)
        if not clean:
            # the last row: its digits, up to the first other character
            um = _FJ_UNIT.match(seg)
            body = _FJ_BODY_PREFIX.match(seg, um.end()).group(0)
            b = body.rstrip()
            if b[-1:] in (".", "．") or (b == body and seg[um.end() + len(b):][:1] == "、"):
                # the digits run into the numbering of a row whose label was not found (torn by
                # a line end: "条012、同意\n部分公开…"): the number the row would have is cut off
                body = _cut_numbering(b.rstrip(".．").rstrip(), counter)
                if not body:  # no numbering to cut, or nothing left of the row's digits
                    _numbering_problem(result, line_of(h.start()), row.label)
                    body = None
            segs.append((row, h, body))
            break
        s = seg.rstrip()
        if s and s[-1] in ".、．":
            s = s[:-1].rstrip()
            q = _FJ_QIZHONG_NUM.search(s)
            if q:
                counter = int(q.group(1))
                s = s[:q.start()]
            else:
                cut = _cut_numbering(s, counter)
                if cut is None:
                    _numbering_problem(result, line_of(h.start()), row.label)
                    segs.append((row, h, None))
                    continue
                s = cut
                counter += 1
        else:
            q = _FJ_TAIL_QIZHONG.search(s)
            if q:
                s = s[:q.start()]
            counter = 0
        um = _FJ_UNIT.match(s)
        segs.append((row, h, s[um.end():]))
    if not segs:
        return
    spaced = any(b and re.search(r"\d[ \t|]+\d", b.strip()) for _, _, b in segs)
    grid = _fj_grid_columns(text, m)
    obs: list[_FjObs] = []
    for row, h, body in segs:
        line = line_of(h.start())
        if body is None:
            obs.append(_FjObs(row, line, "", [], "numbering"))
            continue
        b = body.strip(" \n")
        if grid is not None and grid[0] in b:
            # a grid row (HTML, DOCX or Markdown table): the header's columns say which field is
            # which, so an empty cell keeps its place (0 | empty is no empty | 0)
            ls = text.rfind("\n", 0, h.start()) + 1
            le = text.find("\n", h.start())
            sep, width, iy, ic = grid
            fields = text[ls:le if le >= 0 else len(text)].split(sep)
            if len(fields) == width:
                obs.append(_fj_pair(row, line, b, fields[iy].strip(), fields[ic].strip()))
                continue
        if "\t" in b or "|" in b:
            fields = [f.strip() for f in re.split(r"[\t|]", b)]
            if fields and not fields[0] and b[0] in "\t|":
                fields = fields[1:]  # the separator before the first value
            if len(fields) > 2 and not fields[-1] and b[-1] == "|":
                fields = fields[:-1]  # a Markdown row's closing pipe
            if len(fields) == 1 and b[0] in "\t|":
                # one field after the unit: the other cell was empty, but which one (its trailing
                # separator may be gone) the row alone cannot tell
                obs.append(_FjObs(row, line, b, [], "one value for two columns"))
                continue
            obs.append(_fj_pair(row, line, b, *([""] * 2 + fields)[-2:]))
            continue
        toks = b.split()
        if not toks:
            obs.append(_FjObs(row, line, "", [(None, None)]))
        elif len(toks) == 2:
            obs.append(_fj_pair(row, line, b, *toks))
        elif len(toks) == 1 and not spaced and re.fullmatch(r"[\d.]+", toks[0]):
            cands = _split_run(toks[0])
            obs.append(_FjObs(row, line, toks[0], cands, "" if cands else "no admissible split"))
        else:
            obs.append(_FjObs(row, line, b, [], "cannot tell the two columns apart"))
    result.table_templates["leg_fj"] = "legacy"
    _fj_resolve(obs, text, m, result)


def _fj_pair(row: _FjRow, line: int, raw: str, year: str, cumulative: str) -> _FjObs:
    """A row read as its two fields: blanks are not stated, anything but a number is unreadable."""
    pair = tuple(None if f in _BLANKS else f for f in (year, cumulative))
    ok = all(v is None or _FJ_PIECE.match(v) for v in pair)
    return _FjObs(row, line, raw, [pair] if ok else [], "" if ok else "unreadable")


def _fj_grid_columns(text: str, header: re.Match) -> tuple[str, int, int, int] | None:
    """(separator, fields per row, field of 本年度, field of 历年累计) when the header is one row of
    a grid: TAB fields (an HTML or DOCX table) or a pipe table (Markdown)."""
    if "\n" in header.group(0):
        return None
    ls = text.rfind("\n", 0, header.start()) + 1
    le = text.find("\n", header.end())
    line = text[ls:le if le >= 0 else len(text)]
    sep = "\t" if "\t" in line else "|" if "|" in line else None
    if sep is None:
        return None
    fields = [f.strip() for f in line.split(sep)]
    iy = next((i for i, f in enumerate(fields) if re.fullmatch(r"(?:\d{4}\s*年度?|本年度?)", f)), None)
    ic = next((i for i, f in enumerate(fields) if f == "历年累计"), None)
    if iy is None or ic is None or ic != iy + 1:
        return None
    return sep, len(fields), iy, ic


def _fj_resolve(obs: list[_FjObs], text: str, header: re.Match, result: TableResult) -> None:
    # Candidate readings per row, then the group identities (total = Σ parts, per column).
    allowed: list[set] = [set(o.cands) for o in obs]
    prose_note: dict = {}
    groups: dict = {}
    for i, o in enumerate(obs):
        if o.row.group:
            groups.setdefault(o.row.group, []).append(i)
    prose_vals = None
    for g, idxs in groups.items():
        tot = [i for i in idxs if obs[i].row.role == "total"]
        parts = [i for i in idxs if obs[i].row.role == "part"]
        if len(tot) != 1 or not parts or any(not obs[i].cands for i in idxs):
            continue
        sols = _fj_solutions(obs, tot[0], parts)
        if sols is None:
            continue
        if g == "active" and prose_vals is None:
            prose_vals = {int(v) for v in _PROSE_DISCLOSED.findall(text[:header.start()])}
        if not sols:
            # the sums are observed, not rules of the template (RL.2: a channel total counts an
            # item once): where no reading satisfies them each row keeps its own readings, and
            # the total's year may still be fixed by the prose figure
            if g == "active":
                t = tot[0]
                fits = [c for c in obs[t].cands if c[0] is not None and float(c[0]) in prose_vals]
                if len(fits) == 1:
                    allowed[t] = set(fits)
                    prose_note[t] = f"split confirmed by the prose figure 主动公开…{fits[0][0]}条"
            continue
        if g == "active" and len({s[tot[0]][0] for s in sols}) > 1:
            years = {s[tot[0]][0] for s in sols if s[tot[0]][0] is not None and float(s[tot[0]][0]) in prose_vals}
            if len(years) == 1:
                y = next(iter(years))
                sols = [s for s in sols if s[tot[0]][0] == y]
                for i in idxs:
                    prose_note[i] = f"split confirmed by the prose figure 主动公开…{y}条"
        for i in idxs:
            allowed[i] = {s[i] for s in sols}
    for i, o in enumerate(obs):
        base = o.row.code
        reading = allowed[i]
        for col, name in ((0, "year"), (1, "cumulative")):
            code = f"{base}.{name}"
            vals = {r[col] for r in reading}
            where = f"line {o.line}" + (f", run {o.raw}" if o.raw else "")
            if i in prose_note:
                where += f" ({prose_note[i]})"
            if len(vals) == 1:
                v = next(iter(vals))
                if v is None:
                    continue
                if code in result.cells:
                    continue
                result.cells[code] = Value(code, float(v), v, "table", where)
            elif vals or o.raw:
                opts = sorted({"|".join(x or "" for x in r) for r in (reading or o.cands)})
                reason = "digits run together: readings " + ", ".join(opts) if opts else (o.note or "unreadable")
                result.uncertain.setdefault(code, Uncertain(code, o.raw, where, reason))


def _fj_solutions(obs: list[_FjObs], tot: int, parts: list[int]) -> list[dict] | None:
    """Every combination of readings with total = Σ parts in both columns (None: too many)."""
    sols: list[dict] = []
    budget = [20000]

    def num(x):
        return 0.0 if x is None else float(x)

    for t in obs[tot].cands:
        ty, tc = num(t[0]), num(t[1])

        def walk(k: int, sy: float, sc: float, picked: dict) -> None:
            budget[0] -= 1
            if budget[0] < 0:
                return
            if k == len(parts):
                if abs(sy - ty) < 1e-6 and abs(sc - tc) < 1e-6:
                    d = dict(picked)
                    d[tot] = t
                    sols.append(d)
                return
            for r in obs[parts[k]].cands:
                ny, nc = sy + num(r[0]), sc + num(r[1])
                if ny <= ty + 1e-6 and nc <= tc + 1e-6:
                    picked[parts[k]] = r
                    walk(k + 1, ny, nc, picked)
                    del picked[parts[k]]

        walk(0, 0.0, 0.0, {})
    if budget[0] < 0:
        return None
    return sols


def _line_counter(text: str):
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    import bisect

    def line_of(pos: int) -> int:
        return bisect.bisect_right(starts, pos)

    return line_of


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------
def extract_legacy_tables(text: str) -> TableResult:
    """Cells of the legacy statistics tables in a normalized report text."""
    result = TableResult()
    if not _ANY.search(text) and not (_spaced_words(text) and _ANY_SPACED.search(text)):
        return result
    if "历年累计" in text:
        _fujian(text, result)
    _national(text, result)
    for code in list(result.uncertain):
        result.cells.pop(code, None)
    return result
