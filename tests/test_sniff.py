"""Type sniffing from the bytes, and the file checks that come before any reader."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from policy_audit.errors import DocumentError, DocumentProblem
from policy_audit.extract import ReadOptions, read_document
from policy_audit.extract.sniff import (
    SUFFIX_FORMATS,
    SUPPORTED_SUFFIXES,
    Sniffed,
    looks_like_text,
    sniff,
    unsupported_reason,
)


def _docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _zip_without_word() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("notes.txt", "just a note")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
        ("a.bin", b"\x00\x00junk before the header %PDF-1.7\n", "pdf"),
        ("a.docx", _docx_bytes(), "docx"),
        ("a.html", b"<!DOCTYPE html><html><body>Hi</body></html>", "html"),
        ("a.txt", b"  <!doctype HTML>\n<html>", "html"),
        ("a", b"\xef\xbb\xbf<html lang='en'><p>x</p></html>", "html"),
        ("a.htm", b"<p>a fragment with no prologue</p>", "html"),
        ("a.txt", b"Officers shall report.\n", "text"),
        ("a.md", b"# Heading\n\nBody text.\n", "text"),
        ("README", b"Plain words, no extension at all.\n", "text"),
        ("a.txt", "caf\u00e9 \u00e0 la carte".encode("latin-1"), "text"),
        ("a.txt", "Members shall\n".encode("utf-16"), "text"),
        ("a.txt", b"This text explains what a %PDF-1.7 header is.", "text"),
        ("a.bin", b"\x00\x01\x02\x03\x04", ""),
        ("a.zip", _zip_without_word(), ""),
    ],
)
def test_sniff_judges_the_bytes(name, data, kind):
    assert sniff(Path(name), data).kind == kind


def test_name_that_disagrees_with_the_content_gives_a_warning():
    result = sniff(Path("manual.pdf"), _docx_bytes())
    assert result.kind == "docx"
    assert "named .pdf" in result.warning and "DOCX" in result.warning


def test_matching_name_gives_no_warning():
    assert sniff(Path("manual.PDF"), b"%PDF-1.5\n").warning == ""
    assert sniff(Path("notes"), b"words\n").warning == ""


def test_damaged_docx_is_still_recognised_as_docx():
    data = _docx_bytes()
    assert sniff(Path("x.docx"), data[: len(data) - 30]).kind == "docx"


def test_unsupported_reason_names_the_first_bytes():
    assert unsupported_reason(b"\xde\xad\xbe\xef\x00") == (
        "not a PDF, DOCX, HTML or text file (starts with bytes DE AD BE EF)"
    )
    zip_reason = unsupported_reason(_zip_without_word())
    assert zip_reason.startswith("not a PDF, DOCX, HTML or text file (starts with bytes 50 4B 03 04)")
    assert "zip" in zip_reason
    assert "legacy" in unsupported_reason(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)


def test_looks_like_text():
    assert looks_like_text(b"line one\nline two\f\n")
    assert not looks_like_text(b"abc\x00def")
    # A stray NUL in a real text file (a bad export) does not make it binary (issue #12 item 8) ...
    assert looks_like_text(b"Officers shall intervene. " * 20 + b"\x00" + b"Officers shall report. " * 20)
    # ... nor does UTF-16 saved without a byte-order mark.
    assert looks_like_text("Officers shall intervene.".encode("utf-16-le"))
    assert looks_like_text("Officers shall intervene.".encode("utf-16-be"))
    assert not looks_like_text(bytes(range(1, 32)) * 10)


# --- file checks in read_document ------------------------------------------------------------


def _problem(path: Path, **kw) -> DocumentError:
    with pytest.raises(DocumentError) as err:
        read_document(path, ReadOptions(**kw))
    reason = err.value.reason
    assert "\n" not in reason and "Traceback" not in reason and "Error" not in reason
    return err.value


def test_missing_file(tmp_path):
    assert _problem(tmp_path / "nope.pdf").problem is DocumentProblem.NOT_FOUND


def test_directory(tmp_path):
    assert _problem(tmp_path).problem is DocumentProblem.IS_DIRECTORY


def test_empty_file(tmp_path):
    path = tmp_path / "zero.pdf"
    path.write_bytes(b"")
    err = _problem(path)
    assert err.problem is DocumentProblem.EMPTY
    assert "0 bytes" in err.reason


def test_file_over_the_byte_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 5000)
    err = _problem(path, max_bytes=4096)
    assert err.problem is DocumentProblem.TOO_LARGE
    assert "--max-bytes" in err.reason


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    path.chmod(0)
    try:
        assert _problem(path).problem is DocumentProblem.PERMISSION
    finally:
        path.chmod(0o600)


def test_unknown_binary_is_unsupported(tmp_path):
    path = tmp_path / "archive.pdf"
    path.write_bytes(_zip_without_word())
    err = _problem(path)
    assert err.problem is DocumentProblem.UNSUPPORTED
    assert "50 4B 03 04" in err.reason


def test_unknown_engine_is_a_usage_error(tmp_path):
    from policy_audit.errors import UsageError

    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(UsageError):
        read_document(path, ReadOptions(engine="ghostscript"))


def test_garbage_text_file_has_no_text(tmp_path):
    pytest.importorskip("policy_audit.extract.text", reason="the text reader is not written yet")
    path = tmp_path / "glyphs.txt"
    path.write_text("".join(f"(cid:{n % 90 + 3})" for n in range(3000)) + "\n", encoding="utf-8")
    err = _problem(path)
    assert err.problem is DocumentProblem.NO_TEXT
    assert err.reason == "text is unreadable glyph codes (no words)"


def test_text_file_gets_hash_and_format(tmp_path):
    pytest.importorskip("policy_audit.extract.text", reason="the text reader is not written yet")
    import hashlib

    data = b"Members shall step in when a colleague uses too much force.\n"
    path = tmp_path / "policy.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.format == "text"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert "step in" in " ".join(p.text for p in doc.pages)


# --- the one list of supported suffixes -------------------------------------------------------------

_POLICY = "Officers shall intervene to stop excessive force and report it to a supervisor."


def _document_for(kind: str) -> bytes:
    if kind == "pdf":
        fpdf = pytest.importorskip("fpdf")
        doc = fpdf.FPDF()
        doc.set_font("Helvetica", size=12)
        doc.add_page()
        doc.multi_cell(0, 8, _POLICY)
        return bytes(doc.output())
    if kind == "docx":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("[Content_Types].xml", "<Types/>")
            zf.writestr(
                "word/document.xml",
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body><w:p><w:r><w:t>{_POLICY}</w:t></w:r></w:p></w:body></w:document>",
            )
        return buf.getvalue()
    if kind == "html":
        return f"<!DOCTYPE html><html><body><p>{_POLICY}</p></body></html>".encode()
    if kind == "rtf":
        return ("{\\rtf1\\ansi{\\fonttbl{\\f0 Times;}}\\f0 " + _POLICY + "\\par}").encode()
    return _POLICY.encode()


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_every_supported_suffix_is_read_as_what_it_names(tmp_path, suffix):
    kind = SUFFIX_FORMATS[suffix]
    path = tmp_path / f"policy{suffix}"
    path.write_bytes(_document_for(kind))
    assert sniff(path, path.read_bytes()) == Sniffed(kind)
    doc = read_document(path, ReadOptions(ocr="never"))
    assert "intervene" in " ".join(p.text for p in doc.pages)
    assert not any("really" in w for w in doc.warnings)


def test_the_folder_walk_uses_the_readers_list():
    from policy_audit import discover

    assert discover.SUPPORTED_SUFFIXES is SUPPORTED_SUFFIXES
