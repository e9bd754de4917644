"""A fingerprint of the domain code and data: cached results are valid only for the code that made them."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    h = hashlib.sha1()
    for p in sorted(_PACKAGE.rglob("*")):
        if p.suffix in (".py", ".csv", ".json") and "__pycache__" not in p.parts:
            h.update(p.relative_to(_PACKAGE).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]
