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
