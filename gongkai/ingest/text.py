"""Decoding plain-text files (TXT/MD): BOM, strict UTF-8, GB18030, Big5, then charset-normalizer.

Decoding is strict on purpose: a file that decodes in none of the encodings real reports use is
damaged (a download mixing two encodings, random bytes) and is rejected rather than guessed.
"""
from __future__ import annotations

import codecs
import re

from .common import CONTROL_RE, Reject

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer answers we trust for Chinese documents; anything else (cp1252, latin-1, …)
# would "decode" random bytes and produce mojibake.
_TRUSTED_GUESSES = {
    "big5hkscs": "big5hkscs", "cp950": "cp950", "utf_16": "utf-16", "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be", "utf_32": "utf-32", "gb18030": "gb18030", "gbk": "gb18030",
    "gb2312": "gb18030", "hz": "hz",
}
_WHITESPACE = " \t\r\n\f\v\u3000\u00a0\ufeff"

# Frequent characters of these reports in both scripts: GB18030 also "decodes" most Big5 byte
# sequences, into rare characters, so a GB18030 reading with few of these is probably Big5.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子"
    "说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当"
    "使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明"
    "看原又么利比或但质气第向道命此变条只没结解问意建月公无系者最立代想已通并提直题程展五果料象员位入"
    "常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手角期根论运农指几九区强放决"
    "西被干做必战先回则任取据处府研信息依申请报告单按照规办项國務會說為與這對發經開關現進過還應實務點"
    "據機構請處資訊檔報統數區縣門網絡條詢複議訴訟費號辦責權無於從當際見鄉鎮頁擊覽級廣導紀總體"
)
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_COMMON_RE = re.compile("[" + "".join(sorted(c for c in _COMMON if "\u4e00" <= c <= "\u9fff")) + "]")


def _plausibility(text: str) -> float | None:
    """Share of frequent characters among the CJK ones; None when there is too little CJK to tell."""
    head = text[:20_000]
    cjk = len(_CJK_RE.findall(head))
    if cjk < 20:
        return None
    return len(_COMMON_RE.findall(head)) / cjk


def bom_encoding(data: bytes) -> str | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def _strict(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def _strict_allow_cut_end(data: bytes, enc: str) -> tuple[str | None, bool]:
    """Strict decode; a multi-byte character cut off at the very end (broken download) is dropped."""
    text = _strict(data, enc)
    if text is not None:
        return text, False
    for cut in (1, 2, 3):
        if len(data) > cut:
            text = _strict(data[:-cut], enc)
            if text is not None:
                return text, True
    return None, False


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without BOM: NULs in every other byte of mostly-ASCII/CJK text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    for enc, nuls in (("utf-16-le", odd), ("utf-16-be", even)):
        if nuls > half * 0.3:
            text = _strict(data, enc)
            if text is not None and not CONTROL_RE.search(text):
                return text
    return None


def is_blank(text: str) -> bool:
    return not text.strip(_WHITESPACE)


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Decode bytes to text; returns (text, encoding, warnings) or raises Reject."""
    warnings: list[str] = []
    if is_blank_bytes(data):
        raise Reject("empty")
    enc = bom_encoding(data)
    if enc:
        text = _strict(data, enc)
        if text is None:
            raise Reject(f"undecodable (BOM says {enc} but the bytes are not)")
        text = text.lstrip("\ufeff")
        if is_blank(text):
            raise Reject("empty")
        return text, enc, warnings
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text, "utf-16", warnings
        raise Reject("binary content (NUL bytes)")
    candidates = []
    if declared:
        candidates.append(declared)
    for enc in ("utf-8", "gb18030", "big5hkscs"):
        if enc not in candidates:
            candidates.append(enc)
    for enc in candidates:
        text, cut = _strict_allow_cut_end(data, enc)
        if text is not None:
            if enc == "gb18030":
                score = _plausibility(text)
                if score is not None and score < 0.3:
                    alt = _strict(data, "big5hkscs")
                    alt_score = _plausibility(alt) if alt is not None else None
                    if alt_score is not None and alt_score > score:
                        return alt, "big5hkscs", warnings
                    warnings.append("gb18030 reading has few common characters (mojibake?)")
            if cut:
                warnings.append(f"incomplete {enc} character at the end dropped")
            return text, enc, warnings
    guess = _charset_normalizer_guess(data)
    if guess is not None:
        return guess[0], guess[1], warnings
    raise Reject("undecodable (not UTF-8, GB18030 or Big5)")


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None
    enc = _TRUSTED_GUESSES.get(best.encoding)
    if enc is None:
        return None
    text = _strict(data, enc)
    if text is None or CONTROL_RE.search(text):
        return None
    return text, enc


def is_blank_bytes(data: bytes) -> bool:
    """Nothing but whitespace and BOMs (checked on bytes, before any decoding)."""
    stripped = data.strip(b" \t\r\n\f\v")
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        stripped = stripped.removeprefix(bom).strip(b" \t\r\n\f\v")
    return not stripped


_NOT_CONTROL = bytes(b for b in range(256) if not (b < 0x09 or 0x0e <= b < 0x20 or b == 0x7f))


def count_control_bytes(data: bytes) -> int:
    """Control characters in UTF-8/GB18030/Big5 bytes (their multi-byte sequences never use
    bytes below 0x30), counted at C speed."""
    return len(data.translate(None, _NOT_CONTROL))


def check_text(text: str, data: bytes | None = None) -> None:
    """Reject decoded text that is blank or full of control characters (binary junk).

    ``data`` (the raw bytes of a single-byte-compatible encoding) lets the count run on bytes."""
    if is_blank(text):
        raise Reject("empty")
    if data is not None:
        if not count_control_bytes(data[:100_000]):
            return
    controls = len(CONTROL_RE.findall(text[:100_000]))
    if controls > max(3, len(text[:100_000]) // 1000):
        raise Reject(f"binary content ({controls} control characters)")


_BYTE_COMPATIBLE = ("utf-8", "utf-8-sig", "gb18030", "big5hkscs", "cp950")


def read_text(data: bytes) -> tuple[str, str, list[str]]:
    text, enc, warnings = decode_text(data)
    check_text(text, data if enc in _BYTE_COMPATIBLE else None)
    return text, enc, warnings
