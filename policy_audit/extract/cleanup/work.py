"""The pages the cleanup passes read and edit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RawPage:
    number: int  # 1-based
    text: str  # raw extracted text of one page, lines separated by \n (may contain \r\n, \f)
    ocr: bool = False


@dataclass
class WorkPage:
    """One page while the passes clean it.

    Mutable on purpose: every pass rewrites ``lines`` in place, and the furniture pass reads the
    running title it set on the previous page.
    """

    number: int
    ocr: bool
    lines: list[str]
    title: str = ""
