"""Asset-check names and the functions that compute them from frames.

Check names are constants (the UI, tests and docs refer to them). The per-report rule families
come from the rule ids in ``gongkai.rules`` (one definition drives rule, check and docs).
"""
from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from gongkai.harmonize import PROSE_VS_TABLE
from gongkai.rules import ABSURD_CHECK

FILES_ACCOUNTED = "files_accounted"
REJECTS_HAVE_REASONS = "rejects_have_reasons"

# check name -> (rule-id prefix, description)
RULE_FAMILIES: dict[str, tuple[str, str]] = {
    "t3_balance": ("t3.balance.", "R3.1 table 3 balance per column: new + carried in = processed + carried out"),
    "t3_detail_sum": ("t3.detail_sum.", "R3.2 table 3 total processed = sum of the result rows"),
    "t3_row_totals": ("t3.row_total.", "R3.3 table 3 row totals = sum of the applicant columns"),
    "t4_totals": ("t4.total.", "R4.1 table 4 totals = upheld + corrected + other + pending"),
    "legacy_sums": ("leg.", "RL.1/RL.2 legacy sub-items sum to (or stay below) their totals"),
    "prose_vs_table": (PROSE_VS_TABLE, "RX.3 prose statements agree with the table on the same quantity"),
    "absurd_values": (ABSURD_CHECK, "no negative or absurdly large values"),
}
BLOCKING = (FILES_ACCOUNTED, REJECTS_HAVE_REASONS)


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    passed: bool
    blocking: bool
    description: str
    failing_reports: int
    examples: list[dict]
    metadata: dict


def rule_family_outcomes(issues: pl.DataFrame, reports: int) -> list[CheckOutcome]:
    out = []
    for name, (prefix, desc) in RULE_FAMILIES.items():
        hit = issues.filter(pl.col("check").str.starts_with(prefix)) if issues.height else issues
        failing = hit["report_id"].n_unique() if hit.height else 0
        examples = hit.select("file", "check", "message").head(5).to_dicts() if hit.height else []
        out.append(CheckOutcome(name, failing == 0, False, desc, failing, examples,
                                {"reports_checked": reports, "reports_failing": failing}))
    return out


def accounting_outcomes(files_on_disk: int, facts: pl.DataFrame) -> list[CheckOutcome]:
    by_status = {s: int(facts.filter(pl.col("status") == s).height) for s in ("ok", "flag", "reject")}
    seen = facts.height
    accounted = sum(by_status.values())
    ok = files_on_disk == seen == accounted
    rejects = facts.filter(pl.col("status") == "reject")
    no_reason = rejects.filter(pl.col("reject_reason").is_null() & pl.col("duplicate_of").is_null())
    return [
        CheckOutcome(
            FILES_ACCOUNTED, ok, True,
            "every file in the landing zone is accounted for: files = ok + flag + reject",
            0 if ok else abs(files_on_disk - accounted),
            [],
            {"files_on_disk": files_on_disk, "rows": seen, **by_status},
        ),
        CheckOutcome(
            REJECTS_HAVE_REASONS, no_reason.height == 0, True,
            "every rejected file says why (a reason or the file it duplicates)",
            no_reason.height, no_reason.select("file").head(5).to_dicts(), {"rejects": rejects.height},
        ),
    ]
