"""Re-runs that cost nothing: a partition whose inputs and code are unchanged is not recomputed.

Each stage states the key of what it was computed from (the code fingerprint and the list of
(file, sha256) of its partition) as output metadata; the IO manager writes that key next to the
partition's Parquet file *after* the file itself, so a key on disk always describes the data
beside it. A stage whose key matches reads its previous output instead of recomputing it.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import polars as pl

from gongkai.version import code_fingerprint

KEY_METADATA = "gongkai/input_keys"
_WIRING = ("assets", "expectations", "orchestration")


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """The domain code plus the wiring that shapes the frames (assets, schemas, IO)."""
    h = hashlib.sha1(code_fingerprint().encode())
    root = Path(__file__).resolve().parents[1]
    for pkg in _WIRING:
        for p in sorted((root / pkg).rglob("*.py")):
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def inputs_key(stage: str, df: pl.DataFrame | pl.LazyFrame) -> str:
    """Key of one partition's inputs: code fingerprint + every (file, sha256), in order."""
    h = hashlib.sha1(f"{stage}\0{pipeline_fingerprint()}\n".encode())
    for f, sha in df.lazy().select("file", "sha256").sort("file").collect().iter_rows():
        h.update(f"{f}\0{sha}\n".encode())
    return h.hexdigest()


def is_fresh(parquets: list[Path], key: str) -> bool:
    """Whether every one of a stage's partition files was written from inputs with this key."""
    return all(stored_key(p) == key for p in parquets)


def key_path(parquet: Path) -> Path:
    return parquet.with_suffix(".key")


def stored_key(parquet: Path) -> str | None:
    k = key_path(parquet)
    if not (k.exists() and parquet.exists()):
        return None
    return k.read_text(encoding="utf-8").strip() or None


def encode_keys(keys: dict[int, str]) -> str:
    return json.dumps({str(y): k for y, k in keys.items()}, sort_keys=True)


def decode_keys(value) -> dict[str, str]:
    text = getattr(value, "text", value)
    return json.loads(text) if text else {}


@lru_cache(maxsize=4096)
def _file_digest(path: str, size: int, mtime_ns: int) -> bytes:
    """Digest of a file's bytes, remembered per (path, size, mtime): the mart, its checks and
    the publish each ask for the same warehouse key within one run."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").digest()


def warehouse_fingerprint(warehouse: Path, tables: tuple[str, ...]) -> str:
    """Key of everything the mart is built from: the code, and the bytes of every partition file."""
    h = hashlib.sha1(pipeline_fingerprint().encode())
    for table in tables:
        for p in sorted((warehouse / table).glob("*.parquet")):
            st = p.stat()
            h.update(f"{table}/{p.name}\0".encode())
            h.update(_file_digest(str(p), st.st_size, st.st_mtime_ns))
    return h.hexdigest()


def marker(path: Path) -> str | None:
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def set_marker(path: Path, key: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(key, encoding="utf-8")
    tmp.replace(path)
