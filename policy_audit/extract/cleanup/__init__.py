"""Turn raw extracted page text into clean :class:`~policy_audit.document.Page` objects.

Every reader (PDF engines, OCR, text, HTML, DOCX) hands its raw pages to :func:`clean_pages`. The
matcher downstream joins the cleaned pages and splits sentences over them, so whatever layout noise
is left here ends up inside quoted evidence. :mod:`.pipeline` runs the passes in order:

1. :mod:`.characters`: normalise line ends, ligatures, odd spaces, soft hyphens, curly quotes,
   control characters, doubled spaces from justified text, an OCR's small l for a capital I.
2. :mod:`.wrapped_footers`: put Lexipol footers that wrapped onto two lines back on one.
3. :mod:`.page_furniture`: remove running headers and footers (found by repetition across pages,
   :mod:`.repetition`) and lines that are always furniture (:mod:`.furniture_lines`); record each
   page's running title (:mod:`.running_titles`).
4. :mod:`.running_titles`: drop the title's repeats, keeping a chapter's heading.
5. :mod:`.hyphens`: rejoin hyphenated line breaks, following the document's own spelling.
6. :mod:`.page_kinds`: mark tables of contents and indexes so they are never evidence; pages left
   without text are blank.

Everything is deterministic and linear in the size of the text.
"""

from policy_audit.extract.cleanup.characters import normalise_text
from policy_audit.extract.cleanup.pipeline import clean_pages
from policy_audit.extract.cleanup.work import RawPage

__all__ = ["RawPage", "clean_pages", "normalise_text"]
