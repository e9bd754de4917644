"""The chunked, pooled stage builders give the frames of the one-record-at-a-time path, row for
row, whatever the number of processes and the chunk size, duplicates linked across chunks."""
from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from expectations.frame_schemas import validate
from gongkai import batch
from gongkai.frames import documents_frame, frame_documents, frame_normalized, normalized_frame, record_frames
from gongkai.ingest import read_document
from gongkai.pipeline import extract_items, iter_inputs, normalize_document

from .conftest import SAMPLE

SEED = (SAMPLE / "2017" / "002_jiaxiang_subdistrict_2017.txt").read_text(encoding="utf-8")


@pytest.fixture
def year_folder(tmp_path):
    """A year with every kind of file the linker cares about, spread over several chunks: the
    original, a byte-identical copy, a re-publication under another header, another report of
    the same agency, variants, an empty file, and the real sample reports."""
    d = tmp_path / "2017"
    d.mkdir()
    (d / "a.txt").write_text(SEED, encoding="utf-8")
    (d / "a(1).txt").write_text(SEED, encoding="utf-8")
    (d / "b.txt").write_text(SEED.replace("2018-01-17 16:17:09", "2018-03-02 09:00:00") + "\n分享到：\n浏览次数：77\n",
                             encoding="utf-8")
    other = "\n".join(line + "（修订稿）" if len(line) > 20 else line for line in SEED.split("\n"))
    (d / "c.txt").write_text(other.replace("232条", "150条"), encoding="utf-8")
    for i in range(9):
        (d / f"v{i}.txt").write_text(SEED.replace("232条", f"{i}条") + "\n" + "补充说明" * (i + 3), encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    for f in sorted(SAMPLE.rglob("*")):
        if f.is_file():
            (d / f"s_{f.parent.name}_{f.name}").write_bytes(f.read_bytes())
    return d


def _reference(entries, year):
    raw = documents_frame([read_document(p, n) for p, n in entries], year)
    norm = normalized_frame(((doc, None if doc.reject else normalize_document(doc)) for doc in frame_documents(raw)), year)
    return raw, norm, record_frames(extract_items(frame_normalized(norm), jobs=1), year)


def _eager(df):
    return df.collect() if isinstance(df, pl.LazyFrame) else df


@pytest.mark.parametrize("jobs,spilled", [(1, False), (2, False), (2, True)])
def test_chunked_stages_equal_the_record_path(year_folder, tmp_path, monkeypatch, jobs, spilled):
    monkeypatch.setattr(batch, "CHUNK", 4)  # many chunks: copies and originals in different ones
    monkeypatch.setattr(batch, "POOL_MIN", 2)
    entries = [(p, f"2017/{n}") for p, n in iter_inputs([year_folder])]
    raw0, norm0, frames0 = _reference(entries, 2017)
    # the parts pass the assets' own pandera check (a module-level function: workers unpickle it)
    spill = batch.Spill(tmp_path / "spill", validate=validate) if spilled else None

    raw, reused = batch.ingest_files(entries, 2017, jobs=jobs, spill=spill)
    assert reused == 0
    assert isinstance(raw, pl.LazyFrame) == spilled
    assert_frame_equal(_eager(raw), raw0)
    norm = batch.normalize_frame(raw, 2017, jobs=jobs, spill=spill)
    assert_frame_equal(_eager(norm), norm0)
    frames = batch.extract_frames(norm, 2017, jobs=jobs, spill=spill)
    for name, df in frames0.items():
        assert_frame_equal(_eager(frames[name]), df)
    if spilled:
        assert sorted({p.parent.name for p in (tmp_path / "spill").rglob("*.parquet")}) == [
            "normalized_reports", "raw_reports", "report_cells", "uncertain_values"]

    facts = {r["file"]: r for r in frames["report_facts"].iter_rows(named=True)}
    assert facts["2017/a(1).txt"]["status"] == "reject" and facts["2017/a(1).txt"]["duplicate_of"] == "2017/a.txt"
    assert facts["2017/b.txt"]["status"] == "flag" and facts["2017/b.txt"]["duplicate_of"] == "2017/a.txt"
    checks = frames["extraction_problems"].filter(file="2017/c.txt")["check"].to_list()
    assert "duplicate.agency_year" in checks


def test_a_spilled_part_that_fails_its_check_stops_the_stage(year_folder, tmp_path):
    entries = [(p, f"2017/{n}") for p, n in iter_inputs([year_folder])]

    def reject(table, df):
        raise ValueError(f"{table}: bad part")

    with pytest.raises(ValueError, match="raw_reports: bad part"):
        batch.ingest_files(entries, 2017, spill=batch.Spill(tmp_path / "spill", validate=reject))


def test_unchanged_files_are_reused_and_changed_ones_parsed_again(year_folder, tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "CHUNK", 4)
    entries = [(p, f"2017/{n}") for p, n in iter_inputs([year_folder])]
    first, _ = batch.ingest_files(entries, 2017)
    previous = tmp_path / "raw.parquet"
    first.write_parquet(previous)
    same, reused = batch.ingest_files(entries, 2017, previous=previous)
    assert same is None and reused == len(entries)  # nothing to write: the previous file is the answer

    (year_folder / "v3.txt").write_text(SEED.replace("232条", "233条"), encoding="utf-8")
    again, reused = batch.ingest_files(entries, 2017, previous=previous)
    assert reused == len(entries) - 1
    assert again["file"].to_list() == first["file"].to_list()
    assert "233条" in again.filter(file="2017/v3.txt")["text"][0]
    assert_frame_equal(again.filter(pl.col("file") != "2017/v3.txt"), first.filter(pl.col("file") != "2017/v3.txt"))


def test_a_file_whose_size_and_mtime_are_unchanged_is_not_read_again_to_be_hashed(year_folder, tmp_path):
    """The stat cache (like git's index): a re-run hashes only files whose size or mtime moved."""
    entries = [(p, f"2017/{n}") for p, n in iter_inputs([year_folder])]
    cache = tmp_path / "raw.stat.json"
    first, _ = batch.ingest_files(entries, 2017, stat_cache=cache)
    previous = tmp_path / "raw.parquet"
    first.write_parquet(previous)
    stats = batch.load_stat_cache(cache)
    assert set(stats) == {n for _, n in entries if first.filter(file=n)["sha256"][0]}
    assert stats["2017/v3.txt"][2] == first.filter(file="2017/v3.txt")["sha256"][0]
    # the cache is what the re-run believes: a stat that still matches is not hashed again ...
    stats["2017/v3.txt"] = (*stats["2017/v3.txt"][:2], "0" * 64)
    batch.save_stat_cache(cache, stats)
    again, reused = batch.ingest_files(entries, 2017, previous=previous, stat_cache=cache)
    assert reused == len(entries) - 1 and again.filter(file="2017/v3.txt")["sha256"][0] != "0" * 64
    # ... and a file written again (its mtime moves) is hashed from its bytes
    cache.write_text("not json", encoding="utf-8")  # a damaged cache is no cache
    assert batch.load_stat_cache(cache) == {}
    same, reused = batch.ingest_files(entries, 2017, previous=previous, stat_cache=cache)
    assert same is None and reused == len(entries)
    (year_folder / "v3.txt").write_text(SEED.replace("232条", "233条"), encoding="utf-8")
    changed, reused = batch.ingest_files(entries, 2017, previous=previous, stat_cache=cache)
    assert reused == len(entries) - 1 and "233条" in changed.filter(file="2017/v3.txt")["text"][0]


def test_the_build_starts_the_pool_server_with_the_module_of_the_parts_check(year_folder, tmp_path, monkeypatch):
    from assets._meta import spill_folder
    from gongkai.pipeline import start_pool_server
    from orchestration.build import PART_CHECK_MODULE

    with spill_folder(tmp_path, "raw_reports", [2017], "run") as spill:
        assert spill.validate.__module__ == PART_CHECK_MODULE
    start_pool_server((PART_CHECK_MODULE,))  # early, as gongkai build does: later pools fork from it
    monkeypatch.setattr(batch, "CHUNK", 4)
    monkeypatch.setattr(batch, "POOL_MIN", 2)
    entries = [(p, f"2017/{n}") for p, n in iter_inputs([year_folder])]
    raw, _ = batch.ingest_files(entries, 2017, jobs=2, spill=batch.Spill(tmp_path / "spill", validate=validate))
    assert_frame_equal(_eager(raw), documents_frame([read_document(p, n) for p, n in entries], 2017))
