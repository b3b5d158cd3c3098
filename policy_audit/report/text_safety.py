"""Escaping for untrusted text. Quotes, section titles, paths and reasons all come from documents.

One function per output context, each total (any ``str`` in, safe text out):

- :func:`clean_text`: drops control characters (terminal escape sequences, C1 controls, bidi
  overrides that could reorder what a reader sees) and collapses whitespace to single spaces.
- :func:`escape_html`: for HTML text and attribute values (``html.escape(quote=True)``).
- :func:`highlight_html`: an escaped quote with its decisive words wrapped in ``<mark>``.
- :func:`escape_markdown`: inline Markdown (GitHub flavour) that cannot open a link, image, HTML
  tag, code span, emphasis, heading, list, or an extra table column.
- :func:`csv_cell`: neutralises spreadsheet formulas (OWASP "CSV injection").
"""

from __future__ import annotations

import html
import re

# C0 controls (tab, newline, CR become spaces when collapsing), DEL, C1 controls, and the Unicode
# bidirectional embedding/override/isolate characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")
# A file name that is not valid UTF-8 arrives with surrogate escapes (PEP 383), which no UTF-8 file
# can hold: they are shown as the \xNN bytes they stand for.
_SURROGATE = re.compile("[\udc80-\udcff]")


def _show_bytes(text: str) -> str:
    return _SURROGATE.sub(lambda m: f"\\x{ord(m.group(0)) - 0xDC00:02x}", text)


def clean_text(text: str, *, collapse: bool = True) -> str:
    """Printable text: no control characters; with ``collapse``, all whitespace runs become one space."""
    text = _CONTROL.sub("", _show_bytes(str(text)))
    if collapse:
        text = _SPACE.sub(" ", text).strip()
    return text


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary when possible, with an ellipsis."""
    text = clean_text(text)
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "\u2026"


# ---------------------------------------------------------------------------------------------- HTML


def escape_html(text: str) -> str:
    return html.escape(clean_text(text), quote=True)


def _highlight_spans(text: str, highlights: tuple[str, ...] | list[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for word in highlights:
        word = clean_text(word)
        if not word:
            continue
        pattern = re.escape(word)
        if word[0].isalnum():
            pattern = r"(?<!\w)" + pattern
        if word[-1].isalnum():
            pattern += r"(?!\w)"
        spans.extend(m.span() for m in re.finditer(pattern, text, flags=re.IGNORECASE))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight_html(quote: str, highlights: tuple[str, ...] | list[str]) -> str:
    """The quote, HTML-escaped, with each decisive word (whole words, any case) in ``<mark>``.

    Spans are found in the cleaned text and every piece is escaped on its own, so a mark can never
    split an entity and nothing from the document reaches the output unescaped."""
    text = clean_text(quote)
    out: list[str] = []
    pos = 0
    for start, end in _highlight_spans(text, highlights):
        out.append(html.escape(text[pos:start], quote=True))
        out.append("<mark>" + html.escape(text[start:end], quote=True) + "</mark>")
        pos = end
    out.append(html.escape(text[pos:], quote=True))
    return "".join(out)


# ------------------------------------------------------------------------------------------ Markdown

# Backslash-escaping any ASCII punctuation is valid CommonMark. These are the characters that can
# start markup inline: code, emphasis, strikethrough, links/images, HTML and autolinks, entities,
# table cells, GitHub math, mentions and issue references.
_MD_INLINE = set("\\`*_[]<>|~&$@#")
_MD_LINE_START = set("=-+>!:")  # setext underline, list bullets, blockquote, definition-ish
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def escape_markdown(text: str) -> str:
    """Inline Markdown that shows the text literally on one line (newlines collapsed)."""
    text = clean_text(text)
    out = "".join("\\" + ch if ch in _MD_INLINE else ch for ch in text)
    if out[:1] in _MD_LINE_START:
        out = "\\" + out
    out = _MD_ORDERED.sub(r"\1\\\2", out)
    return out


def count_unescaped_pipes(line: str) -> int:
    """How many ``|`` in a Markdown line are column separators (not preceded by an odd run of ``\\``)."""
    count = 0
    backslashes = 0
    for ch in line:
        if ch == "\\":
            backslashes += 1
            continue
        if ch == "|" and backslashes % 2 == 0:
            count += 1
        backslashes = 0
    return count


# ----------------------------------------------------------------------------------------------- CSV

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A spreadsheet-safe cell: text starting with = + - @ tab or CR gets a leading apostrophe, so
    Excel/LibreOffice/Sheets show it as text instead of evaluating a formula (OWASP guidance)."""
    text = "" if value is None else str(value)
    text = _CONTROL.sub("", _show_bytes(text))  # keeps tab, CR and newline
    if text.startswith(_FORMULA_START):
        text = "'" + text
    # one kind of line break, which the csv module always quotes (3.11 does not quote a lone CR)
    return text.replace("\r\n", "\n").replace("\r", "\n")
