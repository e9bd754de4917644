"""Ingestion: format detection, decoding, HTML/DOCX/PDF table rendering, rejects, robustness."""
from __future__ import annotations

import csv
import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.ingest import document_from_bytes, read_document
from gongkai.ingest.detect import detect_format
from gongkai.ingest.html import table_grid

SHARED = Path(__file__).resolve().parents[2] / "shared"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared not present")

REPORT = "2020年某某县人民政府政府信息公开工作年度报告\n一、总体情况\n本年度共主动公开政府信息465条。\n"


# --------------------------------------------------------------------------- text


def test_txt_utf8_keeps_text_raw():
    doc = document_from_bytes(REPORT.replace("\n", "\r\n").encode(), "a.txt")
    assert doc.reject is None and doc.format == "txt" and doc.encoding == "utf-8"
    assert doc.text == REPORT.replace("\n", "\r\n")  # raw: CRLF is normalization's job
    assert len(doc.sha256) == 64 and doc.size == len(REPORT.replace("\n", "\r\n").encode())


@pytest.mark.parametrize("enc,expected", [("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
                                          ("gb18030", "gb18030")])
def test_txt_encodings(enc, expected):
    doc = document_from_bytes(REPORT.encode(enc), "a.txt")
    assert doc.reject is None
    assert doc.encoding == expected
    assert doc.text == REPORT


def test_txt_big5_is_not_read_as_gb18030():
    text = "二〇一九年度政府資訊公開工作年度報告\n本機關主動公開政府資訊共計465條，依申請公開辦理12件。\n" * 3
    doc = document_from_bytes(text.encode("big5hkscs"), "a.txt")
    assert doc.reject is None and doc.encoding == "big5hkscs"
    assert "政府資訊公開" in doc.text


def test_txt_cut_multibyte_at_end_is_tolerated():
    data = REPORT.encode() + "报".encode()[:2]
    doc = document_from_bytes(data, "a.txt")
    assert doc.reject is None and doc.text == REPORT and doc.warnings


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n", b" \n", b"\xff\xfe", "　\n".encode()])
def test_empty_rejected(data):
    doc = document_from_bytes(data, "x.html")
    assert doc.reject is not None and doc.reject.startswith("empty")
    assert doc.sha256 and doc.format == "html"


def test_undecodable_half_utf8_half_gb18030():
    text = REPORT * 20
    cut = len(text) // 2
    data = bytearray(text[:cut].encode("utf-8") + text[cut:].encode("gb18030"))
    for pos in (10, 500, 900, len(data) - 5):
        data[pos:pos] = b"\xff"
    doc = document_from_bytes(bytes(data), "a.txt")
    assert doc.reject and doc.reject.startswith("undecodable")


@pytest.mark.parametrize("head,word", [
    (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\x1f\x8b\x08\x00", "gzip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE"), (b"PK\x03\x04\x14\x00\x06\x00", "zip"),
    (b"", "binary"),
])
def test_binary_junk_rejected(head, word):
    import random

    body = random.Random(1).randbytes(3000).replace(b"<", b"\xfe")
    for name in ("a.txt", "a.html", "a.docx", "a.pdf", "noext"):
        doc = document_from_bytes(head + body, name)
        assert doc.reject, (name, head)
    assert word.lower() in document_from_bytes(head + body, "a.txt").reject.lower() or word == "binary"


def test_nul_bytes_rejected():
    doc = document_from_bytes(REPORT.encode() + b"\x00\x01\x02" * 50, "a.txt")
    assert doc.reject and "binary" in doc.reject


def test_detect_format():
    assert detect_format(b"%PDF-1.4\n...", "x.txt") == "pdf"
    assert detect_format(b"<html><body>x</body></html>", "x") == "html"
    assert detect_format(b"hello", "x.shtml") == "html"
    assert detect_format(b"# title", "x.md") == "md"
    assert detect_format(b"plain", "x") == "txt"
    assert detect_format(b"<!DOCTYPE html><html><body>x</body></html>", "saved.txt") == "html"


def test_oversized_is_cheap(tmp_path):
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as fh:
        fh.truncate(1024 ** 3)  # sparse: nothing is written
    start = time.perf_counter()
    doc = read_document(path, "huge.pdf")
    assert time.perf_counter() - start < 0.5
    assert doc.reject.startswith("oversized") and doc.size == 1024 ** 3 and doc.format == "pdf"


def test_missing_file_is_a_reject(tmp_path):
    doc = read_document(tmp_path / "nope.txt", "nope.txt")
    assert doc.reject and "FileNotFoundError" in doc.reject


# --------------------------------------------------------------------------- html

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>2021年某局年报_某县人民政府</title>
<meta name="PubDate" content="2022-01-25 17:17"></head><body>
<div class="header"><ul class="nav"><li>首页</li><li>政务公开</li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 年报</div>
<div class="article"><h1>2021年某局政府信息公开工作年度报告</h1>
<div class="article-info">发布时间：2022-01-25 17:17:59</div>
<div id="zoom"><p>第一段<strong>加粗</strong>文字。</p><p>第二段<br>换行</p>
<table><tr><td rowspan="2" colspan="2">（本列数据的勾稽关系）</td><td colspan="2">申请人情况</td></tr>
<tr><td>自<br/>然人</td><td>总计</td></tr>
<tr><td colspan="2">一、本年新收政府信息公开申请数量</td><td>4</td><td>&nbsp;</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>3</td><td>3</td></tr>
<tr><td>（二）部分公开</td><td></td><td>1</td></tr></table>
<p>结尾。</p></div>
<div class="article-tools">【打印本页】【关闭窗口】</div></div>
<div class="footer">主办单位：某县人民政府 ICP备12345号</div>
<script>var x = "<p>不要</p>";</script></body></html>"""


def test_html_page():
    doc = document_from_bytes(PAGE.encode(), "t20220125_1.html")
    assert doc.reject is None and doc.format == "html" and doc.encoding == "utf-8"
    assert doc.title == "2021年某局年报_某县人民政府"
    assert doc.meta["PubDate"] == "2022-01-25 17:17"
    lines = doc.text.split("\n")
    assert lines[0] == "2021年某局政府信息公开工作年度报告"
    assert "发布时间：2022-01-25 17:17:59" in lines
    assert "第一段加粗文字。" in lines and "第二段" in lines and "换行" in lines
    assert "（本列数据的勾稽关系）\t\t申请人情况\t" in lines
    assert "\t\t自 然人\t总计" in lines
    assert "一、本年新收政府信息公开申请数量\t\t4\t" in lines  # &nbsp; cell is empty
    assert "三、本年度办理结果\t（一）予以公开\t3\t3" in lines
    assert "\t（二）部分公开\t\t1" in lines
    assert lines[-1] == "结尾。"
    for chrome in ("首页", "当前位置", "打印本页", "ICP", "不要"):
        assert chrome not in doc.text


def test_html_gb2312_declared():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>' \
           "<body><p>政府信息公开</p><p>𠀀扩展字</p></body></html>"
    doc = document_from_bytes(page.encode("gb18030"), "a.htm")
    assert doc.reject is None and doc.encoding == "gb18030"
    assert doc.text == "政府信息公开\n𠀀扩展字"


def test_html_truncated_rejected_but_fragment_fine():
    cut = PAGE[: PAGE.index("（二）部分公开")]
    doc = document_from_bytes(cut.encode(), "a.html")
    assert doc.reject and doc.reject.startswith("truncated html")
    frag = "<p>2019年年报</p><p>一、总体情况</p><table><tr><td>规章</td><td>13</td></tr></table>"
    doc = document_from_bytes(frag.encode(), "a.html")
    assert doc.reject is None and doc.text == "2019年年报\n一、总体情况\n规章\t13"


def test_html_nested_table_flattened():
    page = "<html><body><table><tr><td>外层<table><tr><td>内</td><td>层</td></tr></table></td><td>5</td></tr>" \
           "</table></body></html>"
    doc = document_from_bytes(page.encode(), "a.html")
    assert doc.reject is None and doc.text == "外层 内 层\t5"


def test_html_layout_table_keeps_article_lines():
    article = "".join(f"<p>第{i}段，这是一段足够长的正文文字，用来说明布局表格里的文章不能被压成一个单元格。</p>" for i in range(10))
    page = f"<html><body><table><tr><td>{article}<table><tr><td>行政许可</td><td>7</td></tr></table></td></tr>" \
           "</table></body></html>"
    doc = document_from_bytes(page.encode(), "a.html")
    lines = doc.text.split("\n")
    assert lines[0].startswith("第0段") and "行政许可\t7" in lines and len(lines) == 11


def test_html_deep_nesting_does_not_crash():
    page = "<html><body>" + "<div>" * 100_000 + "深" + "</div>" * 100_000 + "</body></html>"
    start = time.perf_counter()
    doc = document_from_bytes(page.encode(), "deep.html")
    assert time.perf_counter() - start < 5
    assert doc.reject is None and doc.text == "深"


def test_table_grid_spans():
    grid = table_grid([[("a", 2, 1), ("b", 1, 2)], [("c", 1, 1), ("d", 1, 1)], [("e", 1, 3)]])
    assert grid == [["a", "b", ""], ["", "c", "d"], ["e", "", ""]]
    # absurd spans are clamped, not allocated
    assert len(table_grid([[("x", 65534, 100000)]])[0]) == 200


# --------------------------------------------------------------------------- docx


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "某局2021年年报"
    document.add_paragraph("2021年某局政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "信息内容"  # vMerge restart/continue
    table.cell(0, 1).merge(table.cell(0, 3)).text = "申请人情况"  # gridSpan 3
    table.cell(1, 1).text = "自然人"
    table.cell(1, 3).text = "总计"
    table.cell(2, 0).text = "新收"
    table.cell(2, 1).text = "4"
    table.cell(2, 3).text = "5"
    document.add_paragraph("结尾。")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_and_table():
    doc = document_from_bytes(_docx_bytes(), "W0201.docx")
    assert doc.reject is None and doc.format == "docx"
    assert doc.title == "某局2021年年报" and "created" in doc.meta
    assert doc.text.split("\n") == [
        "2021年某局政府信息公开工作年度报告", "一、总体情况",
        "信息内容\t申请人情况\t\t", "\t自然人\t\t总计", "新收\t4\t\t5", "结尾。"]


def test_docx_not_a_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    doc = document_from_bytes(buf.getvalue(), "a.docx")
    assert doc.reject and "word/document.xml" in doc.reject
    doc = document_from_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "a.doc")
    assert doc.reject and "OLE" in doc.reject


def test_docx_zip_bomb_guard():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<" + b" " * (8 * 1024 * 1024))
    doc = document_from_bytes(buf.getvalue(), "bomb.docx")
    assert doc.reject and "zip bomb" in doc.reject


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _tree_text(xml: bytes) -> str:
    """The lxml tree walk, which the fast reader must reproduce."""
    from lxml import etree

    from gongkai.ingest import docx as D

    lines: list[str] = []
    D._block(etree.fromstring(xml, D._PARSER).find(D.W + "body"), lines)
    return "\n".join(lines)


def _doc_xml(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document {_W}><w:body>'
            f"{body}<w:sectPr/></w:body></w:document>").encode("utf-8")


_FAST_BODY = (
    '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>'
    '<w:r><w:t xml:space="preserve">甲 &amp; 乙</w:t><w:tab/><w:t>丙</w:t><w:br/><w:t>丁</w:t></w:r></w:p>'
    "<w:p/>"
    "<w:tbl><w:tblPr/><w:tr><w:trPr><w:gridBefore w:val=\"1\"/><w:gridAfter w:val=\"1\"/></w:trPr>"
    '<w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>表头</w:t></w:r></w:p></w:tc>'
    "<w:tc><w:p><w:r><w:t> a </w:t></w:r></w:p><w:p><w:r><w:t>b</w:t><w:br/><w:t>c</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"x\"/></w:tcPr><w:p/></w:tc>"
    "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>hidden</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    "<w:p><w:r><w:t>结尾</w:t></w:r></w:p>"
)


def test_docx_fast_reader_matches_tree_walk():
    from gongkai.ingest.docx import _fast_text

    xml = _doc_xml(_FAST_BODY)
    fast = _fast_text(xml)
    assert fast is not None and fast == _tree_text(xml)
    assert fast.split("\n") == ["甲 & 乙\t丙", "丁", "", "\t表头\t\ta b c\t", "\t\t5\t\t", "结尾"]


@pytest.mark.parametrize("body", [
    '<w:sdt><w:sdtContent><w:p><w:r><w:t>x</w:t></w:r></w:p></w:sdtContent></w:sdt>',  # content control
    "<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>",  # nested
    "<w:p><w:r><w:t>&#x41;</w:t></w:r></w:p>",  # character reference
    "<w:p><w:r><w:t>x</w:t></w:r>",  # unclosed paragraph
    "<w:p><w:r><w:t>a<w:x/>b</w:t></w:r></w:p>",  # markup inside w:t
])
def test_docx_fast_reader_declines_what_it_cannot_read(body):
    """Anything outside the plain subset goes to lxml, which gives the same text (or the reject)."""
    from gongkai.ingest.docx import _fast_text

    assert _fast_text(_doc_xml(body)) is None


def test_docx_malformed_xml_is_rejected():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", _doc_xml("<w:p><w:r><w:t>x</w:t></w:r>"))
    doc = document_from_bytes(buf.getvalue(), "bad.docx")
    assert doc.reject and doc.reject.startswith("corrupt docx: word/document.xml is not XML")


_SPAN_CELL = st.tuples(st.sampled_from(["", "x", "y", "1"]), st.integers(1, 4), st.integers(1, 4))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_SPAN_CELL, max_size=5), min_size=1, max_size=6))
def test_sparse_grid_matches_table_grid(rows):
    """The HTML reader's grid (spans given apart) equals the reference expansion."""
    from gongkai.ingest.html import _grid_sparse, _pad

    texts = [[t for t, _, _ in r] for r in rows]
    spans = {(i, j): (rs, cs) for i, r in enumerate(rows) for j, (_, rs, cs) in enumerate(r) if (rs, cs) != (1, 1)}
    got = _grid_sparse(texts, spans) if spans else _pad(texts)
    assert got == table_grid(rows)


# --------------------------------------------------------------------------- pdf


def _pdf_bytes(with_table: bool = True, text: bool = True) -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842), invariant=1)
    c.setTitle("某局2023年政府信息公开工作年度报告")
    if text:
        c.setFont("STSong-Light", 12)
        c.drawString(90, 770, "一、总体情况")
        c.drawString(90, 750, "本年度共主动公开政府信息1136条。")
    if with_table:
        xs, ys = [90, 250, 350, 450], [700, 680, 660, 640]
        for x in xs:
            c.line(x, ys[0], x, ys[-1])
        for y in ys:
            c.line(xs[0], y, xs[-1], y)
        c.setFont("STSong-Light", 10)
        cells = [["信息内容", "本年制发件数", "现行有效件数"], ["规章", "0", "11"], ["行政规范性文件", "8", "66"]]
        for r, row in enumerate(cells):
            for col, value in enumerate(row):
                c.drawString(xs[col] + 3, ys[r] - 14, value)
    if text:
        c.setFont("STSong-Light", 12)
        c.drawString(90, 600, "二、其他")
        c.drawString(290, 40, "- 1 -")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_pdf_text_and_table_in_place():
    doc = document_from_bytes(_pdf_bytes(), "W0202.pdf")
    assert doc.reject is None and doc.format == "pdf" and doc.pages == 1
    assert doc.title == "某局2023年政府信息公开工作年度报告"
    assert doc.text.split("\n") == [
        "一、总体情况", "本年度共主动公开政府信息1136条。",
        "信息内容\t本年制发件数\t现行有效件数", "规章\t0\t11", "行政规范性文件\t8\t66", "二、其他"]


def test_a_stretched_justified_pdf_line_reads_as_words():
    """A justified line set wide because a long number wrapped onto the next line: the text
    layer sets its characters apart, and the figure's subject (主动公开) must survive."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842), invariant=1)
    t = c.beginText(90, 770)
    t.setFont("STSong-Light", 12)
    t.setCharSpace(9)
    t.textLine("2014年度我局通过各种渠道主动公开政府信息")
    t.setCharSpace(0)
    t.textLine("99,999,999,999 条，全文电子化率达 100%。")
    c.drawText(t)
    c.showPage()
    c.save()
    doc = document_from_bytes(buf.getvalue(), "stretched.pdf")
    assert doc.text.split("\n")[0] == "2014年度我局通过各种渠道主动公开政府信息"


def test_letter_spacing_is_closed_only_in_runs_of_single_characters():
    from gongkai.ingest.pdf import _close_letter_spacing as close

    assert close("2 0 1 4 年 度 我 局 通 过 各 种 渠 道") == "2014年度我局通过各种渠道"
    assert close("共 公 开 信 息 2 3 2 条 ， 其 中") == "共公开信息232条，其中"
    # a label and its unit, cells before or after a spaced label, short spaced headers: as printed
    for kept in ["主动公开政府信息数 条 232", "统 计 指 标", "0 0 0 0 0 0", "自然人 商业企业 科研机构 社会公益组织"]:
        assert close(kept) == kept
    assert close("合计 12 0 0 主 动 公 开 的 信 息") == "合计 12 0 0 主动公开的信息"
    assert close("申 请 人 情 况 自 然 人 0 0 0") == "申请人情况自然人 0 0 0"


def test_pdf_truncated_and_scanned():
    data = _pdf_bytes()
    doc = document_from_bytes(data[: len(data) // 2], "a.pdf")
    assert doc.reject and doc.reject.startswith("truncated or corrupt pdf")
    doc = document_from_bytes(_pdf_bytes(with_table=False, text=False), "scan.pdf")
    assert doc.reject == "no text layer (scanned pdf?)"
    doc = document_from_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 20 + b"%%EOF", "a.pdf")
    assert doc.reject and doc.reject.startswith("truncated or corrupt pdf")


# --------------------------------------------------------------------------- robustness

NAMES = st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf", "a.md", "noext", "a.shtml"])
PREFIXES = st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf", b"\xff\xfe",
                            b"<table><tr><td rowspan=99999 colspan=99999>"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=PREFIXES, data=st.binary(max_size=3000), name=NAMES)
def test_arbitrary_bytes_never_raise(prefix, data, name):
    doc = document_from_bytes(prefix + data, name)
    assert doc.format in ("txt", "html", "pdf", "docx", "md")
    assert doc.size == len(prefix + data) and len(doc.sha256) == 64
    assert (doc.reject is None) or isinstance(doc.reject, str)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=500))
def test_arbitrary_html_never_raises(text):
    doc = document_from_bytes(f"<div>{text}<table><tr><td>{text}</td></tr></table>".encode(), "a.html")
    assert doc.reject is None or isinstance(doc.reject, str)


# --------------------------------------------------------------------------- real files

BYTE_DEFECTS = {"empty_file", "binary_junk", "truncated_html", "undecodable_bytes", "truncated_pdf"}


@needs_shared
def test_sample_corpus_rejects_exactly_the_damaged_files():
    root = SHARED / "corpus" / "sample"
    for line in open(root / "truth.jsonl", encoding="utf-8"):
        rec = json.loads(line)
        doc = read_document(root / rec["file"], rec["file"])
        damaged = bool({d["kind"] for d in rec["defects"]} & BYTE_DEFECTS)
        assert bool(doc.reject) == damaged, (rec["file"], doc.reject)
        assert doc.sha256 == rec["sha256"]
        if not damaged:
            assert doc.format == rec["format"] or (doc.format == "md" and rec["format"] == "txt")
            if rec["encoding"]:
                assert doc.encoding == rec["encoding"], rec["file"]
            assert rec["agency_as_written"] in doc.text, rec["file"]


@needs_shared
def test_seeds_and_real_text_files_decode_unchanged():
    files = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "real_reports").glob("*.txt")) + \
        sorted((SHARED / "real_reports").glob("*.md"))
    assert files
    for path in files:
        doc = read_document(path, path.name)
        assert doc.reject is None and doc.encoding == "utf-8"
        assert doc.text == path.read_text(encoding="utf-8")


def _row(text: str, label: str) -> list[str]:
    for line in text.split("\n"):
        cells = line.split("\t")
        if len(cells) > 1 and cells[0].strip() == label:
            return cells
    raise AssertionError(f"no row {label!r}")


@needs_shared
def test_real_pdf_szfgs2024_tables():
    doc = read_document(SHARED / "real_reports" / "szfgs2024.pdf", "szfgs2024.pdf")
    assert doc.reject is None and doc.pages == 6 and doc.title == "政府信息公开工作年度报告"
    assert _row(doc.text, "规章")[1:] == ["1", "0", "11"]
    assert _row(doc.text, "行政规范性文件")[1:] == ["8", "26", "66"]
    assert _row(doc.text, "行政许可")[1] == "447228"
    assert _row(doc.text, "行政事业性收费")[1] == "96171.6"
    assert _row(doc.text, "一、本年新收政府信息公开申请数量")[-7:] == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert _row(doc.text, "四、结转下年度继续办理")[-1] == "103"
    t4 = [line for line in doc.text.split("\n") if line.startswith("72\t")]
    assert t4 == ["\t".join("72 64 178 37 351 13 4 8 1 26 12 1 1 6 20".split())]
    assert "- 1 -" not in doc.text.split("\n")  # page footers dropped


@needs_shared
def test_real_pdf_hzq_tables():
    doc = read_document(SHARED / "real_reports" / "hzq2023_working.pdf", "hzq2023.pdf")
    assert doc.reject is None and doc.pages == 5
    assert doc.title == "洪泽区人民政府2023年政府信息公开工作年度报告"
    assert _row(doc.text, "行政规范性文件")[1:] == ["0", "5", "5"]
    assert _row(doc.text, "行政事业性收费")[1] == "7730.28"
    assert _row(doc.text, "一、本年新收政府信息公开申请数量")[-1] == "21"
    assert "10\t1\t0\t0\t0\t0\t0\t0\t0\t0\t5\t0\t0\t0\t0" in doc.text.split("\n")
    doc = read_document(SHARED / "real_reports" / "hzq2024_working.pdf", "hzq2024.pdf")
    assert _row(doc.text, "行政规范性文件")[1:] == ["3", "0", "8"]
    assert _row(doc.text, "行政许可")[1] == "9487"
    assert "1\t1\t0\t0\t2\t1\t0\t0\t0\t1\t2\t0\t1\t0\t3" in doc.text.split("\n")


@needs_shared
def test_real_html_fragment_tables():
    path = SHARED / "real_reports" / "2019年上海市人民政府办公厅政府信息公开工作年度报告.html"
    doc = read_document(path, path.name)
    assert doc.reject is None and doc.format == "html"
    assert _row(doc.text, "规章")[1:] == ["13", "13", "", "524"]
    assert _row(doc.text, "政府集中采购")[-2:] == ["251000元", ""]
    assert _row(doc.text, "一、本年新收政府信息公开申请数量")[-7:] == ["821", "35", "", "", "2", "1", "859"]
    total = [line.split("\t") for line in doc.text.split("\n") if "\t（七）总计\t" in line]
    assert total and total[0][-7:] == ["767", "35", "", "", "2", "1", "805"]
    assert "5\t\t\t2\t7\t8\t\t\t1\t9\t\t\t\t\t" in doc.text.split("\n")


@needs_shared
def test_real_docx_template():
    path = SHARED / "real_reports" / "政务公开年报模版.docx"
    doc = read_document(path, path.name)
    assert doc.reject is None and doc.format == "docx"
    assert "政府信息公开工作年度报告格式模板" in doc.text
    row = _row(doc.text, "一、本年新收政府信息公开申请数量")
    assert len(row) == 10 and not any(row[1:])
    assert "\t（三）不予公开\t1.属于国家秘密" + "\t" * 7 in doc.text.split("\n")


def test_pdf_glyphs_without_unicode_mapping_never_become_digits():
    from gongkai.ingest.common import Reject
    from gongkai.ingest.pdf import unmapped_glyphs

    text, warning = unmapped_glyphs("主动公开(cid:1234)信息 56 条", 12)
    assert text == "主动公开\ufffd信息 56 条" and "1 of 12 glyphs" in warning
    assert unmapped_glyphs("主动公开信息 56 条", 10) == ("主动公开信息 56 条", None)
    with pytest.raises(Reject, match="no Unicode mapping"):
        unmapped_glyphs("(cid:12)(cid:345)(cid:6) 2021 (cid:7)", 10)


def test_html_short_hidden_elements_are_not_read_into_values():
    """Pages spoil copying with invisible characters (1<span style="display:none">9</span>
    shows 1); a long hidden block that a script reveals is kept."""
    page = ('<html><body><div style="display:none">本报告全文由脚本在页面加载后显示，这一段很长，不能当作无关字符删除。</div>'
            '<table><tr><td>规章</td><td>1<span style="display:none">9</span></td>'
            '<td>1<font style="DISPLAY: NONE">3</font>1</td><td>2<i hidden>7</i></td>'
            '<td><span style="visibility:hidden">8</span>5</td></tr></table></body></html>')
    doc = document_from_bytes(page.encode("utf-8"), "t.html")
    assert "规章\t1\t11\t2\t5" in doc.text
    assert "不能当作无关字符删除" in doc.text


def test_json_data_is_no_report():
    """A truth or export file filed among the reports quotes report sentences in its strings
    (`"note": "上年结转34件"`): rejected with the reason, none of its numbers read."""
    data = json.dumps({"file": "a.pdf", "notes": "本年度新收政府信息公开申请34件，上年结转3件。"},
                      ensure_ascii=False, indent=2).encode()
    for name in ("truth.json", "a.txt", "noext"):
        doc = document_from_bytes(data, name)
        assert doc.reject == "structured data (JSON), not a report document", name
    # a report that opens with a bracket is still a report
    doc = document_from_bytes(("【年报】" + REPORT).encode(), "a.txt")
    assert doc.reject is None
    doc = document_from_bytes(("[2020]" + REPORT).encode(), "a.txt")
    assert doc.reject is None


def test_a_csv_export_of_many_reports_is_no_report():
    """A crawler's CSV (标题, 时间, 内容 …, one report per record) read as one text would pass one
    report's tables off as the file's: rejected with the reason."""
    body = "一、总体情况\n2021年，本年新收政府信息公开申请数量 3件,均已答复。" + "我县认真贯彻《条例》。" * 20
    records = [["某县2021年政府信息公开工作年度报告", "2022-01-20", body, "年报"],
               ["某县2020年政府信息公开工作年度报告", "2021-01-18", body.replace("2021", "2020"), "年报"],
               ["某县2019年政府信息公开工作年度报告", "2020-01-15", body.replace("2021", "2019"), "年报"]]
    out = io.StringIO()
    csv.writer(out).writerows([["标题", "时间", "内容", "一级类别"], *records])
    for name in ("export.csv", "export.txt"):
        doc = document_from_bytes(out.getvalue().encode("utf-8-sig"), name)
        assert doc.reject is not None and "CSV table of 3 records" in doc.reject, name
    # a report whose lines hold ASCII commas is still a report
    prose = "某县2021年政府信息公开工作年度报告\n2021年,我县认真贯彻《条例》,全面推进政务公开,成效明显。\n" + REPORT
    assert document_from_bytes(prose.encode(), "a.txt").reject is None
    first = "2021年,我县认真贯彻条例,推进公开。\n2021年,本年新收申请3件,均已答复。\n二、主动公开,情况如下,见表。\n"
    assert document_from_bytes(first.encode(), "b.txt").reject is None  # no named columns, no documents
    # one record under its header: the record is the report
    single = io.StringIO()
    csv.writer(single).writerows([["标题", "时间", "内容"], records[0][:3]])
    assert document_from_bytes(single.getvalue().encode(), "one.csv").reject is None


def test_html_footnote_reference_in_sup_is_no_digit():
    """`5<sup>1</sup>` is 5 with note 1, not 51: the reference becomes a superscript (5¹), which the
    table reader leaves unread rather than glue onto the value."""
    page = ("<html><body><p>2020年某县人民政府政府信息公开工作年度报告</p><table>"
            "<tr><td>行政许可</td><td>5<sup>1</sup></td></tr><tr><td>行政处罚</td><td>7<SUP>*</SUP></td></tr>"
            "</table><p>面积10m<sup>2</sup></p></body></html>").encode()
    doc = document_from_bytes(page, "a.html")
    assert "行政许可\t5¹" in doc.text and "行政处罚\t7*" in doc.text and "51" not in doc.text


def test_docx_superscript_footnote_reference_is_no_digit():
    """A raised `1` after a cell's 4 (a footnote reference) is not the 1 of 41."""
    import docx

    document = docx.Document()
    document.add_paragraph("2021年某局政府信息公开工作年度报告")
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).text = "新收"
    para = table.cell(0, 1).paragraphs[0]
    para.add_run("4")
    para.add_run("1").font.superscript = True
    table.cell(0, 2).text = "5"
    document.add_paragraph("面积10m")
    buf = io.BytesIO()
    document.save(buf)
    doc = document_from_bytes(buf.getvalue(), "a.docx")
    assert "新收\t4¹\t5" in doc.text.split("\n")
