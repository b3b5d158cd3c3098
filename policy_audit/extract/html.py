"""HTML files (policy manuals published as web pages).

Only the standard library's :class:`html.parser.HTMLParser` is used: the HTML is untrusted, and
nothing here fetches anything or expands entities beyond the HTML5 named and numeric references.
Script, style and other non-text elements, the ``<head>``, and navigation/footer elements are
dropped; block elements become line breaks; list items start with "• " (unless they already carry
a marker such as "(a)"). A web page has no pages: the document is one page with
``paginated=False``.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from policy_audit.document import Document
from policy_audit.errors import DocumentError, DocumentProblem
from policy_audit.extract.cleanup import RawPage, clean_pages
from policy_audit.list_markers import MARKER_AT_START

__all__ = ["read_html", "html_to_text"]

NAME = "html"

# Elements whose content is never text a reader sees.
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "select",
        "button",
    }
)
# Page furniture rather than policy text.
_FURNITURE = frozenset({"nav", "footer", "aside"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
_BLOCK = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_MAX_DEPTH_SKIP = 10_000  # nesting is tracked with counters, never recursion


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._current: list[str] = []
        self._skip: list[str] = []  # stack of open skipped elements
        self._pre = 0
        self._pending_bullet = False

    # -- helpers
    def _break(self) -> None:
        text = "".join(self._current)
        self._current = []
        if not self._pre:
            text = _SPACES.sub(" ", text).strip()
        if text:
            if self._pending_bullet:
                if not MARKER_AT_START.match(text):
                    text = "• " + text
                self._pending_bullet = False
            self.lines.append(text)

    def _paragraph(self) -> None:
        self._break()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and self._skip and self._skip[0] == "head":
            self._skip.clear()  # <head> left unclosed: the body starts here
        if self._skip:
            if tag not in _VOID and len(self._skip) < _MAX_DEPTH_SKIP:
                self._skip.append(tag)
            return
        if tag in _SKIP or tag in _FURNITURE:
            if tag not in _VOID:
                self._skip.append(tag)
            return
        if any(name == "hidden" for name, _ in attrs) or any(
            name == "aria-hidden" and (value or "").lower() == "true" for name, value in attrs
        ):
            if tag not in _VOID:
                self._skip.append(tag)
            return
        if tag == "br":
            self._break()
        elif tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section", "article"):
            self._paragraph()
        elif tag in _BLOCK:
            self._break()
        if tag == "li":
            self._pending_bullet = True
        elif tag == "pre":
            self._pre += 1
        elif tag in ("td", "th"):
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <p/>: treat like a start tag of a void element
        if self._skip:
            return
        if tag == "br" or tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            # Close up to the matching open element; tolerate sloppy nesting.
            if tag in self._skip:
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section", "article"):
            self._paragraph()
        elif tag in _BLOCK:
            self._break()
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag == "li":
            self._pending_bullet = False

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre:
            parts = data.split("\n")
            for part in parts[:-1]:
                self._current.append(part)
                self._break()
            self._current.append(parts[-1])
        else:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._break()


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document, one block per line."""
    parser = _TextCollector()
    parser.feed(markup)
    parser.close()
    lines = parser.lines
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _charset(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    m = _META_CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", "replace").lower()
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            return "utf-8"
        # HTML5: a declared latin-1/ascii means windows-1252; a declared UTF-16 in an ASCII-compatible
        # byte stream means UTF-8.
        if codec in ("latin-1", "iso8859-1", "ascii"):
            return "cp1252"
        if codec.startswith("utf-16") or codec.startswith("utf-32"):
            return "utf-8"
        return codec
    return "utf-8"


def read_html(path: Path, data: bytes, options: Any = None) -> Document:
    """Read an HTML file into a one-page Document."""
    path = Path(path)
    if not data:
        raise DocumentError(path, DocumentProblem.EMPTY, "empty file (0 bytes)")
    markup = data.decode(_charset(data), errors="replace")
    try:
        text = html_to_text(markup)
    except (AssertionError, ValueError) as exc:  # very old HTMLParser versions could assert
        raise DocumentError(path, DocumentProblem.CORRUPT, f"cannot parse the HTML ({exc})") from None
    if not text.strip():
        raise DocumentError(path, DocumentProblem.NO_TEXT, "no text in the HTML")
    pages = clean_pages([RawPage(number=1, text=text)])
    return Document(
        path=str(path),
        format="html",
        engine=NAME,
        pages=pages,
        sha256=hashlib.sha256(data).hexdigest(),
        paginated=False,
    )
