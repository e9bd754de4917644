"""Plain data passed between the stages: no logic, no Dagster.

Every number keeps the text it was read from and where it was read (``raw``, ``source``,
``where``) so a reviewer can always see why a value is what it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass
class Document:
    """One input file after ingestion: decoded text, or the reason it is unreadable.

    ``text`` is the whole document as lines. Tables from structured formats (HTML, DOCX, PDF
    grids) are rendered in place as one line per table row with cells separated by TAB,
    keeping empty cells as empty fields so column positions survive.
    """

    file: str
    sha256: str
    size: int
    format: str  # txt | html | pdf | docx | md
    encoding: str | None = None
    text: str = ""
    title: str | None = None  # <title>, docx core title, PDF Info title
    meta: dict[str, str] = field(default_factory=dict)  # e.g. html publish meta, docx dates
    reject: str | None = None  # why this is not a readable report (None when it is)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None


class Value(NamedTuple):
    """A stated number: a table cell or a prose figure (a NamedTuple: immutable and cheap to
    build, which matters at ~200 cells a report)."""

    code: str  # cell code (t3.new_received.total) or figure name (proactive_disclosed)
    value: float
    raw: str  # the text as written, e.g. "465", "+30", "251000元", "二"
    source: str  # "table" | "prose"
    where: str  # human-readable location, e.g. "line 57" or "line 57, column 3"


@dataclass(frozen=True)
class Uncertain:
    """A value the document states but that admits no single reading."""

    code: str
    raw: str
    where: str
    reason: str


@dataclass(frozen=True)
class Problem:
    check: str
    severity: str  # "error" | "warn"
    message: str


@dataclass
class TableResult:
    cells: dict[str, Value] = field(default_factory=dict)
    uncertain: dict[str, Uncertain] = field(default_factory=dict)
    # template variants seen, per table: "legacy", "leg_fj", "gb2019", "gb2021"
    table_templates: dict[str, str] = field(default_factory=dict)  # table id (t2/t3/t4/leg) -> template
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ProseResult:
    figures: dict[str, Value] = field(default_factory=dict)
    uncertain: dict[str, Uncertain] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Metadata:
    agency: str | None = None
    agency_as_written: str | None = None
    level: str | None = None  # province | prefecture | county | township
    province: str | None = None
    city: str | None = None
    county: str | None = None
    township: str | None = None
    report_year: int | None = None
    title_year: int | None = None  # the year the title names, when it names one
    data_year: int | None = None  # the year of the statistics period, when stated
    publish_date: str | None = None  # YYYY-MM-DD
    problems: list[Problem] = field(default_factory=list)
