"""The same grid text (TAB rows, as ingestion renders HTML and DOCX tables) written the other
ways reports arrive in: for metamorphic tests (a layout may lose what it cannot carry, never
give another value)."""
from __future__ import annotations

import re

# the layout that keeps every cell and its position (bare pipes lose leading empty cells):
# the same values must come out
LOSSLESS = ("markdown",)


def other_layouts(text: str) -> dict[str, str]:
    lines = text.split("\n")

    def pipes(line: str, outer: bool) -> str:
        if "\t" not in line:
            return line
        body = " | ".join(f.strip() for f in line.split("\t"))
        return f"| {body} |" if outer else body

    return {
        "markdown": "\n".join(pipes(ln, True) for ln in lines),
        "pipes": "\n".join(pipes(ln, False) for ln in lines),
        "tabs_trailing_cut": "\n".join(ln.rstrip("\t") for ln in lines),
        "spaces": "\n".join(re.sub(r"\t+", " ", ln) for ln in lines),
    }
