"""Format detection: magic bytes first, then the file extension, then markup sniffing."""
from __future__ import annotations

import io
import re
import zipfile

FORMATS = ("txt", "html", "pdf", "docx", "md")

_EXT = {
    ".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".doc": "docx", ".wps": "docx",
    ".htm": "html", ".html": "html", ".shtml": "html", ".xhtml": "html", ".jsp": "html", ".asp": "html",
    ".aspx": "html", ".php": "html", ".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt",
}
# Magic numbers of binary files that are never a report we can read.
_BINARY_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"{\\rtf", "RTF document"),
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_MARKUP = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|title|p|div|table|span|br|h[1-6])[\s>/]",
                     re.IGNORECASE)


_PAGE_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)?<(?:!doctype\s+html|html)[\s>]",
                         re.IGNORECASE | re.DOTALL)


def extension_format(name: str) -> str | None:
    dot = name.rfind(".")
    if dot < 0:
        return None
    return _EXT.get(name[dot:].lower().strip())


def binary_magic(data: bytes) -> str | None:
    """Name of a binary file type we recognise and cannot read, or None."""
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            return what
    if data.startswith(OLE_MAGIC):
        return "OLE compound file (legacy .doc/.xls/.wps), not supported"
    return None


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def zip_has_docx_body(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except Exception:
        return False


def looks_like_markup(data: bytes) -> bool:
    head = data[:4096]
    match = _MARKUP.search(head)
    return match is not None and head[: match.start()].strip(b" \t\r\n\xef\xbb\xbf") == b"" or \
        head.count(b"<p") + head.count(b"<P") + head.count(b"<div") + head.count(b"<table") >= 2


def detect_format(data: bytes, name: str) -> str:
    """One of txt|html|pdf|docx|md; never raises. Content wins over the name for pdf/docx."""
    if is_pdf(data):
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        if zip_has_docx_body(data):
            return "docx"
        return extension_format(name) or "docx"
    ext = extension_format(name)
    if ext is not None and ext != "txt":
        return ext
    if ext == "txt":  # a saved web page with a .txt name is still a web page
        return "html" if _PAGE_START.match(data[:1024]) else "txt"
    if data.startswith(OLE_MAGIC):
        return "docx"
    if looks_like_markup(data):
        return "html"
    return "txt"
