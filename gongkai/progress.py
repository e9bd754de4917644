"""A process-local progress hook: the CLI installs a callback, long loops call ``advance``.

Assets stay free of terminal concerns; in-process builds get a live progress bar, and other
executors simply have no callback installed.
"""
from __future__ import annotations

from collections.abc import Callable

_callback: Callable[[int, str], None] | None = None


def set_callback(fn: Callable[[int, str], None] | None) -> None:
    global _callback
    _callback = fn


def advance(n: int = 1, stage: str = "") -> None:
    if _callback is not None:
        _callback(n, stage)
