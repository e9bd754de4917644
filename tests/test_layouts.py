"""Metamorphic: generated HTML reports (../shared/corpus) re-written in other layouts never give
a value their page does not have (see tests/layouts.py)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.ingest import read_document
from gongkai.pipeline import extract_file

from .layouts import LOSSLESS, other_layouts

GENERATE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "generate.py"
pytestmark = pytest.mark.skipif(not GENERATE.exists(), reason="../shared not present")


@pytest.fixture(scope="module")
def html_pages(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("layouts")
    subprocess.run([sys.executable, str(GENERATE), "--out", str(root), "--reports", "400", "--seed", "4711",
                    "--formats", "html", "--quiet"], check=True)
    return sorted(p for p in (root / "raw").rglob("*") if p.is_file())  # .html, .htm, .shtml, …


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
