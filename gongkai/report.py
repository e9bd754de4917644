"""``gongkai report``: a static HTML page of the published mart (national series + quality).

It reads only the published file (read-only), so it can run while a build is going on. Charts
are inline SVG: the page has no scripts and no network dependencies.
"""
from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb

from .catalogue import FIGURE_ORDER, figures
from .mart import PUBLISHED_NAME

CHART_FIGURES = ("proactive_disclosed", "applications_received", "granted", "denied",
                 "reconsiderations", "lawsuits")


# (column header, figure or rate, is a share) of the Markdown chart in the Dagster UI
MD_CHART = (
    ("applications received 申请", "applications_received", False),
    ("granted of closed 予以公开占比", "granted_share", True),
    ("reviews 行政复议", "reconsiderations", False),
    ("lawsuits 行政诉讼", "lawsuits", False),
)
_EIGHTHS = " ▏▎▍▌▋▊▉"


def unicode_bar(value: float, vmax: float, width: int = 10) -> str:
    """A bar of ``width`` cells at most, in eighths of a cell; a positive value never shows empty."""
    if vmax <= 0 or value <= 0:
        return ""
    eighths = max(1, round(width * 8 * min(value, vmax) / vmax))
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def granted_share(row: Mapping) -> float | None:
    """Granted / closed applications, from the same national row (None when either is unknown)."""
    g, c = row.get("granted"), row.get("applications_closed")
    return g / c if g is not None and c else None


def national_chart_markdown(rows: Sequence[Mapping], width: int = 10) -> str:
    """The national series as a Markdown table with a unicode bar per year for the main figures,
    so the Dagster UI shows the series in the asset's metadata. A figure no counted report states
    is "—", never a zero bar. Bars are scaled per column to the column's largest value."""
    if not rows:
        return "_(no years built)_"
    rows = sorted(rows, key=lambda r: r["report_year"])
    values = {col: [granted_share(r) if col == "granted_share" else r.get(col) for r in rows]
              for _, col, _ in MD_CHART}
    vmax = {col: (1.0 if share else max((v for v in vs if v is not None), default=0.0))
            for (_, col, share), vs in zip(MD_CHART, values.values())}
    head = "| year | reports | " + " | ".join(h for h, _, _ in MD_CHART) + " |"
    lines = [head, "|---:|---:|" + "---|" * len(MD_CHART)]
    for i, r in enumerate(rows):
        cells = []
        for _, col, share in MD_CHART:
            v = values[col][i]
            if v is None:
                cells.append("—")
                continue
            text = f"{v:.0%}" if share else f"{v:,.0f}"
            cells.append(f"`{unicode_bar(v, vmax[col], width):<{width}}` {text}")
        lines.append(f"| {r['report_year']} | {r.get('reports', 0):,} | " + " | ".join(cells) + " |")
    lines += ["", "_Sums over counted reports with status ok (see mart.data_dictionary); "
                  "granted share = granted / applications closed; bars scaled per column._"]
    return "\n".join(lines)


def _svg_line(years: list[int], values: list[float | None], title: str, width: int = 420, height: int = 160) -> str:
    pts = [(y, v) for y, v in zip(years, values) if v is not None]
    if not pts:
        return f"<figure><figcaption>{html.escape(title)}</figcaption><p>no data</p></figure>"
    x0, x1 = min(years), max(years)
    vmax = max(v for _, v in pts) or 1.0
    pad = 30

    def xy(y: int, v: float) -> tuple[float, float]:
        x = pad + (width - 2 * pad) * ((y - x0) / (x1 - x0) if x1 > x0 else 0.5)
        return x, height - pad - (height - 2 * pad) * (v / vmax)

    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{yv:.1f}" for i, (x, yv) in enumerate(xy(y, v) for y, v in pts))
    dots = "".join(f'<circle cx="{x:.1f}" cy="{yv:.1f}" r="2.5"><title>{y}: {v:,.0f}</title></circle>'
                   for (y, v), (x, yv) in ((p, xy(*p)) for p in pts))
    return (
        f'<figure><figcaption>{html.escape(title)}</figcaption>'
        f'<svg width="{width}" height="{height}" role="img" aria-label="{html.escape(title)}">'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#999"/>'
        f'<text x="{pad}" y="{height - 8}" font-size="11">{x0}</text>'
        f'<text x="{width - pad - 24}" y="{height - 8}" font-size="11">{x1}</text>'
        f'<text x="2" y="{pad - 8}" font-size="11">{vmax:,.0f}</text>'
        f'<path d="{path}" fill="none" stroke="#c0392b" stroke-width="2"/>{dots}</svg></figure>'
    )


def _table(cols: list[str], rows: list[tuple]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join(
        "<tr>" + "".join(f"<td>{'' if v is None else html.escape(f'{v:,.0f}' if isinstance(v, float) else str(v))}</td>"
                         for v in r) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def write_report(output_dir: Path) -> Path:
    db = output_dir / "published" / PUBLISHED_NAME
    if not db.exists():
        raise SystemExit(f"gongkai report: no published mart at {db}; run `gongkai build` first")
    con = duckdb.connect(str(db), read_only=True)
    try:
        nat = con.execute("SELECT * FROM mart.national_yearly ORDER BY report_year").fetchall()
        cols = [d[0] for d in con.description]
        status = con.execute(
            "SELECT report_year, COUNT(*) FILTER (WHERE status='ok'), COUNT(*) FILTER (WHERE status='flag') "
            "FROM mart.report_facts GROUP BY 1 ORDER BY 1").fetchall()
        rejects = dict(con.execute(
            "SELECT report_year, COUNT(DISTINCT report_id) FROM mart.quality_issues WHERE \"check\" IN "
            "('ingest.reject', 'duplicate.exact') GROUP BY 1").fetchall())
        top = con.execute(
            "SELECT regexp_replace(\"check\", '\\.[^.]+$', '') AS rule, severity, COUNT(*) AS n "
            "FROM mart.quality_issues GROUP BY 1, 2 ORDER BY n DESC LIMIT 12").fetchall()
    finally:
        con.close()
    idx = {c: i for i, c in enumerate(cols)}
    years = [r[idx["report_year"]] for r in nat]
    figs = figures()
    charts = "".join(
        _svg_line(years, [r[idx[f]] for r in nat], f"{figs[f].description_zh} / {figs[f].description_en}")
        for f in CHART_FIGURES
    )
    shares = [granted_share(dict(zip(cols, r))) for r in nat]
    charts += _svg_line(years, [None if v is None else 100 * v for v in shares],
                        "予以公开占办结比例 / Granted share of closed applications (%)")
    series_cols = ["report_year", "reports", "flagged_reports", "agencies", "missing_agencies"] + [c for f in FIGURE_ORDER for c in (f, f"{f}_reports")]
    series = _table(series_cols, [tuple(r[idx[c]] for c in series_cols) for r in nat])
    quality = _table(["report_year", "ok", "flag", "reject"],
                     [(y, ok, fl, rejects.get(y, 0)) for y, ok, fl in status])
    rules = _table(["rule", "severity", "problems"], top)
    page = f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>gongkai — national series</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:1200px}} figure{{display:inline-block;margin:0 1em 1em 0}}
table{{border-collapse:collapse;font-size:12px}} td,th{{border:1px solid #ddd;padding:2px 6px;text-align:right}}
.scroll{{overflow-x:auto}}</style></head><body>
<h1>政府信息公开工作年度报告 — national series</h1>
<p>Source: <code>{html.escape(str(db))}</code>. Figure sums cover counted reports with status ok
(see <code>mart.data_dictionary</code>); <em>F_reports</em> says how many reports state each figure.</p>
<h2>National series</h2>{charts}
<div class="scroll">{series}</div>
<h2>Quality</h2><h3>Reports by status</h3>{quality}<h3>Most frequent problems</h3>{rules}
</body></html>
"""
    out = output_dir / "published" / "report.html"
    tmp = out.with_suffix(".html.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return out
