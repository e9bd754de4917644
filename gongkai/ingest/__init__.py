"""Ingestion: bytes of a downloaded file -> :class:`gongkai.model.Document`.

``read_document(path, display_name)`` and ``document_from_bytes(data, name)`` never raise:
unreadable input comes back as ``Document(reject="reason")`` with sha256/size/format filled.
Tables of structured formats (HTML, DOCX, ruled PDF grids) are rendered in place as one line
per grid row, cells joined by TAB. Text is kept raw (normalization runs later).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import pathlib
import re

from ..model import Document
from .common import Reject, exc_reason
from .detect import ZIP_MAGIC, binary_magic, detect_format, extension_format, is_pdf
from .text import is_blank_bytes

_JSON_START = ("{", "[")


def is_json_data(text: str) -> bool:
    """A JSON document (an export, a truth or metadata file filed among the reports): its
    strings may quote a report's sentences, but it is no report and none of its numbers count."""
    head = text.lstrip()
    if not head.startswith(_JSON_START):
        return False
    try:
        json.loads(head)
    except ValueError:
        return False
    return True

_CSV_NAME = re.compile(r"^[^\d。，、；：！？,.;:!?]{1,20}$")  # a header field names a column
_CSV_DOCUMENT = 200  # characters of a field that holds a document's text


def csv_records(text: str) -> int:
    """How many documents a CSV table holds (a crawler's export, one report per record), or 0
    when the text is no such table: a header of at least three named columns, then records with
    as many fields each, at least two of them with a field long enough to be a document."""
    first = text.split("\n", 1)[0]
    if first.count(",") < 2:
        return 0
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return 0
    header, records = rows[0], [r for r in rows[1:] if any(f.strip() for f in r)]
    if len(header) < 3 or not all(_CSV_NAME.match(f.strip()) for f in header):
        return 0
    if any(len(r) != len(header) for r in records):
        return 0
    documents = sum(1 for r in records if any(len(f) >= _CSV_DOCUMENT for f in r))
    return len(records) if documents >= 2 else 0


__all__ = ["read_document", "document_from_bytes", "MAX_BYTES"]

MAX_BYTES = 100 * 1024 * 1024


def read_document(path: pathlib.Path, display_name: str) -> Document:
    """Read a file from disk; the size is checked before anything is read."""
    path = pathlib.Path(path)
    fmt = extension_format(display_name) or extension_format(path.name) or "txt"
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        return Document(file=display_name, sha256="", size=0, format=fmt,
                        reject=exc_reason("unreadable file", exc))
    if size > MAX_BYTES:
        # not hashed: hashing a huge file is exactly the cost the guard avoids
        return Document(file=display_name, sha256="", size=size, format=fmt,
                        reject=f"oversized ({size} bytes > {MAX_BYTES})")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return Document(file=display_name, sha256="", size=size, format=fmt,
                        reject=exc_reason("unreadable file", exc))
    return document_from_bytes(data, display_name)


def document_from_bytes(data: bytes, name: str) -> Document:
    """Detect the format and parse; every failure becomes a reject naming its cause."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        fmt = detect_format(data, name)
    except Exception:  # pragma: no cover - detect_format does not raise
        fmt = "txt"
    doc = Document(file=name, sha256=sha, size=len(data), format=fmt)
    if len(data) > MAX_BYTES:
        doc.reject = f"oversized ({len(data)} bytes > {MAX_BYTES})"
        return doc
    try:
        _parse(doc, data)
    except Reject as rej:
        doc.reject = rej.reason
        doc.encoding = rej.encoding or doc.encoding
        doc.text = ""
    except RecursionError as exc:
        doc.reject = exc_reason(f"{fmt} parser failed", exc)
        doc.text = ""
    except Exception as exc:
        doc.reject = exc_reason(f"{fmt} parser failed", exc)
        doc.text = ""
    return doc


def _parse(doc: Document, data: bytes) -> None:
    if is_blank_bytes(data):
        raise Reject("empty")
    magic = binary_magic(data)
    if magic is not None:
        raise Reject(f"binary file: {magic}")
    fmt = doc.format
    if fmt == "pdf":
        if not is_pdf(data):
            raise Reject("not a pdf (no %PDF header)")
        from .pdf import read_pdf

        doc.text, doc.pages, doc.title, doc.meta, doc.warnings = read_pdf(data)
    elif fmt == "docx":
        if not data.startswith(ZIP_MAGIC):
            raise Reject("not a docx (not a zip archive)")
        from .docx import read_docx

        doc.text, doc.title, doc.meta, doc.warnings = read_docx(data)
        if not doc.text.strip():
            raise Reject("empty (docx without text)")
    elif data.startswith(ZIP_MAGIC):
        raise Reject("binary file: zip archive without word/document.xml")
    elif fmt == "html":
        from .html import read_html

        doc.text, doc.encoding, doc.title, doc.meta, doc.warnings = read_html(data)
        if not doc.text.strip():
            raise Reject("empty (html without text)", doc.encoding)
    else:
        from .text import read_text

        doc.text, doc.encoding, doc.warnings = read_text(data)
        doc.text = doc.text.lstrip("\ufeff")
        if is_json_data(doc.text):
            raise Reject("structured data (JSON), not a report document", doc.encoding)
        n = csv_records(doc.text)
        if n:
            raise Reject(f"structured data (a CSV table of {n} records), not one report document: "
                         "each record needs a file of its own", doc.encoding)
