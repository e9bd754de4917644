"""The same grid text (TAB rows, as ingestion renders HTML and DOCX tables) written the other
ways reports arrive in: for metamorphic tests (a layout may lose what it cannot carry, never
give another value)."""
from __future__ import annotations

import re

# the layouts that keep every cell and its position (bare pipes lose leading empty cells):
# the same values must come out
LOSSLESS = ("markdown", "page_break")


def other_layouts(text: str) -> dict[str, str]:
    lines = text.split("\n")

    def pipes(line: str, outer: bool) -> str:
        if "\t" not in line:
            return line
        body = " | ".join(f.strip() for f in line.split("\t"))
        return f"| {body} |" if outer else body

    rows = [i for i, ln in enumerate(lines) if "\t" in ln]
    middle = rows[len(rows) // 2] if len(rows) > 6 else None
    broken = lines if middle is None else lines[:middle] + ["", "- 2 -", ""] + lines[middle:]
    return {
        "page_break": "\n".join(broken),  # a PDF page's footer between two rows of a table
        "cell_per_line": "\n".join(f for ln in lines for f in (ln.split("\t") if "\t" in ln else [ln])
                                    if f.strip() or "\t" not in ln),
        "markdown": "\n".join(pipes(ln, True) for ln in lines),
        "pipes": "\n".join(pipes(ln, False) for ln in lines),
        "tabs_trailing_cut": "\n".join(ln.rstrip("\t") for ln in lines),
        "spaces": "\n".join(re.sub(r"\t+", " ", ln) for ln in lines),
    }


# -- the same page's HTML source re-written as other editors and exporters write it ------------

_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
_TABLE_OPEN = re.compile(r"<table\b[^>]*>", re.I)
_ROW_START = re.compile(r"<tr\b", re.I)
_CELL = re.compile(r"(<td\b[^>]*>)(.*?)(</td>)", re.S | re.I)
_NUMBER_CELL = re.compile(r"(<td\b[^>]*>)\s*(\d+)\s*(</td>)", re.I)
_LABEL_CELL = re.compile(r"(<td\b[^>]*>)([^<\d&]{6,})(</td>)", re.I)
_TAG = re.compile(r"<(/?)(table|tr|td|th|p|div|span|tbody)\b", re.I)


def _split_table(m: re.Match) -> str:
    """A long table cut in two after its middle row (a page break in a Word document saved as HTML)."""
    t = m.group(0)
    rows = [r.start() for r in _ROW_START.finditer(t)]
    if len(rows) <= 6:
        return t
    k = rows[len(rows) // 2]
    return t[:k] + "</table>\n<p>&nbsp;</p>\n" + _TABLE_OPEN.match(t).group(0) + t[k:]


def other_html(page: str) -> dict[str, str]:
    """The same tables written otherwise; each keeps every cell, so the same values must come out."""
    return {
        "split_tables": _TABLE.sub(_split_table, page),
        "cells_in_paragraphs": _CELL.sub(lambda m: f"{m.group(1)}<p style='text-align:center'><span>{m.group(2)}"
                                                   f"</span></p>{m.group(3)}", page),
        "padded_numbers": _NUMBER_CELL.sub(r"\1&nbsp;\2&nbsp;\3", page),
        "upper_case_tags": _TAG.sub(lambda m: "<" + m.group(1) + m.group(2).upper(), page),
        "empty_last_column": re.sub(r"</tr>", "<td></td></tr>", page, flags=re.I),
        "line_breaks_in_labels": _LABEL_CELL.sub(lambda m: f"{m.group(1)}{m.group(2)[:3]}<br/>{m.group(2)[3:]}{m.group(3)}",
                                                 page),
        "explicit_tbody": _TABLE_OPEN.sub(lambda m: m.group(0) + "<tbody>", page).replace("</table>", "</tbody></table>"),
    }
