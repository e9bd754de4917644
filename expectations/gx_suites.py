"""Great Expectations suites for the mart, run as Dagster asset checks.

GX is imported inside the functions (≈ 5 s to import; with the multiprocess executor every step
would pay it). GX has no Polars or DuckDB-file support worth relying on, so the mart tables are
read with DuckDB and handed over as pandas frames.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from gongkai.catalogue import FIGURE_ORDER

SUITE_NATIONAL = "national_yearly"
SUITE_PROVINCE = "province_yearly"
SUITE_CITY = "city_yearly"
# the place columns each yearly suite's rows are unique by
SUITE_KEYS = {SUITE_NATIONAL: ["report_year"], SUITE_PROVINCE: ["report_year", "province"],
              SUITE_CITY: ["report_year", "province", "city"]}
# national_yearly next to the same aggregates recomputed from mart.report_facts (one row per year)
SUITE_NATIONAL_SUMS = "national_vs_report_facts"
RECOMPUTED = "__of_report_facts"


def import_in_background() -> threading.Thread:
    """Start importing GX in a daemon thread, for a step that knows the suites will run next:
    the import (≈ 5 s of Python) overlaps with that step's DuckDB work, which releases the GIL.
    The suites' own ``import`` waits for it through the module lock; a failure there is
    re-raised by that import, not lost."""
    thread = threading.Thread(target=_import_gx, name="import great_expectations", daemon=True)
    thread.start()
    return thread


def _import_gx() -> None:
    try:
        import great_expectations  # noqa: F401
    except Exception:  # noqa: BLE001 - the suites' own import reports it
        pass


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str
    success: bool
    unexpected: int


def _expectations(gx, table: str) -> list:
    E = gx.expectations
    if table == SUITE_NATIONAL_SUMS:
        # every published aggregate equals its recomputation; a year on one side only fails too
        return [E.ExpectColumnValuesToBeUnique(column="report_year")] + [
            E.ExpectColumnPairValuesToBeEqual(column_A=c, column_B=c + RECOMPUTED,
                                              ignore_row_if="both_values_are_missing")
            for c in national_sum_columns()
        ]
    keys = SUITE_KEYS[table]
    out = [
        E.ExpectColumnValuesToNotBeNull(column="report_year"),
        # a place with agencies missing but no report that year has a row with 0 reports
        E.ExpectColumnValuesToBeBetween(column="reports", min_value=1 if table == SUITE_NATIONAL else 0),
        E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="reports", column_B="flagged_reports", or_equal=True),
        E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="reports", column_B="agencies", or_equal=True),
        E.ExpectColumnValuesToBeBetween(column="missing_agencies", min_value=0),
        E.ExpectColumnValuesToBeBetween(column="reporting_share", min_value=0, max_value=1),
    ]
    if table == SUITE_NATIONAL:
        out.append(E.ExpectColumnValuesToBeUnique(column="report_year"))
    else:
        out.append(E.ExpectCompoundColumnsToBeUnique(column_list=keys))
    for f in FIGURE_ORDER:
        out.append(E.ExpectColumnValuesToBeBetween(column=f, min_value=0))
        out.append(E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="reports", column_B=f"{f}_reports", or_equal=True))
    return out


def run_suite(table: str, df: pd.DataFrame, docs_root: Path | None = None) -> list[ExpectationOutcome]:
    """Validate one mart table; when ``docs_root`` is given, also write GX data docs there."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    if docs_root is not None:
        docs_root.mkdir(parents=True, exist_ok=True)
        ctx = gx.get_context(mode="file", project_root_dir=str(docs_root))
    else:
        ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    name = f"gongkai_{table}"
    try:
        ds = ctx.data_sources.get(name)
    except (KeyError, ValueError):
        ds = ctx.data_sources.add_pandas(name)
    try:
        asset = ds.get_asset(table)
    except (KeyError, LookupError, ValueError):
        asset = ds.add_dataframe_asset(table)
    try:
        batch_def = asset.get_batch_definition("whole")
    except (KeyError, LookupError, ValueError):
        batch_def = asset.add_batch_definition_whole_dataframe("whole")
    suite_name = f"{table}_suite"
    try:
        ctx.suites.delete(suite_name)
    except Exception:  # noqa: BLE001 - absent on first run
        pass
    # given at construction, the expectations are stored once with the suite (add_expectation
    # re-serializes the whole suite into the store each time: half of a suite's run time)
    suite = ctx.suites.add(gx.ExpectationSuite(name=suite_name, expectations=_expectations(gx, table)))
    vd_name = f"{table}_validation"
    try:
        ctx.validation_definitions.delete(vd_name)
    except Exception:  # noqa: BLE001
        pass
    vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=vd_name, data=batch_def, suite=suite))
    result = vd.run(batch_parameters={"dataframe": df}, result_format="SUMMARY")
    if docs_root is not None:
        ctx.build_data_docs()
    out = []
    for r in result.results:
        cfg = r.expectation_config
        kw = cfg.kwargs
        col = kw.get("column") or "/".join(filter(None, [kw.get("column_A"), kw.get("column_B")])) or ",".join(kw.get("column_list") or [])
        out.append(ExpectationOutcome(cfg.type, col, bool(r.success), int((r.result or {}).get("unexpected_count") or 0)))
    return out


def national_sum_columns() -> list[str]:
    """The columns of a yearly aggregate that add up over places."""
    return ["reports", "flagged_reports", "missing_agencies"] + [c for f in FIGURE_ORDER for c in (f, f"{f}_reports")]


def national_vs_report_facts(national: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """``national_yearly`` beside the same columns recomputed here from ``report_facts`` with the
    counting rule written out again (counted = not rejected, not a duplicate, report year known; figure sums and
    coverage over counted reports with status ok), for the GX suite to compare pairwise.

    An independent recomputation in pandas, not the mart's SQL, so a wrong filter or a lost year
    in the mart build shows up. Values are rounded to 6 decimals (sums of decimals in 万元 × 10⁴)."""
    counted = facts[(facts["status"] != "reject") & facts["duplicate_of"].isna() & facts["report_year"].notna()]
    ok = counted[counted["status"] == "ok"]
    by_year = counted.groupby("report_year")
    re = pd.DataFrame({
        "reports": by_year.size(),
        "flagged_reports": by_year["status"].agg(lambda s: int((s == "flag").sum())),
    })
    re["missing_agencies"] = missing_agencies(counted).reindex(re.index).fillna(0)
    for f in FIGURE_ORDER:
        g = ok.groupby("report_year")[f]
        re[f] = g.sum(min_count=1)
        re[f"{f}_reports"] = g.count()
    re = re.reindex(columns=national_sum_columns())
    # a year whose counted reports are all flagged states no figure: coverage 0, sums missing
    for f in FIGURE_ORDER:
        re[f"{f}_reports"] = re[f"{f}_reports"].fillna(0)
    re = re.add_suffix(RECOMPUTED).reset_index()
    nat = national[["report_year", *national_sum_columns()]]
    out = nat.merge(re, on="report_year", how="outer").sort_values("report_year").reset_index(drop=True)
    value_cols = [c for c in out.columns if c != "report_year"]
    out[value_cols] = out[value_cols].astype("float64").round(6)
    return out


def missing_agencies(counted: pd.DataFrame) -> pd.Series:
    """Per report year, the agencies with a counted report for an earlier and a later year but
    none for this one (among the years with any counted report): the mart's reporting gaps,
    recomputed from the rule in pandas."""
    years = sorted(counted["report_year"].unique())
    named = counted[counted["agency"].notna()]
    missing = dict.fromkeys(years, 0)
    for agency_years in named.groupby("agency")["report_year"].agg(lambda s: sorted(set(s))):
        have = set(agency_years)
        for y in years:
            if agency_years[0] < y < agency_years[-1] and y not in have:
                missing[y] += 1
    return pd.Series(missing, dtype="float64").rename_axis("report_year")


def parts_sum_to_whole(whole: pd.DataFrame, parts: pd.DataFrame, keys: list[str], what: str = "provinces") -> list[str]:
    """A yearly aggregate (grouped by ``keys``) = Σ its finer one over the places within, for
    every column that adds up (the NULL place groups included)."""
    cols = national_sum_columns()
    summed = parts.groupby(keys, dropna=False)[cols].sum(min_count=1).reset_index()
    merged = whole.merge(summed, on=keys, how="outer", suffixes=("", "_parts"))
    bad = []
    for _, row in merged.iterrows():
        for c in cols:
            a, b = row[c], row[f"{c}_parts"]
            if pd.isna(a) and pd.isna(b):
                continue
            if pd.isna(a) or pd.isna(b) or abs(float(a) - float(b)) > 1e-6:
                where = " ".join(str(row[k]) for k in keys)
                bad.append(f"{where} {c}: {a} vs {b} summed over {what}")
    return bad


def provinces_sum_to_national(national: pd.DataFrame, province: pd.DataFrame) -> list[str]:
    """National = Σ provinces for every year and column (the province NULL group included)."""
    return parts_sum_to_whole(national, province, ["report_year"], "provinces")


def cities_sum_to_provinces(province: pd.DataFrame, city: pd.DataFrame) -> list[str]:
    """Each province = Σ its cities (the city NULL group included) for every year and column."""
    return parts_sum_to_whole(province, city, ["report_year", "province"], "cities")


YOY_FACTOR = 3.0  # a national figure that triples or falls to a third in one year is worth a look
YOY_MIN_REPORTS = 10  # ... when enough reports state it on both sides for the sum to mean something


def year_over_year_jumps(national: pd.DataFrame) -> list[str]:
    """Figures whose national sum jumps by more than YOY_FACTOR between consecutive years."""
    out = []
    nat = national.sort_values("report_year")
    for f in FIGURE_ORDER:
        prev = None
        for _, row in nat.iterrows():
            cur = (int(row["report_year"]), row[f], row[f"{f}_reports"])
            if prev is not None and cur[0] == prev[0] + 1 and min(cur[2], prev[2]) >= YOY_MIN_REPORTS:
                a, b = prev[1], cur[1]
                if pd.notna(a) and pd.notna(b) and a > 0 and b > 0 and max(a / b, b / a) > YOY_FACTOR:
                    out.append(f"{f}: {prev[0]} {a:,.0f} → {cur[0]} {b:,.0f}")
            prev = cur
    return out
