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
}
