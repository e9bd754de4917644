"""DOCX: the body of word/document.xml in document order, read with lxml directly.

Paragraphs become lines; ``w:tbl`` tables become TAB grid rows with ``w:gridSpan`` (colspan),
``w:vMerge`` continuation (empty field) and ``w:gridBefore``/``w:gridAfter`` expanded.
The archive is checked before anything is decompressed (zip bombs).
"""
from __future__ import annotations

import io
import zipfile

from lxml import etree

from .common import Reject, collapse

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
        try:
            root = etree.fromstring(_read_member(zf, "word/document.xml"), _PARSER)
        except etree.XMLSyntaxError as exc:
            raise Reject(f"corrupt docx: word/document.xml is not XML ({exc})") from None
        title, meta = None, {}
        if "docProps/core.xml" in names:
            try:
                title, meta = _core(etree.fromstring(_read_member(zf, "docProps/core.xml"), _PARSER))
            except etree.XMLSyntaxError:
                pass
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
