"""Reading PDFs: both engines, damaged and encrypted files, limits, and a real Lexipol manual."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

fpdf = pytest.importorskip("fpdf")

from policy_audit.document import PageKind  # noqa: E402
from policy_audit.errors import DocumentError, DocumentProblem  # noqa: E402
from policy_audit.extract import ENGINES, ReadOptions, read_document  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
HARRISONBURG = CORPUS / "pdf" / "harrisonburg_va.pdf"

# Our own wording, one paragraph per page.
PAGE_TEXTS = [
    "Section one. Every member who sees a colleague use more force than the situation needs shall step in to stop it.",
    "Section two. Members shall call for medical help for anyone hurt during an arrest, as soon as it is safe.",
    "Section three. Supervisors review each report of force within three working days.",
]


def _pdf(pages: list[str | None], encryption: dict | None = None) -> bytes:
    """A PDF with one page per entry; None makes a page with a drawn rectangle and no text at all."""
    doc = fpdf.FPDF()
    doc.set_font("Helvetica", size=12)
    for text in pages:
        doc.add_page()
        if text is None:
            doc.rect(30, 40, 120, 80, style="F")
        else:
            doc.multi_cell(0, 8, text)
    if encryption:
        doc.set_encryption(**encryption)
    return bytes(doc.output())


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _minimal_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        zf.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Members shall step in when a colleague uses too much force.</w:t></w:r></w:p>"
            "</w:body></w:document>",
        )
    return buf.getvalue()


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    return request.param


def test_multi_page_pdf_keeps_page_numbers_and_text(tmp_path, engine):
    data = _pdf(PAGE_TEXTS)
    path = _write(tmp_path, "three.pdf", data)
    doc = read_document(path, ReadOptions(engine=engine, ocr="never"))
    assert doc.format == "pdf"
    assert doc.engine == engine
    assert doc.paginated is True
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert "step in to stop it" in " ".join(doc.pages[0].text.split())
    assert "medical help" in doc.pages[1].text
    assert "three working days" in doc.pages[2].text
    assert doc.ocr_pages == ()
    assert doc.warnings == ()


def test_page_without_text_is_blank_with_a_warning_when_ocr_is_off(tmp_path, engine):
    path = _write(tmp_path, "gap.pdf", _pdf([PAGE_TEXTS[0], None, PAGE_TEXTS[2]]))
    doc = read_document(path, ReadOptions(engine=engine, ocr="never"))
    assert doc.page_count == 3
    assert doc.pages[1].text.strip() == ""
    assert doc.pages[1].kind is PageKind.BLANK
    assert not doc.pages[1].ocr
    assert any("page 2" in w and "--ocr never" in w for w in doc.warnings)
    assert "three working days" in doc.pages[2].text


def test_pdf_with_only_empty_pages_has_no_text(tmp_path, engine):
    path = _write(tmp_path, "scan.pdf", _pdf([None, None]))
    with pytest.raises(DocumentError) as err:
        read_document(path, ReadOptions(engine=engine, ocr="never"))
    assert err.value.problem is DocumentProblem.NO_TEXT
    assert "tesseract-ocr" in err.value.reason


def test_user_password_is_reported_as_encrypted(tmp_path, engine):
    data = _pdf(PAGE_TEXTS[:1], encryption={"owner_password": "boss", "user_password": "secret"})
    path = _write(tmp_path, "locked.pdf", data)
    with pytest.raises(DocumentError) as err:
        read_document(path, ReadOptions(engine=engine))
    assert err.value.problem is DocumentProblem.ENCRYPTED
    assert err.value.reason == "encrypted PDF: a password is required"


def test_owner_password_only_opens_with_the_empty_password(tmp_path, engine):
    data = _pdf(PAGE_TEXTS[:2], encryption={"owner_password": "boss"})
    path = _write(tmp_path, "restricted.pdf", data)
    doc = read_document(path, ReadOptions(engine=engine, ocr="never"))
    assert doc.page_count == 2
    assert "medical help" in doc.pages[1].text


def test_truncated_pdf_is_recovered_or_reported_as_corrupt(tmp_path, engine):
    data = _pdf(PAGE_TEXTS)
    path = _write(tmp_path, "cut.pdf", data[: len(data) * 2 // 3])
    try:
        doc = read_document(path, ReadOptions(engine=engine, ocr="never"))
    except DocumentError as exc:
        assert exc.problem in (DocumentProblem.CORRUPT, DocumentProblem.NO_TEXT)
        assert "\n" not in exc.reason and "Traceback" not in exc.reason
    else:  # the engine rebuilt the cross-reference table: whatever it found is real text
        assert doc.page_count >= 1
        assert any("Section" in p.text for p in doc.pages)


def test_missing_cross_reference_table_is_rebuilt_by_pdfium(tmp_path, engine):
    data = _pdf(PAGE_TEXTS)
    path = _write(tmp_path, "noxref.pdf", data[: data.rfind(b"xref")])
    if engine == "pdfium":
        doc = read_document(path, ReadOptions(engine=engine, ocr="never"))
        assert doc.page_count == 3
        assert "medical help" in doc.pages[1].text
    else:  # pdfminer may or may not manage; either way the answer is one clean line
        try:
            doc = read_document(path, ReadOptions(engine=engine, ocr="never"))
        except DocumentError as exc:
            assert exc.problem is DocumentProblem.CORRUPT
            assert exc.reason.startswith("damaged PDF: pdfminer")
        else:
            assert doc.page_count == 3


def test_pdf_header_followed_by_junk_is_corrupt(tmp_path, engine):
    path = _write(tmp_path, "junk.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(DocumentError) as err:
        read_document(path, ReadOptions(engine=engine))
    assert err.value.problem is DocumentProblem.CORRUPT
    assert err.value.reason.startswith("damaged PDF")
    assert "Error" not in err.value.reason  # no exception class names


def test_garbage_bytes_named_pdf_are_unsupported(tmp_path):
    path = _write(tmp_path, "noise.pdf", b"\x00\x01\x02\x03" + bytes(range(256)) * 8)
    with pytest.raises(DocumentError) as err:
        read_document(path)
    assert err.value.problem is DocumentProblem.UNSUPPORTED
    assert err.value.reason.startswith("not a PDF, DOCX, HTML or text file (starts with bytes 00 01 02 03)")


def test_docx_renamed_pdf_is_read_as_docx_with_a_warning(tmp_path):
    pytest.importorskip("policy_audit.extract.docx", reason="the DOCX reader is not written yet")
    path = _write(tmp_path, "policy.pdf", _minimal_docx())
    doc = read_document(path)
    assert doc.format == "docx"
    assert any("named .pdf" in w and "DOCX" in w for w in doc.warnings)
    assert "step in" in " ".join(p.text for p in doc.pages)


def test_more_pages_than_the_limit_is_too_large(tmp_path, engine):
    path = _write(tmp_path, "long.pdf", _pdf(PAGE_TEXTS))
    with pytest.raises(DocumentError) as err:
        read_document(path, ReadOptions(engine=engine, max_pages=2))
    assert err.value.problem is DocumentProblem.TOO_LARGE
    assert "3 pages" in err.value.reason and "2" in err.value.reason


def test_page_that_fails_to_extract_becomes_empty_with_a_warning(tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    path = _write(tmp_path, "three.pdf", _pdf(PAGE_TEXTS))
    real = pdfium.PdfPage.get_textpage

    calls = {"n": 0}

    def failing_second(self):
        calls["n"] += 1
        if calls["n"] == 2:
            raise pdfium.PdfiumError("text page could not be loaded")
        return real(self)

    monkeypatch.setattr(pdfium.PdfPage, "get_textpage", failing_second)
    doc = read_document(path, ReadOptions(engine="pdfium", ocr="never"))
    assert doc.page_count == 3
    assert doc.pages[1].text == ""
    assert any(w.startswith("page 2: text could not be extracted") for w in doc.warnings)
    assert "three working days" in doc.pages[2].text


@pytest.mark.corpus
@pytest.mark.skipif(not HARRISONBURG.exists(), reason="corpus not available (../shared/corpus)")
def test_harrisonburg_both_engines(engine):
    doc = read_document(HARRISONBURG, ReadOptions(engine=engine))
    assert doc.page_count == 8
    assert doc.engine == engine  # a born-digital manual needs no OCR
    assert "intercede" in doc.pages[5].text
    assert not any("Copyright Lexipol" in p.text for p in doc.pages)
    assert doc.sha256 == hashlib.sha256(HARRISONBURG.read_bytes()).hexdigest()
