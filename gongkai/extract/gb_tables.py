"""Reader for tables 2, 3 and 4 of the 2019 trial and 2021 annual-report templates.

Input is the normalized text of a whole report. Tables come in many shapes (TAB grids rendered
by ingestion, tab text with merged-cell artifacts, ``|`` pipes, markdown, one cell per line,
PDF-extracted text, digit runs without separators), so the reader does not parse a layout; it
turns each table zone into a stream of *label text* and *value groups* and then aligns the groups
with the template's rows:

1. Zones: table 2 from ``第二十条第（一）项``, table 3 from its header (``勾稽关系`` / ``申请人情况``
   / first row label), table 4 from its header (``未经复议直接起诉`` …). Nothing outside a zone is
   read, so prose numbers never reach a cell.
2. Each line of a zone is either a grid line (TAB or ``|`` separated: fields keep their
   positions, empty fields are blank cells) or stream text (numbers separated by spaces or line
   breaks, blanks dropped). Page footers (``— 4 —``, ``第2页 共5页``) are removed.
3. A value group is labelled by the row label on its own line (strong) or by the label text
   read since the previous group (weak). Anchored groups must follow template order; unlabelled
   groups between two anchors are assigned only when their number equals the number of rows
   between them (PDF→markdown conversions lose labels this way).
4. A group becomes cells only when its positions are certain: a grid row with the right number
   of fields (placeholders from merged cells are recognised because they are empty), or a stream
   row with exactly as many numbers as columns. Digit runs (``640020470``) are segmented only
   when the table's identities (R3.3 row totals, R4.1 block totals, R3.1/R3.2 across rows)
   leave one reading; cells common to every reading are kept, the rest go to ``uncertain``.

Speed: tokens are plain tuples, regexes are compiled once, label matches and ``where`` strings are
cached, and a report with no table anchor at all costs a few regex scans.
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import accumulate

from gongkai.extract import gb_labels as L
from gongkai.model import Problem, TableResult, Uncertain, Value

# ---------------------------------------------------------------------------------------------
# text helpers

_CJK = "\u3400-\u9fff"
_FOLD_MAP = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "．": ".", "､": "、"}
# one translate table: drop whitespace (str.isspace is exactly regex \s) and fold punctuation
_COMPACT_TABLE = str.maketrans({**{chr(c): None for c in range(0x3001) if chr(c).isspace()}, **_FOLD_MAP})

_COMPACT_CACHE: dict[str, str] = {}


def _compact(s: str) -> str:
    c = _COMPACT_CACHE.get(s)
    if c is None:
        c = s.translate(_COMPACT_TABLE)
        if len(_COMPACT_CACHE) < 20000:
            _COMPACT_CACHE[s] = c
    return c


def _spaced(word: str) -> str:
    """Regex for ``word`` with optional whitespace between characters and either paren width."""
    parts = []
    for ch in word:
        if ch in "（(":
            parts.append("[（(]")
        elif ch in "）)":
            parts.append("[）)]")
        else:
            parts.append(re.escape(ch))
    return r"\s*".join(parts)


def _anchor_re(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(_spaced(w) for w in words))


_T2_START = _anchor_re(L.T2_START)
_T2_START_FB = _anchor_re(L.T2_START_FALLBACK)
_T3_START = _anchor_re(L.T3_START)
_T4_HEADER = _anchor_re(L.T4_HEADER)
_T3_HEADING = re.compile(r"三\s*、\s*收\s*到\s*和\s*处\s*理")
# the first row and the header words of a table 3: a second first row is a second table
_T3_ROW1 = _anchor_re(["本年新收政府信息公开申请数量"])
_T3_HEAD = _anchor_re(["勾稽关系", "申请人情况"])
# 行政法复议: a real report's typo (平潭 2022) for 行政复议
_T4_HEADING = re.compile(r"四\s*、[^\n。、]{0,30}?行\s*政\s*法?\s*复\s*议|政府信息公开行政法?复议")
_T4_END = re.compile(r"五\s*、|六\s*、|（\s*一\s*）|\(\s*一\s*\)")
_PROSE_LINE = re.compile(r"。|\d\s*[件条项起份]")
# a sentence wrapped by the page right after its number: the unit opens the next line
_PROSE_WRAP = re.compile(r"\s*[件条项起份个]")
# rows only the legacy 统计表 has (a page break may have dropped its 申请答复数 rows)
_LEGACY_MARKER = re.compile(r"答\s*复\s*数|统\s*计\s*指\s*标|指\s*标\s*名\s*称|收\s*到\s*申\s*请\s*数"
                            r"|主\s*动\s*公\s*开\s*政\s*府\s*信\s*息\s*数|举\s*报\s*投\s*诉\s*数\s*量")
_T3_FALLBACK = re.compile("|".join(p for _, p in L._T3_HEAD[2:]) + "|" + "|".join(p for _, p in L._T3_TAIL))

_FOOTER = re.compile(
    r"^\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|共\s*\d{1,3}\s*页\s*第\s*\d{1,3}\s*页)\s*$"
)
_BARE_NUM = re.compile(r"^\s*\d{1,3}\s*$")  # a page number alone on its line, indented or not
FOOTER_ANY = re.compile(r"(?m)^\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页)\s*(?:共\s*\d{1,3}\s*页\s*)?$")


# the fewest characters a page of extracted report text holds (a page of a wide table, its labels
# one character per line, still holds a few hundred)
_CHARS_PER_PAGE_MIN = 150


class PageNumbers:
    """Which numbers alone on a line between blank lines are page numbers of a text.

    Only where the text numbers its pages no other way (no ``- 2 -`` or ``第2页`` footer), and only
    a number one of its pages could carry: a larger one (``…人次\t2``, a page break, ``50`` in a
    text of ten pages at most) is the rest of a number the break tore in two, unless the page
    before or after it is numbered alone on a line too (49 or 51: pages of a gazette)."""

    __slots__ = ("text", "_bare")

    def __init__(self, text: str):
        self.text = text
        self._bare: bool | None = None

    def bare(self) -> bool:
        """No other footer style is used (looked up only when a bare number occurs)."""
        if self._bare is None:
            self._bare = not FOOTER_ANY.search(self.text)
        return self._bare

    def could_be(self, number: str) -> bool:
        """``number``: the line's digits, stripped."""
        if number[:1] == "0" or not self.bare():
            return False  # no page is numbered 0 (or 05): a torn value
        v = int(number)
        if v <= len(self.text) // _CHARS_PER_PAGE_MIN + 2:
            return True
        return re.search(rf"(?m)^[ \t]*(?:{v - 1}|{v + 1})[ \t]*$", self.text) is not None


_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_HAS_DIGIT = re.compile(r"\d")
# a line of values only (the rest of a row a page break cut), units included (2件, 3.5万元)
_VALUES_ONLY = re.compile(r"^[\d\s\t.+\-—－/元万件条个项]+$")
_SPACED_MIN_LINES = 8
_SPACED_SHARE = 0.8


def spacing(lines: list[str]) -> int:
    """How many blank lines are only spacing: 1 when a blank line follows nearly every line (a
    text pasted from a web page, one paragraph per line, or a CR CR LF file), 2 when two do (each
    cell of a web table pasted as a paragraph of its own), else 0. Only a longer gap (or a footer)
    is a page break that may tear a row."""
    n = len(lines)
    if n < 2 * _SPACED_MIN_LINES or 2 * lines.count("") < _SPACED_SHARE * n:
        return 0  # the quick test: too few empty lines
    filled = one = two = 0
    for k in range(n - 1):
        if lines[k].strip():
            filled += 1
            if not lines[k + 1].strip():
                one += 1
                if k + 2 < n and not lines[k + 2].strip():
                    two += 1
    if filled < _SPACED_MIN_LINES:
        return 0
    return 2 if two >= _SPACED_SHARE * filled else 1 if one >= _SPACED_SHARE * filled else 0

# grid field: a number, optional unit (money, or the count unit a hand-made table writes into
# its cells: `3件`); or a blank marker. Digits with a space between (`1 2`: a cell of two
# paragraphs, two cells that lost their separator) are no number: 12 would be a guess.
_COUNT_UNITS = ("件", "条", "个", "项")
_FIELD_NUM = re.compile(rf"^([+-]?\d+(?:\.\d+)?)\s*(万元|元|[{''.join(_COUNT_UNITS)}])?$")
_BLANKS = {"—", "——", "-", "--", "/", "／", "无", "－", "不适用", "–", "…", "\\"}
# A number with a note mark, a bracketed remark or a word the column does not count in (`72①`,
# `1*`, `3注1`, `5[1]`, `5（含转办1件）`, `16人次`, `5%`, `3余`): a value field all the same, or the
# label would swallow it and shift the row's values one column. What the mark or word changes is
# not known, so the cell is uncertain.
_NOTE_MARKS = "*＊※△▲#\u2460-\u249b\u00b9\u00b2\u00b3\u2070-\u2079"  # ①…⒛ and superscript digits too
_MARKED_NUM = re.compile(r"^[+-]?\d+(?:\.\d+)?\s*(?:件次|人次|个次|万元|次|人|余|多|万|千|份|宗|起|笔|户|件|条|个|项|元)?\s*"
                         rf"(?:[{_NOTE_MARKS}%％]+|[\[［【(（][^\]］】)）\t]{{0,12}}[\]］】)）]|注\d{{0,2}})?$")
# a zero written as a character (〇, 零, the letter O): a value field, unread like a marked one
_ZERO_LIKE = frozenset("〇○零OoＯｏ")
UNREAD_TAIL = "the row's last field is no value (two numbers in one cell, or a number with words): its columns are not known"
UNREAD_VALUE = "a value field that is no plain number (a note mark, a remark, a unit the column does not take): not read"

# stream tokens
_GLUED_NUMBERING = re.compile(rf"(\d)(\d[.、](?=\s*[{_CJK}“\"]))")
_TOKEN = re.compile(
    rf"(?P<numbering>(?<![\d.])\d\s*[.、](?=\s*[{_CJK}“\"]|\s*$))"
    rf"|(?P<num>[+-]?\d+(?:\.\d+)?)(?P<unit>\s*(?:万元|元))?(?P<prose>\s*[件条个项次人年月日号期%％家篇场名])?"
    # a note mark glued to the number (`2注1`, `2*`, `2①`): still the column's value, unread
    rf"(?P<mark>注\d{{0,2}}|[{_NOTE_MARKS}]+)?"
    rf"|(?P<blank>—+|－+|(?<![\w.])[-/](?![\w.]))"
    rf"|(?P<text>[^\s\d—－]+)"
)
# the unit an amount column's header states (compacted text: full-width brackets)
_AMOUNT_HEADER_UNIT = re.compile(r"金额[（(](?:单位[:：]?)?(万元|元)[）)]")
_STREAM_SPECIAL = re.compile(r"[\d—－\-/]")
_LEADING_ZERO_RUN = re.compile(r"(?<![\d.])0\d")

_WS = re.compile(r"\s+")


def _marker_text(zone_text: str) -> str:
    """What the template markers are searched in: the zone compacted. The markers hold only CJK
    and full-width parentheses, so of the punctuation folding only the parentheses matter (and a
    regex sub plus two replaces is several times faster than translate on CJK text)."""
    return _WS.sub("", zone_text).replace("(", "（").replace(")", "）")


_MARKER_CHARS = set(L.T2_GB2021_MARKERS + L.T2_GB2019_MARKERS + L.T3_GB2021_MARKERS + L.T3_GB2019_MARKERS
                    + "其他对外管理服务事项|政府集中采购")
assert not _MARKER_CHARS & (set(_FOLD_MAP) | set(_FOLD_MAP.values())) - set("（）"), "markers need full folding"

_T2_MARK21 = re.compile(L.T2_GB2021_MARKERS)
_T2_MARK19 = re.compile(L.T2_GB2019_MARKERS)
_T2_MARK19_WEAK = re.compile(r"其他对外管理服务事项|政府集中采购")
_T3_MARK21 = re.compile(L.T3_GB2021_MARKERS)
_T3_MARK19 = re.compile(L.T3_GB2019_MARKERS)

# A token is a tuple (raw, line, col, kind, glued): kind "num" | "blank" | "empty"; col is the
# 1-based grid field (None in stream text); glued marks the first token after a page break with
# no space before it (stream text only). A cell of a reading is a token or (raw, line, None): its
# first three items are what the cell's Value needs.
_NUM, _BLANK, _EMPTY, _TEXT = "num", "blank", "empty", "text"


_new = object.__new__  # rows built field by field skip __init__


class _Group:
    """One run of values: a grid row's value fields, or stream numbers between label texts.

    A grid group keeps its value fields as strings (``fields``, unstripped) and their kinds; the
    token tuples are built only when a rare path asks for ``toks``."""

    # class-level defaults: a grid row sets only what it has (zones build many groups)
    grid = False
    _toks: list[tuple] | None = None
    line_counts: list[int] | tuple = ()  # stream: tokens per line
    same_line = ""  # compacted label text on the group's line (since previous group)
    before = ""  # compacted label text since the previous group
    before_lines: list[tuple[int, str]] | tuple = ()
    _nv = -1
    _filled = -1
    span: tuple[int, int] | None = None  # (first, last) non-empty token, (-1, -1) if none
    fields: list[str] | tuple = ()  # grid: the value fields, unstripped
    kinds: list[str] | tuple = ()
    col0 = 0  # grid: 1-based field number of fields[0]
    unread = ""  # grid: why the row cannot be read at all (its last cell is no value)

    def __init__(self, grid: bool, toks: list[tuple] | None, line: int, line_counts: list[int] | None = None):
        self.grid = grid
        self._toks = toks
        self.line = line
        self.line_counts = line_counts if line_counts is not None else []

    @property
    def toks(self) -> list[tuple]:
        t = self._toks
        if t is None:
            ln, c0 = self.line, self.col0
            t = self._toks = [(f if f.isdecimal() else f.strip(), ln, c0 + i, k, False)
                              for i, (f, k) in enumerate(zip(self.fields, self.kinds))]
        return t

    @property
    def size(self) -> int:
        return len(self.kinds) if self.grid else len(self._toks)

    @property
    def n_values(self) -> int:
        # computed once: groups are complete before anyone asks
        if self._nv < 0:
            self._nv = sum(1 for t in self.toks if t[3] == "num")
        return self._nv

    @property
    def n_filled(self) -> int:
        if self._filled < 0:
            self._filled = sum(1 for t in self.toks if t[3] != "empty")
        return self._filled

    def raw(self) -> str:
        return " | ".join(t[0] for t in self.toks) if self.grid else " ".join(t[0] for t in self.toks)


# ---------------------------------------------------------------------------------------------
# zones


def _sentence_line(line: str) -> bool:
    """A line of running text: a comma outside any grid (``从答复情况看，予以公开…``); labels of
    stream rows have none."""
    return "，" in line and "\t" not in line and "|" not in line


def _find_zones(text: str) -> dict[str, tuple[int, int]]:
    zones: dict[str, tuple[int, int]] = {}
    n = len(text)
    m2 = _T2_START.search(text) or _T2_START_FB.search(text)
    t2s = m2.start() if m2 else None
    base = t2s or 0
    m3 = _T3_START.search(text, base)
    t3s = m3.start() if m3 else None
    if t3s is None:
        m = _T3_HEADING.search(text, base)
        if m:
            t3s = m.start()
    if t3s is None and not _LEGACY_MARKER.search(text):
        # no table-3 header or heading: a bare row label may start the zone, but never inside a
        # legacy 统计表, whose rows (同意部分公开答复数, 涉及国家秘密) share words with table 3
        m = None
        for cand in _T3_FALLBACK.finditer(text, base):
            ls = text.rfind("\n", 0, cand.start()) + 1
            le = text.find("\n", cand.end())
            end = le if le >= 0 else len(text)
            if not _PROSE_LINE.search(text, ls, end) and not _PROSE_WRAP.match(text, end + 1) \
                    and not _sentence_line(text[ls:end]):
                m = cand  # a table row, not a sentence that happens to use the same words
                break
        if m:
            # back up to the start of that line so the row's own label is inside the zone
            t3s = text.rfind("\n", base, m.start()) + 1
    if t3s is not None and t2s is not None and t3s > t2s:
        # the section heading "三、收到和处理…" may precede the table-3 header
        h = _T3_HEADING.search(text, t2s, t3s)
        if h:
            t3s = h.start()
    t4a = _T4_HEADER.search(text, t3s if t3s is not None else base)
    t4s = t4a.start() if t4a else None
    t3e = None
    if t3s is not None:
        h = _T4_HEADING.search(text, t3s)
        t3e = h.start() if h else None
        if t4s is not None and (t3e is None or t4s < t3e):
            t3e = t4s
        if t3e is None:
            t3e = n
        zones["t3"] = (t3s, t3e)
    if t2s is not None:
        e = t3s if t3s is not None and t3s > t2s else None
        if e is None:
            h = _T3_HEADING.search(text, t2s)
            e = h.start() if h else (t4s if t4s is not None and t4s > t2s else min(n, t2s + 3000))
        zones["t2"] = (t2s, e)
    if t4s is not None:
        # values follow the header; the zone ends at the next section heading
        m = _T4_END.search(text, t4a.end())
        zones["t4"] = (t4s, m.start() if m else n)
    return zones


# ---------------------------------------------------------------------------------------------
# tokenization of one zone into label text and value groups


def _split_fields(seg: str) -> list[str] | None:
    if "\t" in seg:
        return seg.split("\t")
    if seg.count("|") >= 2:
        # markdown rows start with "|"; pipe rows ("label | 1 | 2 |") start with their first
        # cell, which may be empty (" |1|…"), so only a pipe in the first column is dropped
        s = seg.rstrip()
        if s.endswith("|"):
            s = s[:-1]
        if seg.startswith("|"):
            s = s[1:]
        return s.split("|")
    return None


def _field_kind(f: str) -> str:
    if not f:
        return _EMPTY
    if f.isdecimal():
        return _NUM
    s = f.strip()
    if not s:
        return _EMPTY
    if s in _BLANKS:
        return _BLANK
    if _FIELD_NUM.match(s) or _MARKED_NUM.match(s) or s in _ZERO_LIKE:
        return _NUM
    return _TEXT


_KIND_CACHE: dict[str, str] = {"": _EMPTY}


def _kind(f: str) -> str:
    k = _KIND_CACHE.get(f)
    if k is None:
        k = _field_kind(f)
        if len(_KIND_CACHE) < 50000:
            _KIND_CACHE[f] = k
    return k


def _without_remark(fields: list[str], kinds: list[str], n_text: int
                    ) -> tuple[list[str], list[str], int, str | None]:
    """A row's fields without the text after its values (a remark, ``…\t36\t说明：含电话申请``,
    or the next row's label run onto the line), and that text compacted: it is label text for
    what follows, as in a stream of words. Text fields after the last value, with only empty
    fields after them; without this the whole row would be label text, its values lost."""
    end = len(kinds)
    while end and kinds[end - 1] == "empty":
        end -= 1
    start = end
    while start and kinds[start - 1] == "text":
        start -= 1
    if start == end or "num" not in kinds[:start]:
        return fields, kinds, n_text, None
    first_value = next(i for i, k in enumerate(kinds) if k == "num" or k == "blank")
    if "text" not in kinds[:first_value] or "text" in kinds[first_value:start]:
        return fields, kinds, n_text, None  # no label before the values, or text among them
    return fields[:start], kinds[:start], n_text - (end - start), _compact("".join(fields[start:end]))


class _Zone:
    """Label text and value groups of one table zone, in reading order."""

    def __init__(self, lines: list[tuple[int, str, bool]]):
        groups: list[_Group] = []
        self.groups = groups
        self.stream_chunks: list[str] = []
        self.header_fields: list[tuple[int, list[str]]] = []  # (group index, fields after 信息内容)
        before: list[tuple[int, str]] = []
        cur: _Group | None = None  # open stream group
        kind_get = _KIND_CACHE.get

        for ln, seg, brk in lines:
            if "\t" in seg:
                fields = seg.split("\t")
            else:
                fields = _split_fields(seg)
            if fields is not None:
                if cur is not None:
                    groups.append(cur)
                    cur = None
                kinds = list(map(kind_get, fields))
                if None in kinds:
                    kinds = [k or _kind(f) for f, k in zip(fields, kinds)]
                n_text = kinds.count("text")
                remark = None
                if n_text > 1 and kinds[-1] != "num":
                    fields, kinds, n_text, remark = _without_remark(fields, kinds, n_text)
                if n_text == 1 and kinds[0] == "text":
                    last_text = 0  # the usual row: its label, then values
                    texts = [fields[0]]
                elif n_text:
                    last_text = len(kinds) - 1 - kinds[::-1].index("text")
                    texts = [f for f, k in zip(fields[:last_text + 1], kinds) if k == "text"]
                else:
                    last_text = -1
                    texts = None
                if texts:
                    txt = _compact(texts[0] if n_text == 1 else "".join(texts))
                    before.append((ln, txt))
                    if "信息内容" in txt:
                        hi = next(i for i in range(last_text + 1) if "信息内容" in _compact(fields[i]))
                        self.header_fields.append((len(groups), [_compact(f) for f in fields[hi + 1:]]))
                m = len(fields) - last_text - 1
                if m > 0:
                    g = _new(_Group)
                    g.grid = True
                    g.line = ln
                    if remark is not None and remark[:1].isdecimal():
                        # the "remark" is a last value cell holding two numbers (`191 3`, a cell of
                        # two paragraphs) or a number with words: the row's columns are not known
                        g.unread = UNREAD_TAIL
                    if last_text < 0:
                        g.fields, g.kinds = fields, kinds
                        vk = kinds
                    else:
                        g.fields = fields[last_text + 1:]
                        g.kinds = vk = kinds[last_text + 1:]
                    g.col0 = last_text + 2
                    n_empty = vk.count("empty")
                    g._filled = m - n_empty
                    g._nv = nv = vk.count("num")
                    if not n_empty:
                        g.span = (0, m - 1)
                    elif n_empty == m:
                        g.span = (-1, -1)
                    else:
                        # value fields are "num" / "blank" / "empty" only: find the stated ones
                        nb = m - n_empty - nv
                        rv = vk[::-1]
                        first = min(vk.index("num") if nv else m, vk.index("blank") if nb else m)
                        last = m - 1 - min(rv.index("num") if nv else m, rv.index("blank") if nb else m)
                        g.span = (first, last)
                    g.before_lines = before
                    if before:
                        if len(before) == 1:
                            l2, t = before[0]
                            g.before = t
                            if l2 == ln:
                                g.same_line = t
                        else:
                            g.before = "".join([t for _, t in before])
                            g.same_line = "".join([t for l2, t in before if l2 == ln])
                    before = [(ln, remark)] if remark else []  # label text for what follows
                    groups.append(g)
                continue
            if not _STREAM_SPECIAL.search(seg):
                # label text only (no digit, dash or slash): the tokens are its words, and their
                # compacted texts joined are the compacted line
                if cur is not None:
                    groups.append(cur)
                    cur = None
                before.append((ln, _compact(seg)))
                continue
            if "." in seg or "、" in seg:
                seg = _GLUED_NUMBERING.sub(r"\1 \2", seg)
            first_tok = True
            for m in _TOKEN.finditer(seg):
                num = m.group("num")
                if num is not None:
                    if m.group("prose"):
                        if cur is not None:
                            groups.append(cur)
                            cur = None
                        before.append((ln, _compact(m.group(0))))
                        continue
                    unit = m.group("unit")
                    raw = num + unit.strip() if unit else num
                    if m.group("mark"):
                        raw += m.group("mark")
                    self.stream_chunks.append(num)
                    tok = (raw, ln, None, _NUM, brk and first_tok and m.start() == 0)
                else:
                    blank = m.group("blank")
                    if blank is not None:
                        tok = (blank, ln, None, _BLANK, False)
                    else:
                        if cur is not None:
                            groups.append(cur)
                            cur = None
                        first_tok = False
                        before.append((ln, _compact(m.group(0))))
                        continue
                first_tok = False
                if cur is None:
                    cur = _Group(False, [], ln)
                    cur.before_lines = before
                    if before:
                        cur.before = "".join([t for _, t in before])
                        cur.same_line = "".join([t for l2, t in before if l2 == ln])
                    before = []
                ctoks = cur.toks
                ctoks.append(tok)
                if cur.line_counts and ctoks[-2][1] == ln:
                    cur.line_counts[-1] += 1
                else:
                    cur.line_counts.append(1)
        if cur is not None:
            groups.append(cur)
        self.trailing = before

    def split_stream_rows(self) -> None:
        """A stream group spanning several lines that each hold the same count (≥ 2) of values
        is several rows whose labels were lost, not one row."""
        out: list[_Group] = []
        for g in self.groups:
            lc = g.line_counts
            if not g.grid and len(lc) > 1 and lc[0] >= 2 and all(c == lc[0] for c in lc):
                i = 0
                for j, c in enumerate(lc):
                    sub = _Group(False, g.toks[i:i + c], g.toks[i][1], [c])
                    if j == 0:
                        sub.before, sub.same_line, sub.before_lines = g.before, g.same_line, g.before_lines
                    out.append(sub)
                    i += c
            else:
                out.append(g)
        self.groups = out


# The numbering a table-3 row label starts with (8. / （三） / 二、)
_ROW_NUMBER = re.compile(r"\s*(?:\d{1,2}\s*[.、．]|[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}\s*、)")


def _zone_lines(text: str, s: int, e: int, reader: "_Reader") -> list[tuple[int, str, bool]]:
    """(1-based line number, text, after a page break) for the part of each line inside [s, e),
    footers removed."""
    ls0 = text.rfind("\n", 0, s) + 1  # start of the line holding s
    ln0 = text.count("\n", 0, ls0) + 1
    chunk = text[s:e]
    segs = chunk.split("\n")
    if chunk.endswith("\n"):
        segs.pop()  # a line starting exactly at e is outside the zone
    # in a spaced text its blank lines (one or two) are spacing: only more, or a footer, make a gap
    spaced = reader.spacing()
    if spaced == 2:
        rows = _paragraph_rows(segs, ln0)
        if rows is not None:
            return rows
    out: list[tuple[int, str, bool]] = []
    gap = False  # blank or footer lines since the last kept line (a page break)
    blank_run = 0
    footer_match = _FOOTER.match
    offs = None  # absolute start of each segment, computed when first needed
    for k, seg in enumerate(segs):
        c0 = seg[:1]
        if ("\u3400" <= c0 <= "\u9fff" and c0 != "第" and c0 != "共") or c0 == "（":
            pass  # starts with a label character: no footer, page number or markdown rule
        elif not seg.strip():
            blank_run += 1
            if blank_run > spaced:
                gap = True
            continue
        elif footer_match(seg):
            gap = True
            continue
        elif _BARE_NUM.match(seg) and reader.pages.could_be(seg.strip()):
            if spaced:
                # one blank line around a number is spacing here: a page number has a longer gap
                prev_blank = _blank_run(segs, k, -1, spaced + 1) > spaced
                next_blank = _blank_run(segs, k, 1, spaced + 1) > spaced
            else:
                prev_blank = k > 0 and not segs[k - 1].strip()
                # the next line of the whole text (not clipped to the zone) must be blank too
                if offs is None:
                    offs = list(accumulate((len(x) + 1 for x in segs), initial=s))
                le = text.find("\n", offs[k])
                next_blank = False
                if le >= 0:
                    ne = text.find("\n", le + 1)
                    next_blank = not text[le + 1:(ne + 1 if ne >= 0 else len(text))].strip()
            if prev_blank and next_blank:
                gap = True
                continue  # a page number between blank lines
        elif _MD_RULE.match(seg) and not _HAS_DIGIT.search(seg):
            continue
        blank_run = 0
        if gap and out and _VALUES_ONLY.match(seg) and (
                "\t" in out[-1][1] or ("\t" in seg and _VALUES_ONLY.match(out[-1][1]))):
            # a table row broken by a page break: the rest of the row continues the line
            if out[-1][1][-1:].isdecimal() and c0.isdecimal():
                reader.torn.add(out[-1][0])  # and a number with it: the row must add up
            out[-1] = (out[-1][0], out[-1][1] + seg, out[-1][2])
            gap = False
            continue
        if (c0 == "." or c0 == "、") and out and out[-1][1].rstrip()[-1:].isdecimal():
            # a sub-row number ("3") cut from its label (".危及…") by a page break
            out[-1] = (out[-1][0], out[-1][1] + seg, out[-1][2])
            gap = False
            continue
        out.append((ln0 + k, seg, gap))
        gap = False
    return out


# A table pasted with every cell a paragraph of its own (a text spaced by two blank lines):
# cells are two blank lines apart (3 line ends), rows four (5), and each empty cell is one more
# empty paragraph (3 more line ends). A cell's own line break (商业 / 企业) is a single line end.
_CELL_GAP, _ROW_GAP = 3, 5
_WRAPPED_CELL = 12  # the longest piece of a cell wrapped onto two lines that is joined


def _paragraph_rows(segs: list[str], ln0: int) -> list[tuple[int, str, bool]] | None:
    """The zone's TAB rows, as (line number, row, False) like :func:`_zone_lines`, when its line
    ends follow the cell and row gaps above, with each empty cell in its place; None when they
    do not.

    The empty cells a row gap carries start the next row when it starts with a value (table 4's
    value row, its first columns empty); otherwise they end the row before, up to the table's
    width (the widest row), and the rest start the next (a row under a merged label)."""
    filled = [(k, seg.strip()) for k, seg in enumerate(segs) if seg.strip()]
    if len(filled) < 8 or any("\t" in c or c.count("|") >= 2 for _, c in filled):
        return None  # rows of their own (TAB, pipe or Markdown rows), only spaced out
    gaps = [b[0] - a[0] for a, b in zip(filled, filled[1:])]
    if (any(g == 2 or (g > 1 and g % 3 == 1) for g in gaps[:-1])
            or sum(1 for g in gaps if g >= _ROW_GAP and g % 3 == 2) < 2):
        # another gap inside the table (a page break: a torn row is joined line by line), or no
        # rows apart (one cell per line, only spaced out)
        return None
    # (first line, cells, empty cells between the row before and this one's first cell)
    rows: list[tuple[int, list[str], int]] = []
    first, cell = filled[0]
    cells = [cell]
    around = 0
    for g, (k, cell) in zip(gaps, filled[1:]):
        if g == 1 and len(cells[-1]) <= _WRAPPED_CELL and len(cell) <= _WRAPPED_CELL:
            cells[-1] += cell
            continue
        if g >= _CELL_GAP and g % 3 == 0:
            cells.extend([""] * (g // 3 - 1))
            cells.append(cell)
            continue
        rows.append((first, cells, around))
        around = (g - _ROW_GAP) // 3 if g >= _ROW_GAP and g % 3 == 2 else 0
        first, cells = k, [cell]
    rows.append((first, cells, around))
    width = max(len(c) for _, c, _ in rows)
    for i, (first, cells, around) in enumerate(rows):
        if around:
            prev = rows[i - 1][1]
            # a row that starts with a value has no label: the empty cells are its first columns
            lead = _kind(cells[0]) in (_NUM, _BLANK)
            trailing = 0 if lead else min(around, max(0, width - len(prev)))
            prev.extend([""] * trailing)
            cells[:0] = [""] * (around - trailing)
    return [(ln0 + first, "\t".join(cells), False) for first, cells, _ in rows]


def _blank_run(segs: list[str], k: int, step: int, limit: int) -> int:
    """How many blank lines follow (step 1) or precede (step -1) line k, up to ``limit``."""
    n = 0
    i = k + step
    while n < limit and 0 <= i < len(segs) and not segs[i].strip():
        n += 1
        i += step
    return n


# ---------------------------------------------------------------------------------------------
# numbers


def _parse(raw: str) -> tuple[float, str] | None:
    if raw.isdecimal():
        return float(raw), ""
    s = raw.strip()
    unit = ""
    if s.endswith("万元"):
        s, unit = s[:-2], "万元"
    elif s.endswith("元"):
        s, unit = s[:-1], "元"
    elif s.endswith(_COUNT_UNITS):
        s, unit = s[:-1], "count"
    s = s.replace(" ", "").strip()
    if s.startswith("+"):
        s = s[1:]
    try:
        return float(s), unit
    except ValueError:
        return None


# Value(...) goes through the NamedTuple's Python-level __new__; building the tuple directly
# is the same object at less than half the cost (≈ 100 cells a report)
_tuple_new = tuple.__new__


def _make_value(code: str, v: float, raw: str, where: str) -> Value:
    return _tuple_new(Value, (code, v, raw, "table", where))


def _value(code: str, raw: str, where: str) -> Value | None:
    if raw.isdecimal():
        return _make_value(code, float(raw), raw, where)
    p = _parse(raw)
    if p is None:
        return None
    v, unit = p
    if unit == "count" and code.endswith("amount_10k_yuan"):
        return None  # `5件` in the fee column is not an amount of money
    if unit == "元" and code.endswith("amount_10k_yuan"):
        v = round(v / 10000, 6)
    return _make_value(code, v, raw, where)


_PART = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?$")


def _segmentations(items: list[str | None], k: int, check) -> list[list[str | None]]:
    """All ways to read ``items`` (digit chunks; None = an explicit blank) as ``k`` cells.

    A chunk splits into numbers without leading zeros; a sign or unit stays with the first /
    last number of its chunk. ``check(values)`` prunes partial readings (identities)."""
    out: list[list[str | None]] = []
    n_items = len(items)
    min_after = [0] * (n_items + 1)
    max_after = [0] * (n_items + 1)
    for i in range(n_items - 1, -1, -1):
        it = items[i]
        min_after[i] = min_after[i + 1] + 1
        max_after[i] = max_after[i + 1] + (1 if it is None else sum(c.isdecimal() for c in it))

    def rec(i: int, acc: list[str | None]):
        if len(out) > 64:
            return
        if i == n_items:
            if len(acc) == k:
                out.append(list(acc))
            return
        rem = k - len(acc)
        if rem < min_after[i] or rem > max_after[i]:
            return
        it = items[i]
        if it is None:
            acc.append(None)
            if check(acc):
                rec(i + 1, acc)
            acc.pop()
            return
        unit = ""
        body = it
        for u in ("万元", "元"):
            if body.endswith(u):
                body, unit = body[: -len(u)], u
                break
        split_chunk(body, unit, i, acc, True)

    def split_chunk(body: str, unit: str, i: int, acc: list, first: bool):
        # take a prefix of body as the next number
        for j in range(1, len(body) + 1):
            part = body[:j]
            rest = body[j:]
            if part in ("-", "+"):
                continue
            if not _PART.match(part.lstrip("+")):
                continue
            if rest and (rest[0] == "." or part.endswith(".")):
                continue
            if not rest:
                acc.append(part + unit)
                if check(acc):
                    rec(i + 1, acc)
                acc.pop()
            else:
                if len(acc) + 1 >= k:
                    continue
                acc.append(part)
                if check(acc):
                    split_chunk(rest, unit, i, acc, False)
                acc.pop()

    rec(0, [])
    return out


def _num(raw: str | None) -> float | None:
    """A field's number for the row checks: a blank counts 0; None for a field that is no number."""
    if raw is None:
        return 0.0
    if raw.isdecimal():
        return float(raw)
    p = _parse(raw)
    return p[0] if p else None


def _unsummable(toks) -> bool:
    """Whether a value field among ``toks`` is no number the row checks can add (``72①``)."""
    return any(t[3] == "num" and _num(t[0]) is None for t in toks)


def _check_t3(acc: list) -> bool:
    if acc and acc[-1] is not None and acc[-1].startswith("-"):
        return False
    if len(acc) == 7:
        vals = [_num(x) for x in acc]
        return None in vals or abs(sum(vals[:6]) - vals[6]) < 1e-9
    return True


def _check_t4(acc: list) -> bool:
    n = len(acc)
    if n and acc[-1] is not None and acc[-1].startswith("-"):
        return False
    if n in (5, 10, 15):
        vals = [_num(x) for x in acc[n - 5:n]]
        return None in vals or abs(sum(vals[:4]) - vals[4]) < 1e-9
    return True


def _sign_check(cols: list[str]):
    """Only 本年增/减 may be negative."""
    def check(acc: list) -> bool:
        x = acc[-1] if acc else None
        return not (x is not None and x.startswith("-") and cols[len(acc) - 1] != "delta")
    return check


# ---------------------------------------------------------------------------------------------
# reading one group as k cells


class _Reading:
    """Cells of one row: list of k entries (None = blank/not stated, else a cell tuple), or the
    k grid fields of ``g`` from ``s`` on (cells built only if asked), or alternatives, or none."""

    __slots__ = ("_cells", "alternatives", "reason", "g", "s", "k")

    def __init__(self, cells=None, alternatives=None, reason: str = "", g: "_Group | None" = None,
                 s: int = 0, k: int = 0):
        self._cells: list[tuple | None] | None = cells
        self.alternatives: list[list[tuple | None]] | None = alternatives  # several readings
        self.reason = reason
        self.g, self.s, self.k = g, s, k

    @property
    def cells(self) -> list[tuple | None] | None:
        c = self._cells
        if c is None and self.g is not None:
            c = self._cells = _cells(self.g.toks[self.s:self.s + self.k])
        return c


_WHERE: dict[int, list[str | None]] = {}
_WHERE_COLS = 64


def _where_row(line: int) -> list[str | None]:
    """Cache of the ``where`` strings of one line: index 0 is ``line N``, index c is
    ``line N, col c`` (filled on first use; rows repeat their line numbers across reports)."""
    ws = _WHERE.get(line)
    if ws is None:
        ws = [None] * _WHERE_COLS
        if len(_WHERE) < 5000:
            _WHERE[line] = ws
    return ws


def _where(line: int, col: int | None) -> str:
    i = 0 if col is None else col
    if i >= _WHERE_COLS:
        return f"line {line}, col {col}"
    ws = _where_row(line)
    w = ws[i]
    if w is None:
        w = ws[i] = f"line {line}" + (f", col {col}" if col is not None else "")
    return w


def _cells(toks) -> list[tuple | None]:
    return [t if t[3] == "num" else None for t in toks]


_NO_CELL = ("", 0, None, "empty", False)


def _passes(cells: list, check) -> bool:
    raws = [c[0] if c[3] == "num" else None for c in cells]
    return all(check(raws[:j]) for j in range(1, len(raws) + 1))


def _valid_starts(g: _Group, k: int) -> range:
    """Offsets s where toks[s:s+k] holds every non-empty field (the rest are empty)."""
    span = g.span
    if span is not None:
        first, last = span
        m = len(g.kinds) if g.grid else len(g._toks)
        if first < 0:
            return range(0, m - k + 1)
        return range(max(0, last - k + 1), min(first, m - k) + 1)
    kinds = g.kinds if g.grid else [t[3] for t in g.toks]
    m = len(kinds)
    if span is None:
        first = last = -1
        for i, kd in enumerate(kinds):
            if kd != "empty":
                if first < 0:
                    first = i
                last = i
        span = g.span = (first, last)
    first, last = span
    if first < 0:
        return range(0, m - k + 1)
    return range(max(0, last - k + 1), min(first, m - k) + 1)


def _edge_reading_fits(g: _Group, k: int, start: int, check) -> bool:
    """Whether another window of k fields passes the row's check while holding a value, or while
    leaving out just one stated field (a lone 序号 before an empty row)."""
    toks = g.toks
    stated = sum(1 for t in toks if t[3] != "empty")
    for s in range(len(toks) - k + 1):
        if s == start or not _passes(toks[s:s + k], check):
            continue
        inside = sum(1 for t in toks[s:s + k] if t[3] != "empty")
        if any(t[3] == "num" for t in toks[s:s + k]) or stated - inside == 1:
            return True
    return False


def _read_grid(g: _Group, k: int, trailing: int | None, check=None, unlabelled: bool = False,
               torn: bool = False) -> _Reading:
    """``unlabelled``: a value row without a label (table 4), where a field before the values
    (a 序号) cannot be told from a value by its kind. ``torn``: a page break inside the row was
    taken to cut a number in two; only a reading that passes ``check`` confirms it."""
    rd = _read_grid_fields(g, k, trailing, check, unlabelled)
    if torn and check is not None:
        cells = rd.cells
        if cells is not None and not _passes([c or _NO_CELL for c in cells], check):
            return _Reading(reason="the row does not add up with the digits joined across its page break")
    return rd


def _read_grid_fields(g: _Group, k: int, trailing: int | None, check, unlabelled: bool) -> _Reading:
    if g.unread:
        return _Reading(reason=g.unread)
    m = len(g.kinds)
    if m == k:
        return _Reading(None, None, "", g, 0, k)  # exactly k fields: the only offset is 0
    if m < k:
        if g.n_filled == 0:
            return _Reading(cells=[None] * k)
        return _Reading(reason=f"{m} fields for {k} columns")
    valid = _valid_starts(g, k)
    if not valid:
        if g.n_filled == k:
            # as many stated cells as columns: the empty fields are merged-cell placeholders
            packed = [t for t in g.toks if t[3] != "empty"]
            if check is not None and (not _passes(packed, check) or _unsummable(packed)):
                # ... or one of the stated fields is no value (a 序号 before the values, a number
                # in a remark column after them) and a value cell is empty; a field that is no
                # plain number leaves the sums unchecked, so it cannot confirm the packing either
                return _Reading(reason=f"{g.n_values} values in {m} fields for {k} columns do not add up packed")
            return _Reading(cells=_cells(packed))
        return _Reading(reason=f"{g.n_values} values in {m} fields for {k} columns")
    if len(valid) > 1 and check is not None:
        toks = g.toks
        fit = [s for s in valid if _passes(toks[s:s + k], check)]
        if len(fit) == 1:
            valid = fit
        elif _unsummable(toks):
            # the row's sums would tell the columns, but one of its values cannot be summed
            return _Reading(reason="cannot tell which fields are the columns: a value field is no plain number")
    elif (unlabelled and check is not None and not _passes(g.toks[valid[0]:valid[0] + k], check)
          and _edge_reading_fits(g, k, valid[0], check)):
        # the one window holding every stated field breaks the row's identity, but a window
        # leaving an edge field out (a 序号 before the values) keeps it: which is the table's?
        return _Reading(reason=f"{m} fields for {k} columns: a field outside them would make the row add up")
    if len(valid) > 1:
        want = m - k - trailing if trailing is not None else None
        if want in valid:
            valid = [want]
        elif g.n_filled == k:
            return _Reading(cells=_cells([t for t in g.toks if t[3] != "empty"]))
        else:
            return _Reading(reason="cannot tell which fields are the columns")
    return _Reading(None, None, "", g, valid[0], k)


# what a row label of one 5-column block of table 4 must say (block 0 复议, 1 直接起诉, 2 复议后起诉)
_T4_BLOCK_LABEL = (re.compile(r"复议(?!后)(?!.*(?:起诉|诉讼))"), re.compile(r"直接起诉|未经复议"),
                   re.compile(r"复议后起诉|(?<!未)经复议"))


def _t4_blocks(grid: list[_Group]) -> list[_Group] | None:
    """Table 4's rows when it is drawn as stacked blocks rather than one 15-column row: grid rows
    of 5 or 10 value fields, adjacent, together exactly 15, and no other value row after them. A
    row's label, if it has one, must name its block (行政复议 / 未经复议直接起诉 / 复议后起诉, or 行政诉讼
    for the 10 litigation columns); unlabelled rows follow the header's order. Anything else: None."""
    out: list[_Group] = []
    n = 0
    for g in grid:
        if n == 15:
            return None if g.n_values else out  # a further value row: not this shape
        if g.size not in (5, 10) or n + g.size > 15 or "text" in g.kinds:
            return None
        if out and g.line - out[-1].line > 4:
            return None
        label = g.same_line
        if label:
            if g.size == 10:
                if n != 5 or "诉讼" not in label or "复议" in label.replace("复议后起诉", ""):
                    return None
            elif not _T4_BLOCK_LABEL[n // 5].search(label) or any(
                    rx.search(label) for i, rx in enumerate(_T4_BLOCK_LABEL) if i != n // 5):
                return None
        out.append(g)
        n += g.size
    return out if n == 15 else None


# Sentences stating a 行政规范性文件 column, by the row's column order (制发, 废止, 现行有效):
# they settle a flattened run of that row that the table alone cannot split.
_T2_PROSE_DOC = r"(?:的)?(?:行政)?规范性文件(?:共)?(\d+)件"
_T2_PROSE = {
    ("gb2021", "normative_docs"): (re.compile("制发" + _T2_PROSE_DOC), re.compile("废止" + _T2_PROSE_DOC),
                                   re.compile("现行有效" + _T2_PROSE_DOC)),
}


def _signed(toks: list, run_together: bool, may_be_negative: frozenset[int]) -> _Reading:
    """One value per column; but where digits run together, a sign that falls where the column
    cannot be negative (a count of -18538) shows the values were cut elsewhere than between
    them. Elsewhere a negative count is read as stated, for the checks to flag."""
    if run_together:
        for i, t in enumerate(toks):
            if t[0].startswith("-") and t[3] == _NUM and i not in may_be_negative:
                return _Reading(reason="a negative value where the column cannot be negative")
    return _Reading(cells=_cells(toks))


def _read_stream(g: _Group, k: int, run_together: bool, check,
                 may_be_negative: frozenset[int] = frozenset()) -> _Reading:
    toks = g.toks
    n = len(toks)
    if n == k:
        return _signed(toks, run_together, may_be_negative)
    if n == k + 1:
        cut = [i for i in range(1, n) if toks[i][4] and toks[i][3] == "num" and toks[i - 1][3] == "num"]
        if len(cut) == 1:
            i = cut[0]
            toks = toks[:i - 1] + [(toks[i - 1][0] + toks[i][0], toks[i - 1][1], None, _NUM, False)] + toks[i + 1:]
            if check is not None and not _passes(toks, check):
                # the extra number may as well be a page number left in the row
                return _Reading(reason=f"{n} values for {k} columns; joined across the break they do not add up")
            return _signed(toks, run_together, may_be_negative)
    if n > k:
        return _Reading(reason=f"{n} values for {k} columns")
    if not run_together:
        return _Reading(reason=f"{n} values for {k} columns (blank cells dropped)")
    items = [t[0] if t[3] == "num" else None for t in toks]
    segs = _segmentations(items, k, check)
    if not segs:
        return _Reading(reason="no reading of the digit run fits the table")
    ln = g.line
    alts = [[(x, ln, None) if x is not None else None for x in s] for s in segs]
    if len(alts) == 1:
        return _Reading(cells=alts[0])
    return _Reading(alternatives=alts, reason=f"{len(alts)} readings of the digit run")


# ---------------------------------------------------------------------------------------------
# the reader


# label text of a row of its own: two Chinese characters, once units, bracketed notes and the
# row numbering are set aside
_OWN_LABEL = re.compile(r"[\u4e00-\u9fff]{2}")
_HAN_CHARS = re.compile(r"[\u4e00-\u9fff]")
_LABEL_NOISE = re.compile(r"[（(][^）)]*[）)]|万元|元|件|条|项|其中|[一二三四五六七八九十]+、")


_ROW_HAN: dict[tuple[str, str], frozenset[str]] = {}


def _label_may_be(label: str, tpl: str, key: str) -> bool:
    """Whether the label on a value line may be (a misspelling of) template row ``key``: no label
    of its own, or one that shares most characters with the row's printed label (8.属于行政查阅事项
    for 8.属于行政查询事项, not 其中：按时办结 for 四、结转下年度继续办理)."""
    own = _HAN_CHARS.findall(_LABEL_NOISE.sub("", label))
    if len(own) < 2:
        return True
    han = _ROW_HAN.get((tpl, key))
    if han is None:
        from gongkai.catalogue import indicators

        ind = indicators().get(f"t3.{key}.total")
        han = _ROW_HAN[(tpl, key)] = frozenset(_HAN_CHARS.findall(ind.row_label if ind else ""))
    mine = set(own)
    # most of its characters in the row's label, or most of the row's label in it (a label that
    # also carries its section's header, 三、本年度办理结果（三）不予公开8.属于行政查询事项)
    return sum(ch in han for ch in own) >= 0.6 * len(own) or sum(ch in mine for ch in han) >= 0.6 * len(han)


class _Labeler:
    """All row patterns of one table as one regex; results cached (labels repeat a lot)."""

    def __init__(self, patterns: list[str]):
        self.rx = re.compile("|".join(f"(?P<r{i}>{p})" for i, p in enumerate(patterns)))
        self.cache: dict[str, list[int]] = {}

    def find(self, txt: str) -> list[int]:
        """Row indices of the labels in ``txt``, in text order."""
        hit = self.cache.get(txt)
        if hit is None:
            hit = [int(m.lastgroup[1:]) for m in self.rx.finditer(txt)]
            if len(self.cache) < 50000:
                self.cache[txt] = hit
        return hit

    def last(self, txt: str) -> int | None:
        hit = self.find(txt) if txt else None
        return hit[-1] if hit else None

    def labelled_apart(self, g: "_Group") -> bool:
        """Whether the values of ``g`` have a label of their own on their line that names no row
        of this table, while the row found in the lines above ends before it (行政强制 with no
        values, then 行政检查 12: the 12 is 行政检查's, a row the template does not have). A
        label wrapped onto the value line continues the match above, so it is not apart."""
        same = g.same_line
        if not same or not _OWN_LABEL.search(_LABEL_NOISE.sub("", same)) or self.find(same):
            return False
        before = g.before
        cut = len(before) - len(same)
        if cut <= 0 or before[cut:] != same:
            return False
        last = None
        for last in self.rx.finditer(before):
            pass
        return last is not None and last.end() <= cut


_T2_LABELER = _Labeler([p for _, p in L.T2_ROWS])
_T3_LABELERS = {tpl: _Labeler([p for _, p in rows]) for tpl, rows in L.T3_ROWS.items()}
_T2_KEYS = [key for key, _ in L.T2_ROWS]
_T2_CODES = {tk: [f"t2.{tk[1]}.{c}" for c in cols] for tk, cols in L.T2_COLUMNS.items()}
_T3_CODES = {tpl: [[f"t3.{key}.{c}" for c in L.T3_COLUMNS] for key, _ in rows] for tpl, rows in L.T3_ROWS.items()}
_T4_CODES = [f"t4.{b}.{c}" for b in L.T4_BLOCKS for c in L.T4_COLUMNS]
_T2_HEADER_RX = [(re.compile(p), code) for p, code in L.T2_HEADER_COLUMNS]
_HDR_CODES: dict[str, list[str]] = {}


def _header_codes(h: str) -> list[str]:
    """Column codes whose header fragment occurs in header field ``h``, in T2_HEADER_COLUMNS order."""
    c = _HDR_CODES.get(h)
    if c is None:
        c = [code for rx, code in _T2_HEADER_RX if rx.search(h)]
        if len(_HDR_CODES) < 20000:
            _HDR_CODES[h] = c
    return c


class _Reader:
    def __init__(self, text: str, nested: bool = False):
        self.text = text
        self.nested = nested  # reading a later table only to compare it with the first
        self.res = TableResult()
        self.t3_trailing: int | None = None
        self.pages = PageNumbers(text)
        self._spacing: int | None = None
        self.torn: set[int] = set()  # lines of rows whose number a page break tore in two
        # a cell stated again with another value (a second table 3 in the report: 全区汇总 next to
        # 本级, or another year's): which one is the report's own is not known, see _settle_repeats
        self.again: dict[str, Value] = {}

    def spacing(self) -> int:
        if self._spacing is None:
            t = self.text
            # the quick test of spacing on the text itself, before it is split into lines (a
            # run of three line ends counts once: 3 ×, for a text spaced by two blank lines)
            self._spacing = (spacing(t.split("\n"))
                             if 3 * t.count("\n\n") >= _SPACED_SHARE * t.count("\n") else 0)
        return self._spacing

    def zone(self, s: int, e: int) -> _Zone:
        return _Zone(_zone_lines(self.text, s, e, self))

    def put(self, code: str, cell: tuple) -> None:
        cells = self.res.cells
        v = _value(code, cell[0], _where(cell[1], cell[2]))
        if v is not None:
            if code not in cells:
                cells[code] = v
            else:
                self._again(v)
        else:
            self.unsure(code, cell[0], _where(cell[1], cell[2]), UNREAD_VALUE)

    def _again(self, v: Value | None) -> None:
        """A cell already read is stated once more: remember the first other value."""
        if v is not None and v.value != self.res.cells[v.code].value and v.code not in self.again:
            self.again[v.code] = v

    def unsure(self, code: str, raw: str, where: str, reason: str) -> None:
        if code not in self.res.cells and code not in self.res.uncertain:
            self.res.uncertain[code] = Uncertain(code, raw, where, reason)

    def warn(self, check: str, msg: str) -> None:
        self.res.problems.append(Problem(check, "warn", msg))

    def emit(self, codes: list[str], rd: _Reading, g: _Group, again_only: bool = False) -> None:
        """Cells of one row reading; ``again_only``: a row read before, only compared with it."""
        gg = rd.g
        if gg is not None and rd._cells is None:
            # k grid fields from s: the common row, read without building tokens
            cells = self.res.cells
            s, line = rd.s, gg.line
            col = gg.col0 + s
            ws = _where_row(line) if col + rd.k <= _WHERE_COLS else None
            for code, f, kd in zip(codes, gg.fields[s:s + rd.k], gg.kinds[s:s + rd.k]):
                if kd == "num":
                    if ws is not None:
                        w = ws[col]
                        if w is None:
                            w = ws[col] = f"line {line}, col {col}"
                    else:
                        w = _where(line, col)
                    if code in cells:
                        self._again(_value(code, f.strip(), w))
                    elif again_only:
                        pass
                    elif f.isdecimal():
                        cells[code] = _tuple_new(Value, (code, float(f), f, "table", w))
                    else:
                        v = _value(code, f.strip(), w)
                        if v is not None:
                            cells[code] = v
                        else:
                            self.unsure(code, f.strip(), w, UNREAD_VALUE)
                col += 1
            return
        if rd.cells is not None:
            cells = self.res.cells
            for code, c in zip(codes, rd.cells):
                if c is not None:
                    raw = c[0]
                    if code in cells:
                        self._again(_value(code, raw, _where(c[1], c[2])))
                    elif again_only:
                        pass
                    elif raw.isdecimal():
                        # the common cell, inlined: a plain number, no unit
                        cells[code] = _tuple_new(Value, (code, float(raw), raw, "table", _where(c[1], c[2])))
                    else:
                        v = _value(code, raw, _where(c[1], c[2]))
                        if v is not None:
                            cells[code] = v
                        else:
                            self.unsure(code, raw, _where(c[1], c[2]), UNREAD_VALUE)
            return
        if again_only:
            return
        if rd.alternatives:
            alts = rd.alternatives
            for i, code in enumerate(codes):
                vals = {a[i][0] if a[i] else None for a in alts}
                if len(vals) == 1 and alts[0][i] is not None:
                    self.put(code, alts[0][i])
                else:
                    self.unsure(code, g.raw(), f"line {g.line}", rd.reason)
            return
        for code in codes:
            self.unsure(code, g.raw(), f"line {g.line}", rd.reason)

    # -- table 2 --------------------------------------------------------------------------------
    def table2(self, zone: _Zone, zone_text: str, run_together: bool) -> None:
        ct = _marker_text(zone_text)
        n21 = len(_T2_MARK21.findall(ct))
        n19 = len(_T2_MARK19.findall(ct))
        if not n21 and not n19:
            if _T2_MARK19_WEAK.search(ct):
                n19 = 1
            else:
                if zone.groups:
                    self.warn("t2_template", "table 2 found but its template is not recognised")
                return
        tpl = "gb2021" if n21 >= n19 else "gb2019"
        self.res.table_templates["t2"] = tpl
        keys = _T2_KEYS
        lab = _T2_LABELER
        done: set[str] = set()
        for gi, g in enumerate(zone.groups):
            if not g.size:
                continue
            r = lab.last(g.same_line) if g.grid else None
            if r is None:
                if lab.labelled_apart(g):
                    if g.n_values:
                        self.warn("t2_row", f"table 2 row {g.same_line!r} (line {g.line}) is not in the template; not read")
                    continue
                r = lab.last(g.before)
            if r is None:
                continue
            key = keys[r]
            cols = L.T2_COLUMNS.get((tpl, key))
            if cols is None:
                continue
            again = key in done
            if again:
                if not g.n_values:
                    continue
                self.warn("t2_row", f"table 2 row {key} seen twice (line {g.line}); only compared with the first")
            done.add(key)
            codes = _T2_CODES[(tpl, key)]
            k = len(cols)
            if g.grid:
                rd = self._t2_grid(zone, gi, g, cols)
            else:
                rd = _read_stream(g, k, run_together, _sign_check(cols),
                                  frozenset(i for i, c in enumerate(cols) if c == "delta"))
                if rd.alternatives and (tpl, key) in _T2_PROSE:
                    rd = self._t2_prose_split(rd, _T2_PROSE[(tpl, key)], g)
            self.emit(codes, rd, g, again_only=again)
            if codes[-1].endswith("amount_10k_yuan") and not again:
                self._amount_header_unit(codes, zone.groups, gi)

    def _t2_prose_split(self, rd: _Reading, patterns: tuple, g: _Group) -> _Reading:
        """A digit run with several readings (``8855698`` for 制发/废止/现行有效) takes the one
        reading whose columns equal what the text's own sentences state for them (现行有效行政规范性
        文件698件, 制发的规范性文件88件): only when at least two columns are stated, each with one
        number, and exactly one reading agrees."""
        stated: dict[int, str] = {}
        for i, rx in enumerate(patterns):
            found = {m.group(1) for m in rx.finditer(self.text)}
            if len(found) == 1:
                stated[i] = found.pop()
        if len(stated) < 2:
            return rd
        fits = [a for a in rd.alternatives
                if all(a[i] is not None and a[i][0] == v for i, v in stated.items())]
        if len(fits) != 1:
            return rd
        self.warn("t2_prose_split", f"table 2 run {g.raw()!r} (line {g.line}) split as the text states "
                  + ", ".join(stated.values()))
        return _Reading(cells=fits[0])

    def _amount_header_unit(self, codes: list[str], groups: list[_Group], gi: int) -> None:
        """The template's amounts are in 万元; a table whose header says ``（单位：元）`` states yuan,
        so its plain numbers are divided (a cell with its own unit was converted already). The
        header is the row's own label text or a value-less row right above it."""
        head = [groups[gi].before]
        for j in range(gi - 1, max(gi - 3, -1), -1):
            if groups[j].n_values:
                break
            head.append(groups[j].before)
        text = "".join(reversed(head))
        if "元" not in text:
            return
        units = _AMOUNT_HEADER_UNIT.findall(text)
        if not units or units[-1] != "元":
            return
        cells = self.res.cells
        for code in codes:
            v = cells.get(code)
            if v is not None and code.endswith("amount_10k_yuan") and not v.raw.endswith("元"):
                cells[code] = _make_value(code, round(v.value / 10000, 6), v.raw, v.where)

    def _t2_grid(self, zone: _Zone, gi: int, g: _Group, cols: list[str]) -> _Reading:
        k = len(cols)
        m = g.size
        hdr = None
        for hgi, hf in zone.header_fields:
            if hgi <= gi:
                hdr = hf
        if m == k:
            if hdr is not None and len(hdr) >= k and k > 1:
                named = [_header_codes(h) for h in hdr[:k]]
                if all(len(c) == 1 for c in named) and sorted(c[0] for c in named) == sorted(cols) \
                        and [c[0] for c in named] != list(cols):
                    # the header names this row's columns in another order: read in the
                    # template's, every value would be another column's
                    return _Reading(reason="the header orders the columns otherwise than the template: "
                                           + " ".join(hdr[:k]))
            return _Reading(g=g, s=0, k=k)
        if hdr is not None and m > k:
            toks = g.toks
            hcodes = [_header_codes(h) for h in hdr]
            idx = []
            for c in cols:
                pos = None
                for i, hc in enumerate(hcodes):
                    if c in hc:
                        pos = i
                        break
                idx.append(pos)
            if all(i is not None and i < len(toks) for i in idx):
                used = set(idx)
                # a value under no header of this row's columns means the header does not fit
                names = [hc[0] if hc else None for hc in hcodes]
                stray = [i for i, t in enumerate(toks)
                         if t[3] == "num" and i not in used
                         and not (i < len(names) and names[i] in cols)]
                if not stray:
                    return _Reading(cells=_cells([toks[i] for i in idx]))
        return _read_grid(g, k, None)

    # -- table 3 --------------------------------------------------------------------------------
    def table3(self, zone: _Zone, zone_text: str, run_together: bool, t2tpl: str | None) -> None:
        ct = _marker_text(zone_text)
        if _T3_MARK21.search(ct):
            tpl = "gb2021"
        elif _T3_MARK19.search(ct):
            tpl = "gb2019"
        else:
            tpl = t2tpl or "gb2021"
            self.warn("t3_template", f"table 3 variant not shown by its rows; assumed {tpl}")
        rows = L.T3_ROWS[tpl]
        lab = _T3_LABELERS[tpl]
        nrows = len(rows)
        k = 7

        # countable grid rows: any stated field, or enough (empty) fields to be a row
        grid_groups = [g for g in zone.groups if g.grid and (g.n_filled or g.size >= k)]
        grid_n = len(grid_groups)
        stream_n = sum(1 for g in zone.groups if not g.grid and g.n_values)
        grid_mode = grid_n > 0 and grid_n >= stream_n
        if grid_mode or not stream_n:
            groups = grid_groups
        else:
            groups = [g for g in zone.groups
                      if (g.grid and (g.n_filled or g.size >= k)) or (not g.grid and g.n_values)]
        if not groups:
            return
        self.res.table_templates["t3"] = tpl
        wrong_columns = _t3_columns_problem(zone_text)
        if wrong_columns is not None:
            # values read in the template's column order would land in other columns
            where = f"line {groups[0].line}"
            for codes in _T3_CODES[tpl]:
                for code in codes:
                    self.unsure(code, "", where, wrong_columns)
            self.warn("t3_columns", f"table 3 (line {groups[0].line}) not read: {wrong_columns}")
            return

        # label evidence per group: (row index, strength)
        ev: list[tuple[int, int] | None] = []
        for g in groups:
            e = None
            if g.grid:
                r = lab.last(g.same_line)
                if r is not None:
                    e = (r, 3)
                elif not _ROW_NUMBER.match(g.same_line):
                    # a label wrapped onto the lines above; a row numbered on its own line (8.属于
                    # 行政查阅事项) is a row of its own whose label is unknown: the label above it
                    # belongs to a value-less row (7.属于行政执法案卷), not to this one
                    found = set(lab.find(g.before))
                    if len(found) == 1:
                        e = (found.pop(), 1)
            else:
                r = lab.last(g.before)
                if r is not None:
                    e = (r, 3 if lab.last(g.same_line) == r else 1)
            if e is not None and e[1] == 1 and lab.labelled_apart(g) and not _label_may_be(g.same_line, tpl, rows[e[0]][0]):
                # the row above states nothing, and these values have a label of their own that
                # is no continuation of its label (3.其他, then 其中：转办 2 … 2)
                e = None
            ev.append(e)

        # anchors in template order: heaviest strictly increasing chain
        idx = [i for i, e in enumerate(ev) if e is not None]
        if all(ev[idx[a - 1]][0] < ev[idx[a]][0] for a in range(1, len(idx))):
            # already increasing (the usual case): the chain is every anchor
            chain = idx
        else:
            best: list[tuple[int, int]] = []  # (weight, prev)
            for a, i in enumerate(idx):
                w, prev = ev[i][1], -1
                for b in range(a):
                    j = idx[b]
                    if ev[j][0] < ev[i][0] and best[b][0] + ev[i][1] > w:
                        w, prev = best[b][0] + ev[i][1], b
                best.append((w, prev))
            chain = []
            if best:
                b = max(range(len(best)), key=lambda x: best[x][0])
                while b != -1:
                    chain.append(idx[b])
                    b = best[b][1]
                chain.reverse()
        assign: dict[int, int] = {gi: ev[gi][0] for gi in chain}
        if len(chain) != len(idx):
            dropped = [gi for gi in idx if gi not in assign]
            self.warn("t3_order", f"{len(dropped)} table-3 row label(s) out of template order ignored")
        # fill gaps between anchors when the counts match exactly
        bounds = [(-1, -1)] + [(gi, assign[gi]) for gi in chain] + [(len(groups), nrows)]
        for (ga, ra), (gb, rb) in zip(bounds, bounds[1:]):
            if gb - ga <= 1:
                continue
            free = [gi for gi in range(ga + 1, gb) if gi not in assign]
            if not free:
                continue
            if len(free) == rb - ra - 1:
                foreign = next((groups[gi] for off, gi in enumerate(free)
                                if not _label_may_be(groups[gi].same_line, tpl, rows[ra + 1 + off][0])), None)
                if foreign is not None:
                    # a row with a label of its own that is none of the rows it would fill (其中：按时办结
                    # in the place of a 四、结转下年度 whose blank values were dropped)
                    self.warn("t3_align", f"table-3 row {foreign.same_line!r} near line {foreign.line} "
                                          "is not in the template: its gap is not read")
                    continue
                for off, gi in enumerate(free):
                    assign[gi] = ra + 1 + off
            elif not any(groups[gi].n_filled for gi in free):
                pass  # value-less grid lines (a header spanning the value columns): nothing left unread
            else:
                self.warn("t3_align", f"{len(free)} unlabelled table-3 row(s) near line {groups[free[0]].line} "
                                      f"for {rb - ra - 1} template row(s): not read")

        readings: dict[int, tuple[_Reading, _Group]] = {}
        trailing = self._trailing(groups, k)
        self.t3_trailing = trailing
        last_col = self._last_column(groups, k)
        for gi, r in sorted(assign.items()):
            g = groups[gi]
            if g.grid and len(g.kinds) == k and g.kinds[0] == "empty" and g.n_filled and last_col is not None \
                    and g.col0 + k - 1 < last_col:
                # k fields, but led by an empty one and ending before the table's last column:
                # a merged label's placeholder and a row cut short, or a blank first cell?
                rd = _Reading(reason=f"the row ends at column {g.col0 + k - 1}, before the table's "
                                     f"last column {last_col}: which columns its values are in is not known")
            else:
                rd = (_read_grid(g, k, trailing, _check_t3, torn=g.line in self.torn) if g.grid
                      else _read_stream(g, k, run_together, _check_t3))
            readings[r] = (rd, g)
        self._resolve_t3(readings, rows)
        codes = _T3_CODES[tpl]
        for r, (rd, g) in sorted(readings.items()):
            self.emit(codes[r], rd, g)

    @staticmethod
    def _last_column(groups: list[_Group], k: int) -> int | None:
        """The column most of the table's value rows end at (grid rows with a value in their last
        field and at least k fields)."""
        cnt: Counter[int] = Counter()
        for g in groups:
            if g.grid and len(g.kinds) >= k and g.kinds[-1] == "num":
                cnt[g.col0 + len(g.kinds) - 1] += 1
        if not cnt:
            return None
        (col, n), = cnt.most_common(1)
        return col if 2 * n > sum(cnt.values()) else None

    @staticmethod
    def _trailing(groups: list[_Group], k: int) -> int | None:
        """How many fields follow the value columns in this table's unambiguous grid rows."""
        cnt: Counter[int] = Counter()
        for g in groups:
            if not g.grid:
                continue
            m = len(g.kinds)
            if m < k:
                continue
            valid = _valid_starts(g, k)
            if len(valid) == 1:
                t = m - k - valid[0]
                cnt[t] = cnt.get(t, 0) + 1
        return cnt.most_common(1)[0][0] if cnt else None
    def _resolve_t3(self, readings: dict[int, tuple[_Reading, _Group]], rows) -> None:
        """Narrow rows with several digit-run readings with R3.1 and R3.2 (per column): every
        combination of the ambiguous rows' readings is checked; a row is resolved when all
        combinations that satisfy the identities agree on it."""
        amb = [r for r, (rd, _) in readings.items() if rd.alternatives]
        if not amb:
            return
        keys = [r[0] for r in rows]
        i_new, i_in = keys.index("new_received"), keys.index("carried_in")
        i_tot, i_out = keys.index("total_processed"), keys.index("carried_out")
        results = [i for i in range(len(keys)) if i not in (i_new, i_in, i_tot, i_out)]
        identities = [([i_new, i_in], [i_tot, i_out]), (results, [i_tot])]
        total = 1
        for r in amb:
            total *= len(readings[r][0].alternatives)
        if total > 4096:
            return
        fixed: dict[int, list] = {r: rd.cells for r, (rd, _) in readings.items() if rd.cells is not None}

        def ok(choice: dict[int, list]) -> bool:
            for lhs, rhs in identities:
                rows_ = lhs + rhs
                if not any(r in choice for r in rows_):
                    continue
                for c in range(7):
                    vals = []
                    for r in rows_:
                        cells = choice.get(r) or fixed.get(r)
                        if cells is None or cells[c] is None:
                            break
                        v = _num(cells[c][0])
                        if v is None:
                            break
                        vals.append(v)
                    else:
                        nl = len(lhs)
                        if abs(sum(vals[:nl]) - sum(vals[nl:])) > 1e-9:
                            return False
            return True

        passing: list[dict[int, list]] = []

        def rec(i: int, choice: dict[int, list]):
            if i == len(amb):
                if ok(choice):
                    passing.append(dict(choice))
                return
            r = amb[i]
            for alt in readings[r][0].alternatives:
                choice[r] = alt
                rec(i + 1, choice)
            del choice[r]

        rec(0, {})
        if not passing:
            return
        for r in amb:
            alts = {tuple(p[r]) for p in passing}
            rd, g = readings[r]
            if len(alts) == 1:
                readings[r] = (_Reading(cells=list(alts.pop())), g)
            else:
                readings[r] = (_Reading(alternatives=[list(a) for a in alts], reason=rd.reason), g)

    # -- table 4 --------------------------------------------------------------------------------
    def table4(self, zone: _Zone, run_together: bool, zone_text: str = "") -> None:
        k = 15
        codes = _T4_CODES
        _, head = _header_text(zone_text)
        direct, after = head.find("未经复议直接起诉"), head.find("复议后起诉")
        if 0 <= after < direct:
            # the litigation blocks printed in the other order: read in the template's, every
            # litigation value would be the other block's
            line = zone.groups[0].line if zone.groups else 0
            for code in codes:
                self.unsure(code, "", f"line {line}", "the header puts 复议后起诉 before 未经复议直接起诉")
            self.warn("t4_columns", f"table 4 (line {line}) not read: its header puts 复议后起诉 before 未经复议直接起诉")
            return
        grid = [g for g in zone.groups if g.grid and (g.size >= k or g.n_values)]
        stream = [g for g in zone.groups if not g.grid and g.n_values]
        blocks = _t4_blocks([g for g in zone.groups if g.grid]) if grid and grid[0].size < k else None
        if blocks and (not stream or grid[0].line <= stream[0].line):
            # the table drawn as stacked blocks (复议 | 诉讼, or a row per block): their fields in order
            toks = [t for b in blocks for t in b.toks]
            g = _Group(False, toks, blocks[0].line)
            rd = _Reading(cells=_cells(toks))
        elif grid and (not stream or grid[0].line <= stream[0].line):
            g = grid[0]
            rd = _read_grid(g, k, self.t3_trailing, _check_t4, unlabelled=True, torn=g.line in self.torn)
        elif stream:
            toks = [t for g in stream for t in g.toks]
            g = _Group(False, toks, stream[0].line)
            rd = _read_stream(g, k, run_together, _check_t4)
        else:
            return
        self.res.table_templates["t4"] = self.res.table_templates.get("t3") or self.res.table_templates.get("t2") or "gb2021"
        self.emit(codes, rd, g)

    def run(self) -> TableResult:
        text = self.text
        if not self.nested:
            sets = _table_sets(text)
            if sets:
                return self._read_sets(text, sets)
        zones = _find_zones(text)
        built = {name: self.zone(s, e) for name, (s, e) in zones.items()}
        chunks = [c for z in built.values() for c in z.stream_chunks]
        run_together = any(_LEADING_ZERO_RUN.match(c) for c in chunks)
        for z in built.values():
            if not run_together:
                z.split_stream_rows()
        if "t2" in built:
            s, e = zones["t2"]
            self.table2(built["t2"], text[s:e], run_together)
        if "t3" in built:
            s, e = zones["t3"]
            self.table3(built["t3"], text[s:e], run_together, self.res.table_templates.get("t2"))
        if "t4" in built:
            s, e = zones["t4"]
            self.table4(built["t4"], run_together, text[s:e])
        if self.again:
            self._settle_repeats()
        return self.res

    def _read_sets(self, text: str, starts: list[int]) -> TableResult:
        """A report holding its tables more than once (a 全区汇总 set next to the body's own, the
        tables of two bodies, this year's and last year's): each set is read on its own. A cell
        one set states and no other set mentions is taken; a cell two sets state alike is taken
        (right whichever set is the report's own); a cell they state differently, or that one set
        states and another could not read, is left uncertain: which set is the report's own is
        not known."""
        bounds = [0, *starts, len(text)]
        res = self.res
        seen: dict[str, list[Value]] = {}
        unsure: dict[str, Uncertain] = {}
        for a, b in zip(bounds, bounds[1:]):
            part = _Reader(text[a:b], nested=True).run()
            shift = _line_shift(text.count("\n", 0, a))
            for code, v in part.cells.items():
                seen.setdefault(code, []).append(v._replace(where=shift(v.where)))
            for code, u in part.uncertain.items():
                unsure.setdefault(code, Uncertain(code, u.raw, shift(u.where), u.reason))
            res.problems.extend(Problem(p.check, p.severity, shift(p.message)) for p in part.problems)
            for table, tpl in part.table_templates.items():
                res.table_templates.setdefault(table, tpl)
        differing = 0
        for code, vs in seen.items():
            if code in unsure:
                u = unsure[code]
                unsure[code] = Uncertain(code, f"{u.raw} | {vs[0].raw}", f"{u.where} | {vs[0].where}",
                                         f"{u.reason}; another set of tables states {vs[0].raw}")
            elif all(v.value == vs[0].value for v in vs[1:]):
                res.cells[code] = vs[0]
            else:
                differing += 1
                unsure[code] = _stated_differently(code, vs, "stated differently by two sets of tables in the report")
        res.uncertain.update(unsure)
        res.problems.append(Problem("table_repeated", "warn", (
            f"the report holds {len(starts) + 1} sets of tables (a second one from line "
            f"{text.count(chr(10), 0, starts[0]) + 1}); {differing} cells they state differently are left uncertain")))
        return res

    def _settle_repeats(self) -> None:
        """Cells that the report states twice with different values (two tables 3: 全区 and
        本级, this year and last, two bodies): which is the report's own is not known, so neither
        value is taken. Values both tables agree on stay: they are right either way."""
        cells, uncertain = self.res.cells, self.res.uncertain
        for code, v2 in self.again.items():
            uncertain[code] = _stated_differently(code, [cells.pop(code), v2],
                                                  "stated twice with different values (two tables in the report)")
        code = next(iter(self.again))
        self.warn("table_repeated", f"{len(self.again)} table cells are stated twice with different values "
                  f"(e.g. {code}: {uncertain[code].raw} at {uncertain[code].where}); left uncertain")


# One mark per table, found once in each printing of it: table 2's first sub-header, table 3's
# first row, table 4's header cell over its first litigation block.
_SET_MARKS = (("t2", _anchor_re(["第二十条第（一）项"])), ("t3", _T3_ROW1), ("t4", _anchor_re(["未经复议直接起诉"])))


_T3_COLUMN_NAMES = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
_T3_ORG_NAMES = _T3_COLUMN_NAMES[1:6]
_OTHER_COLUMN = re.compile(r"其他(?!组织)")  # not the 其他 of 法人或其他组织
_DIGITS = re.compile(r"\d+")


def _header_text(text: str) -> tuple[list[str], str]:
    """A header's lines compacted, page footers left out, and all of them joined without digits:
    a name a page or a cell broke over lines (自 / 然人, 法人或其他组 / 1 / 织) reads as one."""
    lines = [ln.translate(_COMPACT_TABLE) for ln in text.split("\n") if not _FOOTER.match(ln)]
    return lines, _DIGITS.sub("", "".join(lines))


def _t3_columns_problem(zone_text: str) -> str | None:
    """Why table 3's header shows columns other than the template's, in another order or with
    one left out (自然人 dropped, 总计 first); None when it does not say (no header, or one too
    broken to tell: a PDF may wrap a name inside its cell)."""
    end = _T3_ROW1.search(zone_text)
    if end is None:
        return None
    lines, head = _header_text(zone_text[:end.start()])
    pos: dict[str, int] = {}
    for name in _T3_COLUMN_NAMES:
        if name == "其他":
            m = _OTHER_COLUMN.search(head)
            i = m.start() if m else -1
        else:
            i = head.find(name)
        if i >= 0:
            pos[name] = i
    found = [pos[n] for n in _T3_ORG_NAMES if n in pos]
    if found != sorted(found):
        return "the header's 法人或其他组织 columns are not in the template's order"
    if len(found) == len(_T3_ORG_NAMES):  # the header reads cleanly: 自然人 and 总计 must be there
        missing = [n for n in ("自然人", "总计") if n not in pos]
        if missing:
            return f"the header has no {'、'.join(missing)} column"
    for line in lines:
        a, b = line.find("自然人"), line.find("总计")
        if 0 <= b < a:
            return "the header puts 总计 before 自然人"
    return None


def _table_sets(text: str) -> list[int]:
    """Where the report starts its tables again (the line of a table that was already printed,
    or of its header): the starts of the second, third… sets; [] for the usual report."""
    marks: list[tuple[int, int, str, int]] = []
    for kind, rx in _SET_MARKS:
        last = -1
        for m in rx.finditer(text):
            ls = text.rfind("\n", 0, m.start()) + 1
            if ls == last:
                continue  # a merged label repeated along its own row
            le = text.find("\n", m.end())
            line = text[ls:le if le >= 0 else len(text)]
            if "\t" not in line and "|" not in line and ("，" in line or "。" in line):
                continue  # a sentence naming the row
            last = ls
            marks.append((ls, le if le >= 0 else len(text), kind, m.start()))
    if len(marks) <= 3 and len({k for _, _, k, _ in marks}) == len(marks):
        return []
    marks.sort()
    starts: list[int] = []
    kinds: set[str] = set()
    prev_end = 0
    for ls, le, kind, pos in marks:
        if kind in kinds:
            start = ls
            if kind == "t3":  # from the table's header, when it has one
                head = _T3_HEAD.search(text, prev_end, pos)
                if head is not None:
                    start = text.rfind("\n", 0, head.start()) + 1
            starts.append(start)
            kinds = set()
        kinds.add(kind)
        prev_end = le
    return starts


def _stated_differently(code: str, values: list[Value], reason: str) -> Uncertain:
    """Every text and place a cell was stated with, when they do not agree."""
    return Uncertain(code, " | ".join(v.raw for v in values), " | ".join(v.where for v in values), reason)


_LINE_NO = re.compile(r"(?<=line )\d+")


def _line_shift(offset: int):
    """Rewrites the line numbers of a part read on its own to the whole text's."""
    if not offset:
        return lambda s: s
    return lambda s: _LINE_NO.sub(lambda m: str(int(m.group()) + offset), s)


def extract_gb_tables(text: str) -> TableResult:
    """Read tables 2–4 of a gb2019/gb2021 report from its normalized text."""
    return _Reader(text).run()
