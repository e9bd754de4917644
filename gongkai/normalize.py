"""Text normalization: one script, one width, one line convention, without changing meaning.

What it does, in order: line endings to ``\\n`` (form feeds become line breaks), traditional →
simplified through OpenCC (``tw2sp``, which also maps Taiwan usage such as 檔案 → 文件) when the
text is traditional, full-width digits/letters/signs to ASCII, odd spaces to plain spaces,
spaces between CJK and digits removed (``2020 年`` → ``2020年``), and thousands separators
dropped (``12,345`` → ``12345``). TAB characters are never touched: they separate table cells.

It does not join digit groups separated by spaces (``1 2``): in table rows that is two cells.
The prose reader decides that case, where the context makes it safe.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Characters that exist only in traditional script and are frequent in these reports.
_TRADITIONAL_ONLY = re.compile(
    "[國會來時說為與這對發經開關現進過還應實務點據機構請處資訊檔報統數區縣門網絡"
    "條詢複議訴訟費號辦責權無於從當際見鄉鎮頁擊覽級開廣導紀總體]"
)
_TRADITIONAL_THRESHOLD = 8

_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# Keep the full-width punctuation that Chinese labels use as written; fold only what numbers need.
for _keep in "，：；（）！？、":
    _WIDTH.pop(ord(_keep), None)
_WIDTH.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: None,
               0xFEFF: None, 0x2212: ord("-")})

# The characters ``_WIDTH`` changes, as strings: most reports contain none or one or two of them
# (U+3000 indentation, a few full-width digits), so finding them and replacing each one is much
# cheaper than ``str.translate`` over the whole text.
_WIDTH_STR = {chr(k): "" if v is None else chr(v) for k, v in _WIDTH.items()}
_WIDTH_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_WIDTH_STR)) + "]")

_CJK = r"[\u3400-\u9fff（）《》“”、，。：；％%]"
# A run of spaces between CJK and a digit, either way round. The pattern starts with the literal
# space (the lookbehind checks the character before it), so the regex engine skips ahead to
# spaces instead of testing a lookbehind at every position. Both directions in one pass: a run
# is either preceded by CJK or by a digit, so removing one kind never changes the other.
_SPACE_CJK_DIGIT = re.compile(rf" (?:(?<={_CJK} ) *(?=[0-9])|(?<=[0-9] ) *(?={_CJK}))")
_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3})((?:,\d{3})+)(?![\d,])(?!\.\d)")
_THOUSANDS_HINT = re.compile(r",\d{3}")  # literal prefix: a fast pre-check for _THOUSANDS


def is_traditional(text: str) -> bool:
    hits = 0
    for _ in _TRADITIONAL_ONLY.finditer(text):
        hits += 1
        if hits >= _TRADITIONAL_THRESHOLD:
            return True
    return False


@lru_cache(maxsize=1)
def _converter():
    import opencc  # C++ OpenCC: ~46 MB/s, loaded once

    return opencc.OpenCC("tw2sp")


@lru_cache(maxsize=1)
def _hk_variants():
    """Hong Kong glyph variants (衞生, 敍州) to standard traditional, which tw2sp knows."""
    import opencc

    return opencc.OpenCC("hk2t")


@lru_cache(maxsize=1)
def protected_names() -> dict[str, str]:
    """Traditional spellings that tw2sp would turn into something else than the simplified
    name (蚌埠 → 蚌端口, 伊犁哈薩克自治州 → …哈萨克斯坦…, 檔案局 → 文件局), with the simplified
    name they stand for: ``data/protected_names.csv``, checked against the gazetteer by a test."""
    import csv
    from importlib import resources

    text = (resources.files("gongkai") / "data" / "protected_names.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    return {row["traditional"]: row["simplified"] for row in rows}


@lru_cache(maxsize=1)
def _protected_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(protected_names(), key=len, reverse=True))))


def to_simplified(text: str) -> str:
    """Traditional → simplified with Taiwan usage (tw2sp), except that place, people and agency
    names are never rewritten as vocabulary: each protected spelling becomes its listed
    simplified name, and only the text between them goes through tw2sp."""
    text = _hk_variants().convert(text)
    convert = _converter().convert
    names = protected_names()
    pieces = []
    pos = 0
    for m in _protected_re().finditer(text):
        pieces.append(convert(text[pos:m.start()]))
        pieces.append(names[m.group()])
        pos = m.end()
    if not pieces:
        return convert(text)
    pieces.append(convert(text[pos:]))
    return "".join(pieces)


def _drop_thousands(m: re.Match[str]) -> str:
    return m.group(1) + m.group(2).replace(",", "")


def normalize_text(text: str) -> tuple[str, str]:
    """Return (normalized text, script of the original: "simplified" | "traditional")."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    script = "simplified"
    if is_traditional(text):
        script = "traditional"
        text = to_simplified(text)
    for ch in set(_WIDTH_RE.findall(text)):
        text = text.replace(ch, _WIDTH_STR[ch])
    if " " in text:
        text = _SPACE_CJK_DIGIT.sub("", text)
    if _THOUSANDS_HINT.search(text):
        text = _THOUSANDS.sub(_drop_thousands, text)
    return text, script
