"""Column definitions of every frame the pipeline writes, as data.

One definition per column (type, unit, Chinese and English description) drives the pandera
schemas in ``expectations/``, the Dagster column schemas in the UI, the DuckDB DDL of the mart
and ``mart.data_dictionary``. Figure columns come from the catalogue.
"""
from __future__ import annotations

from dataclasses import dataclass

from .catalogue import FIGURE_ORDER, figures


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # "str" | "int" | "float" | "bool" | "date"
    nullable: bool
    unit: str
    zh: str
    en: str


_SQL = {"str": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "date": "DATE"}


def sql_type(c: Column) -> str:
    return _SQL[c.dtype]


def C(name, dtype, nullable, unit, zh, en) -> Column:  # noqa: N802 - a table of data reads better
    return Column(name, dtype, nullable, unit, zh, en)


def figure_columns() -> list[Column]:
    figs = figures()
    return [
        C(f, "float", True, figs[f].unit, figs[f].description_zh + "（报告未写明则为空）",
          figs[f].description_en + " (NULL when the report does not state it)")
        for f in FIGURE_ORDER
    ]


# Warehouse frames (one Parquet file per report-year partition) ---------------------------------

# Columns shared by several frames, defined once.
PARTITION_YEAR = C("partition_year", "int", False, "年", "落地目录年份", "Year folder the file was found in (the partition)")
FILE = C("file", "str", False, "", "文件相对路径", "Path relative to the landing zone")
SHA256 = C("sha256", "str", False, "", "原始字节的SHA-256", "SHA-256 of the raw bytes")
BYTES = C("bytes", "int", False, "字节", "文件大小", "File size")
FORMAT = C("format", "str", False, "", "文件格式", "txt | html | pdf | docx | md")
TITLE = C("title", "str", True, "", "文档标题（HTML/DOCX/PDF元数据）", "Document title from format metadata")
META_JSON = C("meta_json", "str", False, "", "格式元数据（JSON）", "Format metadata as JSON")
WARNINGS_JSON = C("warnings_json", "str", False, "", "读取警告（JSON）", "Ingestion warnings as JSON")
REJECT_REASON = C("reject_reason", "str", True, "", "不可读原因", "Why the file is not a readable report (NULL when readable)")
_DOCUMENT = [PARTITION_YEAR, FILE, SHA256, BYTES, FORMAT]
_DOCUMENT_META = [TITLE, META_JSON, WARNINGS_JSON, REJECT_REASON]

RAW_REPORTS = _DOCUMENT + [
    C("encoding", "str", True, "", "文本编码", "Detected text encoding"),
    C("pages", "int", True, "页", "PDF页数", "PDF pages"),
] + _DOCUMENT_META + [
    C("text", "str", True, "", "解码后的原始文本", "Decoded text (tables as TAB rows)"),
]

NORMALIZED_REPORTS = _DOCUMENT + _DOCUMENT_META + [
    C("script", "str", True, "", "原文字体", "simplified | traditional (of the original)"),
    C("body_hash", "str", True, "", "正文指纹", "Fingerprint of the body without volatile header lines"),
    C("body_sketch", "str", True, "", "正文长行哈希样本",
      "Smallest CRC32 hashes of the body's long lines, space-separated (finds re-published copies)"),
    C("text", "str", True, "", "规范化文本", "Normalized text (simplified, half-width digits)"),
    C("original_text", "str", True, "", "繁体原文（仅繁体）", "Original text, kept only for traditional documents"),
]

REPORT_FACTS = [
    C("report_id", "str", False, "", "报告标识（原始字节SHA-256）", "Report id: SHA-256 of the raw bytes"),
    FILE,
    PARTITION_YEAR,
    C("status", "str", False, "", "状态", "ok | flag | reject"),
    C("duplicate_of", "str", True, "", "重复来源文件", "Earlier file with the same content"),
    REJECT_REASON,
    C("agency", "str", True, "", "机关规范全称", "Canonical full agency name"),
    C("agency_as_written", "str", True, "", "标题中的机关名称", "Agency name as the title writes it"),
    C("level", "str", True, "", "层级", "province | prefecture | county | township"),
    C("province", "str", True, "", "省级", "Province-level division"),
    C("city", "str", True, "", "地级", "Prefecture-level division (a 直辖市 is its own city)"),
    C("county", "str", True, "", "县级", "County-level division"),
    C("township", "str", True, "", "乡级", "Township-level division"),
    C("report_year", "int", True, "年", "报告年度（数据所属年份）", "Year the data covers"),
    C("publish_date", "date", True, "", "发布日期", "Publication date as the document shows it"),
    C("template", "str", True, "", "报告格式", "legacy | gb2019 | gb2021"),
    C("script", "str", True, "", "原文字体", "simplified | traditional"),
    FORMAT,
    C("scope", "str", True, "", "报告口径：region=政府代表全地区（全区各单位…），body=本机关",
      "region: a government reporting for its whole region (全区各单位…); body: the agency itself"),
    BYTES,
    C("n_cells", "int", False, "个", "表格单元格数", "Table cells stated"),
    C("n_uncertain", "int", False, "个", "不确定值数", "Values stated but not readable with certainty"),
    C("n_errors", "int", False, "个", "错误级问题数", "Problems of severity error"),
    C("n_warnings", "int", False, "个", "警告级问题数", "Problems of severity warn"),
    C("n_rules_pass", "int", False, "条", "通过的勾稽规则数", "Consistency rules that hold"),
    C("n_rules_fail", "int", False, "条", "未通过的勾稽规则数", "Consistency rules that fail"),
    C("n_rules_uncertain", "int", False, "条", "无法判断的勾稽规则数（所需单元格未写明）",
      "Consistency rules that cannot be decided (cells not stated)"),
]

REPORT_CELLS = [
    C("report_id", "str", False, "", "报告标识", "Report id (SHA-256)"),
    C("report_year", "int", True, "年", "报告年度", "Year the data covers"),
    FILE,
    C("code", "str", False, "", "指标代码（indicators.csv）或散文数字的统一指标名", "Cell code from indicators.csv, or the figure name for a prose statement"),
    C("value", "float", False, "", "数值（单位见代码）", "Value, in the code's unit"),
    C("raw", "str", False, "", "原文写法", "Text as written"),
    C("source", "str", False, "", "来源", "table | prose"),
    C("location", "str", False, "", "原文位置", "Where in the document"),
]

UNCERTAIN_VALUES = [
    C("report_id", "str", False, "", "报告标识", "Report id (SHA-256)"),
    C("report_year", "int", True, "年", "报告年度", "Year the data covers"),
    FILE,
    C("code", "str", False, "", "指标代码", "Cell code or figure name"),
    C("raw", "str", False, "", "原文写法", "Text as written"),
    C("location", "str", False, "", "原文位置", "Where in the document"),
    C("reason", "str", False, "", "不确定原因", "Why no single reading exists"),
]

QUALITY_ISSUES = [
    C("report_id", "str", False, "", "报告标识", "Report id (SHA-256)"),
    FILE,
    C("report_year", "int", True, "年", "报告年度", "Year the data covers"),
    C("check", "str", False, "", "规则/检查名", "Rule or check that failed"),
    C("severity", "str", False, "", "严重程度", "error | warn"),
    C("message", "str", False, "", "说明", "What failed, with the values involved"),
]

FACT_TABLE = REPORT_FACTS + figure_columns()

WAREHOUSE_CELLS = [PARTITION_YEAR] + REPORT_CELLS
WAREHOUSE_UNCERTAIN = [PARTITION_YEAR] + UNCERTAIN_VALUES
WAREHOUSE_ISSUES = [PARTITION_YEAR] + QUALITY_ISSUES

AGGREGATE_KEYS = [
    C("report_year", "int", False, "年", "报告年度", "Year the data covers"),
    C("reports", "int", False, "份", "计入的报告数（非拒收、非重复）", "Counted reports (not rejected, not duplicates)"),
    C("agencies", "int", False, "个", "计入的机关数", "Distinct agencies among counted reports"),
    C("flagged_reports", "int", False, "份", "其中被标记的报告数（不计入指标之和）", "Counted reports with status flag (left out of the figure sums)"),
    C("missing_agencies", "int", False, "个",
      "应报未报的机关数：在本年之前和之后的年度都有计入报告、本年却没有的机关（见 reporting_gaps）",
      "Agencies with a counted report for an earlier and for a later year of the mart but none for this one "
      "(listed in reporting_gaps)"),
    C("reporting_share", "float", True, "",
      "报告率：agencies ÷ (agencies + missing_agencies)（首末年度无法判断缺报，偏高）",
      "Share of expected agencies that reported: agencies / (agencies + missing_agencies); the first and last "
      "years of the mart cannot show a gap, so their share is an upper bound"),
]
# The place columns an aggregate may be grouped by, in order (a 直辖市 is its own city).
GROUP_COLUMNS = {
    "province": C("province", "str", True, "", "省级（空=未识别或中央机关）", "Province (NULL = not identified, or a central body)"),
    "city": C("city", "str", True, "", "地级（空=省级机关或未识别）", "Prefecture-level city (NULL = a province-level body, or not identified)"),
}


def aggregate_columns(group_by: tuple[str, ...] = ()) -> list[Column]:
    cols = list(AGGREGATE_KEYS)
    cols[1:1] = [GROUP_COLUMNS[g] for g in group_by]
    for f in figure_columns():
        cols.append(C(f.name, "float", True, f.unit, f"{f.zh.split('（')[0]}：状态为 ok 的计入报告之和",
                      f"{f.en.split(' (')[0]}: sum over counted ok reports that state it"))
        cols.append(C(f"{f.name}_reports", "int", False, "份", f"写明{f.zh.split('（')[0]}的 ok 计入报告数",
                      f"Counted ok reports that state {f.name}"))
    return cols


REPORTING_GAPS = [
    C("agency", "str", False, "", "机关规范全称", "Canonical full agency name"),
    C("report_year", "int", False, "年", "缺报的报告年度", "Report year with no counted report of the agency"),
    C("level", "str", True, "", "层级（取自上一份报告）", "Level, from the agency's last report before the gap"),
    C("province", "str", True, "", "省级（取自上一份报告）", "Province, from the agency's last report before the gap"),
    C("city", "str", True, "", "地级（取自上一份报告）", "Prefecture-level city, from that report"),
    C("county", "str", True, "", "县级（取自上一份报告）", "County-level division, from that report"),
    C("last_reported_year", "int", False, "年", "此前最近一次报告的年度", "Latest earlier year the agency reported for"),
    C("next_reported_year", "int", False, "年", "此后最近一次报告的年度", "Earliest later year the agency reported for"),
    C("last_report_file", "str", False, "", "此前最近一份报告的文件", "File of that earlier report"),
]

QUALITY_RULES = [
    C("rule_id", "str", False, "", "规则标识（quality_issues.check）", "Rule id, as in quality_issues.check"),
    C("scope", "str", False, "", "适用范围", "report | across reports | file"),
    C("severity", "str", False, "", "严重程度", "error (the report is flagged) | warn (listed, status unchanged)"),
    C("description_zh", "str", False, "", "中文说明", "Description in Chinese"),
    C("description_en", "str", False, "", "英文说明", "Description in English"),
]

DATA_DICTIONARY = [
    C("table_name", "str", False, "", "表名", "Table"),
    C("column_name", "str", False, "", "列名", "Column"),
    C("data_type", "str", False, "", "数据类型", "DuckDB type"),
    C("unit", "str", False, "", "单位", "Unit"),
    C("description_zh", "str", False, "", "中文说明", "Description in Chinese"),
    C("description_en", "str", False, "", "英文说明", "Description in English"),
]

MART_TABLES: dict[str, list[Column]] = {
    "report_facts": FACT_TABLE,
    "report_cells": REPORT_CELLS,
    "uncertain_values": UNCERTAIN_VALUES,
    "national_yearly": aggregate_columns(),
    "province_yearly": aggregate_columns(("province",)),
    "city_yearly": aggregate_columns(("province", "city")),
    "reporting_gaps": REPORTING_GAPS,
    "quality_issues": QUALITY_ISSUES,
    "quality_rules": QUALITY_RULES,
    "data_dictionary": DATA_DICTIONARY,
}
