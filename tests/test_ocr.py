"""OCR of pages without a usable text layer (Tesseract), and what happens when it is missing."""

from __future__ import annotations

import glob
import shutil
from pathlib import Path

import pytest

fpdf = pytest.importorskip("fpdf")
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from policy_audit.errors import DocumentError, DocumentProblem  # noqa: E402
from policy_audit.extract import ReadOptions, ocr, read_document  # noqa: E402

HAVE_TESSERACT = shutil.which("tesseract") is not None
needs_tesseract = pytest.mark.skipif(
    not HAVE_TESSERACT, reason="tesseract is not installed (Debian package tesseract-ocr)"
)
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PALOS_PARK = sorted(glob.glob(str(CORPUS / "pdf" / "il" / "palos_park" / "*.pdf")))

LINES = [
    "Members shall step in to stop",
    "excessive force by a colleague",
    "and call for medical help.",
]


def _text_image(lines=LINES) -> Image.Image:
    """A white page with black printed lines, as a scanner would give."""
    image = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=52)
    for i, line in enumerate(lines):
        draw.text((60, 100 + i * 110), line, fill=0, font=font)
    return image


def _scanned_pdf(overlay: str | None = None, text_page: str | None = None) -> bytes:
    """Page 1: an image of text (no text layer, or only ``overlay``); optional page 2 with real text."""
    doc = fpdf.FPDF()
    doc.add_page()
    doc.image(_text_image(), x=0, y=0, w=210, h=297)
    if overlay:  # a scanner's stamp: a few words of real text on top of the image
        doc.set_font("Helvetica", size=8)
        doc.set_xy(10, 3)
        doc.cell(0, 5, overlay)
    if text_page:
        doc.add_page()
        doc.set_font("Helvetica", size=12)
        doc.multi_cell(0, 8, text_page)
    return bytes(doc.output())


def _write(tmp_path: Path, data: bytes, name: str = "scan.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture
def no_tesseract(monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_path", lambda: None)


# --- without tesseract (always run) ----------------------------------------------------------


def test_scan_without_tesseract_is_no_text_and_names_the_package(tmp_path, no_tesseract):
    with pytest.raises(DocumentError) as err:
        read_document(_write(tmp_path, _scanned_pdf()))
    assert err.value.problem is DocumentProblem.NO_TEXT
    assert err.value.reason.startswith("no text layer (scanned pages)")
    assert "tesseract-ocr" in err.value.reason


def test_scan_with_a_thin_text_overlay_still_counts_as_scanned(tmp_path, no_tesseract):
    with pytest.raises(DocumentError) as err:
        read_document(_write(tmp_path, _scanned_pdf(overlay="scan0001.tif page 1")))
    assert err.value.problem is DocumentProblem.NO_TEXT


def test_mixed_document_without_tesseract_keeps_the_text_pages_and_warns(tmp_path, no_tesseract):
    path = _write(tmp_path, _scanned_pdf(text_page="A page typed in a word processor, with real words in it."))
    doc = read_document(path)
    assert doc.engine == "pdfium"
    assert doc.ocr_pages == ()
    assert "real words" in doc.pages[1].text
    assert any("page 1" in w and "tesseract-ocr" in w for w in doc.warnings)


def test_ocr_always_without_tesseract_is_ocr_missing(tmp_path, no_tesseract):
    with pytest.raises(DocumentError) as err:
        read_document(_write(tmp_path, _scanned_pdf()), ReadOptions(ocr="always"))
    assert err.value.problem is DocumentProblem.OCR_MISSING
    assert "tesseract-ocr" in err.value.reason


def test_ocr_never_does_not_call_tesseract(tmp_path, monkeypatch):
    def boom(*a, **k):
        raise AssertionError("OCR must not run with --ocr never")

    monkeypatch.setattr(ocr, "ocr_pdf_pages", boom)
    with pytest.raises(DocumentError) as err:
        read_document(_write(tmp_path, _scanned_pdf()), ReadOptions(ocr="never"))
    assert err.value.problem is DocumentProblem.NO_TEXT
    assert "--ocr auto" in err.value.reason


# --- with tesseract --------------------------------------------------------------------------


def _words(text: str) -> str:
    return " ".join(text.lower().split())


@needs_tesseract
def test_ocr_image_reads_printed_text():
    text = _words(ocr.ocr_image(_text_image()))
    assert "step in to stop" in text
    assert "medical help" in text


@needs_tesseract
@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_scanned_page_is_ocrd_in_auto_mode(tmp_path, engine):
    path = _write(tmp_path, _scanned_pdf(text_page="A page typed in a word processor, with real words in it."))
    doc = read_document(path, ReadOptions(engine=engine))
    assert doc.engine == f"{engine}+tesseract"
    assert doc.ocr_pages == (1,)
    assert doc.pages[0].ocr and not doc.pages[1].ocr
    assert "excessive force" in _words(doc.pages[0].text)
    assert "real words" in doc.pages[1].text


@needs_tesseract
def test_thin_overlay_is_replaced_by_ocr_text(tmp_path):
    doc = read_document(_write(tmp_path, _scanned_pdf(overlay="scan0001.tif page 1")))
    assert doc.ocr_pages == (1,)
    assert "medical help" in _words(doc.pages[0].text)


@needs_tesseract
def test_ocr_always_reads_every_page(tmp_path):
    doc = read_document(
        _write(tmp_path, _scanned_pdf(text_page="Typed words about training and reports.")),
        ReadOptions(ocr="always"),
    )
    assert doc.ocr_pages == (1, 2)
    assert "training" in _words(doc.pages[1].text)


@needs_tesseract
def test_missing_language_data_is_ocr_missing(tmp_path):
    with pytest.raises(DocumentError) as err:
        read_document(_write(tmp_path, _scanned_pdf()), ReadOptions(ocr_lang="qqq"))
    assert err.value.problem is DocumentProblem.OCR_MISSING
    assert "tesseract-ocr-qqq" in err.value.reason


@needs_tesseract
def test_timed_out_page_is_a_warning_or_timeout(tmp_path):
    with pytest.raises(DocumentError) as err:
        read_document(_write(tmp_path, _scanned_pdf()), ReadOptions(ocr_timeout=0.001))
    assert err.value.problem is DocumentProblem.TIMEOUT
    path = _write(tmp_path, _scanned_pdf(text_page="Typed words about training and reports."), "mixed.pdf")
    doc = read_document(path, ReadOptions(ocr_timeout=0.001))
    assert doc.ocr_pages == ()
    assert any("OCR failed on page 1" in w for w in doc.warnings)


@needs_tesseract
@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.skipif(not PALOS_PARK, reason="corpus not available (../shared/corpus)")
def test_palos_park_scan_is_read_by_ocr():
    doc = read_document(Path(PALOS_PARK[0]))
    assert doc.engine == "pdfium+tesseract"
    assert doc.ocr_pages == tuple(range(1, doc.page_count + 1))
    assert "use of force" in _words(" ".join(p.text for p in doc.pages))


def _three_scanned_pages() -> bytes:
    """Three image-only pages, each saying something different, so that order can be checked."""
    doc = fpdf.FPDF()
    for lines in (["Page one says intervene."], ["Page two says render aid."], ["Page three says report it."]):
        doc.add_page()
        doc.image(_text_image(lines), x=0, y=0, w=210, h=297)
    return bytes(doc.output())


@needs_tesseract
def test_pages_ocrd_side_by_side_come_back_in_page_order_and_match_one_at_a_time():
    data = _three_scanned_pages()
    one = list(ocr.ocr_pdf_pages(data, [1, 2, 3], jobs=1))
    two = list(ocr.ocr_pdf_pages(data, [1, 2, 3], jobs=2))
    assert [p.number for p in two] == [1, 2, 3]
    assert [_words(p.text) for p in two] == [_words(p.text) for p in one]
    assert [w in _words(p.text) for p, w in zip(two, ("one", "two", "three"))] == [True, True, True]


@needs_tesseract
def test_no_more_than_jobs_tesseracts_run_at_once(monkeypatch):
    import threading
    import time as clock

    running, peak, lock = [0], [0], threading.Lock()
    real = ocr._tesseract

    def counting(png, **kw):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        try:
            clock.sleep(0.05)  # long enough for the others to start if they were allowed to
            return real(png, **kw)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(ocr, "_tesseract", counting)
    pages = list(ocr.ocr_pdf_pages(_three_scanned_pages(), [1, 2, 3], jobs=2))
    assert len(pages) == 3 and not any(p.error for p in pages)
    assert peak[0] == 2


def test_a_page_that_cannot_be_rendered_is_an_error_in_its_place(monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_path", lambda: "/usr/bin/tesseract")
    monkeypatch.setattr(ocr, "_tesseract", lambda png, **kw: "text")
    real = ocr._render_png

    def fail_on_two(pdf, number, dpi):
        if number == 2:
            raise ocr.OcrError("page could not be rendered for OCR (test)")
        return real(pdf, number, 30)

    monkeypatch.setattr(ocr, "_render_png", fail_on_two)
    pages = list(ocr.ocr_pdf_pages(_three_scanned_pages(), [1, 2, 3], jobs=2))
    assert [(p.number, p.text, p.error) for p in pages] == [
        (1, "text", ""),
        (2, "", "page could not be rendered for OCR (test)"),
        (3, "text", ""),
    ]
