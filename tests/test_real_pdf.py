"""A real report PDF outside ../shared (tests/fixtures/real_pdf): every cell of tables 2-4 as read
off its pages by hand, with wrapped headers, one-character-per-line row labels and table 3 broken
across two pages."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from gongkai.catalogue import indicators
from gongkai.pipeline import extract_file

PDF = Path(__file__).parent / "fixtures" / "real_pdf" / "淮安市人民政府2024年政府信息公开工作年度报告.pdf"
APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
              "legal_service_org", "other_org", "total")

# table 3 as printed (rows not listed are all 0)
T3_ROWS = {
    "new_received": (3001, 53, 0, 0, 61, 4, 3119),
    "carried_in": (34, 0, 0, 0, 0, 0, 34),
    "granted": (1288, 21, 0, 0, 50, 3, 1362),
    "partial": (447, 7, 0, 0, 0, 0, 454),
    "denied.state_secret": (2, 0, 0, 0, 0, 0, 2),
    "denied.law_prohibited": (30, 1, 0, 0, 0, 0, 31),
    "denied.security_stability": (5, 0, 0, 0, 0, 0, 5),
    "denied.third_party": (6, 0, 0, 0, 0, 0, 6),
    "denied.internal_affairs": (7, 1, 0, 0, 0, 0, 8),
    "denied.process_info": (12, 0, 0, 0, 0, 0, 12),
    "denied.enforcement_files": (9, 0, 0, 0, 0, 0, 9),
    "denied.query_matters": (105, 0, 0, 0, 0, 0, 105),
    "unable.not_held": (746, 12, 0, 0, 10, 1, 769),
    "unable.need_creation": (11, 0, 0, 0, 0, 0, 11),
    "unable.unclear": (1, 0, 0, 0, 0, 0, 1),
    "not_processed.petition": (56, 6, 0, 0, 0, 0, 62),
    "not_processed.duplicate": (25, 0, 0, 0, 0, 0, 25),
    "not_processed.confirm_reissue": (1, 0, 0, 0, 0, 0, 1),
    "other.no_supplement": (67, 3, 0, 0, 1, 0, 71),
    "other.unpaid_fee": (6, 0, 0, 0, 0, 0, 6),
    "other.other": (108, 2, 0, 0, 0, 0, 110),
    "total_processed": (2932, 53, 0, 0, 61, 4, 3050),
    "carried_out": (103, 0, 0, 0, 0, 0, 103),
}
T2 = {"t2.rules.made": 1, "t2.rules.repealed": 0, "t2.rules.valid": 11,
      "t2.normative_docs.made": 8, "t2.normative_docs.repealed": 26, "t2.normative_docs.valid": 66,
      "t2.licensing.decisions": 447228, "t2.punishment.decisions": 3985758,
      "t2.coercion.decisions": 88283, "t2.fees.amount_10k_yuan": 96171.6}
T4 = {"review": (72, 64, 178, 37, 351), "litigation_direct": (13, 4, 8, 1, 26),
      "litigation_after_review": (12, 1, 1, 6, 20)}


@lru_cache(maxsize=None)
def record():
    return extract_file(PDF, PDF.name)


def test_metadata():
    r = record()
    assert r.status == "ok" and r.problems == []
    m = r.meta
    assert (m.agency, m.level, m.province, m.city, m.report_year) == ("淮安市人民政府", "prefecture", "江苏省", "淮安市", 2024)
    assert m.publish_date is None  # the PDF is not signed or dated
    assert r.template == "gb2021"


def test_every_cell_of_tables_2_to_4():
    got = {c: v.value for c, v in record().cells.items()}
    want = dict(T2)
    t3_codes = [c for c, i in indicators().items()
                if i.table == "t3" and "gb2021" in i.templates and ".other.total." not in c]
    rows = {f"t3.{row}.{col}": v for row, vals in T3_ROWS.items() for col, v in zip(APPLICANTS, vals)}
    want.update({c: rows.get(c, 0) for c in t3_codes})
    want.update({f"t4.{row}.{col}": v for row, vals in T4.items()
                 for col, v in zip(("upheld", "corrected", "other", "pending", "total"), vals)})
    assert got == want


def test_figures_and_the_approximate_count():
    r = record()
    fig = {k: v.value for k, v in r.figures.items()}
    assert fig["applications_received"] == 3119 and fig["applications_closed"] == 3050
    assert fig["reconsiderations"] == 351 and fig["lawsuits"] == 46 and fig["lawsuits_corrected"] == 5
    assert fig["denied"] == 178 and fig["unable_to_provide"] == 781
    assert fig["fees_yuan"] == 3940 and r.figures["fees_yuan"].source == "prose"  # 信息处理费 3940 元
    assert "proactive_disclosed" not in fig  # 5500 余条 is no exact count
    assert "5500余条" in r.uncertain["proactive_disclosed"].raw
