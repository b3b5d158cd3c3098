"""A large scanned PDF OCR'd in page ranges and joined before grading (issue #16, scope 2).

The PDF is made here: printed lines rendered to images, one image per page, no text layer.
"""

from __future__ import annotations

import shutil
from dataclasses import replace

import fpdf
import pytest
from PIL import Image, ImageDraw, ImageFont

from policy_audit.extract import ReadOptions, read_document
from policy_audit.extract import ocr as ocr_module
from policy_audit.extract.ocr import ocr_pdf_pages
from policy_audit.extract.ocr_ranges import PageRange, join, ocr_done_ahead, ocr_page_range, pages_to_ocr, split

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract is not installed (Debian package tesseract-ocr)"
)

PAGES = [
    ["USE OF FORCE", "Officers shall intervene to stop", "excessive force by another officer."],
    ["MEDICAL AID", "Officers shall render first aid", "to any person injured by force."],
    ["REPORTING", "Officers shall report any use", "of force to a supervisor."],
]


def _page_image(lines) -> Image.Image:
    image = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=52)
    for i, line in enumerate(lines):
        draw.text((60, 100 + i * 110), line, fill=0, font=font)
    return image


@pytest.fixture
def scanned(tmp_path):
    doc = fpdf.FPDF()
    for lines in PAGES:
        doc.add_page()
        doc.image(_page_image(lines), x=0, y=0, w=210, h=297)
    path = tmp_path / "scanned-manual.pdf"
    path.write_bytes(bytes(doc.output()))
    return path


def test_split_cuts_the_pages_into_ranges_that_hold_them():
    assert split([2, 3, 5, 9, 10], 2) == [
        PageRange(2, 4, (2, 3)),
        PageRange(5, 10, (5, 9)),
        PageRange(10, 11, (10,)),
    ]
    assert split([], 20) == []


def test_join_puts_ranges_in_page_order_and_refuses_a_page_twice():
    a = ocr_module.OcrPage(3, "c")
    b = ocr_module.OcrPage(1, "a")
    assert [p.number for p in join([[a], [b]])] == [1, 3]
    with pytest.raises(ValueError, match="page 3"):
        join([[a], [a]])


def test_the_pages_to_ocr_are_the_image_pages(scanned):
    assert pages_to_ocr(scanned, ReadOptions()) == [1, 2, 3]
    assert pages_to_ocr(scanned, ReadOptions(ocr="never")) == []


@needs_tesseract
def test_ranges_joined_are_the_whole_documents_ocr_and_the_read_takes_them(scanned, monkeypatch):
    options = ReadOptions()
    ranges = split(pages_to_ocr(scanned, options), 2)
    assert [(r.first, r.stop) for r in ranges] == [(1, 3), (3, 4)]
    joined = join(ocr_page_range(scanned, r, options) for r in ranges)
    whole = tuple(ocr_pdf_pages(scanned.read_bytes(), [1, 2, 3]))
    assert joined == whole
    assert "intervene" in joined[0].text and "first aid" in joined[1].text

    plain = read_document(scanned, options)

    def no_tesseract(*args, **kwargs):
        raise AssertionError("the pages were OCR'd ahead: tesseract must not run again")

    monkeypatch.setattr(ocr_module, "_tesseract", no_tesseract)
    with ocr_done_ahead(scanned, joined):
        ahead = read_document(scanned, replace(options, max_memory=0))
    assert ahead == plain  # the same Document, OCR engine and warnings included


# -- on a cluster ------------------------------------------------------------------------------------


@needs_tesseract
def test_a_split_document_on_a_cluster_grades_as_the_local_pool_does(scanned):
    pytest.importorskip("distributed", reason="Dask is the cluster extra (pip install 'policy-audit[cluster]')")
    from dask.distributed import Client, LocalCluster

    from policy_audit.scan import ScanOptions, scan
    from policy_audit.scan.cluster import ClusterPool
    from policy_audit.scan.scale_progress import ScaleCounts

    options = ScanOptions(jobs=2, cache_dir=None)
    local = scan([scanned], options)
    counts = ScaleCounts()
    pools: list[ClusterPool] = []

    def runner(audit_options, rules, error_fn, timeout):
        pool = ClusterPool(client, audit_options, rules, error_fn, timeout, counts)
        pool.split_pages, pool.range_pages, pool.split_min_bytes = 1, 1, 0  # every page its own task
        pools.append(pool)
        return pool

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, Client(cluster) as client:
        on_cluster = scan([scanned], options, runner=runner)
    assert pools, "the cluster ran the scan"
    assert (counts.ocr_queued, counts.ocr_returned) == (3, 3)  # three one-page ranges, all back
    strip = [replace(r, seconds=0.0) for r in on_cluster.results]
    assert strip == [replace(r, seconds=0.0) for r in local.results]
    assert on_cluster.results[0].document.engine == "pdfium+tesseract"
    assert on_cluster.results[0].finding("intervene.duty").grade.value == "strong"
