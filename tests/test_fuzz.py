"""Property-based tests: arbitrary bytes and mangled reports never crash a stage.

The worst outcome for any input is a ``reject`` with a reason; a mangled report may lose values
but must never raise.
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.extract.gb_tables import extract_gb_tables
from gongkai.extract.legacy_tables import extract_legacy_tables
from gongkai.extract.metadata import extract_metadata
from gongkai.extract.prose import extract_prose
from gongkai.ingest import document_from_bytes
from gongkai.normalize import normalize_text
from gongkai.pipeline import extract_document

from .conftest import SAMPLE

SEEDS = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.rglob("*.txt"))]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# characters these reports are made of, so mutations hit the parsers' real paths
ALPHABET = st.sampled_from(list("0123456789０１２３\t|  \n-—/+.,，。：（）()一二三四五六七八九十年件条项总计合计本年新收上年结转办理结果予以公开行政复议诉讼"
                                  "①②⑴¹²٣*※"))  # digits to str.isdigit that float() rejects, note marks


@st.composite
def mangled(draw) -> str:
    """A real report with slices deleted, duplicated, shuffled or overwritten by report-like noise."""
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 6))):
        n = len(text)
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, min(n, a + 400)))
        op = draw(st.sampled_from(["delete", "duplicate", "noise", "truncate", "swap_lines"]))
        if op == "delete":
            text = text[:a] + text[b:]
        elif op == "duplicate":
            text = text[:b] + text[a:b] + text[b:]
        elif op == "noise":
            text = text[:a] + draw(st.text(ALPHABET, max_size=80)) + text[b:]
        elif op == "truncate":
            text = text[:a]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


def test_unicode_digits_that_are_no_numbers_never_crash():
    """`72①`, `1²` and `①②③④年` pass str.isdigit but not float() or int(): they crashed the
    whole report (a reject) where they stood in a table cell."""
    for text in SEEDS:
        for odd in ("①", "²", "⑴"):
            # after every number that ends a cell or a word, and before one year
            mangled_text = re.sub(r"(?<=\d)(?=[\t| ])", odd, text).replace("年", "①②③④年", 1)
            rec = extract_document(document_from_bytes(mangled_text.encode(), "a.txt"))
            assert not any(p.check == "extract.crash" for p in rec.problems), odd


@SETTINGS
@given(mangled())
def test_mangled_reports_never_crash_the_extractors(text):
    norm, _ = normalize_text(text)
    for result in (extract_gb_tables(norm), extract_legacy_tables(norm)):
        assert not set(result.cells) & set(result.uncertain)
    extract_prose(norm, 2020)
    extract_metadata(norm, None, "x.txt", {}, original_text=text)


@SETTINGS
@given(mangled(), st.sampled_from(["a.txt", "a.html", "a.md", "a.docx", "a.pdf"]),
       st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_mangled_reports_through_the_whole_pipeline(text, name, encoding):
    rec = extract_document(document_from_bytes(text.encode(encoding, errors="ignore"), name))
    assert rec.status in ("ok", "flag", "reject")
    assert rec.status != "reject" or rec.problems
    for code, v in rec.cells.items():
        assert v.raw and v.source == "table" and code not in rec.uncertain


@SETTINGS
@given(st.text(max_size=3000))
def test_arbitrary_text_never_crashes(text):
    norm, script = normalize_text(text)
    assert script in ("simplified", "traditional")
    extract_gb_tables(norm)
    extract_legacy_tables(norm)
    extract_prose(norm, None)
    extract_metadata(norm, None, "x.txt", {}, original_text=text)


@SETTINGS
@given(st.binary(max_size=4000), st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf", "a"]))
def test_arbitrary_bytes_end_as_records(data, name):
    rec = extract_document(document_from_bytes(data, name))
    assert rec.status in ("ok", "flag", "reject")
    if rec.status == "reject":
        assert rec.reject_reason or rec.duplicate_of
