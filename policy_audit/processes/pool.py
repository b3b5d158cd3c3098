"""A small process pool for audits: one document per worker at a time, and a hard time limit.

Not ``concurrent.futures``: a document that hangs inside C code (pdfium, a regex) cannot be
interrupted by a signal, and a segfault breaks a ``ProcessPoolExecutor`` for every task still queued.
Here the parent owns the clock: each worker has its own pipe, the parent waits on the pipes and the
workers' sentinels, and a worker that overruns ``timeout`` or dies is killed, reported as an error
row for its one document, and replaced by a fresh fork.

Workers are forked (Linux), so they inherit whatever the parent loaded before the pool started
(rules, the spaCy pipeline) without pickling it, and the audit function may be any callable.
A worker retires after ``max_tasks`` documents or when its resident memory passes ``rss_limit``,
so peak memory per worker stays flat however many files a scan holds. Under ``--max-memory`` the
pool itself watches a worker's memory while it reads (``watched.run_watched`` asks it to): cheaper
than a fork per document (figures in ``docs/design/processes.md``).
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from policy_audit.errors import DocumentProblem
from policy_audit.findings import AuditResult
from policy_audit.processes.watched import POLL, describe_death, grown_past, memory_reason, rss_bytes, watched_by_pool

AuditFn = Callable[[str], AuditResult]
# (path, problem, reason) -> an error row for that document
ErrorFn = Callable[[str, DocumentProblem, str], AuditResult]

DEFAULT_MAX_TASKS = 40
DEFAULT_RSS_LIMIT = 1024 * 1024 * 1024  # a worker above this after a document is replaced


def _worker_main(conn: Connection, audit_fn: AuditFn, error_fn: ErrorFn, max_tasks: int, rss_limit: int) -> None:
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
        watched_by_pool(conn, index)
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
    watch: tuple[int, int] | None = None  # (limit, baseline) while the worker reads under --max-memory


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
        """How long to wait for news: until the nearest deadline, and no longer than POLL while a
        worker's memory is watched (None: until a worker speaks or dies)."""
        if not busy:
            return 0.0
        wait_for: float | None = None
        if self.timeout is not None:
            wait_for = max(0.0, min(w.started + self.timeout for w in busy) - now)
        if any(w.watch is not None for w in busy):
            wait_for = POLL if wait_for is None else min(wait_for, POLL)
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
        if worker.watch is None or worker.process.pid is None:
            return 0
        limit, baseline = worker.watch
        return limit if grown_past(worker.process.pid, baseline, limit) else 0

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
            reason = describe_death(worker.process.exitcode)
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
            yield (
                index,
                self.error_fn(
                    path,
                    DocumentProblem.TIMEOUT,
                    f"stopped after {self.timeout:g} s (--timeout); the document was not audited",
                ),
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
