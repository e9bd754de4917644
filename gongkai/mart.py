"""The mart: rebuilt in DuckDB from the warehouse's Parquet partitions, then published atomically.

``build_mart`` (re)creates every ``mart.*`` table inside one transaction. The pipeline runs it on
an empty staging file and then renames that file onto the working database
(``<output>/warehouse/warehouse.duckdb``, see :func:`replace_working_db`): a failed build leaves
the previous working database as it was, and the file holds no space freed by older builds.
``publish`` copies that closed, checkpointed file to a temporary name and swaps it in with
``os.replace``, plus Parquet copies of every table: a BI reader holding the old file keeps a
consistent old snapshot and never blocks the pipeline, new connections see the new mart, nobody
ever sees half a table. (Copying the file instead of re-inserting the rows saves a second write
of every cell: 15 M rows cost ≈ 10 s to insert.)

Counting rules (also in ``mart.data_dictionary``): a report is *counted* (``reports``) when it is
not rejected and not a duplicate of an earlier file. A figure ``F`` and its coverage ``F_reports``
are summed over counted reports with status ``ok`` only: a flagged report failed an identity or
states an implausible value, and a wrong number in a national total is worse than a missing one.
``flagged_reports`` says how many were left out of the sums; the view
``mart.v_national_yearly_with_flagged`` sums them too, values as printed.
"""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import duckdb

from .catalogue import FIGURE_ORDER
from .columns import MART_TABLES, Column, sql_type

WAREHOUSE_TABLES = ("report_facts", "report_cells", "uncertain_values", "quality_issues")
DUCKDB_MEMORY = "512MB"  # per connection; GONGKAI_DUCKDB_MEMORY overrides it


def duckdb_config(temp_dir: Path) -> dict[str, str]:
    """Settings of every connection that builds or publishes the mart. DuckDB's default memory
    limit is 80 % of the machine: a mart of 15 M cells peaked at 4.7 GB, and at 0.7 GB with this
    cap, in the same time. Beyond the cap its sorts and inserts spill to ``temp_dir``."""
    return {"memory_limit": os.environ.get("GONGKAI_DUCKDB_MEMORY", DUCKDB_MEMORY), "temp_directory": str(temp_dir)}


PUBLISHED_NAME = "gongkai.duckdb"
# Deterministic row order, so that a re-run yields identical tables. report_cells (≈ 160 rows a
# report) is not sorted: the warehouse holds it in file order whatever the number of processes,
# DuckDB keeps insertion order, and the sort would double its insert (8 s of 18 s at 15 M rows).
ORDER_BY = {
    "report_facts": "report_year, file",
    "report_cells": None,
    "uncertain_values": "report_year, file, code",
    "quality_issues": 'report_year, file, "check", message',
}

COUNTING_NOTE_ZH = ("计入口径：reports 为非拒收、非重复的报告数；各指标之和及 *_reports 只含状态为 ok 的报告，"
                    "被标记（flag）的报告不计入指标之和，其数量见 flagged_reports（视图 v_national_yearly_with_flagged 含之）。")
COUNTING_NOTE_EN = ("reports counts files that are not rejected and not duplicates; every figure sum and its *_reports "
                    "cover only reports with status ok: flagged reports are left out of the sums (flagged_reports says "
                    "how many; the view v_national_yearly_with_flagged includes them, values as printed).")


def _cols(cols: list[Column]) -> str:
    return ", ".join(f'"{c.name}"' for c in cols)


def _ddl(schema: str, table: str, cols: list[Column]) -> str:
    body = ", ".join(f'"{c.name}" {sql_type(c)}' + ("" if c.nullable else " NOT NULL") for c in cols)
    return f"CREATE OR REPLACE TABLE {schema}.{table} ({body})"


def _parquet_glob(warehouse_dir: Path, table: str) -> str | None:
    d = warehouse_dir / table
    if not d.is_dir() or not any(d.glob("*.parquet")):
        return None
    return str(d / "*.parquet")


OK_ONLY = "status = 'ok'"
ALL_COUNTED = "TRUE"


# Every yearly aggregate and the level of place it is grouped by.
AGGREGATES = {"national_yearly": (), "province_yearly": ("province",), "city_yearly": ("province", "city")}

# Who did not publish: an agency that has a counted report for an earlier and for a later year of
# the mart but none for a year in between (a year the mart holds reports of). Only the data says who
# is expected: an agency's first and last years cannot show a gap, and reports with no agency
# cannot be followed. The gap takes its place from the agency's last report before it.
REPORTING_GAPS_SQL = """
INSERT INTO mart.reporting_gaps (agency, report_year, level, province, city, county, last_reported_year,
                                 next_reported_year, last_report_file)
WITH counted AS (
  SELECT agency, report_year, level, province, city, county, file
  FROM mart.report_facts WHERE duplicate_of IS NULL AND report_year IS NOT NULL
), years AS (
  SELECT DISTINCT report_year FROM counted
), first_of_year AS (
  SELECT * FROM (
    SELECT *, row_number() OVER (PARTITION BY agency, report_year ORDER BY file) AS k
    FROM counted WHERE agency IS NOT NULL)
  WHERE k = 1
), steps AS (
  SELECT *, lead(report_year) OVER (PARTITION BY agency ORDER BY report_year) AS next_year FROM first_of_year
)
SELECT s.agency, y.report_year, s.level, s.province, s.city, s.county, s.report_year, s.next_year, s.file
FROM steps s JOIN years y ON y.report_year > s.report_year AND y.report_year < s.next_year
ORDER BY y.report_year, s.agency
"""


def _aggregate_sql(group_by: tuple[str, ...], figure_filter: str = OK_ONLY) -> str:
    """Counted reports per year (and place); figures summed over ``figure_filter`` reports; the
    agencies missing that year (mart.reporting_gaps, built first) counted for the same place.
    A place with gaps but no report that year gets a row with 0 reports."""
    keys = ", ".join(("report_year", *group_by))
    same_place = " AND ".join(f"g.{k} IS NOT DISTINCT FROM r.{k}" for k in ("report_year", *group_by))
    figs = ",\n  ".join(
        f'SUM("{f}") FILTER ({figure_filter}) AS "{f}", COUNT("{f}") FILTER ({figure_filter}) AS "{f}_reports"'
        for f in FIGURE_ORDER
    )
    outer = ",\n  ".join(f'r."{f}", COALESCE(r."{f}_reports", 0) AS "{f}_reports"' for f in FIGURE_ORDER)
    return f"""
WITH r AS (
  SELECT {keys},
    COUNT(*) AS reports,
    COUNT(DISTINCT agency) AS agencies,
    COUNT(*) FILTER (WHERE status = 'flag') AS flagged_reports,
    {figs}
  FROM mart.report_facts
  WHERE duplicate_of IS NULL AND report_year IS NOT NULL
  GROUP BY {keys}
), g AS (
  SELECT {keys}, COUNT(*) AS missing FROM mart.reporting_gaps GROUP BY {keys}
)
SELECT {", ".join(f"COALESCE(r.{k}, g.{k}) AS {k}" for k in ("report_year", *group_by))},
  COALESCE(r.reports, 0) AS reports,
  COALESCE(r.agencies, 0) AS agencies,
  COALESCE(r.flagged_reports, 0) AS flagged_reports,
  COALESCE(g.missing, 0) AS missing_agencies,
  COALESCE(r.agencies, 0) / NULLIF(COALESCE(r.agencies, 0) + COALESCE(g.missing, 0), 0) AS reporting_share,
  {outer}
FROM r FULL OUTER JOIN g ON {same_place}
ORDER BY {", ".join(str(i + 1) for i in range(1 + len(group_by)))}
"""


CARRY_OVER_CHECK = "rx1.carry_over"
# RX.1 across reports: this year's 上年结转 = last year's 结转下年度 for the same agency (table 3
# 总计 column). Legitimate deviations exist (re-counted cases), so a mismatch is a warning.
CARRY_OVER_SQL = f"""
INSERT INTO mart.quality_issues (report_id, file, report_year, "check", severity, message)
SELECT cur.report_id, cur.file, cur.report_year, '{CARRY_OVER_CHECK}', 'warn',
  'RX.1 上年结转 ' || CAST(cur.applications_carried_in AS BIGINT) || ' ≠ ' || prev.report_year ||
  '年结转下年度 ' || CAST(prev.applications_carried_out AS BIGINT) || ' (' || prev.file || ')'
FROM mart.report_facts cur
JOIN mart.report_facts prev
  ON prev.agency = cur.agency AND prev.report_year = cur.report_year - 1
 AND prev.duplicate_of IS NULL AND prev.status <> 'reject'
WHERE cur.duplicate_of IS NULL AND cur.status <> 'reject'
  AND cur.applications_carried_in IS NOT NULL AND prev.applications_carried_out IS NOT NULL
  AND cur.applications_carried_in <> prev.applications_carried_out
ORDER BY cur.report_year, cur.file
"""


VALID_DOCS_CHECK = "r2.2.valid_docs"
# R2.2 across reports (gb2021 table 2): 现行有效件数[Y] = 现行有效件数[Y-1] + 本年制发件数[Y] − 本年废止件数[Y]
# for 规章 and 行政规范性文件. Revisions and natural expiry make legitimate deviations: a warning.
VALID_DOCS_SQL = f"""
INSERT INTO mart.quality_issues (report_id, file, report_year, "check", severity, message)
WITH c AS (
  SELECT f.report_id, f.file, f.report_year, f.agency, cl.code, cl.value
  FROM mart.report_cells cl JOIN mart.report_facts f USING (report_id)
  WHERE f.duplicate_of IS NULL AND cl.source = 'table'
    AND regexp_matches(cl.code, '^t2\\.(rules|normative_docs)\\.(made|repealed|valid)$')
), w AS (
  SELECT report_id, file, report_year, agency, split_part(code, '.', 2) AS item,
    MAX(value) FILTER (WHERE code LIKE '%.made') AS made,
    MAX(value) FILTER (WHERE code LIKE '%.repealed') AS repealed,
    MAX(value) FILTER (WHERE code LIKE '%.valid') AS valid
  FROM c GROUP BY ALL
)
SELECT cur.report_id, cur.file, cur.report_year, '{VALID_DOCS_CHECK}.' || cur.item, 'warn',
  'R2.2 ' || cur.item || ' 现行有效 ' || CAST(cur.valid AS BIGINT) || ' ≠ ' || prev.report_year || '年 '
  || CAST(prev.valid AS BIGINT) || ' + 制发 ' || CAST(cur.made AS BIGINT) || ' − 废止 '
  || CAST(cur.repealed AS BIGINT) || ' (' || prev.file || ')'
FROM w cur JOIN w prev
  ON prev.agency = cur.agency AND prev.item = cur.item AND prev.report_year = cur.report_year - 1
WHERE cur.valid IS NOT NULL AND cur.made IS NOT NULL AND cur.repealed IS NOT NULL AND prev.valid IS NOT NULL
  AND cur.valid <> prev.valid + cur.made - cur.repealed
ORDER BY cur.report_year, cur.file, cur.item
"""


PARENT_CHILDREN_CHECK = "rx2.parent_children"
PARENT_CHILDREN_FIGURES = ("proactive_disclosed", "applications_received", "reconsiderations", "lawsuits")


def _parent_children_sql() -> str:
    """RX.2: a government report covering its whole region (scope 'region') counts at least what
    its direct children state: the bodies at its own level and the consolidated reports one level
    down (a county: county bodies + townships). Children may be missing, so only Σ children >
    parent is a finding; equality cannot be checked without knowing that every child reported."""
    findings = []
    for fig in PARENT_CHILDREN_FIGURES:
        findings.append(f"""
SELECT f.report_id, f.file, f.report_year, '{PARENT_CHILDREN_CHECK}.{fig}', 'warn',
  'RX.2 {fig}: ' || CAST(s.total AS BIGINT) || ' stated by ' || s.n || ' reports within the region > '
  || CAST(f.{fig} AS BIGINT) || ' in the region''s own report'
FROM (SELECT pid, SUM({fig}) AS total, COUNT({fig}) AS n FROM pairs WHERE {fig} IS NOT NULL GROUP BY pid) s
JOIN counted f ON f.report_id = s.pid
WHERE f.{fig} IS NOT NULL AND s.total > f.{fig}""")
    return f"""
INSERT INTO mart.quality_issues (report_id, file, report_year, "check", severity, message)
WITH counted AS (
  SELECT * FROM mart.report_facts WHERE duplicate_of IS NULL AND status <> 'reject' AND report_year IS NOT NULL
), pairs AS (
  SELECT p.report_id AS pid, c.*
  FROM counted p JOIN counted c
    ON c.report_year = p.report_year AND c.report_id <> p.report_id AND c.province = p.province
   AND ((p.level = 'county' AND c.county = p.county AND c.city IS NOT DISTINCT FROM p.city
         AND c.level IN ('county', 'township'))
     OR (p.level = 'prefecture' AND c.city = p.city
         AND (c.level = 'prefecture' OR (c.level = 'county' AND c.scope = 'region')))
     OR (p.level = 'province'
         AND (c.level = 'province' OR (c.level = 'prefecture' AND c.scope = 'region'))))
  WHERE p.scope = 'region'
)
{" UNION ALL ".join(findings)}
"""


def build_mart(con: duckdb.DuckDBPyConnection, warehouse_dir: Path) -> dict[str, int]:
    """(Re)build every mart table from the Parquet partitions; returns row counts."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE SCHEMA IF NOT EXISTS mart")
        for table in WAREHOUSE_TABLES:
            cols = MART_TABLES[table]
            con.execute(_ddl("mart", table, cols))
            glob = _parquet_glob(warehouse_dir, table)
            if glob is None:
                continue
            # rejected files are not reports; their reasons stay in quality_issues
            where = " WHERE status <> 'reject'" if table == "report_facts" else ""
            order = f" ORDER BY {ORDER_BY[table]}" if ORDER_BY[table] else ""
            con.execute(
                f"INSERT INTO mart.{table} ({_cols(cols)}) "
                f"SELECT {_cols(cols)} FROM read_parquet('{glob}', union_by_name = true){where}{order}"
            )
        con.execute(CARRY_OVER_SQL)
        con.execute(VALID_DOCS_SQL)
        con.execute(_parent_children_sql())
        con.execute(_ddl("mart", "reporting_gaps", MART_TABLES["reporting_gaps"]))
        con.execute(REPORTING_GAPS_SQL)
        for table, group_by in AGGREGATES.items():
            cols = MART_TABLES[table]
            con.execute(_ddl("mart", table, cols))
            con.execute(f"INSERT INTO mart.{table} ({_cols(cols)}) SELECT {_cols(cols)} FROM ({_aggregate_sql(group_by)})")
        con.execute(_ddl("mart", "quality_rules", MART_TABLES["quality_rules"]))
        con.executemany("INSERT INTO mart.quality_rules VALUES (?, ?, ?, ?, ?)", quality_rule_rows())
        con.execute(_ddl("mart", "data_dictionary", MART_TABLES["data_dictionary"]))
        con.executemany(
            "INSERT INTO mart.data_dictionary VALUES (?, ?, ?, ?, ?, ?)", data_dictionary_rows()
        )
        _create_views(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {t: con.execute(f"SELECT COUNT(*) FROM mart.{t}").fetchone()[0] for t in MART_TABLES}


def _create_views(con: duckdb.DuckDBPyConnection) -> None:
    """Stable views for BI questions, with explicit column lists (never ``select *``)."""
    con.execute(f"CREATE OR REPLACE VIEW mart.v_national_yearly_with_flagged AS {_aggregate_sql((), ALL_COUNTED)}")
    con.execute("""
CREATE OR REPLACE VIEW mart.v_national_rates AS
SELECT report_year, reports,
  agencies, missing_agencies, reporting_share,
  applications_received_reports,
  applications_received / NULLIF(applications_received_reports, 0) AS applications_per_reporting_report,
  granted / NULLIF(applications_closed, 0) AS share_granted_of_closed,
  denied / NULLIF(applications_closed, 0) AS share_denied_of_closed,
  reconsiderations_corrected / NULLIF(reconsiderations, 0) AS share_reconsiderations_corrected,
  lawsuits_corrected / NULLIF(lawsuits, 0) AS share_lawsuits_corrected
FROM mart.national_yearly
""")


VIEW_DOCS = [
    ("v_national_yearly_with_flagged", "与 national_yearly 相同，但被标记报告的数值也计入总和（按原文）",
     "national_yearly with the figures of flagged reports summed too (values as printed)"),
    ("v_national_rates", "比率：报告率、每份报告的申请数、予以公开占办结比例等（分子分母都来自写明该项的报告）",
     "Rates: share of expected agencies that reported, applications per reporting report, share granted of "
     "closed, share of reviews/lawsuits corrected"),
]


def quality_rule_rows() -> list[tuple[str, str, str, str, str]]:
    """Every check a report can fail, from the one definition of each (rules as data)."""
    from .harmonize import PROSE_VS_TABLE
    from .pipeline import (DUPLICATE_AGENCY_YEAR, DUPLICATE_EXACT, DUPLICATE_REPUBLISHED, EXTRACT_CRASH,
                           NOT_A_REPORT, NOTHING_READ, REJECTED)
    from .rules import ABSURD_CHECK, RULES

    rows = [(r.id, "report", r.severity, r.description_zh, r.description_en) for r in RULES]
    rows += [
        (ABSURD_CHECK, "report", "error", "数值为负（本年增/减除外）或大于10⁹", "a negative value (signed deltas aside) or one ≥ 10⁹"),
        (PROSE_VS_TABLE, "report", "error", "RX.3 正文与表格对同一数量的说法矛盾", "RX.3 prose contradicts the table on the same quantity"),
        (DUPLICATE_REPUBLISHED, "file", "error", "同一报告换了页头重新发布", "the same report re-published under another header"),
        (DUPLICATE_AGENCY_YEAR, "file", "warn", "同一机关同一年度另有一份不同的报告", "another, different report of the same agency and year"),
        (DUPLICATE_EXACT, "file", "error", "与已读文件逐字节相同（拒收）", "byte-identical copy of a file already read (rejected)"),
        (REJECTED, "file", "error", "不是可读的报告（空、二进制、截断、无法解码、过大）", "not a readable report (empty, binary, truncated, undecodable, oversized)"),
        (EXTRACT_CRASH, "file", "error", "读取时出错（记录原因，运行继续）", "an extractor failed on this file (reason recorded, the run goes on)"),
        (NOT_A_REPORT, "file", "error", "标题表明是其他公文（函、通知、请示等），不是年度报告（拒收）",
         "the title says the document is a letter, notice or request, not an annual report (rejected)"),
        (NOTHING_READ, "report", "warn", "正文中既无表格数值也无数字（如页面只链接附件，或表格为图片）",
         "no table cell and no figure in the text (e.g. a page that only links to its report, or tables as images)"),
        ("meta.title_year", "report", "error", "标题年份与统计期限不符", "the title's year contradicts the data period"),
        ("meta.place", "report", "warn", "地名有歧义，未能确定所属地区", "an ambiguous place name left the places unresolved"),
        ("ingest.warning", "file", "warn", "读取时的无害问题（如末尾截断的多字节字符）", "a benign ingestion artifact (e.g. a cut character at the end)"),
        ("t2_row", "report", "warn", "表二某行重复出现，第二次只与第一次比对", "a table-2 row appears twice; the second is only compared with the first"),
        ("table_repeated", "report", "warn", "同一单元格在报告中出现两次且数值不同（如全区汇总表与本级表），两者都不采用，记为不确定",
         "a table cell stated twice with different values (e.g. a 全区 summary table next to the body's own): neither is taken, both are kept as uncertain"),
        ("t2_prose_split", "report", "warn", "表二连写数字有多种拆法，按正文所述件数（如现行有效行政规范性文件N件）取唯一相符的一种",
         "a table-2 digit run with several readings was split the one way the text's own counts allow"),
        ("t2_template", "report", "warn", "找到表二但无法识别其格式", "table 2 found but its template is not recognised"),
        ("t3_align", "report", "warn", "表三若干行无法与模板行对齐，未读取", "table-3 rows that could not be aligned to the template were not read"),
        ("t3_columns", "report", "warn", "表三表头的列与模板不同（缺列或次序不同），整表记为不确定",
         "table 3's header shows other columns than the template (one missing, or another order): the table is left uncertain"),
        ("t4_columns", "report", "warn", "表四表头的诉讼分栏次序与模板不同，整表记为不确定",
         "table 4's header prints its litigation blocks in another order than the template: the table is left uncertain"),
        ("t3_order", "report", "warn", "表三行标签不按模板顺序", "table-3 row labels out of template order"),
        ("t3_template", "report", "warn", "表三格式（2019/2021）无法从行判断", "table-3 variant (2019/2021) not shown by its rows"),
        ("legacy.alignment", "report", "warn", "统计表某行可能属于多个栏目，值记为不确定", "a legacy row fits several sections; its value is uncertain"),
        ("legacy.unit", "report", "warn", "统计表单位与模板不符", "a legacy row prints another unit than the template's"),
        ("legacy.fj_numbering", "report", "warn", "福建式统计表的数字与下一行编号无法分开", "Fujian table digits cannot be told from the next row's numbering"),
        (CARRY_OVER_CHECK, "across reports", "warn", "RX.1 本年上年结转 = 上年结转下年度（同一机关）", "RX.1 carried in = last year's carried out (same agency)"),
        (PARENT_CHILDREN_CHECK, "across reports", "warn", "RX.2 代表全地区的政府报告 ≥ 其下属单位报告之和",
         "RX.2 a region's consolidated report >= the sum its direct children state"),
        (VALID_DOCS_CHECK, "across reports", "warn", "R2.2 现行有效件数 = 上年现行有效 + 本年制发 − 本年废止", "R2.2 valid = last year's valid + made − repealed"),
    ]
    return rows


def data_dictionary_rows() -> list[tuple[str, str, str, str, str, str]]:
    rows = []
    for table, cols in MART_TABLES.items():
        for c in cols:
            zh, en = c.zh, c.en
            if table in AGGREGATES and c.name in ("reports", "flagged_reports"):
                zh, en = f"{zh}。{COUNTING_NOTE_ZH}", f"{en}. {COUNTING_NOTE_EN}"
            rows.append((table, c.name, sql_type(c), c.unit, zh, en))
    for name, zh, en in VIEW_DOCS:
        rows.append((name, "*", "VIEW", "", zh, en))
    return rows


def _wal(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


def discard_db(path: Path) -> None:
    """Remove a DuckDB file and its write-ahead log (a staging file left by an interrupted build)."""
    for p in (path, _wal(path)):
        p.unlink(missing_ok=True)


def replace_working_db(staging: Path, working_db: Path) -> None:
    """Make a complete staging file (its connection closed) the working database, in one rename.
    A closed DuckDB file has no write-ahead log left; one would mean the file is incomplete."""
    if staging.resolve() == working_db.resolve():
        raise ValueError(f"the mart must be built in a staging file, not in {working_db} itself")
    if _wal(staging).exists():
        raise RuntimeError(f"{staging} still has a write-ahead log: its connection was not closed")
    os.replace(staging, working_db)
    _wal(working_db).unlink(missing_ok=True)  # belonged to the old file


def _checkpointed(db: Path) -> None:
    """Fold a write-ahead log into the file, so that a copy of the file alone is complete. Only
    an interrupted writer leaves one; the caller holds the one-writer pool."""
    if _wal(db).exists():
        con = duckdb.connect(str(db))
        try:
            con.execute("CHECKPOINT")
        finally:
            con.close()


def publish(working_db: Path, published_dir: Path) -> Path:
    """Copy the working database into a fresh file + Parquet copies and swap both in atomically."""
    published_dir.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(published_dir)
    final = published_dir / PUBLISHED_NAME
    tmp = published_dir / f".{PUBLISHED_NAME}.{uuid.uuid4().hex}.tmp"
    parquet_tmp = published_dir / f".parquet.{uuid.uuid4().hex}.tmp"
    _checkpointed(working_db)
    try:
        shutil.copyfile(working_db, tmp)
        con = duckdb.connect(str(tmp), read_only=True, config=duckdb_config(working_db.parent / "_duckdb_tmp"))
        try:
            missing = set(MART_TABLES) - {r[0] for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'mart'").fetchall()}
            if missing:
                raise RuntimeError(f"{working_db} lacks the mart tables {sorted(missing)}")
            parquet_tmp.mkdir()
            for table, cols in MART_TABLES.items():
                (parquet_tmp / table).mkdir()
                con.execute(
                    f"COPY (SELECT {_cols(cols)} FROM mart.{table}) TO '{parquet_tmp / table / 'data.parquet'}' (FORMAT parquet)"
                )
        finally:
            con.close()
        os.replace(tmp, final)
        _swap_dir(parquet_tmp, published_dir / "parquet")
    finally:
        tmp.unlink(missing_ok=True)
        shutil.rmtree(parquet_tmp, ignore_errors=True)
    return final


def _remove_leftovers(published_dir: Path) -> None:
    """Temporary files and folders of a publish that was killed (only one publish runs at a
    time: the writer pool), so that they do not pile up next to the file BI tools open."""
    for p in published_dir.glob(f".{PUBLISHED_NAME}.*.tmp"):
        p.unlink(missing_ok=True)
    for pattern in (".parquet.*.tmp", ".parquet.*.old"):
        for p in published_dir.glob(pattern):
            shutil.rmtree(p, ignore_errors=True)


def _swap_dir(new: Path, final: Path) -> None:
    """Replace a folder: rename the old one aside, the new one in, then delete the old one."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.{uuid.uuid4().hex}.old")
        os.replace(final, old)
    os.replace(new, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
