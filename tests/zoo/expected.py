"""What policy-audit must do with each file of the bad-file zoo (see make_zoo.py).

``outcome`` is a :class:`policy_audit.errors.DocumentProblem` value, or ``"ok"`` when the file must
be read into a Document. For "ok" cases a few extra checks say *how* it must be read: the format it
is read as, whether a warning is expected, words the text must contain and must not contain.

Each entry says why, so that a failing case tells the reader which behaviour is wanted.
"""

from __future__ import annotations

from dataclasses import dataclass

OK = "ok"

# The --max-memory the zoo tests pass (bytes). Every ordinary zoo file reads in less than 16 MB; the PDF
# bomb would take 5.3 GB and 11 s unchecked, and 2 GB (the default limit) takes it about 3 s to reach,
# so the tests stop it here, in well under a second. tests/test_limits.py checks the default as well.
MAX_MEMORY = 256 << 20


@dataclass(frozen=True)
class Expect:
    outcome: str  # DocumentProblem value, or "ok"
    why: str
    format: str = ""  # for "ok": Document.format it must be read as ("" = any)
    warning: bool = False  # for "ok": Document.warnings must not be empty
    contains: tuple[str, ...] = ()  # for "ok": substrings of the joined page text
    excludes: tuple[str, ...] = ()  # for "ok": substrings that must not appear


# Order is the order the tests run and report in.
EXPECTED: dict[str, Expect] = {
    "missing.pdf": Expect("not_found", "the path does not exist"),
    "empty.pdf": Expect("empty_file", "zero bytes"),
    "truncated.pdf": Expect(
        "corrupt", "first 60% of a valid PDF: no xref, no trailer, objects cut off; PDFium refuses it"
    ),
    "bad_xref.pdf": Expect(
        OK,
        "every xref offset overwritten; PDFium rebuilds the cross-reference table by scanning the file",
        format="pdf",
        contains=("shall intervene",),
    ),
    "encrypted_user_password.pdf": Expect("encrypted", "RC4 encryption with user password 'secret'"),
    "encrypted_owner_only.pdf": Expect(
        OK,
        "owner password only: opens with the empty user password, as every PDF viewer does",
        format="pdf",
        contains=("shall intervene",),
    ),
    "png_named.pdf": Expect("unsupported_format", "a PNG image renamed .pdf"),
    "zip_named.pdf": Expect("unsupported_format", "a zip archive (no word/document.xml) renamed .pdf"),
    "random_bytes.pdf": Expect("unsupported_format", "4 KiB of random bytes: no known signature, not text"),
    "docx_named.pdf": Expect(
        OK,
        "a Word document renamed .pdf: read as DOCX, with a warning about the name",
        format="docx",
        warning=True,
        contains=("shall intervene",),
    ),
    "cp1252.txt": Expect(
        OK,
        "Windows-1252 bytes (0x93/0x94 quotes, 0x96 dash, 0xE9): not UTF-8, decoded as cp1252 with a warning",
        format="text",
        warning=True,
        contains=("when in a position to do so", "caf\u00e9"),
        excludes=("\ufffd",),
    ),
    "utf16_bom.txt": Expect(
        OK,
        "UTF-16 little-endian with a byte-order mark",
        format="text",
        contains=("shall render aid",),
        excludes=("\x00",),
    ),
    "cid_garbage.txt": Expect(
        "no_text", "nothing but (cid:NN) glyph codes, as pdfminer emits for fonts without a Unicode map"
    ),
    "image_only.pdf": Expect("no_text", "one page of drawn shapes and no text layer, and OCR is off"),
    "unreadable.pdf": Expect("permission_denied", "chmod 000 (skipped as root: root reads it anyway)"),
    "folder.pdf": Expect("is_directory", "a directory whose name ends in .pdf"),
    "many_pages.pdf": Expect("too_large", "3000 near-empty pages, read with max_pages=2000"),
    "long_page.pdf": Expect(
        OK,
        "one page holding 200,000 characters of text: large, but within every limit",
        format="pdf",
        contains=("shall render aid",),
    ),
    "zip_bomb.docx": Expect(
        "too_large",
        "a DOCX whose word/document.xml inflates from ~0.3 MB to 256 MiB; must be refused before inflating it",
    ),
    "pdf_bomb.pdf": Expect(
        "too_large",
        "a 10 KB PDF whose content stream, deflated twice, inflates to 4 GiB of spaces; PDFium would inflate"
        " it all in memory (5.3 GB at peak), so reading it is stopped at the memory limit (--max-memory)",
    ),
    "script_entities.html": Expect(
        OK,
        "HTML with <script>, <style> and character entities: scripts and styles dropped, entities decoded",
        format="html",
        contains=("shall intervene & report",),
        excludes=("zooScriptMarker", "zooStyleMarker", "&amp;", "&nbsp;", "&#8220;"),
    ),
    "loop_a.pdf": Expect("not_found", "a symlink loop (loop_a.pdf -> loop_b.pdf -> loop_a.pdf): resolves to nothing"),
    "dangling.pdf": Expect("not_found", "a symlink to a file that does not exist"),
    # -- issue #12, second round: text that is not what it seems ---------------------------------
    "hidden_css.html": Expect(
        OK,
        "display:none and visibility:hidden blocks hold weak wording: not read, and the page says it hides text",
        format="html",
        warning=True,
        contains=("shall intervene", "shall render aid"),
        excludes=("zooHiddenMarker",),
    ),
    "hidden_vanish.docx": Expect(
        OK,
        "a run formatted hidden (w:vanish) is not what the document says",
        format="docx",
        contains=("shall intervene",),
        excludes=("zooHiddenMarker",),
    ),
    "moved_from.docx": Expect(
        OK,
        "tracked changes: text moved away (w:moveFrom) is superseded; its new place (w:moveTo) is read",
        format="docx",
        contains=("shall render aid",),
        excludes=("zooHiddenMarker",),
    ),
    "utf8_declared_cp1252.html": Expect(
        OK,
        "valid UTF-8 under a stale windows-1252 declaration is read as UTF-8, with a warning",
        format="html",
        warning=True,
        contains=("Caf\u00e9 policy",),
        excludes=("\u00c3",),
    ),
    "charset_hex.html": Expect(
        OK,
        "meta charset 'hex' is a bytes transform, not a text encoding: fall back",
        format="html",
        warning=True,
        contains=("shall intervene",),
    ),
    "charset_rot13.html": Expect(
        OK,
        "meta charset 'rot13' is a str transform: fall back",
        format="html",
        warning=True,
        contains=("shall intervene",),
    ),
    "charset_undefined.html": Expect(
        OK,
        "meta charset 'undefined' raises on every byte: fall back",
        format="html",
        warning=True,
        contains=("shall intervene",),
    ),
    "charset_idna.html": Expect(
        OK,
        "meta charset 'idna' is for host names: fall back",
        format="html",
        warning=True,
        contains=("shall intervene",),
    ),
    "stray_nul.txt": Expect(
        OK,
        "a text file with one stray NUL byte is text",
        format="text",
        warning=True,
        contains=("shall report",),
        excludes=("\x00",),
    ),
    "utf16_no_bom.txt": Expect(
        OK,
        "UTF-16 little-endian saved without a byte-order mark",
        format="text",
        warning=True,
        contains=("shall render aid",),
        excludes=("\x00",),
    ),
    "control_chars.pdf": Expect(
        "no_text",
        "a short page whose font has no Unicode map extracts as control characters: no text, not 'all absent'",
    ),
    "xfa_dynamic.pdf": Expect(
        "unsupported_format", "a dynamic XFA form: the page is a 'Please wait...' placeholder, never graded"
    ),
    "xfa_static.pdf": Expect(
        OK,
        "a static XFA form: its pages are real, read with a warning",
        format="pdf",
        warning=True,
        contains=("Any officer who observes",),
    ),
    "sideways.pdf": Expect(
        OK,
        "a /Rotate 90 page set along the unrotated page (tests/test_readers.py reads it with pdfplumber too)",
        format="pdf",
        contains=("shall render aid",),
    ),
    "blank_page.pdf": Expect(
        OK,
        "a page that draws nothing is blank paper: read the rest, no OCR and no warning for it",
        format="pdf",
        contains=("Any officer who observes",),
    ),
    "document2.docx": Expect(
        OK,
        "Word Online / SharePoint: the main part is word/document2.xml",
        format="docx",
        contains=("shall intervene",),
    ),
    "strict.docx": Expect(
        OK,
        "Strict Open XML namespaces",
        format="docx",
        contains=("shall intervene", "shall render aid"),
    ),
    "altchunk.docx": Expect(
        OK,
        "an imported HTML body (w:altChunk) is read where it stands",
        format="docx",
        contains=("shall step in to stop it", "shall render aid"),
    ),
    "footnote.docx": Expect(
        OK,
        "a binding clause in a footnote is read",
        format="docx",
        contains=("shall render first aid within their training",),
    ),
    "policy.rtf": Expect(
        OK,
        "RTF read as RTF: no control words, font tables or generator names in the text",
        format="rtf",
        contains=("shall intervene", 'Caf\u00e9 "quote"', "shall render aid"),  # quotes are straightened
        excludes=("\\par", "fonttbl", "Calibri", "Riched20", "\\b0"),
    ),
    "no_head_body.html": Expect(
        OK,
        "no </head> and no <body>: browsers show the paragraphs",
        format="html",
        contains=("shall intervene", "shall render aid"),
        excludes=("General Order 300",),
    ),
    "stray_end_tags.html": Expect(
        OK,
        "200,000 stray end tags inside a 5,000-deep skipped element: linear, seconds not minutes",
        format="html",
        contains=("shall intervene", "shall render aid"),
    ),
    "utf16_entities.docx": Expect(
        "corrupt", "entity declarations in a UTF-16 document part are refused by the XML parser, not a byte search"
    ),
    "GENERAL_ORDER_300": Expect(
        OK,
        "a records-request file with no extension is sniffed: text",
        format="text",
        contains=("shall intervene",),
    ),
    "order.odt": Expect("unsupported_format", "an OpenDocument text: unsupported, with how to convert it"),
}
