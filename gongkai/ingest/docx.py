"""DOCX: the body of word/document.xml in document order, read with lxml directly.

Paragraphs become lines; ``w:tbl`` tables become TAB grid rows with ``w:gridSpan`` (colspan),
``w:vMerge`` continuation (empty field) and ``w:gridBefore``/``w:gridAfter`` expanded.
The archive is checked before anything is decompressed (zip bombs).
"""
from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from .common import SUPERSCRIPT_DIGITS, Reject, collapse

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200  # deflate on XML gives 5-30x; a bomb gives 1000x
RATIO_MIN_SIZE = 5 * 1024 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _SDT, _SDTCONTENT = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt", W + "sdtContent"
_T, _TAB, _BR, _CR, _NOBREAKHYPHEN, _SYM = W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen", W + "sym"
_DELTEXT = W + "delText"
_VAL = W + "val"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True,
                          remove_comments=True, remove_pis=True)
_CORE = {
    "{http://purl.org/dc/elements/1.1/}title": "title",
    "{http://purl.org/dc/elements/1.1/}creator": "author",
    "{http://purl.org/dc/elements/1.1/}subject": "subject",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy": "last_modified_by",
    "{http://purl.org/dc/terms/}created": "created",
    "{http://purl.org/dc/terms/}modified": "modified",
}


def check_zip(zf: zipfile.ZipFile) -> None:
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Reject(f"zip bomb guard: {info.filename} expands {info.file_size // max(info.compress_size, 1)}x")
    if total > MAX_UNCOMPRESSED:
        raise Reject(f"zip bomb guard: {total // (1024 * 1024)} MB uncompressed")


def _read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as fh:  # bounded read: the header sizes may lie
        data = fh.read(MAX_UNCOMPRESSED + 1)
    if len(data) > MAX_UNCOMPRESSED:
        raise Reject(f"zip bomb guard: {name} larger than declared")
    return data


def read_docx(data: bytes) -> tuple[str, str | None, dict[str, str], list[str]]:
    """Returns (text, title, meta, warnings) or raises Reject."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Reject(f"not a docx: corrupt zip ({exc})") from None
    with zf:
        names = set(zf.namelist())
        if "word/document.xml" not in names:
            raise Reject("not a docx: zip archive without word/document.xml")
        check_zip(zf)
        xml = _read_member(zf, "word/document.xml")
        title, meta = None, {}
        if "docProps/core.xml" in names:
            try:
                core = etree.fromstring(_read_member(zf, "docProps/core.xml"), _PARSER)
            except etree.XMLSyntaxError:
                core = None
        else:
            core = None
    if b'"superscript"' in xml:
        xml = _SUPERSCRIPT_RUN.sub(_superscript_run, xml)
    fast = _fast_text(xml)
    if fast is None:
        try:
            root = etree.fromstring(xml, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise Reject(f"corrupt docx: word/document.xml is not XML ({exc})") from None
    if core is not None:
        title, meta = _core(core)
    if fast is not None:
        return fast, title, meta, []
    for fallback in list(root.iter(_MC_FALLBACK)):  # the same content twice (mc:Choice is kept)
        fallback.getparent().remove(fallback)
    body = root.find(W + "body")
    lines: list[str] = []
    if body is not None:
        _block(body, lines)
    return "\n".join(lines), title, meta, []


def _core(root) -> tuple[str | None, dict[str, str]]:
    meta = {}
    for child in root:
        key = _CORE.get(child.tag)
        if key and child.text and child.text.strip():
            meta[key] = child.text.strip()
    return meta.get("title"), meta


def _block(container, lines: list[str]) -> None:
    """Append paragraphs and tables of a body/cell/sdtContent, in document order (no recursion
    through paragraphs; tables nest only as deep as Word lets them)."""
    for child in container:
        tag = child.tag
        if tag == _P:
            lines.extend(_paragraph(child).split("\n"))
        elif tag == _TBL:
            lines.extend(_table(child))
        elif tag == _SDT:
            content = child.find(_SDTCONTENT)
            if content is not None:
                _block(content, lines)
        elif tag in (W + "customXml", W + "ins", W + "smartTag"):
            _block(child, lines)


def _paragraph(p) -> str:
    parts = []
    for el in p.iter(_T, _TAB, _BR, _CR, _NOBREAKHYPHEN):
        tag = el.tag
        if tag == _T:
            if el.text:
                parts.append(el.text)
        elif tag == _TAB:
            if el.getparent() is not None and el.getparent().tag != W + "tabs":
                parts.append("\t")
        elif tag == _NOBREAKHYPHEN:
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc) -> str:
    paragraphs = tc.findall(_P)
    if len(paragraphs) == 1 and len(tc) <= 2:  # the common cell: tcPr + one paragraph
        p = paragraphs[0]
        if p.find(".//" + _BR) is None and p.find(".//" + _TAB) is None and p.find(".//" + _CR) is None:
            return collapse("".join(p.itertext(_T, with_tail=False)))
    lines: list[str] = []
    _block(tc, lines)
    return collapse(" ".join(lines).replace("\t", " "))


def _grid_val(el, name: str) -> int:
    node = el.find(name)
    if node is None:
        return 0
    try:
        return max(0, min(int(node.get(_VAL, "0")), 200))
    except ValueError:
        return 0


def _table(tbl) -> list[str]:
    rows: list[list[str]] = []
    for tr in _children(tbl, _TR):
        row: list[str] = []
        trpr = tr.find(W + "trPr")
        if trpr is not None:
            row.extend([""] * _grid_val(trpr, W + "gridBefore"))
        for tc in _children(tr, _TC):
            span, merged = 1, False
            tcpr = tc.find(W + "tcPr")
            if tcpr is not None:
                span = max(1, _grid_val(tcpr, W + "gridSpan"))
                vmerge = tcpr.find(W + "vMerge")
                merged = vmerge is not None and vmerge.get(_VAL, "continue") == "continue"
            text = "" if merged else _cell_text(tc)
            row.append(text)
            row.extend([""] * (span - 1))
        if trpr is not None:
            row.extend([""] * _grid_val(trpr, W + "gridAfter"))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return ["\t".join(r + [""] * (width - len(r))) for r in rows if any(r)]


def _children(parent, tag: str):
    """Direct children with ``tag``, looking through content controls and custom XML wrappers
    (never into nested tables, whose rows belong to their own cell)."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDTCONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == W + "customXml":
            yield from _children(child, tag)


# --------------------------------------------------------------------------------------------
# Fast path: plain Word XML read with one regex over the tags that matter.
#
# lxml's parse alone costs more than the whole budget of a DOCX report, and the tree walk
# several times that. Documents as Word and WPS write them (prefix ``w``, UTF-8, no tracked
# changes, content controls, text boxes, comments or character references) are read from a
# single ``findall`` over w:t texts and the structural tags; the result is the same as the tree
# walk above. Anything outside that plain subset -- or any sign the XML is not well-formed --
# returns None and goes through lxml.
# --------------------------------------------------------------------------------------------

_W_DECL = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_W_URI = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FAST_BLOCKERS = re.compile(
    r"<!|<\?|\r|&(?!(?:amp|lt|gt|quot|apos);)|PrChange|AlternateContent|<w:t\s*/>|"
    r"<w:(?:sdt|customXml|smartTag|ins|del|moveFrom|moveTo|txbxContent|noBreakHyphen|altChunk|subDoc)[\s>/]")
# One alternative per token kind, behind the common ``<w:`` / ``</w:`` prefix: a w:t with its text
# (group 2), or a structural tag (group 3) with its attributes (group 4). Property containers
# (tcPr, trPr) are not tracked: the schema allows gridSpan/vMerge only in tcPr and
# gridBefore/gridAfter only in trPr (their *PrChange twins are excluded above).
_FAST_TOKEN = re.compile(
    r"<(/?)w:(?:t(?:\s[^>]*)?>([^<]*)</w:t>"
    r"|(p|tbl|tr|tc|tabs?|br|cr|gridSpan|vMerge|gridBefore|gridAfter|body)((?:\s[^>]*)?/?)>)")
_FAST_VAL = re.compile(r"""\sw:val\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_XML_DECL = re.compile(r"""<\?xml[^>]*?\?>""")


# a footnote reference set as a superscript run (`5` then a raised `1`): see SUPERSCRIPT_DIGITS
_SUPERSCRIPT_RUN = re.compile(
    rb"""(<w:vertAlign\s+w:val=["']superscript["']\s*/>(?:(?!</w:r>).){0,400}?<w:t(?:\s[^>]*)?>)(\d{1,2})(</w:t>)""",
    re.DOTALL)


def _superscript_run(m: re.Match) -> bytes:
    return m.group(1) + m.group(2).decode().translate(SUPERSCRIPT_DIGITS).encode("utf-8") + m.group(3)


def _fast_val(attrs: str, default: str | None) -> str | None:
    m = _FAST_VAL.search(attrs)
    if m is None:
        return default
    return m.group(1) if m.group(1) is not None else m.group(2)


def _fast_int(attrs: str) -> int:
    try:
        return max(0, min(int(_fast_val(attrs, "0")), 200))
    except ValueError:
        return 0


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _fast_text(data: bytes) -> str | None:
    """The document text as :func:`_block` gives it, or None when the document is not plain."""
    try:
        xml = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    decl = _XML_DECL.match(xml)
    if decl is not None:
        d = decl.group().lower().replace("'", '"')
        if "encoding" in d and 'encoding="utf-8"' not in d:
            return None
        xml = xml[decl.end():].lstrip("\r\n")  # Word ends the declaration with CRLF
    if (xml.count(_W_URI) != 1 or xml.count("xmlns:w=") != 1 or _W_DECL not in xml
            or _FAST_BLOCKERS.search(xml) is not None):
        return None
    if not xml.rstrip(" \t\n").endswith("</w:document>"):
        return None
    lines: list[str] = []
    depth = 0  # 0 outside body, 1 body, 2 table, 3 row, 4 cell
    in_p = in_tabs = False
    parts: list[str] = []
    cell_paras: list[str] = []
    rows: list[list[str]] = []
    row: list[str] = []
    after = span = 0
    merged = seen_span = seen_vmerge = seen_before = seen_after = False
    body_done = False
    runs = 0
    for close, text, name, attrs in _FAST_TOKEN.findall(xml):
        if not name:
            if close:  # </w:t ...>: cannot be a run (those are matched whole)
                return None
            runs += 1  # a w:t with its text
            if in_p and text:
                parts.append(_unescape(text) if "&" in text else text)
            continue
        if body_done:
            return None
        if name == "p":
            if close:
                if not in_p:
                    return None
                in_p = False
                if depth == 1:
                    lines.extend("".join(parts).split("\n"))
                elif depth == 4:
                    cell_paras.append("".join(parts))
                else:
                    return None
            elif in_p or (depth != 1 and depth != 4):
                return None
            elif attrs.endswith("/"):
                if depth == 1:
                    lines.append("")
                else:
                    cell_paras.append("")
            else:
                in_p, parts = True, []
        elif in_p:
            if name == "tab":
                if not in_tabs and not close:
                    parts.append("\t")
            elif name == "br" or name == "cr":
                if not close:
                    parts.append("\n")
            elif name == "tabs":
                in_tabs = not close and not attrs.endswith("/")
            elif name in ("tbl", "tr", "tc", "body"):
                return None
        elif name == "tc":
            if close:
                if depth != 4:
                    return None
                depth = 3
                row.append("" if merged else collapse(" ".join(cell_paras)))
                if span > 1:
                    row.extend([""] * (span - 1))
            elif depth != 3 or attrs.endswith("/"):
                return None
            else:
                depth, cell_paras, span, merged = 4, [], 1, False
                seen_span = seen_vmerge = False
        elif name == "gridSpan":
            if depth == 4 and not close and not seen_span:
                seen_span = True
                span = max(1, _fast_int(attrs))
        elif name == "vMerge":
            if depth == 4 and not close and not seen_vmerge:
                seen_vmerge = True
                merged = _fast_val(attrs, "continue") == "continue"
        elif name == "tr":
            if close:
                if depth != 3:
                    return None
                depth = 2
                if after:
                    row.extend([""] * after)
                rows.append(row)
            elif depth != 2 or attrs.endswith("/"):
                return None
            else:
                depth, row, after = 3, [], 0
                seen_before = seen_after = False
        elif name == "gridBefore":
            if depth == 3 and not close and not seen_before:
                if row:
                    return None
                seen_before = True
                row.extend([""] * _fast_int(attrs))
        elif name == "gridAfter":
            if depth == 3 and not close and not seen_after:
                seen_after = True
                after = _fast_int(attrs)
        elif name == "tbl":
            if close:
                if depth != 2:
                    return None
                depth = 1
                width = max((len(r) for r in rows), default=0)
                lines.extend("\t".join(r + [""] * (width - len(r))) for r in rows if any(r))
            elif depth != 1 or attrs.endswith("/"):
                return None  # nested table: the tree walk handles those
            else:
                depth, rows = 2, []
        elif name == "body":
            if close:
                if depth != 1:
                    return None
                depth, body_done = 0, True
            elif depth == 0 and not attrs.endswith("/"):
                depth = 1
            else:
                return None
    if not body_done or runs != xml.count("</w:t>"):
        return None  # a w:t with markup inside, or a stray end tag: not plain
    return "\n".join(lines)
