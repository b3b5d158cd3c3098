"""A small process pool for audits: one document per worker at a time, and a hard time limit.

Why not ``concurrent.futures``: a document that hangs inside C code (pdfium, a regex) cannot be
interrupted by a signal, and a segfault breaks a ``ProcessPoolExecutor`` for every task still queued.
Here the parent owns the clock: each worker has its own pipe, the parent waits on the pipes and the
workers' sentinels, and a worker that overruns ``timeout`` or dies is killed, reported as an error
row for its one document, and replaced by a fresh fork.

Workers are forked (Linux), so they inherit whatever the parent loaded before the pool started
(rules, the spaCy pipeline) without pickling it, and the audit function may be any callable.
A worker retires after ``max_tasks`` documents or when its resident memory passes ``rss_limit``,
so peak memory per worker stays flat however many files a scan holds.

Memory per document (``--max-memory``): :func:`run_watched` runs the reading of one document where
another process watches its resident memory and kills it once it has grown by more than the limit.
In a pool worker that watcher is the pool's parent (the worker asks it to watch, see ``_Worker.watch``);
anywhere else (``check``, ``evaluate``, a library call) the reading happens in a forked child that the
caller watches. Why a watcher and not ``setrlimit``, measured on Linux with pypdfium2 5.15:

* PDFium aborts the whole process (SIGABRT) when an allocation fails under RLIMIT_AS or RLIMIT_DATA,
  so a kernel limit turns "too much memory" into an anonymous crash, and kills ``check`` outright when
  the document is read in-process;
* a scan worker with spaCy, the rules and PDFium loaded has VmSize 268 MB for 109 MB resident, and its
  VmPeak reached 792 MB while reading a two-page PDF: an address-space limit would have to sit far
  above the memory it is meant to bound, and would move with every thread's malloc arena.

Reading ``/proc/PID/statm`` costs microseconds; it is read every ``_POLL`` seconds. PDFium inflates a
FlateDecode bomb at about 2 GB/s, and the zoo's bomb overshot a 128 MB and a 2 GB limit by 23 and
27 MB. Pool workers are watched by the pool rather than forking a child per document because that
fork, from a 105 MB worker, costs about 14 ms a document, and a scan spends about 19 ms on a short
general order (Bloomington's 97 in 1.8 s with one worker).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterator, Sequence, TypeVar

from policy_audit.errors import DocumentProblem
from policy_audit.findings import AuditResult

AuditFn = Callable[[str], AuditResult]
# (path, problem, reason) -> an error row for that document
ErrorFn = Callable[[str, DocumentProblem, str], AuditResult]

DEFAULT_MAX_TASKS = 40
DEFAULT_RSS_LIMIT = 1024 * 1024 * 1024  # a worker above this after a document is replaced
_POLL = 0.02  # seconds between two looks at a watched process's memory

T = TypeVar("T")


def rss_bytes(pid: int | str = "self") -> int:
    """Resident memory of a process (0 when it cannot be known: no /proc, or the process is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def memory_reason(limit: int) -> str:
    """The one-line reason for a document stopped by --max-memory."""
    return f"used more than {limit / (1 << 20):g} MB while reading; raise --max-memory (0: no limit) to read it anyway"


class MemoryLimitExceeded(Exception):
    """The watched reading grew past ``limit`` bytes and was stopped."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(memory_reason(limit))


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
    return _run_in_watched_child(fn, args, memory_limit)


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


def _run_in_watched_child(fn: Callable[..., T], args: tuple, limit: int) -> T:
    # os.fork, not multiprocessing.Process: daemonic processes (evaluate's pool workers) may not start
    # Processes, and nothing here needs more than a pipe.
    baseline = rss_bytes()  # the child starts sharing every page of this process, so count from here
    receiver, sender = multiprocessing.Pipe(duplex=False)
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        receiver.close()
        _child_main(sender, parent, fn, args)  # never returns
    sender.close()
    exitcode: int | None = None
    try:
        outcome = _watch_child(pid, receiver, baseline, limit)
        exitcode = _reap(pid)
    finally:
        receiver.close()
        if exitcode is None:  # stopped, interrupted, or never answered
            _kill(pid)
            exitcode = _reap(pid)
    if outcome is None:
        raise ChildCrashed(_describe_death(exitcode, who="the reader"))
    kind, payload = outcome
    if kind == "raise":
        raise payload
    return payload


def _watch_child(pid: int, conn: Connection, baseline: int, limit: int) -> tuple[str, Any] | None:
    """The child's ("value" | "raise", payload), or None when it died without one."""
    while True:
        if conn.poll(_POLL):
            try:
                return conn.recv()
            except EOFError:
                return None
            except Exception as exc:  # an exception that pickles but will not unpickle
                return ("raise", RuntimeError(f"the reader failed: {type(exc).__name__}: {exc}"))
        if rss_bytes(pid) - baseline > limit:
            _kill(pid)
            raise MemoryLimitExceeded(limit)


def _child_main(conn: Connection, parent: int, fn: Callable, args: tuple) -> None:
    global _watched_child, _pool_link
    status = 0
    try:
        _watched_child, _pool_link = True, None
        _die_with(parent)
        try:
            outcome: tuple[str, Any] = ("value", fn(*args))
        except BaseException as exc:  # every failure travels to the parent, which raises it
            outcome = ("raise", exc)
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


def _worker_main(conn: Connection, audit_fn: AuditFn, error_fn: ErrorFn, max_tasks: int, rss_limit: int) -> None:
    global _pool_link
    # Ctrl-C reaches the whole process group; the parent alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    done = 0
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        _pool_link = (conn, index)
        try:
            result = audit_fn(path)
        except MemoryError:
            result = error_fn(path, DocumentProblem.TOO_LARGE, "ran out of memory while reading this document")
        except Exception as exc:  # a bug in a reader or the matcher: one row, not a dead scan
            result = error_fn(
                path,
                DocumentProblem.CORRUPT,
                f"internal error while auditing: {type(exc).__name__}: {exc} (please report this)",
            )
        done += 1
        retire = done >= max_tasks or (rss_limit > 0 and rss_bytes() > rss_limit)
        try:
            conn.send(("done", index, result, retire))
        except (OSError, ValueError):
            return
        if retire:
            return


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    task: tuple[int, str] | None = None
    started: float = 0.0
    retired: bool = field(default=False)
    watch: tuple[int, int] | None = None  # (limit, baseline) while the worker reads under --max-memory


def _describe_death(exitcode: int | None, who: str = "the worker process") -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the reader crashed ({name}) on this document"
    return f"{who} exited unexpectedly (exit code {exitcode}) on this document"


class Pool:
    """Run ``audit_fn`` over paths in ``jobs`` forked workers; see the module docstring."""

    def __init__(
        self,
        audit_fn: AuditFn,
        error_fn: ErrorFn,
        *,
        jobs: int,
        timeout: float | None,
        max_tasks: int = DEFAULT_MAX_TASKS,
        rss_limit: int = DEFAULT_RSS_LIMIT,
    ):
        self.audit_fn = audit_fn
        self.error_fn = error_fn
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.max_tasks = max(1, max_tasks)
        self.rss_limit = rss_limit
        self._ctx = multiprocessing.get_context("fork")
        self._workers: list[_Worker] = []
        self.started_workers = 0  # how many processes were forked in all (replacements included)

    def _spawn(self) -> _Worker:
        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=_worker_main,
            args=(child_conn, self.audit_fn, self.error_fn, self.max_tasks, self.rss_limit),
            daemon=True,
            name="policy-audit-worker",
        )
        process.start()
        child_conn.close()
        self.started_workers += 1
        worker = _Worker(process, parent_conn)
        self._workers.append(worker)
        return worker

    def _discard(self, worker: _Worker, kill: bool) -> None:
        if kill and worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        self._workers.remove(worker)

    def run(
        self, paths: Sequence[tuple[int, str]], on_start: Callable[[int, str], None] | None = None
    ) -> Iterator[tuple[int, AuditResult]]:
        """Yield ``(index, result)`` as documents finish, in completion order.

        Every path yields exactly one result unless the caller stops iterating (Ctrl-C): then the
        ``finally`` kills every worker, so nothing is left running.
        """
        pending = deque(paths)
        try:
            while pending or any(w.task is not None for w in self._workers):
                while pending and len(self._workers) < self.jobs:
                    self._spawn()
                for worker in self._workers:
                    if worker.task is None and pending:
                        worker.task = pending.popleft()
                        worker.started = time.monotonic()
                        if on_start is not None:
                            on_start(*worker.task)
                        try:
                            worker.conn.send(worker.task)
                        except OSError:
                            pass  # it died while idle; its sentinel reports it below
                busy = [w for w in self._workers if w.task is not None]
                wait_for = self._wait_time(busy, time.monotonic())
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for))
                now = time.monotonic()
                for worker in busy:
                    yield from self._check(worker, ready, now)
        finally:
            self.close()

    def _wait_time(self, busy: list[_Worker], now: float) -> float | None:
        """How long to wait for news: until the nearest deadline, and no longer than _POLL while a
        worker's memory is watched (None: until a worker speaks or dies)."""
        if not busy:
            return 0.0
        wait_for: float | None = None
        if self.timeout is not None:
            wait_for = max(0.0, min(w.started + self.timeout for w in busy) - now)
        if any(w.watch is not None for w in busy):
            wait_for = _POLL if wait_for is None else min(wait_for, _POLL)
        return wait_for

    def _receive(self, worker: _Worker, index: int) -> tuple[AuditResult, bool] | None:
        """Read what the worker sent: watch requests are noted; its (result, retire) when done."""
        while True:
            try:
                if not worker.conn.poll():
                    return None
                message = worker.conn.recv()
            except (EOFError, OSError):
                return None  # it died; its sentinel tells the rest
            kind, got_index = message[0], message[1]
            if got_index != index:
                continue
            if kind == "watch":
                worker.watch = (message[2], message[3])
            elif kind == "unwatch":
                worker.watch = None
            elif kind == "done":
                return message[2], message[3]

    def _over_memory(self, worker: _Worker) -> int:
        """The worker's memory limit when it has grown past it, else 0."""
        if worker.watch is None:
            return 0
        limit, baseline = worker.watch
        return limit if rss_bytes(worker.process.pid) - baseline > limit else 0

    def _check(self, worker: _Worker, ready: set, now: float) -> Iterator[tuple[int, AuditResult]]:
        assert worker.task is not None
        index, path = worker.task
        done = self._receive(worker, index)
        if done is not None:
            result, retire = done
            worker.task, worker.watch = None, None
            if retire:
                self._discard(worker, kill=False)
            yield index, result
            return
        if worker.process.sentinel in ready or not worker.process.is_alive():
            worker.process.join(timeout=5)
            reason = _describe_death(worker.process.exitcode)
            self._discard(worker, kill=True)
            yield index, self.error_fn(path, DocumentProblem.CORRUPT, reason)
            return
        limit = self._over_memory(worker)
        if limit:
            self._discard(worker, kill=True)
            yield index, self.error_fn(path, DocumentProblem.TOO_LARGE, memory_reason(limit))
            return
        if self.timeout is not None and now >= worker.started + self.timeout:
            self._discard(worker, kill=True)
            yield index, self.error_fn(
                path, DocumentProblem.TIMEOUT, f"stopped after {self.timeout:g} s (--timeout); the document was not audited"
            )

    def close(self) -> None:
        """Stop every worker: politely if idle, by force if busy."""
        for worker in list(self._workers):
            if worker.task is None:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
        deadline = time.monotonic() + 1.0
        for worker in list(self._workers):
            if worker.task is None:
                worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
            self._discard(worker, kill=True)
