"""OCR of PDF pages with Tesseract, run as a subprocess.

Pages are rendered with pypdfium2 (whatever engine read the text layer), sent to ``tesseract stdin
stdout`` as a grayscale PNG, and read back as text. ``OMP_THREAD_LIMIT=1`` stops Tesseract from
spreading one page over every core: batch scans already run one document per worker, and
oversubscribed OpenMP threads make OCR slower, not faster. Each page has its own timeout.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = ["OcrError", "OcrPage", "OcrUnavailable", "tesseract_path", "ocr_image", "ocr_pdf_pages"]

# The one place that says how to get Tesseract: every "OCR is unavailable" message ends with it.
TESSERACT_PACKAGE = "tesseract-ocr"
INSTALL_HINT = f"install the Debian package {TESSERACT_PACKAGE}"


class OcrError(Exception):
    """One page could not be OCR'd; ``reason`` is one line."""

    def __init__(self, reason: str):
        self.reason = " ".join(reason.split())
        super().__init__(self.reason)


class OcrUnavailable(OcrError):
    """OCR cannot work at all (no tesseract, missing language data): no point trying other pages."""


@dataclass(frozen=True)
class OcrPage:
    number: int  # 1-based
    text: str = ""
    error: str = ""  # one-line reason when the page could not be OCR'd


def tesseract_path() -> str | None:
    """Where the tesseract executable is, or None when it is not installed."""
    return shutil.which("tesseract")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def _png(image, dpi: int) -> bytes:
    if image.mode not in ("L", "1"):
        image = image.convert("L")
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(dpi, dpi), compress_level=1)
    return buf.getvalue()


def _tesseract(png: bytes, *, lang: str, timeout: float) -> str:
    exe = tesseract_path()
    if exe is None:
        raise OcrUnavailable(f"tesseract is not installed; {INSTALL_HINT}")
    try:
        proc = subprocess.run(
            [exe, "stdin", "stdout", "-l", lang, "--psm", "3"],
            input=png,
            capture_output=True,
            timeout=timeout,
            env=_env(),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OcrError(f"OCR took longer than {timeout:g} s") from None
    except OSError as exc:
        raise OcrUnavailable(f"tesseract could not be started ({exc.strerror or exc}); {INSTALL_HINT}") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", errors="replace")
        if "Failed loading language" in message or "Could not initialize tesseract" in message:
            raise OcrUnavailable(
                f"tesseract has no language data for '{lang}'; install the Debian package {TESSERACT_PACKAGE}-{lang}"
            )
        lines = [ln for ln in message.splitlines() if ln.strip()]
        detail = lines[-1] if lines else f"exit status {proc.returncode}"
        raise OcrError(f"tesseract failed: {detail}")
    return proc.stdout.decode("utf-8", errors="replace").replace("\f", "").strip("\n")


def ocr_image(image, *, lang: str = "eng", dpi: int = 300, timeout: float = 120.0) -> str:
    """Text of one PIL image. Raises :class:`OcrUnavailable` or :class:`OcrError`."""
    return _tesseract(_png(image, dpi), lang=lang, timeout=timeout)


def _render_png(pdf, number: int, dpi: int) -> bytes:
    import pypdfium2 as pdfium

    try:
        page = pdf[number - 1]
        try:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
        finally:
            page.close()
    except pdfium.PdfiumError as exc:
        raise OcrError(f"page could not be rendered for OCR ({exc})") from None
    try:
        # The PIL image shares the bitmap's buffer: encode it before the bitmap goes.
        return _png(bitmap.to_pil(), dpi)
    finally:
        bitmap.close()


def ocr_pdf_pages(
    data: bytes,
    numbers: Iterable[int],
    *,
    lang: str = "eng",
    dpi: int = 300,
    timeout: float = 120.0,
    password: str | None = None,
    jobs: int = 1,
) -> Iterator[OcrPage]:
    """OCR the given 1-based pages of a PDF, in page order, ``jobs`` tesseract processes at a time.

    Pages are rendered one by one here (PDFium is not thread-safe), and each page's PNG goes to its
    own tesseract process; threads only wait on those processes. At most ``jobs`` rendered pages are
    held at once. A page that fails yields an :class:`OcrPage` with ``error`` set;
    :class:`OcrUnavailable` is raised as soon as it is clear that no page can be OCR'd.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    import pypdfium2 as pdfium

    if tesseract_path() is None:
        raise OcrUnavailable(f"tesseract is not installed; {INSTALL_HINT}")
    pdf = pdfium.PdfDocument(data, password=password)
    pending: deque[tuple[int, Future[str] | str]] = deque()  # (page, running OCR or an error)

    def collect(page_number: int, work: Future[str] | str) -> OcrPage:
        if isinstance(work, str):
            return OcrPage(page_number, error=work)
        try:
            return OcrPage(page_number, text=work.result())
        except OcrUnavailable:
            raise
        except OcrError as exc:
            return OcrPage(page_number, error=exc.reason)

    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            try:
                for number in numbers:
                    while len(pending) >= max(1, jobs):
                        yield collect(*pending.popleft())
                    try:
                        png = _render_png(pdf, number, dpi)
                    except OcrError as exc:
                        pending.append((number, exc.reason))
                        continue
                    pending.append((number, pool.submit(_tesseract, png, lang=lang, timeout=timeout)))
                while pending:
                    yield collect(*pending.popleft())
            finally:
                for _, work in pending:
                    if not isinstance(work, str):
                        work.cancel()
    finally:
        pdf.close()
