"""A long PDF's text layer read by two processes, as `check`'s reader does: the same pages as one
process reads, and a second process that crashes or grows past --max-memory is handled as the reader's
own trouble would be."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

fpdf = pytest.importorskip("fpdf")

import policy_audit.audit  # noqa: E402
from policy_audit.audit import AuditOptions, audit_path  # noqa: E402
from policy_audit.errors import DocumentError, DocumentProblem  # noqa: E402
from policy_audit.extract import ReadOptions, pdf_pdfium, read_document  # noqa: E402
from policy_audit.processes import watched  # noqa: E402

MB = 1 << 20
needs_watcher = pytest.mark.skipif(not watched.can_watch(), reason="needs fork and /proc (Linux)")


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    """More pages than it takes to share the reading; each page says which it is, in our own words."""
    doc = fpdf.FPDF()
    doc.set_font("Helvetica", size=12)
    for number in range(1, pdf_pdfium._MIN_PAGES_TO_SHARE + 7):
        doc.add_page()
        doc.multi_cell(0, 8, f"Rule {number}. A member who sees force beyond what is needed shall step in.")
    path = tmp_path_factory.mktemp("long") / "long.pdf"
    path.write_bytes(bytes(doc.output()))
    return path


def _recording(log: Path):
    """_extract_range, writing down which process read which pages."""
    real = pdf_pdfium._extract_range

    def extract_range(pdf, first, end):
        with log.open("a") as fh:
            fh.write(f"{os.getpid()} {first} {end}\n")
        return real(pdf, first, end)

    return extract_range


def _read(path: Path, **kwargs):
    return pdf_pdfium.extract_pages(path, path.read_bytes(), 5000, **kwargs)


@needs_watcher
def test_two_processes_read_the_same_pages_in_order_as_one(long_pdf, tmp_path, monkeypatch):
    alone = _read(long_pdf)
    log = tmp_path / "ranges.log"
    monkeypatch.setattr(pdf_pdfium, "_extract_range", _recording(log))
    shared = _read(long_pdf, jobs=2, max_memory=256 * MB)
    assert shared == alone
    pages, warnings = shared
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    assert "Rule 1." in pages[0].text and f"Rule {len(pages)}." in pages[-1].text
    ranges = sorted(line.split() for line in log.read_text().splitlines())
    half = len(pages) // 2
    by_range = {(int(first), int(end)): int(pid) for pid, first, end in ranges}
    assert set(by_range) == {(0, half), (half, len(pages))}
    assert by_range[(0, half)] == os.getpid() and by_range[(half, len(pages))] != os.getpid()


@needs_watcher
def test_a_short_pdf_or_one_job_is_read_in_this_process(long_pdf, tmp_path, monkeypatch):
    log = tmp_path / "ranges.log"
    monkeypatch.setattr(pdf_pdfium, "_extract_range", _recording(log))
    _read(long_pdf)  # jobs=1
    monkeypatch.setattr(pdf_pdfium, "_MIN_PAGES_TO_SHARE", 10_000)
    _read(long_pdf, jobs=2)
    assert [line.split()[0] for line in log.read_text().splitlines()] == [str(os.getpid())] * 2


def _crash() -> None:
    import faulthandler

    faulthandler.disable()  # pytest's, inherited by the fork: the dump would only clutter the output
    os.kill(os.getpid(), signal.SIGSEGV)


@needs_watcher
def test_pages_whose_reader_crashed_are_read_here(long_pdf, monkeypatch):
    alone = _read(long_pdf)
    real, here = pdf_pdfium._extract_range, os.getpid()

    def crashing_elsewhere(pdf, first, end):
        if os.getpid() != here:
            _crash()
        return real(pdf, first, end)

    monkeypatch.setattr(pdf_pdfium, "_extract_range", crashing_elsewhere)
    assert _read(long_pdf, jobs=2, max_memory=256 * MB) == alone


@needs_watcher
def test_a_second_reader_past_max_memory_is_the_documents_too_large_error(long_pdf, monkeypatch):
    real = pdf_pdfium._extract_range

    def hogging_the_second_half(pdf, first, end):
        if first:  # only the second process reads from the middle: nothing falls back to this process
            held = [b"x" * (8 * MB) for _ in range(128)]  # 1 GB, far past the limit
            return held and ([], [])
        return real(pdf, first, end)

    monkeypatch.setattr(pdf_pdfium, "_extract_range", hogging_the_second_half)
    with pytest.raises(DocumentError) as caught:
        read_document(long_pdf, ReadOptions(ocr="never", text_jobs=2, max_memory=64 * MB))
    assert caught.value.problem is DocumentProblem.TOO_LARGE
    assert caught.value.reason == watched.memory_reason(64 * MB)


def test_a_single_check_reads_with_two_text_jobs_and_other_reads_with_one(monkeypatch, tmp_path):
    sample = tmp_path / "x.pdf"
    sample.write_bytes(b"%PDF-1.4\n")
    seen = []

    def refuse(path, read_options, *rest):
        seen.append(read_options.text_jobs)
        raise DocumentError(path, DocumentProblem.EMPTY, "stop here")

    monkeypatch.setattr(policy_audit.audit, "_can_fork", lambda: True)
    monkeypatch.setattr(policy_audit.audit, "_read_while_preparing", refuse)
    audit_path(sample, AuditOptions(), read_in_parallel=True)
    monkeypatch.setattr(policy_audit.extract, "read_document", refuse)
    audit_path(sample, AuditOptions())
    assert seen == [min(2, os.cpu_count() or 1), 1]


@needs_watcher
def test_a_failure_in_the_first_half_ends_the_second_reader(long_pdf, tmp_path, monkeypatch):
    pidfile = tmp_path / "helper.pid"
    here = os.getpid()

    def failing_here_slow_there(pdf, first, end):
        if os.getpid() == here:
            for _ in range(200):  # the helper has written its pid before this process gives up
                if pidfile.exists() and pidfile.read_text():
                    break
                time.sleep(0.01)
            raise RuntimeError("the first half failed")
        pidfile.write_text(str(os.getpid()))
        time.sleep(60)
        return [], []

    monkeypatch.setattr(pdf_pdfium, "_extract_range", failing_here_slow_there)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="the first half failed"):
        _read(long_pdf, jobs=2, max_memory=256 * MB)
    assert time.monotonic() - started < 30  # not left waiting for the helper's minute
    helper = int(pidfile.read_text())
    assert not Path(f"/proc/{helper}").exists()  # killed and reaped, not a zombie
