"""Metamorphic: generated HTML reports (../shared/corpus) re-written in other layouts never give
a value their page does not have, and HTML pages (generated and real) written the ways other
editors write the same tables give exactly their values (see tests/layouts.py)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.ingest import read_document
from gongkai.pipeline import extract_file

from .layouts import LOSSLESS, other_html, other_layouts

GENERATE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "generate.py"
needs_generator = pytest.mark.skipif(not GENERATE.exists(), reason="../shared not present")


@pytest.fixture(scope="module")
def html_pages(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("layouts")
    subprocess.run([sys.executable, str(GENERATE), "--out", str(root), "--reports", "400", "--seed", "4711",
                    "--formats", "html", "--quiet"], check=True)
    return sorted(p for p in (root / "raw").rglob("*") if p.is_file())  # .html, .htm, .shtml, …


@needs_generator
def test_generated_pages_in_other_layouts_never_give_another_value(html_pages, tmp_path):
    assert len(html_pages) == 400
    changed = []
    for path in html_pages:
        page = extract_file(path, path.name)
        if page.status == "reject" or page.format != "html":
            continue
        want = {c: v.value for c, v in page.cells.items()}
        for name, variant in other_layouts(read_document(path, path.name).text).items():
            out = tmp_path / f"{name}.txt"
            out.write_text(variant, encoding="utf-8")
            got = {c: v.value for c, v in extract_file(out, out.name).cells.items()}
            wrong = {c: (want.get(c), v) for c, v in got.items() if want.get(c) != v}
            if wrong or (name in LOSSLESS and got != want):
                changed.append((path.name, name, sorted(wrong.items())[:3], len(want) - len(got)))
    assert changed == [], "\n".join(map(str, changed))


REAL_PAGES = sorted((Path(__file__).parent / "fixtures" / "pingtan_html").glob("*.html")) + sorted(
    (Path(__file__).resolve().parents[1] / "data" / "raw").rglob("*.html"))


def _html_variants_changed(pages: list[Path], tmp_path: Path) -> tuple[int, list]:
    checked, changed = 0, []
    for path in pages:
        page = extract_file(path, path.name)
        if page.status == "reject" or page.format != "html":
            continue
        checked += 1
        want = {("cell", c): v.value for c, v in page.cells.items()} | {
            ("figure", f): v.value for f, v in page.figures.items()}
        data = path.read_bytes()
        encoding = "utf-8" if data[:3] == b"\xef\xbb\xbf" or _utf8(data) else "gb18030"
        for name, variant in other_html(data.decode(encoding)).items():
            out = tmp_path / f"{name}{path.suffix}"
            out.write_bytes(variant.encode(encoding))
            rec = extract_file(out, out.name)
            got = {("cell", c): v.value for c, v in rec.cells.items()} | {
                ("figure", f): v.value for f, v in rec.figures.items()}
            if got != want:
                changed.append((path.name, name, sorted((k, want.get(k), got.get(k)) for k in set(want) | set(got)
                                                        if want.get(k) != got.get(k))[:3]))
    return checked, changed


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@needs_generator
def test_generated_pages_written_by_other_editors_give_the_same_values(html_pages, tmp_path):
    checked, changed = _html_variants_changed(html_pages, tmp_path)
    assert checked >= 390
    assert changed == [], "\n".join(map(str, changed))


def test_real_pages_written_by_other_editors_give_the_same_values(tmp_path):
    checked, changed = _html_variants_changed(REAL_PAGES, tmp_path)
    assert checked >= 20
    assert changed == [], "\n".join(map(str, changed))
