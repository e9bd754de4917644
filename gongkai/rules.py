"""Per-report consistency rules (勾稽关系) as data, evaluated to pass / fail / uncertain.

Each rule says ``sum(lhs) <op> sum(rhs)`` over cell codes. A rule whose cells are not all stated
is ``uncertain``: blanks are unknown, never 0. Values are never "fixed"; a failure becomes a
problem with the rule's severity. ``RULES`` is the single definition: the checks, their tests
and the data dictionary's list of rules all come from it.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Problem, Value

T3_COLUMNS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
)
_T3_RESULTS_COMMON = (
    "granted",
    "partial",
    "denied.state_secret",
    "denied.law_prohibited",
    "denied.security_stability",
    "denied.third_party",
    "denied.internal_affairs",
    "denied.process_info",
    "denied.enforcement_files",
    "denied.query_matters",
    "unable.not_held",
    "unable.need_creation",
    "unable.unclear",
    "not_processed.petition",
    "not_processed.duplicate",
    "not_processed.publication",
    "not_processed.mass_repeat",
    "not_processed.confirm_reissue",
)
T3_OTHER_GB2019 = ("other.total",)
T3_OTHER_GB2021 = ("other.no_supplement", "other.unpaid_fee", "other.other")
T3_ROWS = (
    ("new_received", "carried_in")
    + _T3_RESULTS_COMMON
    + T3_OTHER_GB2019
    + T3_OTHER_GB2021
    + ("total_processed", "carried_out")
)
T4_BLOCKS = ("review", "litigation_direct", "litigation_after_review")
T4_PARTS = ("upheld", "corrected", "other", "pending")


@dataclass(frozen=True)
class Rule:
    id: str
    lhs: tuple[str, ...]
    op: str  # "=" | "<="
    rhs: tuple[str, ...]
    severity: str  # "error" | "warn"
    description_zh: str
    description_en: str


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    status: str  # pass | fail | uncertain
    lhs_value: float | None
    rhs_value: float | None


def _t3(row: str, col: str) -> str:
    return f"t3.{row}.{col}"


def _build_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for col in T3_COLUMNS:
        rules.append(Rule(
            f"t3.balance.{col}",
            (_t3("new_received", col), _t3("carried_in", col)), "=",
            (_t3("total_processed", col), _t3("carried_out", col)), "error",
            f"R3.1 收办平衡（{col}列）：本年新收 + 上年结转 = 办理结果总计 + 结转下年度",
            f"R3.1 balance ({col}): new + carried in = total processed + carried out",
        ))
        for variant, other in (("gb2019", T3_OTHER_GB2019), ("gb2021", T3_OTHER_GB2021)):
            rules.append(Rule(
                f"t3.detail_sum.{variant}.{col}",
                (_t3("total_processed", col),), "=",
                tuple(_t3(r, col) for r in _T3_RESULTS_COMMON + other), "error",
                f"R3.2 明细合计（{col}列，{variant}）：（七）总计 = 各办理结果之和",
                f"R3.2 detail sum ({col}, {variant}): total processed = sum of the result rows",
            ))
    for row in T3_ROWS:
        rules.append(Rule(
            f"t3.row_total.{row}",
            (_t3(row, "total"),), "=",
            tuple(_t3(row, c) for c in T3_COLUMNS[:-1]), "error",
            f"R3.3 横向总计（{row}行）：总计 = 六类申请人之和",
            f"R3.3 row total ({row}): total = sum of the six applicant columns",
        ))
    for block in T4_BLOCKS:
        rules.append(Rule(
            f"t4.total.{block}",
            (f"t4.{block}.total",), "=", tuple(f"t4.{block}.{p}" for p in T4_PARTS), "error",
            f"R4.1 表四（{block}）：总计 = 维持 + 纠正 + 其他 + 尚未审结",
            f"R4.1 table 4 ({block}): total = upheld + corrected + other + pending",
        ))

    def leg_sum(parent: str, children: tuple[str, ...], zh: str, en: str) -> None:
        rules.append(Rule(f"leg.sum.{parent}", (f"leg.{parent}",), "=",
                          tuple(f"leg.{c}" for c in children), "error", f"RL.1 {zh}", f"RL.1 {en}"))

    leg_sum("apply.received", ("apply.in_person", "apply.fax", "apply.online", "apply.letter"),
            "收到申请数 = 当面 + 传真 + 网络 + 信函", "applications = in person + fax + online + letter")
    leg_sum("apply.closed", ("apply.closed_on_time", "apply.closed_extended"),
            "申请办结数 = 按时 + 延期", "closed = on time + extended")
    leg_sum("reply.total", ("reply.already_public", "reply.granted", "reply.partial", "reply.denied",
                            "reply.not_this_agency", "reply.not_exist", "reply.notify_amend",
                            "reply.notify_other_channel"),
            "申请答复数 = 八项答复之和", "replies = sum of the eight reply kinds")
    leg_sum("reply.denied", ("reply.denied_state_secret", "reply.denied_commercial_secret",
                             "reply.denied_privacy", "reply.denied_security_stability",
                             "reply.denied_not_gov_info", "reply.denied_other_law"),
            "不同意公开答复数 = 六类理由之和", "denied = sum of the six reasons")
    for block, zh in (("reconsideration", "行政复议"), ("litigation", "行政诉讼"), ("complaint", "举报投诉")):
        leg_sum(f"{block}.total", (f"{block}.upheld", f"{block}.corrected", f"{block}.other"),
                f"{zh}数量 = 维持 + 纠错 + 其他", f"{block} = upheld + corrected + other")
    leg_sum("archive.total", ("archive.paper", "archive.electronic"),
            "报送信息数 = 纸质 + 电子", "archive = paper + electronic")
    leg_sum("org.staff_total", ("org.staff_fulltime", "org.staff_parttime"),
            "工作人员数 = 专职 + 兼职", "staff = full-time + part-time")
    for child, parent, zh in (
        ("proactive.normative_docs", "proactive.total", "主动公开规范性文件数 ≤ 主动公开政府信息数"),
        ("response.press_conferences_leader", "response.press_conferences", "主要负责同志参加新闻发布会次数 ≤ 总次数"),
        ("response.online_interviews_leader", "response.online_interviews", "主要负责同志参加在线访谈次数 ≤ 总次数"),
    ):
        rules.append(Rule(f"leg.le.{child}", (f"leg.{child}",), "<=", (f"leg.{parent}",), "error",
                          f"RL.2 {zh}", f"RL.2 {child} <= {parent}"))
    # Fujian variant (observed, not printed in the template): warnings only.
    for period in ("year", "cumulative"):
        rules.append(Rule(
            f"leg_fj.sum.active.{period}", (f"leg_fj.active.disclosed.{period}",), "=",
            (f"leg_fj.active.website.{period}", f"leg_fj.active.gazette.{period}"), "warn",
            "RL.4 主动公开 = 网站 + 公报（福建式）", "RL.4 proactive = website + gazette (Fujian)",
        ))
    return tuple(rules)


RULES: tuple[Rule, ...] = _build_rules()

ABSURD_LIMIT = 1e9
ABSURD_CHECK = "value.absurd"
SIGNED_SUFFIX = ".delta"


# per rule: its cells as a set (one C subset test decides "uncertain"), and the one
# uncertain result it can have (results are immutable, so it is shared)
_COMPILED = tuple((rule, frozenset(rule.lhs + rule.rhs), rule.op == "=", RuleResult(rule, "uncertain", None, None))
                  for rule in RULES)


def evaluate(cells: dict[str, Value]) -> list[RuleResult]:
    out = []
    append = out.append
    stated = cells.keys()
    for rule, needed, equal, uncertain in _COMPILED:
        if not stated >= needed:
            append(uncertain)
            continue
        lhs = sum(cells[c].value for c in rule.lhs)
        rhs = sum(cells[c].value for c in rule.rhs)
        ok = abs(lhs - rhs) < 1e-6 if equal else lhs <= rhs + 1e-6
        append(RuleResult(rule, "pass" if ok else "fail", lhs, rhs))
    return out


def count_results(results: list[RuleResult]) -> tuple[int, int, int]:
    """(passed, failed, uncertain)."""
    passed = failed = 0
    for r in results:
        if r.status == "pass":
            passed += 1
        elif r.status == "fail":
            failed += 1
    return passed, failed, len(results) - passed - failed


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def problems_from(results: list[RuleResult], cells: dict[str, Value], figures: dict[str, Value]) -> list[Problem]:
    """Failed rules and absurd values as problems."""
    problems = []
    for r in results:
        if r.status != "fail":
            continue
        lhs = " + ".join(f"{c}={_num(cells[c].value)}" for c in r.rule.lhs)
        rhs = " + ".join(f"{c}={_num(cells[c].value)}" for c in r.rule.rhs)
        rel = "≠" if r.rule.op == "=" else ">"
        problems.append(Problem(r.rule.id, r.rule.severity,
                                f"{r.rule.description_zh}: {lhs} ({_num(r.lhs_value)}) {rel} {rhs} ({_num(r.rhs_value)})"))
    for group in (cells, figures):
        for code, v in group.items():
            if (v.value < 0 and not code.endswith(SIGNED_SUFFIX)) or abs(v.value) >= ABSURD_LIMIT:
                problems.append(Problem(ABSURD_CHECK, "error", f"{code} = {v.raw!r} ({v.where}) is not a plausible value"))
    return problems
