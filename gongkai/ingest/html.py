"""HTML pages: charset, chrome removal, block-level line breaks, tables as TAB grids.

Markers keep the structure through selectolax's flat ``text()``: ``\\x01`` is a line break
(inserted around block elements), ``\\x02`` a cell separator inside a rendered table. Control
characters are removed from the page first, so the markers are unambiguous.
"""
from __future__ import annotations

import html as _htmllib
import re
import threading

from selectolax.lexbor import LexborCSSSelector, LexborHTMLParser

from .common import CONTROL_RE, SUPERSCRIPT_DIGITS, Reject, collapse
from .text import _BYTE_COMPATIBLE, check_text, decode_text

NL, TAB = "\x01", "\x02"

_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CHARSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "hz-gb-2312": "gb18030", "euc-cn": "gb18030", "big5": "big5hkscs", "big5-hkscs": "big5hkscs",
    "cp950": "big5hkscs", "utf-8": "utf-8", "utf8": "utf-8", "unicode": "utf-8",
}
_HTML_OPEN = re.compile(r"<html[\s>]", re.IGNORECASE)
_HTML_CLOSE = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_DEPTH_SCAN_TAGS = 6000  # fewer tags than this cannot nest deeply enough to matter
_MAX_DEPTH = 3000  # lexbor's parser gets quadratic with nesting depth (10^5 levels: ~30 s)

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "select",
              "button", "input", "textarea")
_DROP_PRESENT = re.compile("<(" + "|".join(_DROP_TAGS) + ")")
assert not any(a != b and b.startswith(a) for a in _DROP_TAGS for b in _DROP_TAGS)
# Block elements get a line-break marker in the source, before their start and end tags (one C
# regex pass instead of two tree insertions per element). Table-structure tags are left out: text
# between <table>/<tr>/<td> would be foster-parented out of the table by the parser.
_SRC_BLOCK = re.compile(
    r"<(?=/?(?:p|div|li|ul|ol|dl|dt|dd|h[1-6]|section|article|header|footer|nav|aside|blockquote|pre|"
    r"center|address|form|caption|main|figure|figcaption|fieldset|legend|br|hr)[\s>/])",
)
_SRC_BLOCK_ANYCASE = re.compile(_SRC_BLOCK.pattern, re.IGNORECASE)  # 3x slower: only for upper-case tags
_UPPER_TAG = re.compile(r"</?[A-Z]")
# class/id fragments of site chrome, and fragments that mark the article itself (never dropped)
_CHROME_HINT = re.compile(r"nav|menu|footer|header|breadcrumb|crumb|position|location|share|copyright|"
                          r"toolbar|sidebar|banner|friendlink|topbar|login|search|dibu|daohang|weizhi",
                          re.IGNORECASE)
_CONTENT_HINT = re.compile(r"article|content|detail|zoom|main|text|body|title|info|news|zhengwen|"
                           r"wenzhang|xxgk|ttc|view|wrap|container|page", re.IGNORECASE)
# Both hint patterns are alternations of lower-case ASCII words: on an ASCII string, a
# case-insensitive search finds a word exactly when a case-sensitive search of the lower-cased
# string does (the case-insensitive matches that lower() would miss, such as U+212A KELVIN SIGN
# for "k", are non-ASCII characters).
assert re.fullmatch(r"[a-z|]+", _CHROME_HINT.pattern) and re.fullmatch(r"[a-z|]+", _CONTENT_HINT.pattern)
_CHROME_HINT_LOWER = re.compile(_CHROME_HINT.pattern)
_CONTENT_HINT_LOWER = re.compile(_CONTENT_HINT.pattern)
_CHROME_TAGS = frozenset(("nav", "header", "footer", "aside", "div", "ul", "ol", "p", "span", "section", "td",
                          "table", "dl", "form", "a", "li"))
_CHROME_TAG_IDS = frozenset(_node.tag_id for _node in LexborHTMLParser(
    "".join(f"<{tag}></{tag}>" for tag in _CHROME_TAGS if tag not in ("table", "td"))
    + "<table><tr><td></td></tr></table>").css(", ".join(_CHROME_TAGS)))
assert len(_CHROME_TAG_IDS) == len(_CHROME_TAGS) and not {"h1", "tr"} & _CHROME_TAGS
_CHROME_LINE = re.compile(
    r"^[\s【】\[\]()（）|｜/·•、,，:：]*(?:(?:打印本页|打印此页|打印文章|打印|关闭窗口|关闭本页|关闭|返回顶部|"
    r"返回|收藏本页|收藏|分享到|分享|字号|字体|大|中|小|默认|保存本页|纠错|扫一扫在手机打开当前页)"
    r"[\s【】\[\]()（）|｜/·•、,，:：]*)+$")
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")


_LOCAL = threading.local()


def _css(node, query: str) -> list:
    """``node.css(query)`` through one CSS selector engine per thread: ``node.css`` builds a new
    engine (CSS parser and selector state) for every tree on its first query, which costs more
    than the query itself. The engine keeps no state between searches; each result node is
    bound to the parser of the node searched, as with ``node.css``, which searches from the node
    itself too (it substitutes a wrapper only for fragment roots, and no fragments are parsed
    here)."""
    selector = getattr(_LOCAL, "selector", None)
    if selector is None:
        selector = _LOCAL.selector = LexborCSSSelector()
    return selector.find(query, node)


def declared_charset(data: bytes) -> str | None:
    match = _CHARSET_RE.search(data[:4096])
    if not match:
        return None
    return _CHARSETS.get(match.group(1).decode("ascii", "replace").lower())


def max_depth(text: str) -> int:
    depth = best = 0
    for match in _TAG_RE.finditer(text):
        tag = match.group(2).lower()
        if tag in _VOID or match.group(3):
            continue
        if match.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > best:
                best = depth
    return best


# a footnote reference set as <sup> (`5<sup>1</sup>`): see SUPERSCRIPT_DIGITS
_SUP_NOTE = re.compile(r"<sup\b[^>]*>\s*([0-9]{1,2}|\*)\s*</sup\s*>", re.IGNORECASE)


def _superscript(m: re.Match) -> str:
    return m.group(1).translate(SUPERSCRIPT_DIGITS)


def read_html(data: bytes) -> tuple[str, str, str | None, dict[str, str], list[str]]:
    """Returns (text, encoding, title, meta, warnings) or raises Reject."""
    text, encoding, warnings = decode_text(data, declared_charset(data))
    check_text(text, data if encoding in _BYTE_COMPATIBLE else None)
    head = text[:4096]
    if _HTML_OPEN.search(head) and not _HTML_CLOSE.search(text, max(0, len(text) - 200_000)):
        raise Reject("truncated html (page opens <html> but never closes it)", encoding)
    if CONTROL_RE.search(text):
        text = CONTROL_RE.sub("", text)
    if "<" not in text:  # an .html file that is plain text
        return text, encoding, None, {}, warnings
    if text.count("<") > _DEPTH_SCAN_TAGS and max_depth(text) > _MAX_DEPTH:
        warnings.append("html nested too deeply for a tree parse; tags stripped, tables not gridded")
        return _strip_tags_fallback(text), encoding, None, {}, warnings
    if "<sup" in text or "<SUP" in text:
        text = _SUP_NOTE.sub(_superscript, text)
    upper = _UPPER_TAG.search(text) is not None
    marker = _SRC_BLOCK_ANYCASE if upper else _SRC_BLOCK
    tree = LexborHTMLParser(marker.sub(NL + "<", text))
    title, meta = _title_meta(tree)
    root = tree.body or tree.root
    if root is None:
        return "", encoding, title, meta, warnings
    # one scan for which of them occur, instead of one substring search per tag (no tag name is
    # a prefix of another, so at any '<' at most one of them can start: findall misses none)
    present = None if upper else set(_DROP_PRESENT.findall(text))
    for tag in _DROP_TAGS:
        if present is not None and tag not in present:
            continue  # an element that is not in the (lower-case) source is not in the tree
        for node in tree.tags(tag):
            node.decompose()
    if "none" in text or "hidden" in text:
        _drop_hidden(root)
    _drop_chrome(root, tree)
    _render_tables(root, tree, not upper and "<math" not in text)
    body = root.text(deep=True)
    return _finish(body), encoding, title, meta, warnings


def _title_meta(tree) -> tuple[str | None, dict[str, str]]:
    titles = tree.tags("title")
    title = collapse(titles[0].text()) if titles else None
    meta: dict[str, str] = {}
    for node in tree.tags("meta"):
        attrs = node.attributes
        key = attrs.get("name") or attrs.get("property") or attrs.get("http-equiv")
        value = attrs.get("content")
        if key and value and len(meta) < 100:
            meta.setdefault(key.strip(), collapse(value)[:1000])
    return title or None, meta


class _Contains:
    """Which elements contain an h1, and how many rows: from the h1/tr elements up, once per page
    (instead of two CSS queries per chrome candidate). Removing chrome never changes the answer
    for a later candidate: a candidate after a removed block in document order either lies
    inside it (and is skipped) or does not contain it."""

    def __init__(self, root, tree) -> None:
        self._root, self._tree = root, tree
        self._h1: set[int] | None = None
        self._tr: dict[int, int] | None = None

    def _find(self, tag: str):
        if self._tree is not None and self._root is self._tree.body:
            return self._tree.tags(tag)
        return _css(self._root, tag)

    @staticmethod
    def _up(nodes, out: dict[int, int], cap: int) -> None:
        """Count the nodes under each ancestor, exactly up to ``cap``: once an ancestor has
        reached ``cap``, so have all of its own ancestors (they contain everything it does), and
        the walk stops there. The counted nodes themselves (h1, tr) are never asked about (they
        are no chrome candidates), so the walk starts at their parents."""
        for node in nodes:
            parent = node.parent
            while parent is not None:
                key = parent.mem_id
                count = out.get(key, 0)
                if count >= cap:
                    break
                out[key] = count + 1
                parent = parent.parent

    def h1(self, node) -> bool:
        if self._h1 is None:
            found: dict[int, int] = {}
            self._up(self._find("h1"), found, 1)
            self._h1 = set(found)
        return node.mem_id in self._h1

    def rows(self, node) -> int:
        """Rows inside the node, exact up to 4 (callers ask only whether there are more than 3)."""
        if self._tr is None:
            self._tr = {}
            self._up(self._find("tr"), self._tr, 4)
        return self._tr.get(node.mem_id, 0)


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HIDDEN_MAX_CHARS = 30


def _drop_hidden(root) -> None:
    """Remove short invisible elements (``style="display:none"``, ``hidden``): pages insert them
    to spoil copying (``1<span style="display:none">9</span>`` shows 1), and read along they
    would glue digits onto values. A long hidden block stays: a script may reveal the article."""
    for node in _css(root, "[style], [hidden]"):
        attrs = node.attributes
        style = attrs.get("style") or ""
        if ("hidden" in attrs or _HIDDEN_STYLE.search(style)) and len(node.text(deep=True)) <= _HIDDEN_MAX_CHARS:
            node.decompose()


def _drop_chrome(root, tree=None) -> None:
    """Remove navigation/header/footer/share blocks identified by tag or class/id, never the article."""
    nodes = _css(root, "nav, header, footer, aside, [class], [id]")
    contains: _Contains | None = None
    total = 0  # text length of the page before any removal, measured when first needed
    removed: set[int] = set()
    for node in nodes:
        if node.tag_id not in _CHROME_TAG_IDS:
            continue
        tag = node.tag
        attrs = node.attributes
        hint = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if hint.isascii():  # the common case: lower-cased, searched case-sensitively (faster)
            hint, chrome, content = hint.lower(), _CHROME_HINT_LOWER, _CONTENT_HINT_LOWER
        else:
            chrome, content = _CHROME_HINT, _CONTENT_HINT
        if tag not in ("nav", "header", "footer", "aside"):
            if not chrome.search(hint) or content.search(hint):
                continue
        elif content.search(hint):
            continue
        if removed:
            parent, inside_removed = node.parent, False
            while parent is not None:
                if parent.mem_id in removed:
                    inside_removed = True
                    break
                parent = parent.parent
            if inside_removed:
                continue
        if contains is None:
            contains = _Contains(root, tree)
        if contains.h1(node) or contains.rows(node) > 3:
            continue
        if not total:
            total = len(root.text(deep=True)) or 1
        if len(node.text(deep=True)) > total * 0.25:
            continue
        removed.add(node.mem_id)
        node.decompose()


_SPAN_NUM = re.compile(r"\s*(\d+)")
_TO_SPACE = {ord(NL): " ", ord(TAB): " "}


def _span(value: str | None, cap: int) -> int:
    if not value:
        return 1
    match = _SPAN_NUM.match(value)
    if not match:
        return 1
    return max(1, min(int(match.group(1)), cap))


_MAX_COLS = 200  # real tables have at most ~20 columns; spans beyond this are garbage
_MAX_CELLS = 2_000_000


def table_grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Expand (text, rowspan, colspan) cells to a full grid; spanned positions become ''."""
    if all(rs == 1 and cs == 1 for cells in rows for _, rs, cs in cells):
        width = max((len(cells) for cells in rows), default=0)
        return [[t for t, _, _ in cells] + [""] * (width - len(cells)) for cells in rows]
    grid: list[list[str | None]] = [[] for _ in rows]
    nrows = len(rows)
    for r, cells in enumerate(rows):
        row = grid[r]
        c = 0
        for text, rowspan, colspan in cells:
            while c < len(row) and row[c] is not None:
                c += 1
            colspan = max(1, min(colspan, _MAX_COLS - c))
            rowspan = max(1, min(rowspan, _MAX_CELLS // (colspan * 8) or 1))
            for dr in range(min(rowspan, nrows - r)):
                target = grid[r + dr]
                if len(target) < c + colspan:
                    target.extend([None] * (c + colspan - len(target)))
                for dc in range(colspan):
                    target[c + dc] = text if dr == 0 and dc == 0 else ""
            c += colspan
    width = max((len(row) for row in grid), default=0)
    return [[cell or "" for cell in row] + [""] * (width - len(row)) for row in grid]


_SECTIONS = ("tbody", "thead", "tfoot")
_CELL_IDS = frozenset(_node.tag_id for _node in LexborHTMLParser("<table><tr><td></td><th></th></tr></table>").css("td, th"))


def _render_tables(root, tree=None, plain: bool = False) -> None:
    """Render every table. ``plain`` (no MathML, no upper-case tags in the source) lets rows be
    found among the children of the table and its sections (where the parser puts every row)
    instead of by a CSS query, when no table sits inside another."""
    tables = tree.tags("table") if tree is not None and root is tree.body else _css(root, "table")
    shallow = plain and not any(_inside_table(t) for t in tables) if len(tables) > 1 else plain
    # innermost first (a nested table follows its parent in document order), so an outer
    # table sees its inner tables already flattened to text
    for table in reversed(tables):
        _render_table(table, shallow)


def _inside_table(node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "table":
            return True
        parent = parent.parent
    return False


def _rows(table):
    for child in table.iter():
        tag = child.tag
        if tag == "tr":
            yield child
        elif tag in _SECTIONS:
            for tr in child.iter():
                if tr.tag == "tr":
                    yield tr


def _render_table(table, shallow: bool = False) -> None:
    """One table: cell texts row by row; span attributes are read only for the cells that have
    any (found by one CSS query; their rows by the parent's mem_id, the cells by their own)."""
    spanned = _css(table, "[rowspan], [colspan]")
    span_cells: set[int] = set()
    span_rows: set[int] = set()
    for node in spanned:
        if node.tag_id in _CELL_IDS:
            span_cells.add(node.mem_id)
            parent = node.parent
            if parent is not None:
                span_rows.add(parent.mem_id)
    rows: list[list[str]] = []
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    longest = ncells = 0
    cell_ids = _CELL_IDS
    for r, tr in enumerate(_rows(table) if shallow else _css(table, "tr")):
        texts: list[str] = []
        append = texts.append
        check = bool(span_rows) and tr.mem_id in span_rows
        for cell in tr.iter():
            if cell.tag_id not in cell_ids:
                continue
            # lexbor's own textContent: the same concatenation of the descendant text nodes as
            # text(deep=True) (both walk the subtree and keep only Text nodes), with less overhead
            raw = cell.text_lexbor()
            if NL in raw:
                raw = raw.replace(NL, " ")
            if TAB in raw:
                raw = raw.replace(TAB, " ")
            if check and cell.mem_id in span_cells:
                attrs = cell.attributes
                if attrs:
                    rs, cs = _span(attrs.get("rowspan"), 1000), _span(attrs.get("colspan"), 200)
                    if rs != 1 or cs != 1:
                        spans[(r, len(texts))] = (rs, cs)
            append(" ".join(raw.split()))
        if texts:
            width = max(map(len, texts))
            if width > longest:
                longest = width
            ncells += len(texts)
        rows.append(texts)
    if not rows:
        return
    if longest > 300 or ncells <= 1:
        # layout table (the page or the article sits inside it): keep it as blocks
        for cell in _css(table, "td, th, tr"):
            cell.insert_before(NL)
            cell.insert_after(NL)
        return
    grid = _grid_sparse(rows, spans) if spans else _pad(rows)
    lines = [TAB.join(row) for row in grid if any(row)]
    table.replace_with(NL + NL.join(lines) + NL)


def _pad(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]


def _grid_sparse(rows: list[list[str]], spans: dict[tuple[int, int], tuple[int, int]]) -> list[list[str]]:
    """:func:`table_grid` for rows of texts with the few spanned cells given apart: rows without
    spans and without cells spanning into them from above are taken as they are."""
    nrows = len(rows)
    span_rows = {r for r, _ in spans}
    pending: dict[int, list[str | None]] = {}
    grid: list[list[str | None]] = []
    dirty: set[int] = set()  # rows that may hold None (positions nothing was placed in)
    for r, cells in enumerate(rows):
        row = pending.pop(r, None)
        if r not in span_rows:
            if row is None:
                grid.append(cells)
                continue
            # cells fill the positions not covered from above, in order, then run on
            # (list.index(None) finds exactly the None entries: a str never equals None)
            k, n, c = 0, len(cells), 0
            try:
                while k < n:
                    c = row.index(None, c)
                    row[c] = cells[k]
                    k += 1
                    c += 1
            except ValueError:
                pass
            if k < n:
                row.extend(cells[k:])
            grid.append(row)
            dirty.add(r)
            continue
        if row is None:
            row = []
        c = 0
        for j, text in enumerate(cells):
            while c < len(row) and row[c] is not None:
                c += 1
            span = spans.get((r, j))
            if span is None:  # a plain cell: the first free position
                if c < len(row):
                    row[c] = text
                else:
                    row.append(text)
                c += 1
                continue
            rowspan, colspan = span
            colspan = max(1, min(colspan, _MAX_COLS - c))
            rowspan = max(1, min(rowspan, _MAX_CELLS // (colspan * 8) or 1))
            for dr in range(min(rowspan, nrows - r)):
                if dr == 0:
                    target = row
                else:
                    target = pending.get(r + dr)
                    if target is None:
                        target = pending[r + dr] = []
                if len(target) < c + colspan:
                    target.extend([None] * (c + colspan - len(target)))
                for dc in range(colspan):
                    target[c + dc] = text if dr == 0 and dc == 0 else ""
            c += colspan
        grid.append(row)
        dirty.add(r)
    width = max((len(row) for row in grid), default=0)
    out = []
    for r, row in enumerate(grid):
        if r in dirty and None in row:
            row = [cell or "" for cell in row]
        if len(row) < width:
            row = row + [""] * (width - len(row))
        out.append(row)
    return out


_WS_CHARS = (" ", "\t", "\r", "\n", "\f", "\v", "\u00a0", "\u200b")  # exactly the class of _WS
assert _WS.pattern == r"[ \t\r\n\f\v\u00a0\u200b]+"


def _collapse_ws(text: str) -> str:
    """``_WS.sub(" ", text)`` with C string replaces (several times faster than the regex): each
    _WS character becomes a space, then runs of spaces are halved until none is left."""
    for ch in _WS_CHARS[1:]:
        if ch in text:
            text = text.replace(ch, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text


# A _CHROME_LINE match starts with one of its punctuation characters, a whitespace character
# (its \s: str.isspace, the same test re uses) or the first character of one of its words: lines
# starting otherwise are not tried. Both are read off the pattern itself.
_CHROME_PUNCT = r"[\s【】\[\]()（）|｜/·•、,，:：]*"
_CHROME_WORDS = _CHROME_LINE.pattern[len("^" + _CHROME_PUNCT + "(?:(?:"):].split(")")[0].split("|")
assert _CHROME_LINE.pattern == (f"^{_CHROME_PUNCT}(?:(?:{'|'.join(_CHROME_WORDS)}){_CHROME_PUNCT})+$")
assert all(re.fullmatch(r"[\u4e00-\u9fff]+", w) for w in _CHROME_WORDS)
_CHROME_FIRST = frozenset(_CHROME_PUNCT[1:-2].replace("\\s", "").replace("\\", "")) | {w[0] for w in _CHROME_WORDS}


def _finish(body: str) -> str:
    body = _collapse_ws(body)
    out = []
    first = _CHROME_FIRST
    for line in body.split(NL):
        line = line.strip(" ")
        if not line:
            continue
        if len(line) < 60 and (line[0] in first or line[0].isspace()) and _CHROME_LINE.match(line):
            continue
        out.append(line)
    # TAB markers only occur inside lines: converting them once after the join is the same
    return "\n".join(out).replace(TAB, "\t")


_STRIP_DROP = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_STRIP_BLOCK = re.compile(r"<\s*/?\s*(?:p|div|br|li|tr|h[1-6]|table|ul|ol|section|article)\b[^>]*>", re.IGNORECASE)
_STRIP_CELL = re.compile(r"<\s*/?\s*t[dh]\b[^>]*>", re.IGNORECASE)
_STRIP_ANY = re.compile(r"<[^>]*>")


def _strip_tags_fallback(text: str) -> str:
    """Linear-time rendering for pathological pages: block tags become line breaks."""
    text = _STRIP_DROP.sub(" ", text)
    text = _STRIP_BLOCK.sub(NL, text)
    text = _STRIP_CELL.sub(" ", text)
    return _finish(_htmllib.unescape(_STRIP_ANY.sub("", text)))
