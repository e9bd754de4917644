"""Data-quality stage: every problem found per report, plus accounting, surfaced as asset checks.

Per-report rules were evaluated during extraction (pure code in ``gongkai.rules``); this stage
collects them with the accounting checks (files seen = ok + flag + reject), so the UI shows one
check per rule family for each year partition. The accounting checks are blocking: if a file
went missing, nothing downstream is built and the published mart stays as it was.
"""

import dagster as dg
import polars as pl

from expectations.checks import BLOCKING, FILES_ACCOUNTED, REJECTS_HAVE_REASONS, RULE_FAMILIES, accounting_outcomes, rule_family_outcomes
from expectations.schemas import column_schema, dagster_type
from gongkai import columns as cols
from gongkai.pipeline import count_inputs
from orchestration.partitions import partition_years, report_years
from orchestration.resources import GongkaiPaths

from ._meta import counts_markdown, frame_metadata

GROUP = "quality"
KEY = dg.AssetKey(["warehouse", "quality_issues"])
CHECK_NAMES = list(BLOCKING) + list(RULE_FAMILIES)


def _md_examples(examples: list[dict]) -> str:
    if not examples:
        return "_none_"
    keys = list(examples[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(e[k]).replace("|", "\\|")[:120] for k in keys) + " |" for e in examples]
    return "\n".join(lines)


@dg.asset(
    key=KEY,
    group_name=GROUP,
    partitions_def=report_years,
    backfill_policy=dg.BackfillPolicy.single_run(),
    ins={
        "report_facts": dg.AssetIn(key=dg.AssetKey(["warehouse", "report_facts"])),
        "extraction_problems": dg.AssetIn(key=dg.AssetKey(["warehouse", "extraction_problems"])),
    },
    dagster_type=dagster_type("quality_issues"),
    metadata={"dagster/column_schema": column_schema(cols.WAREHOUSE_ISSUES), "partition_expr": "partition_year"},
    check_specs=[
        dg.AssetCheckSpec(name, asset=KEY, blocking=name in BLOCKING,
                          description=RULE_FAMILIES[name][1] if name in RULE_FAMILIES else None)
        for name in CHECK_NAMES
    ],
    kinds={"polars", "parquet"},
    code_version="1",
)
def quality_issues(context: dg.AssetExecutionContext, paths: GongkaiPaths, report_facts: pl.DataFrame,
                   extraction_problems: pl.DataFrame):
    """One row per failed check of a report (rejects with their reasons included)."""
    years = partition_years(context)
    files_on_disk = sum(count_inputs(paths.year_dir(y)) for y in years)
    issues = extraction_problems
    outcomes = accounting_outcomes(files_on_disk, report_facts) + rule_family_outcomes(issues, report_facts.height)
    summary = report_facts.group_by("status").len().sort("status")
    yield dg.Output(
        issues,
        metadata=frame_metadata(
            issues, column_schema(cols.WAREHOUSE_ISSUES), ["file", "check", "severity", "message"],
            by_check=counts_markdown(issues.with_columns(pl.col("check").str.replace(r"\.[^.]+$", "")),
                                     "check", "problems by rule family"),
            status_summary=dg.MetadataValue.md(_md_examples(summary.to_dicts())),
        ),
    )
    for o in outcomes:
        yield dg.AssetCheckResult(
            asset_key=KEY,
            check_name=o.name,
            passed=o.passed,
            severity=dg.AssetCheckSeverity.ERROR if o.blocking else dg.AssetCheckSeverity.WARN,
            description=o.description,
            metadata={**{k: dg.MetadataValue.int(v) for k, v in o.metadata.items()},
                      "examples": dg.MetadataValue.md(_md_examples(o.examples))},
        )
