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


# What a <head> may hold. Any other tag, or text, starts the body even when </head> and <body> are
# missing, as browsers do.
_HEAD_CONTENT = frozenset({"head", "title", "meta", "link", "style", "script", "base", "noscript", "template"})
# Inline CSS that hides an element from every reader of the page.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)", re.IGNORECASE)


def _hidden(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name == "hidden" or (name == "aria-hidden" and (value or "").lower() == "true"):
            return True
        if name == "style" and value and _HIDDEN_STYLE.search(value):
            return True
    return False


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._current: list[str] = []
        # Open skipped elements: a stack, and how many of each tag it holds, so that a stray end tag
        # is looked up in constant time (a million of them inside a deep skip were quadratic).
        self._skip: list[str] = []
        self._skip_counts: dict[str, int] = {}
        self._hidden_at: int | None = None  # depth in _skip of the outermost element hidden by CSS
        self.hidden_chars = 0  # text inside hidden elements: dropped, but counted for a warning
        self.visible_chars = 0
        self._pre = 0
        self._pending_bullet = False

    # -- helpers
    def _push_skip(self, tag: str) -> None:
        self._skip.append(tag)
        self._skip_counts[tag] = self._skip_counts.get(tag, 0) + 1

    def _pop_skip(self) -> str:
        tag = self._skip.pop()
        left = self._skip_counts[tag] - 1
        if left:
            self._skip_counts[tag] = left
        else:
            del self._skip_counts[tag]
        if self._hidden_at is not None and len(self._skip) <= self._hidden_at:
            self._hidden_at = None
        return tag

    def _clear_skip(self) -> None:
        self._skip.clear()
        self._skip_counts.clear()
        self._hidden_at = None

    def _head_ends(self, tag: str | None) -> bool:
        """An unclosed <head> ends at the first tag (or text) that cannot be in it."""
        return bool(self._skip) and self._skip[0] == "head" and len(self._skip) == 1 and tag not in _HEAD_CONTENT

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
            self._clear_skip()  # <head> left unclosed: the body starts here
        elif self._head_ends(tag):
            self._clear_skip()
        if self._skip:
            if tag not in _VOID and len(self._skip) < _MAX_DEPTH_SKIP:
                self._push_skip(tag)
            return
        if tag in _SKIP or tag in _FURNITURE:
            if tag not in _VOID:
                self._push_skip(tag)
            return
        if _hidden(attrs):
            if tag not in _VOID:
                self._hidden_at = 0
                self._push_skip(tag)
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
            if tag in self._skip_counts:
                while self._skip and self._pop_skip() != tag:
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
        if self._skip and data.strip() and self._head_ends(None):
            self._clear_skip()  # text straight in an unclosed <head> is shown as body text
        if self._skip:
            if self._hidden_at is not None:
                self.hidden_chars += len("".join(data.split()))
            return
        self.visible_chars += len("".join(data.split()))
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


def _collect(markup: str) -> _TextCollector:
    parser = _TextCollector()
    parser.feed(markup)
    parser.close()
    lines = parser.lines
    while lines and not lines[-1]:
        lines.pop()
    return parser


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document, one block per line."""
    return "\n".join(_collect(markup).lines)


# A page that hides at least this share of its text (and this much) gets a warning: collapsed
# accordions hide policy text from a reader that does not run the page's scripts.
_HIDDEN_SHARE = 0.2
_HIDDEN_MIN = 200


def _hidden_warning(parser: _TextCollector) -> str:
    hidden, total = parser.hidden_chars, parser.hidden_chars + parser.visible_chars
    if hidden < _HIDDEN_MIN or hidden < _HIDDEN_SHARE * total:
        return ""
    return (
        f"{round(100 * hidden / total)}% of the page's text is hidden (display:none, visibility:hidden or hidden)"
        " and was not read; if it is a collapsed section, save the page with it expanded"
    )


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _charset(data: bytes) -> tuple[str, str]:
    """The codec to decode ``data`` with, and a warning when the page's own declaration was overruled."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", ""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", ""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return (
            ("utf-8", "") if _utf8(data) else ("cp1252", "not UTF-8 and no charset declared; decoded as Windows-1252")
        )
    name = m.group(1).decode("ascii", "replace").lower()
    fallback = "utf-8" if _utf8(data) else "cp1252"
    try:
        info = codecs.lookup(name)
    except LookupError:
        return fallback, f"the page declares an unknown charset {name!r}; decoded as {fallback}"
    # Only text encodings decode a page: "hex", "rot13", "zlib" and the like are byte or str transforms.
    if not getattr(info, "_is_text_encoding", True) or info.name in ("undefined", "idna", "punycode"):
        return fallback, f"the page declares charset {name!r}, which is not a text encoding; decoded as {fallback}"
    codec = info.name
    # HTML5: a declared latin-1/ascii means windows-1252; a declared UTF-16 in an ASCII-compatible
    # byte stream means UTF-8.
    if codec in ("latin-1", "iso8859-1", "ascii"):
        codec = "cp1252"
    if codec.startswith("utf-16") or codec.startswith("utf-32"):
        return "utf-8", ""
    if codec != "utf-8" and not data.isascii() and _utf8(data):
        # Valid UTF-8 with non-ASCII bytes is almost never legacy text: the declaration is stale
        # (a CMS template saying windows-1252 over a UTF-8 body), and trusting it gives mojibake.
        return "utf-8", f"the page declares charset {name!r} but is UTF-8; decoded as UTF-8"
    return codec, ""


def read_html(path: Path, data: bytes, options: Any = None) -> Document:
    """Read an HTML file into a one-page Document."""
    path = Path(path)
    if not data:
        raise DocumentError(path, DocumentProblem.EMPTY, "empty file (0 bytes)")
    codec, warning = _charset(data)
    try:
        markup = data.decode(codec, errors="replace")
    except (UnicodeError, LookupError, TypeError, ValueError):  # a codec that cannot replace
        markup = data.decode("utf-8", errors="replace")
        warning = f"cannot decode the page as {codec}; decoded as UTF-8"
    try:
        parser = _collect(markup)
    except (AssertionError, ValueError) as exc:  # very old HTMLParser versions could assert
        raise DocumentError(path, DocumentProblem.CORRUPT, f"cannot parse the HTML ({exc})") from None
    text = "\n".join(parser.lines)
    if not text.strip():
        raise DocumentError(path, DocumentProblem.NO_TEXT, "no text in the HTML")
    warnings = tuple(w for w in (warning, _hidden_warning(parser)) if w)
    pages = clean_pages([RawPage(number=1, text=text)])
    return Document(
        path=str(path),
        format="html",
        engine=NAME,
        pages=pages,
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=warnings,
        paginated=False,
    )
