"""The PDF engines' shared refusal of a page count.

Its own module so that the engines need not import the package that chooses between them (which
would make an import cycle).
"""

from __future__ import annotations

from pathlib import Path

from policy_audit.errors import DocumentError, DocumentProblem


def check_page_count(path: Path, count: int, max_pages: int, library: str) -> None:
    """Too many pages (--max-pages), or none at all."""
    if count > max_pages:
        raise DocumentError(
            path, DocumentProblem.TOO_LARGE, f"PDF has {count} pages, more than the limit of {max_pages} (--max-pages)"
        )
    if count == 0:
        raise DocumentError(path, DocumentProblem.CORRUPT, f"damaged PDF: {library} finds no pages in it")
