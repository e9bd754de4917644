from gongkai.model import Value
from gongkai.rules import ABSURD_CHECK, RULES, evaluate, problems_from


def cells(**kw):
    return {k.replace("__", "."): Value(k.replace("__", "."), v, str(v), "table", "x") for k, v in kw.items()}


def status(results, rule_id):
    return next(r.status for r in results if r.rule.id == rule_id)


def test_rule_ids_are_unique_and_name_known_codes():
    from gongkai.catalogue import indicators

    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    ind = indicators()
    assert all(c in ind for r in RULES for c in r.lhs + r.rhs)


def test_table4_totals_fail_like_hongze_2023():
    c = cells(t4__review__upheld=10, t4__review__corrected=1, t4__review__other=0, t4__review__pending=0,
              t4__review__total=0)
    res = evaluate(c)
    assert status(res, "t4.total.review") == "fail"
    (p,) = [p for p in problems_from(res, c, {}) if p.check == "t4.total.review"]
    assert p.severity == "error" and "11" in p.message


def test_missing_inputs_are_uncertain_not_zero():
    c = cells(t4__review__upheld=1, t4__review__total=1)  # corrected/other/pending blank
    assert status(evaluate(c), "t4.total.review") == "uncertain"


def test_balance_passes_when_it_holds():
    c = cells(t3__new_received__total=3119, t3__carried_in__total=34, t3__total_processed__total=3050,
              t3__carried_out__total=103)
    assert status(evaluate(c), "t3.balance.total") == "pass"


def test_legacy_staff_sum_and_le_rules():
    c = cells(leg__org__staff_total=3, leg__org__staff_fulltime=1, leg__org__staff_parttime=1,
              leg__proactive__total=5, leg__proactive__normative_docs=7)
    res = evaluate(c)
    assert status(res, "leg.sum.org.staff_total") == "fail"
    assert status(res, "leg.le.proactive.normative_docs") == "fail"


def test_absurd_values_but_not_signed_deltas():
    c = cells(t2__licensing__delta=-8, t3__granted__total=-1, leg__proactive__total=1e11)
    checks = [p.message.split(" ")[0] for p in problems_from(evaluate(c), c, {}) if p.check == ABSURD_CHECK]
    assert sorted(checks) == ["leg.proactive.total", "t3.granted.total"]
