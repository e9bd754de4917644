"""PDF text layer with pdfplumber: ruled tables as TAB grids in place, the rest as lines.

Per page: ``find_tables()`` (lines strategy) gives the ruled grids; one-column "tables" are
WPS paragraph boxes, not tables, and stay text. Text outside the table boxes comes from
``extract_text_lines``; tables are inserted at their vertical position. Lines that are only a
page number at the top or bottom of the page are dropped.
"""
from __future__ import annotations

import io
import re

from .common import Reject, join_wrapped

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－_~·]*\s*\d{1,4}\s*[-—–－_~·]*|第\s*\d{1,4}\s*页\s*(?:[,，/]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$"
)
_DATE = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-])?(\d{2})?'?(\d{2})?")
_MARGIN = 0.12  # share of the page height where headers/footers live
# A justified line that the layout had to stretch (a long number wrapped onto the next line) has
# its characters set apart, and the text layer reads it as 我 局 通 过 各 种 渠 道 主 动 公 开.
# Chinese puts no spaces between characters: inside a run of five or more single CJK characters
# each one space apart, the spaces are those gaps, and so are those between the digits of a year
# that starts the run or of a number inside it (2 0 1 4 年 度 → 2014年度, 信 息 2 3 2 条 →
# 信息232条). Shorter runs (数 条: a label and its unit in an unruled table) and digits before or
# after a run (0 0 主 动…, 情 况 0 0 0: cells) stay apart.
_CJK_CHAR = r"[\u3400-\u9fff\u3001\u3002\uff08\uff09\uff0c\uff1a\uff1b\u201c\u201d\u300a\u300b]"
_LETTER_SPACED = re.compile(r"(?<![\w.,])(?:[12] [0-9] [0-9] [0-9] (?=年))?" + _CJK_CHAR + r"(?: (?:[0-9] )*" + _CJK_CHAR + r"){4,}")


def _close_letter_spacing(line: str) -> str:
    if " " not in line:
        return line
    return _LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), line)


def _decode_info(value) -> str | None:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    value = resolve1(value)
    if isinstance(value, PSLiteral):
        value = value.name
    if isinstance(value, str):
        text = value
    elif isinstance(value, bytes):
        if value.startswith(b"\xfe\xff"):
            text = value[2:].decode("utf-16-be", "replace")
        elif value.startswith(b"\xff\xfe"):  # little-endian BOM: not in the spec, WPS writes it
            text = value[2:].decode("utf-16-le", "replace")
        else:
            try:
                text = value.decode("utf-8")
            except UnicodeDecodeError:
                text = decode_text(value)
    else:
        return None
    text = text.replace("\x00", "").strip()
    return text or None


def _pdf_date(raw: str) -> str:
    match = _DATE.match(raw.strip())
    if not match:
        return raw
    y, mo, d, h, mi, s, tz, tzh, tzm = match.groups()
    out = f"{y}-{mo or '01'}-{d or '01'}"
    if h:
        out += f"T{h}:{mi or '00'}:{s or '00'}"
        if tz in ("Z", "z"):
            out += "Z"
        elif tz and tzh:
            out += f"{tz}{tzh}:{tzm or '00'}"
    return out


def _info(pdf) -> tuple[str | None, dict[str, str]]:
    meta: dict[str, str] = {}
    for info in pdf.doc.info or []:
        for key, name in (("Title", "title"), ("Author", "author"), ("Subject", "subject"),
                          ("Creator", "creator"), ("Producer", "producer"),
                          ("CreationDate", "created"), ("ModDate", "modified")):
            if key in info and name not in meta:
                text = _decode_info(info[key])
                if text:
                    meta[name] = _pdf_date(text) if key.endswith("Date") else text
    return meta.get("title"), meta


def _good_table(rows: list[list]) -> bool:
    if len(rows) < 1 or max((len(r) for r in rows), default=0) < 2:
        return False
    return any(sum(1 for c in r if c is not None) >= 2 for r in rows)


_PROSE = re.compile(r"[，。；！？]")


def _render_table(rows: list[list]) -> list[str]:
    out = []
    for row in rows:
        cells = [join_wrapped(c) if c else "" for c in row]
        if not any(cells):
            continue
        if cells[0] and not any(cells[1:]) and (cells[0].endswith("。") or (
                len(cells[0]) >= 20 and _PROSE.search(cells[0]))):
            # a full-width box around a paragraph line (WPS draws them next to real tables): prose
            out.append(cells[0])
        else:
            out.append("\t".join(cells))
    return out


def _page_items(page) -> list[str]:
    height = float(page.height) or 1.0
    tables = []
    for table in page.find_tables():
        rows = table.extract()
        if _good_table(rows):
            tables.append((table.bbox, rows))
    if tables:
        boxes = [bbox for bbox, _ in tables]

        def outside(obj) -> bool:
            if obj.get("object_type") != "char":
                return True
            cx = (obj["x0"] + obj["x1"]) / 2
            cy = (obj["top"] + obj["bottom"]) / 2
            for x0, top, x1, bottom in boxes:
                if x0 <= cx <= x1 and top <= cy <= bottom:
                    return False
            return True

        text_page = page.filter(outside)
    else:
        text_page = page
    items: list[tuple[float, int, list[str]]] = []
    lines = text_page.extract_text_lines(return_chars=False)
    for i, line in enumerate(lines):
        text = _close_letter_spacing(line["text"])
        if (i == 0 or i == len(lines) - 1) and _PAGE_NUMBER.match(text):
            if line["top"] > height * (1 - _MARGIN) or line["bottom"] < height * _MARGIN:
                continue
        items.append((line["top"], 0, [text]))
    for bbox, rows in tables:
        items.append((bbox[1], 1, _render_table(rows)))
    items.sort(key=lambda item: (item[0], item[1]))
    return [text for _, _, texts in items for text in texts]


def read_pdf(data: bytes) -> tuple[str, int, str | None, dict[str, str], list[str]]:
    """Returns (text, pages, title, meta, warnings) or raises Reject."""
    if data.rfind(b"%%EOF") < 0:
        raise Reject("truncated or corrupt pdf (no %%EOF)")
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise Reject(f"truncated or corrupt pdf: {type(exc).__name__}") from None
    warnings: list[str] = []
    with pdf:
        try:
            pages = pdf.pages
        except Exception as exc:
            raise Reject(f"truncated or corrupt pdf: {type(exc).__name__}") from None
        try:
            title, meta = _info(pdf)
        except Exception as exc:
            title, meta = None, {}
            warnings.append(f"pdf info unreadable: {type(exc).__name__}")
        lines: list[str] = []
        chars = 0
        failed = 0
        for number, page in enumerate(pages, 1):
            try:
                chars += len(page.chars)
                lines.extend(_page_items(page))
            except Exception as exc:
                failed += 1
                warnings.append(f"page {number} unreadable: {type(exc).__name__}")
            finally:
                page.close()
        if failed and failed == len(pages):
            raise Reject("truncated or corrupt pdf: no page could be read")
        if not pages:
            raise Reject("truncated or corrupt pdf: no pages")
        if chars == 0 or not any(line.strip() for line in lines):
            raise Reject("no text layer (scanned pdf?)")
        text, unmapped = unmapped_glyphs("\n".join(lines), chars)
        if unmapped:
            warnings.append(unmapped)
        return text, len(pages), title, meta, warnings


# pdfminer writes a glyph whose font has no Unicode mapping as "(cid:1234)": its digits are a
# glyph number, never a figure of the report
_CID = re.compile(r"\(cid:\d+\)")
MAX_UNMAPPED_SHARE = 0.3


def unmapped_glyphs(text: str, glyphs: int) -> tuple[str, str | None]:
    """The text with unmapped glyphs as U+FFFD, and a warning saying how many there were; a text
    layer that is mostly unmapped is no text layer (Reject)."""
    if "(cid:" not in text:
        return text, None
    n = len(_CID.findall(text))
    if not n:
        return text, None
    if n >= MAX_UNMAPPED_SHARE * max(glyphs, 1):
        raise Reject(f"unreadable text layer: {n} of {glyphs} glyphs have no Unicode mapping (cid)")
    return _CID.sub("\ufffd", text), f"{n} of {glyphs} glyphs have no Unicode mapping (cid), read as U+FFFD"
