"""Shared pieces of the ingestion stage: the reject signal and small text helpers."""
from __future__ import annotations

import re


class Reject(Exception):
    """Raised inside a parser when the input is not a readable report; the message is the reason."""

    def __init__(self, reason: str, encoding: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.encoding = encoding


# Control characters that never occur in a real text report (TAB, LF, VT, FF, CR and ESC-free).
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_WS_RE = re.compile(r"[\s\u00a0]+")
_CJK_END = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]$")
_CJK_START = re.compile(r"^[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]")


# A footnote reference set raised (HTML <sup>, a Word superscript run) after a value would read
# as more digits of it (5 and a raised 1: 51); as superscript characters the table reader sees a
# note mark instead.
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def collapse(text: str) -> str:
    """Whitespace-collapse a table cell: line breaks and runs of spaces become one space."""
    return _WS_RE.sub(" ", text).strip()


def join_wrapped(text: str) -> str:
    """Join the visual line wraps of a PDF cell: no space between two CJK characters, else one."""
    if "\n" not in text:
        return collapse(text)
    parts = [collapse(p) for p in text.split("\n")]
    out = ""
    for part in parts:
        if not part:
            continue
        if out and not (_CJK_END.search(out) and _CJK_START.search(part)):
            out += " "
        out += part
    return out


def exc_reason(what: str, exc: BaseException) -> str:
    msg = str(exc).strip().replace("\n", " ")
    if len(msg) > 160:
        msg = msg[:160] + "…"
    return f"{what}: {type(exc).__name__}" + (f": {msg}" if msg else "")
