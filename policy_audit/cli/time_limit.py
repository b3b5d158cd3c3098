"""`check --timeout`: one document audited within a time limit, like each document of a scan.

A scan's workers are separate processes that the pool kills past the limit. A check reads its
document in a forked child (``audit.audit_path(read_in_parallel=True)``) while this process loads the
rules, and then waits on that child's pipe: an interval timer interrupts the wait (or the grading),
and the overrun becomes a ``timeout`` result, exit 3 with one line, never a hang. The timer kills
this process's children first (the reader, and the reading watchdog dies with it): whoever waits for
them, such as ``ForkedCall.result`` reaping its child, then returns at once instead of waiting on a
read that never ends.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from policy_audit.audit import AuditOptions, Preparing, audit_path, load_and_prepare
from policy_audit.errors import DocumentProblem
from policy_audit.findings import AuditResult, DocumentInfo, Status


class _TimeUp(BaseException):
    """Raised by the timer; a BaseException so that no ``except Exception`` on the way swallows it."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        import multiprocessing

        for child in multiprocessing.active_children():
            child.kill()
        raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def audit_within(
    document: Path,
    options: AuditOptions,
    timeout: float,
    *,
    while_reading: Callable[[], object] = lambda: None,
    preparing: Preparing = load_and_prepare,
) -> AuditResult:
    """``audit_path`` for a single check, stopped after ``timeout`` seconds (0: no limit)."""
    started = time.perf_counter()
    try:
        with _time_limit(timeout):
            return audit_path(
                document, options, read_in_parallel=True, while_reading=while_reading, preparing=preparing
            )
    except _TimeUp:
        return AuditResult(
            document=DocumentInfo(path=str(document)),
            standard=options.standard,
            status=Status.ERROR,
            problem=DocumentProblem.TIMEOUT.value,
            reason=f"stopped after {timeout:g} s (--timeout); the document was not audited",
            seconds=time.perf_counter() - started,
        )
