"""What a long scan shows on the client: documents and pages done, pages a second, OCR, errors, ETA.

``ScaleCounts`` adds the rows up (no terminal involved, so it is tested as it is); ``ScaleProgress``
is the scan's :class:`~policy_audit.scan.progress.Progress` on stderr, fed each finished row with
``row``. The OCR backlog is the OCR pages handed out and not yet back (``ocr_queued``/``ocr_done``:
the cluster's page-range tasks); without them it shows the OCR pages read so far.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from policy_audit.findings import AuditResult, Status


@dataclass
class ScaleCounts:
    total: int = 0
    documents: int = 0
    skipped: int = 0  # rows taken from the results file of an earlier run
    pages: int = 0
    ocr_pages: int = 0
    ocr_queued: int = 0
    ocr_returned: int = 0
    errors: int = 0
    started: float = field(default_factory=time.monotonic)

    def add(self, result: AuditResult) -> None:
        self.documents += 1
        self.pages += result.document.pages
        self.ocr_pages += len(result.document.ocr_pages)
        if result.status is not Status.OK:
            self.errors += 1

    @property
    def ocr_backlog(self) -> int:
        return max(0, self.ocr_queued - self.ocr_returned)

    def pages_per_second(self, now: float | None = None) -> float:
        elapsed = (now if now is not None else time.monotonic()) - self.started
        return self.pages / elapsed if elapsed > 0 else 0.0

    def eta_seconds(self, now: float | None = None) -> float | None:
        """Seconds left at the rate documents have finished so far (None before the first one)."""
        if self.documents == 0:
            return None
        elapsed = (now if now is not None else time.monotonic()) - self.started
        left = self.total - self.skipped - self.documents
        return max(0.0, elapsed / self.documents * left)

    def line(self, now: float | None = None) -> str:
        eta = self.eta_seconds(now)
        parts = [
            f"{self.documents + self.skipped}/{self.total} documents",
            f"{self.pages:,} pages",
            f"{self.pages_per_second(now):.1f} pages/s",
            f"OCR {self.ocr_pages:,} pages" + (f", {self.ocr_backlog:,} queued" if self.ocr_queued else ""),
            f"{self.errors} error{'s' if self.errors != 1 else ''}",
            "ETA " + (_duration(eta) if eta is not None else "-"),
        ]
        if self.skipped:
            parts.insert(1, f"{self.skipped} from an earlier run")
        return " | ".join(parts)


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{s:02d}s"


class ScaleProgress:
    """One live line on stderr, redrawn as rows finish (a scan's Progress, plus ``row``)."""

    def __init__(self, counts: ScaleCounts | None = None) -> None:
        from rich.console import Console
        from rich.live import Live

        self.counts = counts or ScaleCounts()
        self._live = Live("", console=Console(stderr=True), refresh_per_second=2, transient=False)

    def start(self, total: int) -> None:
        # The scan counts only what it audits; the total set by the caller (skipped rows too) stands.
        self.counts.total = max(self.counts.total, total + self.counts.skipped)
        self.counts.started = time.monotonic()
        self._live.start()
        self._draw()

    def working_on(self, path: str) -> None:
        pass

    def done(self, path: str) -> None:
        self._draw()

    def row(self, result: AuditResult) -> None:
        self.counts.add(result)
        self._draw()

    def stop(self) -> None:
        self._draw()
        self._live.stop()

    def _draw(self) -> None:
        self._live.update(self.counts.line())
