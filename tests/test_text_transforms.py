"""Metamorphic: the same report text as it arrives after copying, pasting and re-encoding.

Double spacing (a blank line after every line: web pages pasted one paragraph per line, or a
CR CR LF file) must change nothing; the other transforms may lose what they break, never give
another value. Run on the embedded sample (always) and on a generated corpus of every year
(with ../shared).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.extract.gb_tables import spacing
from gongkai.extract.legacy_tables import extract_legacy_tables
from gongkai.ingest import read_document
from gongkai.normalize import normalize_text
from gongkai.pipeline import extract_file

from .conftest import SAMPLE, SHARED

GENERATE = SHARED / "corpus" / "generate.py"
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _transforms(text: str) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(lossless transforms, the others), each as the bytes of a text file."""
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    lossless = {
        "double_spaced": "\n\n".join(lines).encode(),
        "triple_spaced": "\n\n\n".join(lines).encode(),  # every line a paragraph, two blank lines apart
        "cr_cr_lf": text.replace("\n", "\r\r\n").encode(),
        "full_width_digits": text.translate(_FULL_WIDTH).encode(),
        "crlf": text.replace("\n", "\r\n").encode(),
    }
    others = {
        # table labels spaced out to fill their cells (收 到 申 请 数, 万 元)
        "spaced_labels": "\n".join(_BETWEEN_CJK.sub(" ", ln) if "\t" in ln else ln for ln in lines).encode(),
        "no_blank_lines": "\n".join(ln for ln in lines if ln.strip()).encode(),
        "indented_prose": "\n".join("\u3000\u3000" + ln if ln.strip() and "\t" not in ln else ln
                                    for ln in lines).encode(),
        "prose_wrapped_at_41": "\n".join(_wrap(ln, 41) for ln in lines).encode(),
        # cut every 30 characters, numbers too (信息28 / 38条): may lose the number, never misread it
        "hard_wrapped_at_30": "\n".join(_hard_wrap(ln, 30) for ln in lines).encode(),
        "cells_as_paragraphs": _cells_as_paragraphs(lines).encode(),
    }
    return lossless, others


def _cells_as_paragraphs(lines: list[str]) -> str:
    """A web page's text pasted with every table cell a paragraph of its own: two blank lines
    between cells and between paragraphs, four between table rows (an empty cell is one more
    empty paragraph)."""
    out: list[str] = []
    prev_row = False
    for ln in lines:
        if not ln.strip():
            continue
        row = "\t" in ln
        if out:
            out.append("\n\n\n\n\n" if row and prev_row else "\n\n\n")
        out.append("\n\n\n".join(c.strip() for c in ln.split("\t")) if row else ln)
        prev_row = row
    return "".join(out)


def _wrap(line: str, width: int) -> str:
    """A long line cut every ``width`` characters, never inside a number (a number cut by a line
    end is two numbers to anyone who does not know where the lines were wrapped)."""
    if "\t" in line or "|" in line or len(line) <= width:
        return line
    out = []
    while len(line) > width:
        cut = width
        while cut > 1 and line[cut - 1] in _NUMBER_CHARS and line[cut] in _NUMBER_CHARS:
            cut -= 1
        out.append(line[:cut])
        line = line[cut:]
    return "\n".join(out + [line])


_NUMBER_CHARS = frozenset("0123456789.-+")
_LONG_RUN = re.compile(r"\d{7,}")
_BETWEEN_CJK = re.compile(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])")


def _hard_wrap(line: str, width: int) -> str:
    """Every ``width`` characters, except table rows and flattened tables (a long digit run such as
    13575394432.52 cut in two is a clean reading of the wrong values: no reader can tell)."""
    if "\t" in line or "|" in line or _LONG_RUN.search(line):
        return line
    return "\n".join(line[i:i + width] for i in range(0, max(len(line), 1), width))


def _values(path: Path) -> dict[tuple[str, str], float]:
    rec = extract_file(path, path.name)
    return {("cell", c): v.value for c, v in rec.cells.items()} | {("figure", f): v.value for f, v in rec.figures.items()}


def _check(files: list[Path], tmp_path: Path) -> tuple[int, list]:
    checked, changed = 0, []
    for path in files:
        if extract_file(path, path.name).status == "reject":
            continue
        checked += 1
        want = _values(path)
        lossless, others = _transforms(read_document(path, path.name).text)
        for name, data in {**lossless, **others}.items():
            out = tmp_path / f"{name}.txt"
            out.write_bytes(data)
            got = _values(out)
            wrong = {k: (want.get(k), v) for k, v in got.items() if want.get(k) != v}
            if wrong or (name in lossless and got != want):
                changed.append((path.name, name, sorted(wrong.items())[:3], sorted(set(want) - set(got))[:3]))
    return checked, changed


def test_sample_reports_survive_spacing_and_encoding(tmp_path):
    files = sorted(p for p in SAMPLE.rglob("*") if p.is_file())
    checked, changed = _check(files, tmp_path)
    assert checked >= 15
    assert changed == [], "\n".join(map(str, changed))


@pytest.mark.skipif(not GENERATE.exists(), reason="../shared not present")
def test_generated_reports_survive_spacing_and_encoding(tmp_path_factory, tmp_path):
    root = tmp_path_factory.mktemp("transforms")
    subprocess.run([sys.executable, str(GENERATE), "--out", str(root), "--reports", "150", "--seed", "2718",
                    "--formats", "txt,html,docx", "--quiet"], check=True)
    files = sorted(p for p in (root / "raw").rglob("*") if p.is_file())
    checked, changed = _check(files, tmp_path)
    assert checked >= 140
    assert changed == [], "\n".join(map(str, changed))


def test_spacing_is_a_property_of_the_whole_text():
    rows = [f"{i}.第{i}行\t{i}" for i in range(1, 13)]
    assert spacing("\n\n".join(rows).split("\n")) == 1
    assert spacing("\n\n\n".join(rows).split("\n")) == 2
    assert spacing("\n".join(rows).split("\n")) == 0
    # paragraphs between blank lines, a table without: not spaced
    prose = [f"第{i}段。" for i in range(8)]
    assert spacing(("\n\n".join(prose) + "\n\n" + "\n".join(rows)).split("\n")) == 0
    assert spacing(("\n\n\n".join(prose) + "\n\n\n" + "\n\n".join(rows)).split("\n")) == 1


def test_a_blank_line_in_a_double_spaced_table_does_not_tear_a_value():
    # a page break left the numbering "4" of row 4 under row 3; with a blank line after every
    # line, "篇 4" + blank + "4" is spacing, not one number torn across two pages (44)
    lines = ["统计指标 单位 统计数", "一、主动公开情况", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条） 条 17",
             "其中：主动公开规范性文件数 条 0", "制发规范性文件总数 件 2", "二、回应解读情况",
             "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次） 次 0",
             "（二）通过不同渠道和方式回应解读的情况", "1.参加或举办新闻发布会总次数 次 2",
             "其中：主要负责同志参加新闻发布会次数 次 0", "2.政府网站在线访谈次数 次 0",
             "其中：主要负责同志参加政府网站在线访谈次数 次 0", "3.政策解读稿件发布数 篇 4", "4", "",
             "— 2 —", "", ".微博微信回应事件数 次 4", "5.其他方式回应事件数 次 1", "三、依申请公开情况",
             "（一）收到申请数 件 0", "1.当面申请数 件 0", "2.传真申请数 件 0", "3.网络申请数 件 0",
             "4.信函申请数 件 0", "（二）申请办结数 件 0", "1.按时办结数 件 0", "2.延期办结数 件 0",
             "（三）申请答复数 件 0", "1.属于已主动公开范围数 件 0"]
    for text in ("\n".join(lines), "\n\n".join(lines)):
        cells = extract_legacy_tables(normalize_text(text)[0]).cells
        assert cells["leg.response.policy_explainers"].value == 4
        assert cells["leg.response.press_conferences"].value == 2
        assert cells["leg.response.other_events"].value == 1
