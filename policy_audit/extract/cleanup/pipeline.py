"""The cleanup passes, run in order over a document's pages."""

from __future__ import annotations

from collections.abc import Sequence

from policy_audit.document import Page
from policy_audit.extract.cleanup.characters import normalise_text
from policy_audit.extract.cleanup.hyphens import rejoin_hyphens
from policy_audit.extract.cleanup.page_furniture import strip_furniture
from policy_audit.extract.cleanup.page_kinds import classify_pages
from policy_audit.extract.cleanup.repetition import count_repetition
from policy_audit.extract.cleanup.running_titles import drop_repeated_titles
from policy_audit.extract.cleanup.work import RawPage, WorkPage
from policy_audit.extract.cleanup.wrapped_footers import rejoin_wrapped_footers


def _tidy_lines(lines: list[str]) -> list[str]:
    """Drop blank-line runs to one blank line and trim blank lines at both ends."""
    out: list[str] = []
    for line in lines:
        if not line:
            if out and out[-1]:
                out.append("")
        else:
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def _tidy(pages: list[WorkPage]) -> None:
    for page in pages:
        page.lines = _tidy_lines(page.lines)


def clean_pages(raw: Sequence[RawPage]) -> tuple[Page, ...]:
    """Clean the raw text of a document's pages; returns one :class:`Page` per raw page."""
    work = [WorkPage(number=r.number, ocr=r.ocr, lines=normalise_text(r.text or "").split("\n")) for r in raw]
    for w in work:
        if w.lines == [""]:
            w.lines = []
    rejoin_wrapped_footers(work)
    # Counted after the footers are rejoined: a wrapped footer repeats only once it is one line.
    strip_furniture(work, count_repetition(work))
    drop_repeated_titles(work)
    _tidy(work)
    rejoin_hyphens(work)
    _tidy(work)
    kinds = classify_pages(work)
    return tuple(
        Page(
            number=w.number,
            text="\n".join(w.lines),
            kind=kind,
            ocr=w.ocr,
            running_title=w.title,
        )
        for w, kind in zip(work, kinds)
    )
