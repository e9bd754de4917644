from gongkai.harmonize import PROSE_VS_TABLE, figures_from_cells, harmonize
from gongkai.model import Uncertain, Value


def cell(code, v, raw=None):
    return Value(code, v, raw or str(v), "table", "line 1")


def prose(name, v):
    return Value(name, v, f"{name} {v}", "prose", "line 9")


def test_sum_needs_every_component():
    cells = {"t4.litigation_direct.total": cell("t4.litigation_direct.total", 26)}
    assert "lawsuits" not in figures_from_cells(cells)
    cells["t4.litigation_after_review.total"] = cell("t4.litigation_after_review.total", 20)
    assert figures_from_cells(cells)["lawsuits"].value == 46


def test_priority_prefers_closed_over_replies_in_legacy():
    cells = {"leg.apply.closed": cell("leg.apply.closed", 5), "leg.reply.total": cell("leg.reply.total", 4)}
    assert figures_from_cells(cells)["applications_closed"].value == 5
    del cells["leg.apply.closed"]
    assert figures_from_cells(cells)["applications_closed"].value == 4


def test_legacy_fees_become_yuan():
    f = figures_from_cells({"leg.fees_10k_yuan": cell("leg.fees_10k_yuan", 0.35)})["fees_yuan"]
    assert f.value == 3500 and "10000" in f.raw


def test_table_wins_and_a_contradicting_sentence_is_an_error():
    cells = {"t3.new_received.total": cell("t3.new_received.total", 95)}
    figs, _, problems = harmonize(cells, {"applications_received": prose("applications_received", 17)})
    assert figs["applications_received"].value == 95 and figs["applications_received"].source == "table"
    assert [p.check for p in problems] == [PROSE_VS_TABLE] and problems[0].severity == "error"


def test_prose_fills_what_the_table_lacks_and_agreeing_prose_is_fine():
    cells = {"t3.new_received.total": cell("t3.new_received.total", 1)}
    figs, _, problems = harmonize(cells, {"applications_received": prose("applications_received", 1),
                                          "proactive_disclosed": prose("proactive_disclosed", 465)})
    assert figs["proactive_disclosed"].source == "prose" and not problems


def test_uncertain_prose_is_kept_only_when_nothing_certain_exists():
    u = {"proactive_disclosed": Uncertain("proactive_disclosed", "5500余条", "line 3", "approximate")}
    figs, unc, _ = harmonize({}, {}, u)
    assert "proactive_disclosed" not in figs and unc["proactive_disclosed"].raw == "5500余条"
    figs, unc, _ = harmonize({"leg.proactive.total": cell("leg.proactive.total", 39)}, {}, u)
    assert figs["proactive_disclosed"].value == 39 and not unc


def test_prose_below_the_stated_applicant_cells_is_dropped_and_flagged():
    """上海 2019: 总计 blank, applicant cells of 无法提供 add up to 337, prose says 265."""
    cells = {
        "t3.unable.not_held.natural_person": cell("t3.unable.not_held.natural_person", 252),
        "t3.unable.not_held.commercial_enterprise": cell("t3.unable.not_held.commercial_enterprise", 12),
        "t3.unable.need_creation.natural_person": cell("t3.unable.need_creation.natural_person", 44),
        "t3.unable.unclear.natural_person": cell("t3.unable.unclear.natural_person", 25),
    }
    figs, _, problems = harmonize(cells, {"unable_to_provide": prose("unable_to_provide", 265)})
    assert "unable_to_provide" not in figs
    assert problems and problems[0].check == PROSE_VS_TABLE and "333" in problems[0].message


def test_prose_within_a_partial_table_is_kept():
    cells = {"t4.litigation_direct.total": cell("t4.litigation_direct.total", 9)}
    figs, _, problems = harmonize(cells, {"lawsuits": prose("lawsuits", 9)})
    assert figs["lawsuits"].value == 9 and figs["lawsuits"].source == "prose" and not problems


def test_received_sentence_may_count_the_carry_over_unless_it_says_new():
    cells = {"t3.new_received.total": cell("t3.new_received.total", 74),
             "t3.carried_in.total": cell("t3.carried_in.total", 1)}
    generic = Value("applications_received", 75, "全区收到政府信息公开申请75件", "prose", "line 9")
    figs, _, problems = harmonize(cells, {"applications_received": generic})
    assert figs["applications_received"].value == 74 and problems == []
    new = Value("applications_received", 75, "本年新收政府信息公开申请75件", "prose", "line 9")
    assert [p.check for p in harmonize(cells, {"applications_received": new})[2]] == [PROSE_VS_TABLE]
    # any other number still contradicts the table
    other = Value("applications_received", 76, "全区收到政府信息公开申请76件", "prose", "line 9")
    assert [p.check for p in harmonize(cells, {"applications_received": other})[2]] == [PROSE_VS_TABLE]
