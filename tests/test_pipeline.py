"""Per-file extraction glue, duplicates, input order and the extract command's contract."""
from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.ingest import document_from_bytes
from gongkai.pipeline import (
    _VOLATILE_DATES,
    _VOLATILE_LINE,
    _VOLATILE_WORDS,
    DUPLICATE_AGENCY_YEAR,
    DUPLICATE_EXACT,
    DUPLICATE_REPUBLISHED,
    NOTHING_READ,
    batch_gc,
    count_inputs,
    extract_document,
    folder_inputs,
    iter_inputs,
    link_duplicates,
    report_template,
)

from .conftest import SAMPLE

SEED = (SAMPLE / "2017" / "002_jiaxiang_subdistrict_2017.txt").read_text(encoding="utf-8")


def rec(text: str, name: str):
    return extract_document(document_from_bytes(text.encode("utf-8"), name))


def test_exact_copy_is_rejected_and_republication_is_flagged():
    original = rec(SEED, "2017/a.txt")
    copy = rec(SEED, "2017/a(1).txt")
    republished = rec(SEED.replace("2018-01-17 16:17:09", "2018-03-02 09:00:00") + "\n分享到：\n浏览次数：77\n",
                      "2017/b.txt")
    out = list(link_duplicates([original, copy, republished]))
    assert [r.status for r in out] == ["ok", "reject", "flag"]
    assert out[1].duplicate_of == out[2].duplicate_of == "2017/a.txt"
    assert out[1].problems[-1].check == DUPLICATE_EXACT
    assert out[2].problems[-1].check == DUPLICATE_REPUBLISHED and out[2].problems[-1].severity == "error"


def test_another_report_of_the_same_agency_and_year_is_only_a_warning():
    other = SEED.replace("2017年度共主动公开政府信息232条", "2017年度共主动公开政府信息150条")
    # rewrite most of the body so it is a different report, not a copy
    other = "\n".join(line + "（修订稿）" if len(line) > 20 else line for line in other.split("\n"))
    a, b = list(link_duplicates([rec(SEED, "2017/a.txt"), rec(other, "2017/c.txt")]))
    assert b.status == "ok" and b.duplicate_of is None
    assert [p.check for p in b.problems] == [DUPLICATE_AGENCY_YEAR]


def test_originals_sort_before_their_copies(tmp_path):
    for n in ["X(1).txt", "X - 副本.txt", "X.txt", "W.txt"]:
        (tmp_path / n).write_text("x", encoding="utf-8")
    assert [name for _, name in iter_inputs([tmp_path])] == ["W.txt", "X.txt", "X - 副本.txt", "X(1).txt"]


def _rglob_inputs(root: Path) -> list[tuple[str, str]]:
    """The listing iter_inputs replaced (Path.rglob), as the reference for its order and files."""
    key = lambda f: (f.parent.as_posix(), f.stem, f.suffix)  # noqa: E731
    return [(str(f), f.relative_to(root).as_posix()) for f in sorted((x for x in root.rglob("*") if x.is_file()), key=key)]


def test_folder_listing_matches_rglob_order_and_files(tmp_path):
    names = ["X.txt", "X(1).txt", "X - 副本.txt", "W.txt", "a/b/c.txt", "a/x.txt", "a-b/y.txt", "z/.hidden",
             "a.", ".x.y", "r.tar.gz", "a/b/d/e.html", "a/B.txt"]
    for n in names:
        (tmp_path / n).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / n).write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "a", tmp_path / "link_to_folder")  # not entered, as rglob does not
    os.symlink(tmp_path / "X.txt", tmp_path / "link_to_file")  # a file, as rglob says
    expected = _rglob_inputs(tmp_path)
    assert folder_inputs(tmp_path) == expected
    assert [(str(p), n) for p, n in iter_inputs([tmp_path])] == expected
    assert count_inputs(tmp_path) == len(expected) == len(names) + 1
    assert folder_inputs(tmp_path / "missing") == [] and count_inputs(tmp_path / "missing") == 0


def test_batch_collector_settings_are_restored():
    before = gc.get_threshold()
    with batch_gc():
        assert gc.get_threshold()[0] > before[0] and gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_template_follows_the_tables_then_the_year():
    assert report_template({"t2": "gb2021", "t3": "gb2019"}, 2023) == "gb2021"
    assert report_template({"t3": "gb2019"}, 2023) == "gb2019"
    assert report_template({"leg": "legacy"}, 2019) == "legacy"
    assert report_template({}, 2017) == "legacy"
    assert report_template({}, 2020) == "gb2019"
    assert report_template({}, 2022) == "gb2021"
    assert report_template({}, None) is None
    # the year unknown, the title's (2017) and the one the date implies (2016) share a format
    assert report_template({}, None, 2017, "2017-01-15") == "legacy"
    assert report_template({}, None, 2020, "2022-06-17") is None  # 2020 or 2021
    assert report_template({}, None, 2020, "2020-12-28") == "gb2019"  # 2019 or 2020
    assert report_template({}, None, 2019, "2019-12-28") is None  # 2018 or 2019


def test_rejects_keep_their_reason_and_never_raise():
    r = extract_document(document_from_bytes(b"", "2017/empty.txt"))
    assert r.status == "reject" and r.reject_reason and r.to_json()["cells"] == {}


def test_extract_command_writes_one_record_per_file(tmp_path):
    (tmp_path / "2017").mkdir()
    (tmp_path / "2017" / "a.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "2017" / "b.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    out = subprocess.run([sys.executable, "-m", "gongkai.cli", "extract", str(tmp_path)],
                         capture_output=True, text=True, check=True).stdout
    recs = [json.loads(line) for line in out.splitlines()]
    assert [r["file"] for r in recs] == ["2017/a.txt", "2017/b.bin"]
    assert recs[0]["status"] == "ok" and recs[0]["figures"]["proactive_disclosed"] == 232
    assert recs[1]["status"] == "reject" and recs[1]["problems"]
    keys = ["file", "sha256", "status", "problems", "duplicate_of", "agency", "agency_as_written", "level",
            "province", "city", "county", "report_year", "publish_date", "template", "script", "format",
            "cells", "figures", "uncertain"]
    assert all(k in recs[0] for k in keys)


def test_extract_command_fails_only_when_it_cannot_run(tmp_path):
    p = subprocess.run([sys.executable, "-m", "gongkai.cli", "extract", str(tmp_path / "missing")],
                       capture_output=True, text=True)
    assert p.returncode == 2 and "no such file" in p.stderr


def test_a_process_pool_gives_the_same_records_in_the_same_order(monkeypatch):
    import gongkai.pipeline as pipeline
    from gongkai.pipeline import extract_items, normalize_document

    texts = [SEED.replace("232条", f"{i}条") + ("\n" + "修订" * i) for i in range(12)]
    items = [normalize_document(document_from_bytes(t.encode(), f"2017/{i:02d}.txt")) for i, t in enumerate(texts)]
    items.append(document_from_bytes(b"", "2017/empty.txt"))
    monkeypatch.setattr(pipeline, "POOL_MIN", 2)
    pooled = [r.to_json() for r in extract_items(items, jobs=2)]
    serial = [r.to_json() for r in extract_items(items, jobs=1)]
    assert pooled == serial and len(pooled) == 13


def test_an_extractor_crash_is_recorded_and_the_run_goes_on(monkeypatch):
    import gongkai.pipeline as pipeline

    def boom(text):
        raise ValueError("bad table")

    monkeypatch.setattr(pipeline, "extract_tables", boom)
    r = extract_document(document_from_bytes(SEED.encode(), "2017/a.txt"))
    assert r.status == "reject" and "ValueError: bad table" in r.reject_reason
    assert r.problems[0].check == pipeline.EXTRACT_CRASH


_VOLATILE_ALPHABET = "发布更新日期时间浏览点击阅读来源打印索引号文 \t-/.年月:0123456789０１２报告"


@given(st.lists(st.text(alphabet=_VOLATILE_ALPHABET, max_size=30), max_size=8))
@settings(max_examples=300, deadline=None)
def test_the_two_literal_scans_find_exactly_the_volatile_lines(lines):
    """body_signature finds volatile lines with two fast scans of the whole text; they must mark
    the same lines as the one readable pattern does line by line."""
    text = "\n".join(lines)
    fast = set()
    for pattern in (_VOLATILE_WORDS, _VOLATILE_DATES):
        fast.update(text.count("\n", 0, m.start()) for m in pattern.finditer(text))
    assert fast == {i for i, line in enumerate(lines) if _VOLATILE_LINE.search(line)}


_SKETCHES = st.lists(st.integers(0, 60), max_size=32, unique=True).map(lambda xs: tuple(sorted(xs)))


@settings(max_examples=2000, deadline=None)
@given(_SKETCHES, _SKETCHES)
def test_the_quick_body_comparison_agrees_with_the_jaccard_estimate(a, b):
    """The linker's early exit (too few shared hashes to reach the threshold) changes no answer."""
    from gongkai.pipeline import SAME_BODY_JACCARD, same_body

    expected = False
    if a and b:
        union = sorted(set(a) | set(b))[: max(len(a), len(b))]
        expected = sum(1 for h in union if h in set(a) & set(b)) / len(union) >= SAME_BODY_JACCARD
    assert same_body(a, b) == expected


def test_a_short_report_republished_under_a_reworded_title_is_the_same_body():
    """An encyclopedia copy repeats the title in its info box and first line; the portal copy
    wraps it after the agency. Title lines are no evidence either way, the prose is."""
    from gongkai.pipeline import body_signature, same_body

    prose = [f"全年主动公开政府信息{n}条，其中通过门户网站公开{n - 3}条，政务微博公开3条。" for n in range(40, 50)]
    title = "安康市紫阳县农业农村局2019年政府信息公开年报"
    wiki = [title, "基本信息", f"• 中文名称:{title}", f"{title}。"] + prose + ["相关词条"]
    portal = ["安康市紫阳县农业农村局", "2019年政府信息公开年报", "发布时间：2020-06-22"] + prose
    other = [title] + [line.replace("条，其中", "件，其中") for line in prose]
    sketch = {k: body_signature("\n".join(v))[1] for k, v in (("wiki", wiki), ("portal", portal), ("other", other))}
    assert same_body(sketch["wiki"], sketch["portal"])
    assert not same_body(sketch["wiki"], sketch["other"])


def test_the_agencys_level_keeps_a_city_wide_figure_out_of_a_district_report():
    text = ("淄博市张店区人民政府2021年政府信息公开工作年度报告\n一、总体情况\n"
            "2021年，全市各级行政机关共收到政府信息公开申请5000件。全区共收到政府信息公开申请56件。\n"
            "淄博市张店区人民政府\n2022年1月20日\n")
    r = rec(text, "zhangdian_2021.txt")
    assert (r.meta.level, r.meta.county) == ("county", "张店区")
    assert r.figures["applications_received"].value == 56


def test_a_departments_report_keeps_its_areas_figure_out():
    text = ("淄博市张店区教育局2021年政府信息公开工作年度报告\n一、总体情况\n"
            "2021年，全区共收到政府信息公开申请56件。我局主动公开政府信息88条。\n"
            "淄博市张店区教育局\n2022年1月20日\n")
    r = rec(text, "zhangdian_edu_2021.txt")
    assert (r.meta.agency, r.meta.level) == ("淄博市张店区教育局", "county")
    assert "applications_received" not in r.figures and r.figures["proactive_disclosed"].value == 88


def test_a_page_that_only_links_to_its_report_says_nothing_was_read():
    page = ("<html><head><meta charset='utf-8'><title>淄博市张店区人民政府2021年政府信息公开工作年度报告</title></head>"
            "<body><h1>淄博市张店区人民政府2021年政府信息公开工作年度报告</h1><p>发布时间：2022-01-20</p>"
            "<p>附件：<a href='/u/2021.pdf'>淄博市张店区人民政府2021年政府信息公开工作年度报告.pdf</a></p></body></html>")
    r = extract_document(document_from_bytes(page.encode("utf-8"), "zhangdian_2021.html"))
    assert r.status == "ok" and r.meta.report_year == 2021
    assert [p.check for p in r.problems] == [NOTHING_READ]
    assert NOTHING_READ not in [p.check for p in rec(SEED, "seed.txt").problems]


def test_ingestion_takes_one_process_more_than_the_cores_but_one_stays_one():
    from orchestration.resources import GongkaiPaths

    assert GongkaiPaths(jobs=2).ingest_processes() == 3
    assert GongkaiPaths(jobs=1).ingest_processes() == 1
    assert GongkaiPaths(jobs=0).ingest_processes() == (os.cpu_count() or 1) + (1 if (os.cpu_count() or 1) > 1 else 0)
