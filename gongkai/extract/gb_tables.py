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
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from gongkai.extract import gb_labels as L
from gongkai.model import Problem, TableResult, Uncertain, Value

# ---------------------------------------------------------------------------------------------
# text helpers

_CJK = "\u3400-\u9fff"
_FOLD = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "．": ".", "､": "、"})
_WS = re.compile(r"\s+")


_COMPACT_CACHE: dict[str, str] = {}


def _compact(s: str) -> str:
    c = _COMPACT_CACHE.get(s)
    if c is None:
        c = _WS.sub("", s).translate(_FOLD)
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
_T4_HEADING = re.compile(r"四\s*、[^\n。、]{0,30}?行\s*政\s*复\s*议|政府信息公开行政复议")
_T4_END = re.compile(r"五\s*、|六\s*、|（\s*一\s*）|\(\s*一\s*\)")
_PROSE_LINE = re.compile(r"。|\d\s*[件条项起份]")
_LEGACY_MARKER = re.compile(r"答\s*复\s*数|统\s*计\s*指\s*标|指\s*标\s*名\s*称")
_T3_FALLBACK = re.compile("|".join(p for _, p in L._T3_HEAD[2:]) + "|" + "|".join(p for _, p in L._T3_TAIL))

_FOOTER = re.compile(
    r"^\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|共\s*\d{1,3}\s*页\s*第\s*\d{1,3}\s*页)\s*$"
)
_BARE_NUM = re.compile(r"^\d{1,3}\s*$")
_FOOTER_ANY = re.compile(r"(?m)^\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页)\s*(?:共\s*\d{1,3}\s*页\s*)?$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_VALUES_ONLY = re.compile(r"^[\d\s\t.+\-—－/元万]+$")

# grid field: a number (spaces inside from spaced digits), optional unit; or a blank marker
_FIELD_NUM = re.compile(r"^([+-]?\d[\d ]*(?:\.\d+)?)\s*(万元|元)?$")
_BLANKS = {"—", "——", "-", "--", "/", "／", "无", "－", "不适用", "–", "…", "\\"}

# stream tokens
_GLUED_NUMBERING = re.compile(rf"(\d)(\d[.、](?=\s*[{_CJK}“\"]))")
_TOKEN = re.compile(
    rf"(?P<numbering>(?<![\d.])\d\s*[.、](?=\s*[{_CJK}“\"]|\s*$))"
    rf"|(?P<num>[+-]?\d+(?:\.\d+)?)(?P<unit>\s*(?:万元|元))?(?P<prose>\s*[件条个项次人年月日号期%％家篇场名])?"
    rf"|(?P<blank>—+|－+|(?<![\w.])[-/](?![\w.]))"
    rf"|(?P<text>[^\s\d—－]+)"
)
_LEADING_ZERO_RUN = re.compile(r"(?<![\d.])0\d")


@dataclass(slots=True)
class _Tok:
    raw: str
    kind: str  # "num" | "blank" | "empty"
    line: int
    col: int | None = None  # 1-based grid field, None in stream text
    glued: bool = False  # stream: first token after a page break, no space before it


@dataclass(slots=True)
class _Group:
    grid: bool
    toks: list[_Tok]
    line: int
    line_counts: list[int] = field(default_factory=list)  # stream: tokens per line
    same_line: str = ""  # compacted label text on the group's line (since previous group)
    before: str = ""  # compacted label text since the previous group
    before_lines: list[tuple[int, str]] = field(default_factory=list)

    @property
    def n_values(self) -> int:
        return sum(1 for t in self.toks if t.kind == "num")

    def raw(self) -> str:
        return " | ".join(t.raw for t in self.toks) if self.grid else " ".join(t.raw for t in self.toks)


# ---------------------------------------------------------------------------------------------
# zones


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
            if not _PROSE_LINE.search(text, ls, le if le >= 0 else len(text)):
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
        return "empty"
    if f.isdigit():
        return "num"
    s = f.strip()
    if not s:
        return "empty"
    if s in _BLANKS:
        return "blank"
    if _FIELD_NUM.match(s):
        return "num"
    return "text"


class _Zone:
    """Label text and value groups of one table zone, in reading order."""

    def __init__(self, lines: list[tuple[int, str, bool]]):
        self.groups: list[_Group] = []
        self.stream_chunks: list[str] = []
        self.header_fields: list[tuple[int, list[str]]] = []  # (group index, fields after 信息内容)
        before: list[tuple[int, str]] = []
        cur: _Group | None = None  # open stream group

        def close():
            nonlocal cur
            if cur is not None:
                self.groups.append(cur)
                cur = None

        def start_group(g: _Group):
            nonlocal before
            g.before_lines = before
            g.before = "".join(t for _, t in before)
            g.same_line = "".join(t for ln, t in before if ln == g.line)
            before = []

        for ln, seg, brk in lines:
            fields = _split_fields(seg)
            if fields is not None:
                close()
                kinds = [_field_kind(f) for f in fields]
                last_text = max((i for i, k in enumerate(kinds) if k == "text"), default=-1)
                texts = [fields[i] for i in range(last_text + 1) if kinds[i] == "text"]
                if texts:
                    txt = _compact("".join(texts))
                    before.append((ln, txt))
                    if "信息内容" in txt:
                        hi = next(i for i in range(last_text + 1) if "信息内容" in _compact(fields[i]))
                        self.header_fields.append((len(self.groups), [_compact(f) for f in fields[hi + 1:]]))
                vals = fields[last_text + 1:]
                if vals:
                    toks = [_Tok(fields[i].strip(), kinds[i], ln, i + 1) for i in range(last_text + 1, len(fields))]
                    g = _Group(True, toks, ln)
                    start_group(g)
                    self.groups.append(g)
                continue
            seg = _GLUED_NUMBERING.sub(r"\1 \2", seg)
            first_tok = True
            for m in _TOKEN.finditer(seg):
                if m.group("num") is not None:
                    if m.group("prose"):
                        close()
                        before.append((ln, _compact(m.group(0))))
                        continue
                    raw = m.group("num") + (m.group("unit") or "").strip()
                    self.stream_chunks.append(m.group("num"))
                    tok = _Tok(raw, "num", ln, None, brk and first_tok and m.start() == 0)
                elif m.group("blank") is not None:
                    tok = _Tok(m.group("blank"), "blank", ln)
                else:
                    close()
                    first_tok = False
                    t = m.group(0)
                    before.append((ln, _compact(t)))
                    continue
                first_tok = False
                if cur is None:
                    cur = _Group(False, [], ln)
                    start_group(cur)
                cur.toks.append(tok)
                if cur.line_counts and cur.toks[-2].line == ln:
                    cur.line_counts[-1] += 1
                else:
                    cur.line_counts.append(1)
        close()
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
                    sub = _Group(False, g.toks[i:i + c], g.toks[i].line, [c])
                    if j == 0:
                        sub.before, sub.same_line, sub.before_lines = g.before, g.same_line, g.before_lines
                    out.append(sub)
                    i += c
            else:
                out.append(g)
        self.groups = out


def _zone_lines(text: str, line_starts: list[int], s: int, e: int,
                bare_pages: bool = True) -> list[tuple[int, str, bool]]:
    """(1-based line number, text) for the part of each line inside [s, e), footers removed."""
    first = bisect_right(line_starts, s) - 1
    out: list[tuple[int, str]] = []
    i = first
    raw_lines: list[tuple[int, str]] = []
    while i < len(line_starts) and line_starts[i] < e:
        ls = line_starts[i]
        le = line_starts[i + 1] - 1 if i + 1 < len(line_starts) else len(text)
        raw_lines.append((i + 1, text[max(ls, s):min(le, e)]))
        i += 1
    gap = False  # blank or footer lines since the last kept line (a page break)
    for k, (ln, seg) in enumerate(raw_lines):
        if not seg.strip() or _FOOTER.match(seg):
            gap = True
            continue
        if bare_pages and _BARE_NUM.match(seg):
            prev_blank = k > 0 and not raw_lines[k - 1][1].strip()
            nxt = ln  # 0-based index of the next line in the whole text
            next_blank = nxt < len(line_starts) and not text[line_starts[nxt]:(
                line_starts[nxt + 1] if nxt + 1 < len(line_starts) else len(text))].strip()
            if prev_blank and next_blank:
                gap = True
                continue  # a page number between blank lines
        if _MD_RULE.match(seg) and not re.search(r"\d", seg):
            continue
        if gap and out and _VALUES_ONLY.match(seg) and (
                "\t" in out[-1][1] or ("\t" in seg and _VALUES_ONLY.match(out[-1][1]))):
            # a table row broken by a page break: the rest of the row continues the line
            out[-1] = (out[-1][0], out[-1][1] + seg, out[-1][2])
            gap = False
            continue
        if out and seg[:1] in ".、" and out[-1][1].rstrip()[-1:].isdigit():
            # a sub-row number ("3") cut from its label (".危及…") by a page break
            out[-1] = (out[-1][0], out[-1][1] + seg, out[-1][2])
            gap = False
            continue
        out.append((ln, seg, gap))
        gap = False
    return out


# ---------------------------------------------------------------------------------------------
# numbers


def _parse(raw: str) -> tuple[float, str] | None:
    if raw.isdigit():
        return float(raw), ""
    s = raw.strip()
    unit = ""
    if s.endswith("万元"):
        s, unit = s[:-2], "万元"
    elif s.endswith("元"):
        s, unit = s[:-1], "元"
    s = s.replace(" ", "").strip()
    if s.startswith("+"):
        s = s[1:]
    try:
        return float(s), unit
    except ValueError:
        return None


def _value(code: str, raw: str, where: str) -> Value | None:
    p = _parse(raw)
    if p is None:
        return None
    v, unit = p
    if code.endswith("amount_10k_yuan") and unit == "元":
        v = round(v / 10000, 6)
    return Value(code, v, raw, "table", where)


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
        max_after[i] = max_after[i + 1] + (1 if it is None else sum(c.isdigit() for c in it))

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


def _num(raw: str | None) -> float:
    if raw is None:
        return 0.0
    p = _parse(raw)
    return p[0] if p else 0.0


def _check_t3(acc: list) -> bool:
    if acc and acc[-1] is not None and acc[-1].startswith("-"):
        return False
    if len(acc) == 7:
        return abs(sum(_num(x) for x in acc[:6]) - _num(acc[6])) < 1e-9
    return True


def _check_t4(acc: list) -> bool:
    n = len(acc)
    if n and acc[-1] is not None and acc[-1].startswith("-"):
        return False
    if n in (5, 10, 15):
        b = acc[n - 5:n]
        return abs(sum(_num(x) for x in b[:4]) - _num(b[4])) < 1e-9
    return True


def _sign_check(cols: list[str]):
    """Only 本年增/减 may be negative."""
    def check(acc: list) -> bool:
        x = acc[-1] if acc else None
        return not (x is not None and x.startswith("-") and cols[len(acc) - 1] != "delta")
    return check


# ---------------------------------------------------------------------------------------------
# reading one group as k cells


@dataclass
class _Reading:
    """Cells of one row: list of k entries (None = blank/not stated, else (raw, where))."""

    cells: list[tuple[str, str] | None] | None = None
    alternatives: list[list[tuple[str, str] | None]] | None = None  # several readings
    reason: str = ""


def _where(t: _Tok) -> str:
    return f"line {t.line}" + (f", col {t.col}" if t.col is not None else "")


def _passes(cells: list, check) -> bool:
    raws = [c.raw if c.kind == "num" else None for c in cells]
    return all(check(raws[:j]) for j in range(1, len(raws) + 1))


def _read_grid(g: _Group, k: int, trailing: int | None, check=None) -> _Reading:
    toks = g.toks
    m = len(toks)
    if m < k:
        if all(t.kind == "empty" for t in toks):
            return _Reading(cells=[None] * k)
        return _Reading(reason=f"{m} fields for {k} columns")
    valid = [s for s in range(m - k + 1)
             if all(toks[i].kind == "empty" for i in range(m) if i < s or i >= s + k)]
    filled = [t for t in toks if t.kind != "empty"]
    if not valid:
        if len(filled) == k:
            # as many stated cells as columns: the empty fields are merged-cell placeholders
            return _Reading(cells=[(t.raw, _where(t)) if t.kind == "num" else None for t in filled])
        return _Reading(reason=f"{g.n_values} values in {m} fields for {k} columns")
    if len(valid) > 1 and check is not None:
        fit = [s for s in valid if _passes(toks[s:s + k], check)]
        if len(fit) == 1:
            valid = fit
    if len(valid) > 1:
        want = m - k - trailing if trailing is not None else None
        if want in valid:
            valid = [want]
        elif len(filled) == k:
            return _Reading(cells=[(t.raw, _where(t)) if t.kind == "num" else None for t in filled])
        else:
            return _Reading(reason="cannot tell which fields are the columns")
    s = valid[0]
    cells: list[tuple[str, str] | None] = []
    for t in toks[s:s + k]:
        cells.append((t.raw, _where(t)) if t.kind == "num" else None)
    return _Reading(cells=cells)


def _read_stream(g: _Group, k: int, run_together: bool, check) -> _Reading:
    toks = g.toks
    n = len(toks)
    if n == k:
        return _Reading(cells=[(t.raw, _where(t)) if t.kind == "num" else None for t in toks])
    if n == k + 1:
        cut = [i for i in range(1, n) if toks[i].glued and toks[i].kind == "num" and toks[i - 1].kind == "num"]
        if len(cut) == 1:
            i = cut[0]
            toks = toks[:i - 1] + [_Tok(toks[i - 1].raw + toks[i].raw, "num", toks[i - 1].line)] + toks[i + 1:]
            return _Reading(cells=[(t.raw, _where(t)) if t.kind == "num" else None for t in toks])
    if n > k:
        return _Reading(reason=f"{n} values for {k} columns")
    if not run_together:
        return _Reading(reason=f"{n} values for {k} columns (blank cells dropped)")
    items = [t.raw if t.kind == "num" else None for t in toks]
    segs = _segmentations(items, k, check)
    if not segs:
        return _Reading(reason="no reading of the digit run fits the table")
    w = f"line {g.line}"
    alts = [[(x, w) if x is not None else None for x in s] for s in segs]
    if len(alts) == 1:
        return _Reading(cells=alts[0])
    return _Reading(alternatives=alts, reason=f"{len(alts)} readings of the digit run")


# ---------------------------------------------------------------------------------------------
# the reader


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


_T2_LABELER = _Labeler([p for _, p in L.T2_ROWS])
_T3_LABELERS = {tpl: _Labeler([p for _, p in rows]) for tpl, rows in L.T3_ROWS.items()}


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.res = TableResult()
        starts = [0]
        for m in re.finditer("\n", text):
            starts.append(m.end())
        self.line_starts = starts
        self.t3_trailing: int | None = None
        # bare numbers between blank lines are page numbers only where no other footer style is used
        self.bare_pages = not _FOOTER_ANY.search(text)

    def zone(self, s: int, e: int) -> _Zone:
        return _Zone(_zone_lines(self.text, self.line_starts, s, e, self.bare_pages))

    def put(self, code: str, raw: str, where: str) -> None:
        v = _value(code, raw, where)
        if v is not None and code not in self.res.cells:
            self.res.cells[code] = v

    def unsure(self, code: str, raw: str, where: str, reason: str) -> None:
        if code not in self.res.cells and code not in self.res.uncertain:
            self.res.uncertain[code] = Uncertain(code, raw, where, reason)

    def warn(self, check: str, msg: str) -> None:
        self.res.problems.append(Problem(check, "warn", msg))

    def emit(self, codes: list[str], rd: _Reading, g: _Group) -> None:
        if rd.cells is not None:
            for code, c in zip(codes, rd.cells):
                if c is not None:
                    self.put(code, c[0], c[1])
            return
        if rd.alternatives:
            alts = rd.alternatives
            for i, code in enumerate(codes):
                vals = {a[i][0] if a[i] else None for a in alts}
                if len(vals) == 1 and alts[0][i] is not None:
                    self.put(code, alts[0][i][0], alts[0][i][1])
                else:
                    self.unsure(code, g.raw(), f"line {g.line}", rd.reason)
            return
        for code in codes:
            self.unsure(code, g.raw(), f"line {g.line}", rd.reason)

    # -- table 2 --------------------------------------------------------------------------------
    def table2(self, zone: _Zone, zone_text: str, run_together: bool) -> None:
        ct = _compact(zone_text)
        n21 = len(re.findall(L.T2_GB2021_MARKERS, ct))
        n19 = len(re.findall(L.T2_GB2019_MARKERS, ct))
        if not n21 and not n19:
            if re.search(r"其他对外管理服务事项|政府集中采购", ct):
                n19 = 1
            else:
                if zone.groups:
                    self.warn("t2_template", "table 2 found but its template is not recognised")
                return
        tpl = "gb2021" if n21 >= n19 else "gb2019"
        self.res.table_templates["t2"] = tpl
        keys = [key for key, _ in L.T2_ROWS]
        lab = _T2_LABELER
        done: set[str] = set()
        for gi, g in enumerate(zone.groups):
            if not g.toks or all(t.kind == "empty" for t in g.toks) and g.grid and len(g.toks) < 1:
                continue
            r = lab.last(g.same_line) if g.grid else None
            if r is None:
                r = lab.last(g.before)
            if r is None:
                continue
            key = keys[r]
            cols = L.T2_COLUMNS.get((tpl, key))
            if cols is None:
                continue
            if key in done:
                if g.n_values:
                    self.warn("t2_row", f"table 2 row {key} seen twice (line {g.line}); second ignored")
                continue
            done.add(key)
            codes = [f"t2.{key}.{c}" for c in cols]
            k = len(cols)
            if g.grid:
                rd = self._t2_grid(zone, gi, g, cols)
            else:
                rd = _read_stream(g, k, run_together, _sign_check(cols))
            self.emit(codes, rd, g)

    def _t2_grid(self, zone: _Zone, gi: int, g: _Group, cols: list[str]) -> _Reading:
        k = len(cols)
        toks = g.toks
        if len(toks) == k:
            return _Reading(cells=[(t.raw, _where(t)) if t.kind == "num" else None for t in toks])
        hdr = None
        for hgi, hf in zone.header_fields:
            if hgi <= gi:
                hdr = hf
        if hdr is not None and len(toks) > k:
            idx = []
            for c in cols:
                pos = None
                for i, h in enumerate(hdr):
                    if any(code == c and re.search(p, h) for p, code in L.T2_HEADER_COLUMNS):
                        pos = i
                        break
                idx.append(pos)
            if all(i is not None and i < len(toks) for i in idx):
                used = set(idx)
                # a value under no header of this row's columns means the header does not fit
                names = [next((code for p, code in L.T2_HEADER_COLUMNS if re.search(p, h)), None)
                         for h in hdr]
                stray = [i for i, t in enumerate(toks)
                         if t.kind == "num" and i not in used
                         and not (i < len(names) and names[i] in cols)]
                if not stray:
                    return _Reading(cells=[(toks[i].raw, _where(toks[i])) if toks[i].kind == "num" else None
                                           for i in idx])
        return _read_grid(g, k, None)

    # -- table 3 --------------------------------------------------------------------------------
    def table3(self, zone: _Zone, zone_text: str, run_together: bool, t2tpl: str | None) -> None:
        ct = _compact(zone_text)
        if re.search(L.T3_GB2021_MARKERS, ct):
            tpl = "gb2021"
        elif re.search(L.T3_GB2019_MARKERS, ct):
            tpl = "gb2019"
        else:
            tpl = t2tpl or "gb2021"
            self.warn("t3_template", f"table 3 variant not shown by its rows; assumed {tpl}")
        rows = L.T3_ROWS[tpl]
        lab = _T3_LABELERS[tpl]
        nrows = len(rows)
        k = 7

        grid_n = sum(1 for g in zone.groups if g.grid and self._countable(g, k))
        stream_n = sum(1 for g in zone.groups if not g.grid and g.n_values)
        grid_mode = grid_n > 0 and grid_n >= stream_n
        groups = [g for g in zone.groups
                  if (g.grid and self._countable(g, k)) or (not g.grid and not grid_mode and g.n_values)]
        if not groups:
            return
        self.res.table_templates["t3"] = tpl

        # label evidence per group: (row index, strength)
        ev: list[tuple[int, int] | None] = []
        for g in groups:
            e = None
            if g.grid:
                r = lab.last(g.same_line)
                if r is not None:
                    e = (r, 3)
                else:
                    found = set(lab.find(g.before))
                    if len(found) == 1:
                        e = (found.pop(), 1)
            else:
                r = lab.last(g.before)
                if r is not None:
                    e = (r, 3 if lab.last(g.same_line) == r else 1)
            ev.append(e)

        # anchors in template order: heaviest strictly increasing chain
        idx = [i for i, e in enumerate(ev) if e is not None]
        best: list[tuple[int, int]] = []  # (weight, prev)
        for a, i in enumerate(idx):
            w, prev = ev[i][1], -1
            for b in range(a):
                j = idx[b]
                if ev[j][0] < ev[i][0] and best[b][0] + ev[i][1] > w:
                    w, prev = best[b][0] + ev[i][1], b
            best.append((w, prev))
        chain: list[int] = []
        if best:
            b = max(range(len(best)), key=lambda x: best[x][0])
            while b != -1:
                chain.append(idx[b])
                b = best[b][1]
            chain.reverse()
        assign: dict[int, int] = {gi: ev[gi][0] for gi in chain}
        dropped = [gi for gi in idx if gi not in assign]
        if dropped:
            self.warn("t3_order", f"{len(dropped)} table-3 row label(s) out of template order ignored")
        # fill gaps between anchors when the counts match exactly
        bounds = [(-1, -1)] + [(gi, assign[gi]) for gi in chain] + [(len(groups), nrows)]
        for (ga, ra), (gb, rb) in zip(bounds, bounds[1:]):
            free = [gi for gi in range(ga + 1, gb) if gi not in assign]
            if not free:
                continue
            if len(free) == rb - ra - 1:
                for off, gi in enumerate(free):
                    assign[gi] = ra + 1 + off
            else:
                self.warn("t3_align", f"{len(free)} unlabelled table-3 row(s) near line {groups[free[0]].line} "
                                      f"for {rb - ra - 1} template row(s): not read")

        readings: dict[int, tuple[_Reading, _Group]] = {}
        trailing = self._trailing(groups, k)
        self.t3_trailing = trailing
        for gi, r in sorted(assign.items()):
            g = groups[gi]
            rd = _read_grid(g, k, trailing, _check_t3) if g.grid else _read_stream(g, k, run_together, _check_t3)
            readings[r] = (rd, g)
        self._resolve_t3(readings, rows)
        for r, (rd, g) in sorted(readings.items()):
            key = rows[r][0]
            self.emit([f"t3.{key}.{c}" for c in L.T3_COLUMNS], rd, g)

    @staticmethod
    def _countable(g: _Group, k: int) -> bool:
        if not g.grid:
            return False
        if any(t.kind != "empty" for t in g.toks):
            return True
        return len(g.toks) >= k

    @staticmethod
    def _trailing(groups: list[_Group], k: int) -> int | None:
        """How many fields follow the value columns in this table's unambiguous grid rows."""
        cnt: Counter[int] = Counter()
        for g in groups:
            if not g.grid or len(g.toks) < k:
                continue
            m = len(g.toks)
            valid = [s for s in range(m - k + 1)
                     if all(g.toks[i].kind == "empty" for i in range(m) if i < s or i >= s + k)]
            if len(valid) == 1:
                cnt[m - k - valid[0]] += 1
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
                        vals.append(_num(cells[c][0]))
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
    def table4(self, zone: _Zone, run_together: bool) -> None:
        k = 15
        codes = [f"t4.{b}.{c}" for b in L.T4_BLOCKS for c in L.T4_COLUMNS]
        grid = [g for g in zone.groups if g.grid and (len(g.toks) >= k or g.n_values)]
        stream = [g for g in zone.groups if not g.grid and g.n_values]
        if grid and (not stream or grid[0].line <= stream[0].line):
            g = grid[0]
            rd = _read_grid(g, k, self.t3_trailing, _check_t4)
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
            self.table4(built["t4"], run_together)
        return self.res


def extract_gb_tables(text: str) -> TableResult:
    """Read tables 2–4 of a gb2019/gb2021 report from its normalized text."""
    return _Reader(text).run()
