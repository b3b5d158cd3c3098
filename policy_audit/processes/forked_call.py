"""Work in a forked child, its results collected: how `check` and a scan's read-ahead use a second
core.

A fork inherits everything the parent has loaded (the spaCy pipeline, compiled matchers, the
document's sentences) without pickling it; only the results travel back, through a pipe. When the
child cannot be started or dies without answering, the caller is told so and does the work itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from policy_audit.errors import PolicyAuditError
from policy_audit.processes.portable import portable

T = TypeVar("T")

# What the child sends, in order: ("item", value) for each result, then ("end", None); or, when it
# fails, ("fail", a PolicyAuditError to re-raise or a one-line reason).
_ITEM, _END, _FAIL = "item", "end", "fail"


class ForkedCallFailed(Exception):
    """The child could not run the function (it crashed, or its result could not be sent back)."""


def can_fork() -> bool:
    """Worth forking: more than one core, and a platform that forks (not Windows, not macOS spawn)."""
    import multiprocessing  # here, not at the top: a warm scan imports this module and never forks

    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def _run_child(send, produce: Callable[[], Iterable[object]], watched_here: bool) -> None:
    if watched_here:
        from policy_audit.processes import watched

        watched.mark_watched_child()  # its parent watches it: a nested --max-memory read runs inline
    sender = _Sender(send)
    try:
        for value in produce():
            try:
                message = _pickled((_ITEM, value))
            except Exception as exc:  # an unpicklable result
                raise _Unsendable(f"result could not be sent back: {type(exc).__name__}: {exc}") from None
            if not sender.put(message):
                return  # the parent has gone: nobody wants the rest
        outcome: tuple[str, Any] = (_END, None)
    except PolicyAuditError as exc:  # the tool's own errors (a bad document) re-raise in the parent
        sent = portable(exc)
        outcome = (_FAIL, sent if sent is exc else str(sent))
    except _Unsendable as exc:
        outcome = (_FAIL, str(exc))
    except BaseException as exc:  # noqa: BLE001 - anything else: the parent redoes the work itself
        outcome = (_FAIL, f"{type(exc).__name__}: {exc}")
    try:
        sender.put(_pickled(outcome))
    finally:
        sender.close()


def _pickled(message: tuple[str, Any]) -> bytes:
    from multiprocessing.reduction import ForkingPickler

    return bytes(ForkingPickler.dumps(message))  # what Connection.send writes, so recv() reads it


class _Sender:
    """Sends the child's messages from a thread, so that the child goes on working while the parent
    is busy elsewhere and the pipe is full.

    `check`'s reader sends the document (over a megabyte on a long manual, more than the pipe holds)
    and then the sentences as it splits them, while the parent is still loading spaCy and the rules.
    Sent in line, the first send would block until the parent is ready, and the split would only
    start then; from a thread, the split runs while the parent loads, and the writes wait instead
    (a blocked write releases the GIL).
    """

    def __init__(self, send):
        import queue
        import threading

        self._send = send
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._broken = False
        self._thread = threading.Thread(target=self._run, name="policy-audit-send", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (message := self._queue.get()) is not None:
            try:
                self._send.send_bytes(message)
            except OSError:  # the parent closed its end
                self._broken = True
                return

    def put(self, message: bytes) -> bool:
        """Queue a message; False once the parent can no longer be reached."""
        if self._broken:
            return False
        self._queue.put(message)
        return True

    def close(self) -> None:
        """Wait until everything queued is sent, then close the pipe."""
        self._queue.put(None)
        self._thread.join()
        self._send.close()


def _widen(conn) -> None:
    """Give the pipe a larger buffer (Linux), so that the child does not wait for the parent to take
    each value before it goes on: a batch of sentences is larger than the default 64 KB."""
    try:
        import fcntl

        fcntl.fcntl(conn.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
    except (ImportError, OSError, ValueError):
        pass  # another platform, or a limit below ours: the default buffer only costs some waiting


_PIPE_BYTES = 1 << 20


class _Unsendable(Exception):
    pass


class _Forked:
    """A forked child that runs ``produce()`` and sends each value it yields.

    ``memory_limit`` (bytes, ``--max-memory``): a thread of the parent watches the child and kills it
    once it has grown by more than that; reading then raises ``MemoryLimitExceeded``. The child is
    itself the watched process, so a read inside it does not fork a reader of its own: on a 642-page
    manual that second fork, and sending the document up one more pipe, cost a fifth of a second of
    `check`.
    """

    def __init__(self, produce: Callable[[], Iterable[object]], memory_limit: int):
        import multiprocessing

        from policy_audit.processes import watched

        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        _widen(send)
        watch = memory_limit > 0 and watched.can_watch()
        # daemon: a parent that dies (Ctrl-C) takes the child with it.
        self._process = ctx.Process(
            target=_run_child, args=(send, produce, watch), daemon=True, name="policy-audit-fork"
        )
        baseline = watched.rss_bytes()  # the child starts sharing every page of this process
        try:
            self._process.start()
        finally:
            send.close()
        pid = self._process.pid
        self._watcher = watched.MemoryWatcher(pid, baseline, memory_limit) if watch and pid else None

    def _next(self) -> tuple[bool, Any]:
        """(True, value) for the next value, (False, None) at the end; raises on a failure."""
        try:
            kind, value = self._recv.recv()
        except (EOFError, OSError):
            kind, value = _FAIL, "the child process died without answering"
        if kind == _ITEM:
            return True, value
        if self._watcher is not None:
            self._watcher.stop()
            if kind == _FAIL and self._watcher.exceeded is not None:  # the watcher killed it
                raise self._watcher.exceeded
        if kind == _END:
            return False, None
        if isinstance(value, PolicyAuditError):
            raise value
        raise ForkedCallFailed(str(value))

    def stop(self) -> None:
        """In the parent: end the child whether or not its values were taken, and reap it."""
        if self._watcher is not None:
            self._watcher.stop()
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._recv.close()


class ForkedCall(_Forked, Generic[T]):
    """``fn()`` running in a forked child.

    The parent waits for it with :meth:`result`. Or, as a prefetch, any process forked after it (a
    pool worker inherits the pipe) takes the value once with :meth:`take`, and the parent calls
    :meth:`stop` at the end.
    """

    def __init__(self, fn: Callable[[], T], *, memory_limit: int = 0):
        super().__init__(lambda: (fn(),), memory_limit)

    def take(self) -> T:
        """Wait for the value (in any process); the child's PolicyAuditError is re-raised here, any
        other failure is ForkedCallFailed."""
        got, value = self._next()
        if not got:
            raise ForkedCallFailed("the child process ended without a result")
        return value

    def result(self) -> T:
        """:meth:`take` in the parent, then reap the child."""
        try:
            return self.take()  # before join: a large result would fill the pipe
        finally:
            self.stop()


class ForkedStream(_Forked, Generic[T]):
    """The values of the generator ``produce()``, made in a forked child and taken here as they come:
    the parent works on the first while the child makes the rest."""

    def __init__(self, produce: Callable[[], Iterable[T]], *, memory_limit: int = 0):
        super().__init__(produce, memory_limit)

    def waiting(self) -> bool:
        """A value (or the end) has arrived and can be taken without waiting."""
        try:
            return self._recv.poll(0)
        except (EOFError, OSError):
            return True  # the next take reports what happened

    def __iter__(self) -> Iterator[T]:
        try:
            while True:
                got, value = self._next()
                if not got:
                    return
                yield value
        finally:
            self.stop()
