"""One function in a forked child, its result collected: how `check` and a scan's read-ahead use a
second core.

A fork inherits everything the parent has loaded (the spaCy pipeline, compiled matchers, the
document's sentences) without pickling it; only the result travels back, through a pipe. When the
child cannot be started or dies without answering, the caller is told so and does the work itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Generic, TypeVar

from policy_audit.errors import PolicyAuditError
from policy_audit.processes.portable import portable

T = TypeVar("T")


class ForkedCallFailed(Exception):
    """The child could not run the function (it crashed, or its result could not be sent back)."""


def can_fork() -> bool:
    """Worth forking: more than one core, and a platform that forks (not Windows, not macOS spawn)."""
    import multiprocessing  # here, not at the top: a warm scan imports this module and never forks

    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def _run_child(send, fn: Callable[[], object]) -> None:
    try:
        outcome = (True, fn())
    except PolicyAuditError as exc:  # the tool's own errors (a bad document) re-raise in the parent
        sent = portable(exc)
        outcome = (False, sent if sent is exc else str(sent))
    except BaseException as exc:  # noqa: BLE001 - anything else: the parent redoes the work itself
        outcome = (False, f"{type(exc).__name__}: {exc}")
    try:
        send.send(outcome)
    except Exception as exc:  # an unpicklable result
        send.send((False, f"result could not be sent back: {type(exc).__name__}: {exc}"))
    finally:
        send.close()


class ForkedCall(Generic[T]):
    """``fn()`` running in a forked child.

    The parent waits for it with :meth:`result`. Or, as a prefetch, any process forked after it (a
    pool worker inherits the pipe) takes the value once with :meth:`take`, and the parent calls
    :meth:`stop` at the end.
    """

    def __init__(self, fn: Callable[[], T]):
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        # daemon: a parent that dies (Ctrl-C) takes the child with it.
        self._process = ctx.Process(target=_run_child, args=(send, fn), daemon=True, name="policy-audit-fork")
        try:
            self._process.start()
        finally:
            send.close()

    def take(self) -> T:
        """Wait for the value (in any process); the child's PolicyAuditError is re-raised here, any
        other failure is ForkedCallFailed."""
        try:
            ok, value = self._recv.recv()
        except (EOFError, OSError):
            ok, value = False, "the child process died without answering"
        if ok:
            return value
        if isinstance(value, PolicyAuditError):
            raise value
        raise ForkedCallFailed(str(value))

    def result(self) -> T:
        """:meth:`take` in the parent, then reap the child."""
        try:
            return self.take()  # before join: a large result would fill the pipe
        finally:
            self._recv.close()
            self._process.join()

    def stop(self) -> None:
        """In the parent: end the child whether or not its value was taken, and reap it."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._recv.close()
