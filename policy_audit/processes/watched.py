"""One function under a memory limit (``--max-memory``): it runs where another process watches its
resident memory and kills it once it has grown by more than the limit.

In a pool worker that watcher is the pool's parent (the worker asks it to watch); anywhere else
(``check``, ``evaluate``, a library call) the function runs in a forked child that the caller
watches. A watcher rather than ``setrlimit``, because PDFium aborts the whole process when an
allocation fails under a kernel limit, and an address-space limit would have to sit far above the
memory it bounds (figures in ``docs/design/processes.md``).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from policy_audit.processes.portable import portable

POLL = 0.02  # seconds between two looks at a watched process's memory

T = TypeVar("T")


def rss_bytes(pid: int | str = "self") -> int:
    """Resident memory of a process (0 when it cannot be known: no /proc, or the process is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def grown_past(pid: int, baseline: int, limit: int) -> bool:
    """Whether process ``pid`` holds more than ``limit`` bytes beyond ``baseline`` (a process that is
    gone holds nothing)."""
    return rss_bytes(pid) - baseline > limit


def memory_reason(limit: int) -> str:
    """The one-line reason for a document stopped by --max-memory."""
    return f"used more than {limit / (1 << 20):g} MB while reading; raise --max-memory (0: no limit) to read it anyway"


class MemoryLimitExceeded(Exception):
    """The watched reading grew past ``limit`` bytes and was stopped."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(memory_reason(limit))

    def __reduce__(self):
        # Rebuilt from the limit, not from the message: a second reader's crosses a pipe (extract.pdf_pdfium).
        return (MemoryLimitExceeded, (self.limit,))


class ChildCrashed(Exception):
    """The forked reader died without a result (a crash in C code); ``reason`` is one line."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def can_watch() -> bool:
    """Whether this platform lets a parent fork a reader and read its memory (Linux: yes)."""
    return hasattr(os, "fork") and os.path.exists("/proc/self/statm")


# In a pool worker: the pipe to the pool and the index of the task in hand, so that run_watched can
# ask the pool to watch. In a child forked by run_watched: True, since its parent already watches.
_pool_link: tuple[Connection, int] | None = None
_watched_child = False


def mark_watched_child() -> None:
    """In a child whose parent watches its memory: run_watched runs its function here, inline."""
    global _watched_child, _pool_link
    _watched_child, _pool_link = True, None


class MemoryWatcher:
    """A thread that kills process ``pid`` once it has grown more than ``limit`` bytes past
    ``baseline``; ``exceeded`` then holds the :class:`MemoryLimitExceeded` to raise. For a parent
    that is busy with work of its own while its child reads (``check`` loading spaCy)."""

    def __init__(self, pid: int, baseline: int, limit: int):
        import threading

        self.exceeded: MemoryLimitExceeded | None = None
        self._pid, self._baseline, self._limit = pid, baseline, limit
        self._owner = os.getpid()  # a forked copy of this object (a pool worker's) watches nothing
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="policy-audit-memory-watcher", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._done.wait(POLL):
            if grown_past(self._pid, self._baseline, self._limit):
                self.exceeded = MemoryLimitExceeded(self._limit)
                _kill(self._pid)
                return

    def stop(self) -> None:
        if os.getpid() == self._owner:
            self._done.set()
            self._thread.join()


def watched_by_pool(conn: Connection, index: int) -> None:
    """In a pool worker, before task ``index``: run_watched asks the pool over ``conn`` to watch."""
    global _pool_link
    _pool_link = (conn, index)


def run_watched(fn: Callable[..., T], *args: Any, memory_limit: int) -> T:
    """``fn(*args)``, stopped with :class:`MemoryLimitExceeded` once it takes ``memory_limit`` more bytes.

    ``memory_limit <= 0`` means no limit. Where no process can watch (no fork or no /proc), ``fn``
    runs here unwatched: a MemoryError is then the only protection, and the caller turns it into a
    one-line error.
    """
    if memory_limit <= 0 or _watched_child:
        return fn(*args)
    if _pool_link is not None:
        return _run_watched_by_pool(_pool_link, fn, args, memory_limit)
    if not can_watch():
        return fn(*args)
    return WatchedChild(fn, args, memory_limit).result()


def _run_watched_by_pool(link: tuple[Connection, int], fn: Callable[..., T], args: tuple, limit: int) -> T:
    # The pool kills this worker when it passes the limit and reports the document itself: there is
    # nothing to catch here. The baseline is taken here, before reading, not when the pool gets round
    # to the message.
    conn, index = link
    conn.send(("watch", index, limit, rss_bytes()))
    try:
        return fn(*args)
    finally:
        conn.send(("unwatch", index))


class WatchedChild(Generic[T]):
    """``fn(*args)`` started in a forked child that a thread of this process watches (``limit`` bytes,
    ``<= 0``: no limit) while this process goes on with other work; :meth:`result` waits for it.

    os.fork, not multiprocessing.Process: daemonic processes (evaluate's pool workers, ``check``'s
    reader) may not start Processes, and nothing here needs more than a pipe.
    """

    def __init__(self, fn: Callable[..., T], args: tuple, limit: int):
        baseline = rss_bytes()  # the child starts sharing every page of this process, so count from here
        self._conn, sender = multiprocessing.Pipe(duplex=False)
        parent = os.getpid()
        self._pid = os.fork()
        if self._pid == 0:
            self._conn.close()
            _child_main(sender, parent, fn, args)  # never returns
        sender.close()
        self._watcher = MemoryWatcher(self._pid, baseline, limit) if limit > 0 else None

    def result(self) -> T:
        """The child's value; its exception re-raised; MemoryLimitExceeded once the watcher stopped it;
        ChildCrashed when it died without answering."""
        exitcode: int | None = None
        try:
            outcome = self._outcome()
            exitcode = _reap(self._pid)
        finally:
            if exitcode is None:  # interrupted, or never answered
                exitcode = self.stop()
            else:
                self._stop_watching()
        if self._watcher is not None and self._watcher.exceeded is not None:
            raise self._watcher.exceeded
        if outcome is None:
            raise ChildCrashed(describe_death(exitcode, who="the reader"))
        kind, payload = outcome
        if kind == "raise":
            raise payload
        return payload

    def stop(self) -> int | None:
        """End the child whether or not it has answered (the work it does is no longer wanted); its exit code."""
        self._stop_watching()
        _kill(self._pid)
        return _reap(self._pid)

    def _stop_watching(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
        self._conn.close()

    def _outcome(self) -> tuple[str, Any] | None:
        """The child's ("value" | "raise", payload), or None when it died without one."""
        try:
            return self._conn.recv()
        except EOFError:
            return None
        except Exception as exc:  # an exception that pickles but will not unpickle
            return ("raise", RuntimeError(f"the reader failed: {type(exc).__name__}: {exc}"))


def _child_main(conn: Connection, parent: int, fn: Callable, args: tuple) -> None:
    status = 0
    try:
        mark_watched_child()
        _die_with(parent)
        try:
            outcome: tuple[str, Any] = ("value", fn(*args))
        except BaseException as exc:  # every failure travels to the parent, which raises it
            sent = portable(exc)
            outcome = ("raise", sent if sent is exc else RuntimeError(f"the reader failed: {sent}"))
        try:
            conn.send(outcome)
        except Exception as exc:  # a result or exception that does not pickle
            conn.send(("raise", RuntimeError(f"the reader failed: {type(exc).__name__}: {exc}")))
    except BaseException:
        status = 1
    finally:
        os._exit(status)  # no atexit handlers, no second flush of the parent's buffers


def _die_with(parent: int) -> None:
    """Make this child die with its parent: a reader whose watcher was killed (a scan timeout, a
    terminated evaluate worker) would otherwise go on reading, unwatched, as an orphan."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _reap(pid: int) -> int | None:
    """Wait for the child; its exit code (negative: killed by that signal)."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    return os.waitstatus_to_exitcode(status)


def describe_death(exitcode: int | None, who: str = "the worker process") -> str:
    """One line for a process that ended without answering: the signal that killed it, or its exit code."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the reader crashed ({name}) on this document"
    return f"{who} exited unexpectedly (exit code {exitcode}) on this document"
