"""The mart: national and provincial yearly series rebuilt from every warehouse partition, checked
with Great Expectations, then published as one atomically swapped DuckDB file plus Parquet.

Write–audit–publish: ``mart`` rebuilds the tables in a fresh staging file that then replaces the
working database, the blocking GX checks audit them, and ``published_mart`` runs only when they pass, so BI tools never see a mart that
failed its expectations; they keep the previous good file.
"""

from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from expectations.gx_suites import (SUITE_CITY, SUITE_NATIONAL, SUITE_NATIONAL_SUMS, SUITE_PROVINCE,
                                    cities_sum_to_provinces, import_in_background, national_vs_report_facts,
                                    provinces_sum_to_national, run_suite, year_over_year_jumps)
from expectations.schemas import column_schema
from gongkai.columns import MART_TABLES
from gongkai.mart import PUBLISHED_NAME, build_mart, discard_db, publish, replace_working_db
from gongkai.report import national_chart_markdown
from orchestration.cache import marker, set_marker, warehouse_fingerprint
from orchestration.resources import GongkaiPaths

from ._meta import markdown_preview

GROUP = "mart"
# Every step that opens the working DuckDB file (the mart, its checks, the publish) is in this pool,
# limited to one step at a time by the instance: DuckDB allows one writing process or several
# readers, never both. It also keeps the GX checks from writing their data docs at once.
WRITER_POOL = "duckdb_writer"
WAREHOUSE_DEPS = [
    dg.AssetKey(["warehouse", t]) for t in ("report_facts", "report_cells", "uncertain_values", "quality_issues")
]
MART_KEYS = {t: dg.AssetKey(["mart", t]) for t in MART_TABLES}
DESCRIPTIONS = {
    "report_facts": "One row per report that is not rejected: who, where, which year, which template, every harmonized figure.",
    "report_cells": "One row per stated value: table cells (source=table) and prose figure statements (source=prose).",
    "uncertain_values": "Values stated but not readable with certainty, with their raw text.",
    "national_yearly": "The national series: per report year, counted reports and each figure's sum with its coverage.",
    "province_yearly": "Per report year and province: counted reports and each figure's sum with its coverage.",
    "city_yearly": "Per report year, province and prefecture-level city (NULL: province-level bodies): the same columns.",
    "reporting_gaps": "Who did not publish: each agency and year with no report, between two years it reported for.",
    "quality_issues": "One row per failed check of a report, rejects with their reasons included.",
    "quality_rules": "Every check a report can fail: id, scope, severity, Chinese and English description.",
    "data_dictionary": "Every column of the mart: type, unit, Chinese and English description, counting rules.",
}
WAREHOUSE_TABLES = ("report_facts", "report_cells", "uncertain_values", "quality_issues")
GX_NATIONAL = "gx_national_yearly"
# executors that run the checks in the mart step's own process (the UI's default, execute_in_process)
IN_PROCESS_EXECUTORS = (dg.in_process_executor.name, "execute_in_process_executor")


def _mart_key(paths: GongkaiPaths) -> str:
    return warehouse_fingerprint(paths.warehouse, WAREHOUSE_TABLES)


def _marker(paths: GongkaiPaths, name: str) -> Path:
    """Where a step notes the warehouse key it last completed for (written after it succeeded)."""
    return paths.warehouse / "_done" / name
GX_PROVINCE = "gx_province_yearly"
GX_CITY = "gx_city_yearly"
NATIONAL_EQUALS_PROVINCES = "national_equals_sum_of_provinces"
PROVINCES_EQUAL_CITIES = "province_equals_sum_of_cities"
NATIONAL_EQUALS_REPORTS = "national_equals_sum_of_report_facts"
YEAR_OVER_YEAR = "year_over_year_jumps"


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            MART_KEYS[t], deps=WAREHOUSE_DEPS, group_name=GROUP, description=DESCRIPTIONS[t],
            metadata={"dagster/column_schema": column_schema(MART_TABLES[t]), "dagster/table_name": f"mart.{t}"},
            kinds={"duckdb"},
        )
        for t in MART_TABLES
    ],
    pool=WRITER_POOL,
)
def mart(context: dg.AssetExecutionContext, paths: GongkaiPaths, warehouse_db: DuckDBResource):
    """Rebuild every mart table from the Parquet partitions, in an empty staging file (the
    ``warehouse_db`` resource) that replaces the working database once it is complete."""
    key = _mart_key(paths)
    if marker(_marker(paths, "mart")) == key and paths.working_db.exists():
        # nothing the mart is built from changed since the last build: keep it as it is, but
        # state its counts, previews and chart again (the UI shows the latest materialization's)
        con = duckdb.connect(str(paths.working_db), read_only=True)
        try:
            metas = table_metadata(con)
        finally:
            con.close()
        for t in MART_TABLES:
            yield dg.MaterializeResult(asset_key=MART_KEYS[t],
                                       metadata={**metas[t], "unchanged": True, "warehouse_key": key})
        return
    if context.job_def.executor_def.name in IN_PROCESS_EXECUTORS:
        import_in_background()  # the GX checks run next in this process, on the new mart
    staging = Path(warehouse_db.database)
    discard_db(staging)  # what an interrupted build left
    with warehouse_db.get_connection() as con:
        try:
            build_mart(con, paths.warehouse)
            metas = table_metadata(con)
        finally:
            con.close()
    replace_working_db(staging, paths.working_db)
    set_marker(_marker(paths, "mart"), key)
    for t in MART_TABLES:
        yield dg.MaterializeResult(asset_key=MART_KEYS[t], metadata={**metas[t], "warehouse_key": key})


def table_metadata(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Per mart table: row count and a Markdown preview; national_yearly also gets the series as
    a Markdown bar chart (the column schema is definition metadata, from the same columns)."""
    out = {}
    for t in MART_TABLES:
        n = con.execute(f"SELECT COUNT(*) FROM mart.{t}").fetchone()[0]
        out[t] = {"dagster/row_count": dg.MetadataValue.int(n),
                  "preview": dg.MetadataValue.md(markdown_preview(con.execute(f"SELECT * FROM mart.{t} LIMIT 10").pl()))}
    rows = con.execute("SELECT * FROM mart.national_yearly ORDER BY report_year").pl().to_dicts()
    out["national_yearly"]["national_series"] = dg.MetadataValue.md(national_chart_markdown(rows))
    return out


def _read(paths: GongkaiPaths, table: str):
    con = duckdb.connect(str(paths.working_db), read_only=True)
    try:
        return con.execute(f"SELECT * FROM mart.{table} ORDER BY ALL").df()
    finally:
        con.close()


def _read_columns(paths: GongkaiPaths, table: str, columns: list[str]):
    con = duckdb.connect(str(paths.working_db), read_only=True)
    try:
        return con.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in columns)} FROM mart.{table}").df()
    finally:
        con.close()


def _national_vs_facts(paths: GongkaiPaths):
    from gongkai.catalogue import FIGURE_ORDER

    facts = _read_columns(paths, "report_facts", ["report_year", "status", "duplicate_of", "agency", *FIGURE_ORDER])
    return national_vs_report_facts(_read(paths, "national_yearly"), facts)


def _gx_result(table: str, paths: GongkaiPaths, frame=None) -> dg.AssetCheckResult:
    key, done = _mart_key(paths), _marker(paths, f"gx_{table}")
    if marker(done) == key:
        # the same mart (same files, same code) passed this suite already
        return dg.AssetCheckResult(passed=True, metadata={"reused_result_for": key})
    df = frame(paths) if frame is not None else _read(paths, table)
    outcomes = run_suite(table, df, docs_root=paths.published / "gx")
    failed = [o for o in outcomes if not o.success]
    lines = ["| expectation | column | ok | unexpected |", "|---|---|---|---|"]
    lines += [f"| {o.expectation} | {o.column} | {'✓' if o.success else '✗'} | {o.unexpected} |" for o in outcomes]
    docs = paths.published / "gx" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    if not failed:
        set_marker(done, key)
    return dg.AssetCheckResult(
        passed=not failed,
        metadata={
            "expectations": dg.MetadataValue.int(len(outcomes)),
            "failed": dg.MetadataValue.int(len(failed)),
            "results": dg.MetadataValue.md("\n".join(lines)),
            "data_docs": dg.MetadataValue.path(str(docs)),
        },
    )


@dg.asset_check(asset=MART_KEYS["national_yearly"], name=GX_NATIONAL, blocking=True, pool=WRITER_POOL,
                description="GX suite: one row per year, sums non-negative, coverage ≤ reports")
def gx_national_yearly(paths: GongkaiPaths) -> dg.AssetCheckResult:
    return _gx_result(SUITE_NATIONAL, paths)


@dg.asset_check(asset=MART_KEYS["province_yearly"], name=GX_PROVINCE, blocking=True, pool=WRITER_POOL,
                description="GX suite: one row per year and province, sums non-negative, coverage ≤ reports")
def gx_province_yearly(paths: GongkaiPaths) -> dg.AssetCheckResult:
    return _gx_result(SUITE_PROVINCE, paths)


@dg.asset_check(asset=MART_KEYS["national_yearly"], name=NATIONAL_EQUALS_REPORTS, blocking=True, pool=WRITER_POOL,
                additional_deps=[MART_KEYS["report_facts"]],
                description="GX suite: for every year, national_yearly = the same sums and counts recomputed "
                            "from the counted reports of report_facts")
def national_equals_sum_of_report_facts(paths: GongkaiPaths) -> dg.AssetCheckResult:
    return _gx_result(SUITE_NATIONAL_SUMS, paths, frame=_national_vs_facts)


@dg.asset_check(asset=MART_KEYS["city_yearly"], name=GX_CITY, blocking=True, pool=WRITER_POOL,
                description="GX suite: one row per year, province and city, sums non-negative, coverage ≤ reports")
def gx_city_yearly(paths: GongkaiPaths) -> dg.AssetCheckResult:
    return _gx_result(SUITE_CITY, paths)


def _sums_result(bad: list[str]) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=not bad,
        metadata={"differences": dg.MetadataValue.int(len(bad)),
                  "examples": dg.MetadataValue.md("\n".join(f"- {b}" for b in bad[:20]) or "_none_")},
    )


@dg.asset_check(asset=MART_KEYS["national_yearly"], name=NATIONAL_EQUALS_PROVINCES, blocking=True, pool=WRITER_POOL,
                description="national_yearly = Σ province_yearly for every year and column")
def national_equals_sum_of_provinces(paths: GongkaiPaths) -> dg.AssetCheckResult:
    return _sums_result(provinces_sum_to_national(_read(paths, "national_yearly"), _read(paths, "province_yearly")))


@dg.asset_check(asset=MART_KEYS["province_yearly"], name=PROVINCES_EQUAL_CITIES, blocking=True, pool=WRITER_POOL,
                additional_deps=[MART_KEYS["city_yearly"]],
                description="province_yearly = Σ city_yearly for every year, province and column")
def province_equals_sum_of_cities(paths: GongkaiPaths) -> dg.AssetCheckResult:
    return _sums_result(cities_sum_to_provinces(_read(paths, "province_yearly"), _read(paths, "city_yearly")))


@dg.asset_check(asset=MART_KEYS["national_yearly"], name=YEAR_OVER_YEAR, blocking=False, pool=WRITER_POOL,
                description="warning: a national figure that triples or falls to a third from one year to the next")
def national_year_over_year(paths: GongkaiPaths) -> dg.AssetCheckResult:
    jumps = year_over_year_jumps(_read(paths, "national_yearly"))
    return dg.AssetCheckResult(
        passed=not jumps, severity=dg.AssetCheckSeverity.WARN,
        metadata={"jumps": dg.MetadataValue.int(len(jumps)),
                  "examples": dg.MetadataValue.md("\n".join(f"- {j}" for j in jumps[:20]) or "_none_")},
    )


@dg.asset(
    key=dg.AssetKey(["published", "gongkai_duckdb"]),
    deps=list(MART_KEYS.values()),
    group_name=GROUP,
    pool=WRITER_POOL,
    kinds={"duckdb", "parquet"},
    description="The file BI tools open: <output>/published/gongkai.duckdb (schema mart) + parquet/<table>/, swapped in atomically.",
)
def published_mart(context: dg.AssetExecutionContext, paths: GongkaiPaths) -> dg.MaterializeResult:
    key, done = _mart_key(paths), _marker(paths, "published")
    existing = paths.published / PUBLISHED_NAME
    if marker(done) == key and existing.exists():
        return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(existing)), "unchanged": True,
                                              "tables": _published_tables(existing)})
    final = publish(paths.working_db, paths.published)
    set_marker(done, key)
    size = Path(final).stat().st_size
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(final)),
        "parquet": dg.MetadataValue.path(str(paths.published / "parquet")),
        "bytes": dg.MetadataValue.int(size),
        "file_name": PUBLISHED_NAME,
        "tables": _published_tables(Path(final)),
    })


def _published_tables(db: Path) -> dg.MetadataValue:
    """What BI tools find in the published file: each mart table and its row count."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = [(t, con.execute(f"SELECT COUNT(*) FROM mart.{t}").fetchone()[0]) for t in MART_TABLES]
    finally:
        con.close()
    return dg.MetadataValue.md("| table | rows |\n|---|---:|\n" + "\n".join(f"| mart.{t} | {n:,} |" for t, n in rows))
