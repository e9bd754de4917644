"""Shared fixtures: where the reference material lives, and a tiny landing zone."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE = REPO / "data" / "raw"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared not present")


@pytest.fixture
def seed_landing_zone(tmp_path: Path) -> Path:
    """The five seed reports laid out as <year>/<file> (from data/raw, which embeds them)."""
    root = tmp_path / "raw"
    for year, names in {
        2017: ["000_yanzhou_enforcement_2017.txt", "002_jiaxiang_subdistrict_2017.txt", "004_qinzhou_approval_2017.txt"],
        2018: ["003_baohe_district_2018_traditional.txt"],
        2020: ["001_zhangdian_enforcement_2020.txt"],
    }.items():
        (root / str(year)).mkdir(parents=True)
        for n in names:
            shutil.copy(SAMPLE / str(year) / n, root / str(year) / n)
    return root
