"""``scan --cluster``: the documents a scan could not answer from the cache, audited on Dask.

``--cluster tcp://host:8786`` uses a running scheduler; ``--cluster local`` starts a
``LocalCluster`` of ``--jobs`` single-threaded worker processes. Dask only decides where a document
goes. On the worker the document is audited exactly as the local pool audits it: by the same
function (``worker_audit.default_audit_fn``, built once per worker process, so spaCy and the
matcher load once), in a forked child under the same ``processes.pool.Pool`` (one child per
document), so ``--timeout``, ``--max-memory`` and a crash in C code end that child and make one
error row, and the Dask worker lives on.

A Dask worker that dies itself mid-document (killed, out of memory on the node, a lost machine)
costs a retry: the scheduler hands the document to another worker. A document that has taken down
``MAX_TRIES`` workers is not tried again; it becomes an error row (Dask's ``KilledWorker``).

The workers need the same policy-audit, rules and file paths as the client (one install, a
shared folder); a worker whose rules differ says so in the row rather than grade by other rules.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from policy_audit.audit import AuditOptions
from policy_audit.errors import DocumentProblem, UsageError
from policy_audit.findings import AuditResult

LOCAL = "local"
MAX_TRIES = 3  # workers a document may take down before it is an error row
# A PDF with more than SPLIT_PAGES pages to OCR is OCR'd in ranges of RANGE_PAGES pages, one task
# each, and graded once they are back (tesseract takes about a second a page: 800 pages in one
# task would keep one core busy for a quarter of an hour). Only PDFs this large are looked at:
# scanned pages weigh tens of kilobytes each, text pages far less.
SPLIT_PAGES = 40
RANGE_PAGES = 20
SPLIT_MIN_BYTES = 1 << 20
# Dask's own keys for what the scheduler does when a worker dies with a task in hand.
_ALLOWED_FAILURES = "distributed.scheduler.allowed-failures"


def killed_reason() -> str:
    # The scheduler's allowed-failures decides how many tries (MAX_TRIES on a cluster started here).
    return "Dask workers died on this document again and again (out of memory or a crash); it was not audited"


@dataclass(frozen=True)
class WorkerTask:
    """What a worker needs besides the path: small, so it pickles cheaply with every document."""

    audit_options: AuditOptions
    rules_dirs: tuple[str, ...]
    rules_digest: str
    timeout: float | None


# One per worker process: the audit function (rules loaded, spaCy preloaded) for a task's options.
_prepared: dict[tuple[AuditOptions, tuple[str, ...]], tuple[str, Callable[[str], AuditResult]]] = {}


def audit_on_worker(path: str, task: WorkerTask) -> AuditResult:
    """Run on a Dask worker: audit one document in a forked child under the pool's limits."""
    from policy_audit.processes.pool import Pool
    from policy_audit.scan.batch import error_row

    standard = task.audit_options.standard
    digest, audit_fn = _prepare(task)
    if digest != task.rules_digest:
        return error_row(
            standard,
            path,
            DocumentProblem.CORRUPT,
            f"this Dask worker's rules differ from the client's (digest {digest[:12]} vs "
            f"{task.rules_digest[:12]}); install the same policy-audit and rules on every worker",
        )

    def pool_error(p: str, problem: DocumentProblem, reason: str) -> AuditResult:
        return error_row(standard, p, problem, reason)

    pool = Pool(_dying_with(audit_fn, os.getpid()), pool_error, jobs=1, timeout=task.timeout, max_tasks=1)
    with _children_allowed():
        for _, result in pool.run([(0, path)]):
            return result
    raise AssertionError("the pool yields one result per path")


def plan_ocr_ranges(path: str, task: WorkerTask, split_pages: int, range_pages: int) -> list[Any]:
    """Run on a worker: the page ranges to OCR apart, or [] when the document is read in one piece."""
    from policy_audit.audit import _read_options
    from policy_audit.extract.ocr_ranges import pages_to_ocr, split

    if task.audit_options.ocr == "never":
        return []
    try:
        pages = pages_to_ocr(path, _read_options(task.audit_options))
    except Exception:
        return []  # whatever is wrong with it, the one-piece audit reports it
    return split(pages, range_pages) if len(pages) > split_pages else []


def ocr_range_on_worker(path: str, page_range: Any, task: WorkerTask) -> tuple[Any, ...]:
    """Run on a worker: OCR one page range, one tesseract at a time (the ranges are the parallelism)."""
    from dataclasses import replace

    from policy_audit.audit import _read_options
    from policy_audit.extract.ocr_ranges import ocr_page_range

    return ocr_page_range(path, page_range, replace(_read_options(task.audit_options), ocr_jobs=1))


def audit_joined(path: str, task: WorkerTask, *parts: tuple[Any, ...]) -> AuditResult:
    """Run on a worker: the document audited as ``audit_on_worker`` does, its OCR taken from the ranges."""
    from policy_audit.extract.ocr_ranges import join, ocr_done_ahead

    with ocr_done_ahead(path, join(parts)):
        return audit_on_worker(path, task)


def _prepare(task: WorkerTask) -> tuple[str, Callable[[str], AuditResult]]:
    key = (task.audit_options, task.rules_dirs)
    if key not in _prepared:
        from policy_audit.discover import Input
        from policy_audit.rulebook import load_rules
        from policy_audit.scan import worker_audit

        rules = load_rules(task.rules_dirs)
        pdf = Input(path="any.pdf")  # preload the PDF library too: most of a national run is PDF
        _prepared[key] = (rules.digest, worker_audit.default_audit_fn(task.audit_options, rules, [pdf]))
    return _prepared[key]


def _dying_with(audit_fn: Callable[[str], AuditResult], parent: int) -> Callable[[str], AuditResult]:
    """In the forked child: die with the Dask worker, so a killed worker leaves no orphan reading on."""
    from policy_audit.processes.watched import _die_with

    def audit(path: str) -> AuditResult:
        _die_with(parent)
        return audit_fn(path)

    return audit


@contextmanager
def _children_allowed() -> Iterator[None]:
    # A Dask nanny starts its worker as a daemonic process, and multiprocessing refuses children to
    # a daemon. The pool's children are killed by the pool (and die with this process: _dying_with),
    # which is what the refusal protects against, so the flag is lifted while the pool runs.
    process = multiprocessing.current_process()
    config: dict[str, Any] = process._config  # type: ignore[attr-defined]
    was = config.get("daemon")
    config["daemon"] = False
    try:
        yield
    finally:
        config["daemon"] = was


@dataclass
class ClusterConnection:
    """A client, and the LocalCluster behind it when ``--cluster local`` started one."""

    client: Any
    cluster: Any = None
    dashboard: str = ""
    workers: int = 0
    extra: list[Any] = field(default_factory=list)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def connect(address: str, jobs: int) -> ClusterConnection:
    """Connect to a scheduler, or start a local cluster; a bad address is one usage error."""
    try:
        import dask
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise UsageError('--cluster needs Dask: pip install "policy-audit[cluster]"')
    # Read by a scheduler started here (LocalCluster); a remote scheduler keeps its own setting.
    dask.config.set({_ALLOWED_FAILURES: MAX_TRIES - 1})
    if address == LOCAL:
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.CRITICAL
        )
        client = Client(cluster)
    else:
        if "://" not in address:
            raise UsageError(f"--cluster {address}: give a scheduler address such as tcp://host:8786, or local")
        cluster = None
        try:
            client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"--cluster {address}: cannot reach the scheduler ({exc})")
    workers = len(client.scheduler_info().get("workers", {}))
    return ClusterConnection(client, cluster, client.dashboard_link or "", workers)


class ClusterPool:
    """The local ``Pool``'s ``run`` over a Dask client: one task per document, rows as they finish."""

    def __init__(
        self,
        client: Any,
        audit_options: AuditOptions,
        rules: Any,
        error_fn: Callable[[str, DocumentProblem, str], AuditResult],
        timeout: float | None,
        counts: Any = None,
    ):
        self.client = client
        self.error_fn = error_fn
        self.counts = counts  # a ScaleCounts: the OCR pages handed out and back, for the progress line
        self.split_pages = SPLIT_PAGES
        self.range_pages = RANGE_PAGES
        self.split_min_bytes = SPLIT_MIN_BYTES
        self.task = WorkerTask(
            audit_options=audit_options,
            rules_dirs=tuple(os.path.abspath(d) for d in audit_options.rules_dirs),
            rules_digest=rules.digest,
            timeout=timeout,
        )

    def run(
        self, paths: Sequence[tuple[int, str]], on_start: Callable[[int, str], None] | None = None
    ) -> Iterator[tuple[int, AuditResult]]:
        from dask.distributed import as_completed

        # future -> (index, path, what it is: "plan" (which pages to OCR apart) or "audit")
        pending: dict[Any, tuple[int, str, str]] = {}
        done = as_completed()
        for index, path in paths:
            if self._may_split(path):
                future = self._submit(plan_ocr_ranges, path, index, self.split_pages, self.range_pages)
                pending[future] = (index, path, "plan")
            else:
                future = self._submit(audit_on_worker, path, index)
                pending[future] = (index, path, "audit")
            done.add(future)
        try:
            for future in done:
                index, path, kind = pending.pop(future)
                if kind == "audit":
                    yield index, self._result(future, path)
                    continue
                audit = self._after_plan(future, path, index)
                pending[audit] = (index, path, "audit")
                done.add(audit)
        finally:
            for future in pending:
                future.cancel()

    def _submit(self, fn: Callable[..., Any], path: str, index: int, *args: Any) -> Any:
        name = fn.__name__.replace("_on_worker", "").replace("_", "-")
        return self.client.submit(
            fn,
            os.path.abspath(path),
            *((self.task,) if fn is audit_on_worker else (self.task, *args)),
            pure=False,
            retries=MAX_TRIES - 1,
            # the key names the document in the dashboard
            key=f"{name}-{os.path.basename(path)}-{index}-{os.urandom(4).hex()}",
        )

    def _may_split(self, path: str) -> bool:
        if self.task.audit_options.ocr == "never" or not path.lower().endswith(".pdf"):
            return False
        try:
            return os.path.getsize(path) >= self.split_min_bytes
        except OSError:
            return False

    def _after_plan(self, plan: Any, path: str, index: int) -> Any:
        """The audit of a planned document: on its OCR'd ranges when it was split, else as usual."""
        try:
            ranges = plan.result()
        except Exception:
            ranges = []  # the plan failed: the one-piece audit says why, or reads it anyway
        if not ranges:
            return self._submit(audit_on_worker, path, index)
        parts = []
        for page_range in ranges:
            part = self.client.submit(
                ocr_range_on_worker,
                os.path.abspath(path),
                page_range,
                self.task,
                pure=False,
                retries=MAX_TRIES - 1,
                key=f"ocr-{os.path.basename(path)}-{page_range.first}-{page_range.stop}-{os.urandom(4).hex()}",
            )
            if self.counts is not None:
                self.counts.ocr_queued += len(page_range)
                part.add_done_callback(partial(self._returned, len(page_range)))
            parts.append(part)
        return self.client.submit(
            audit_joined,
            os.path.abspath(path),
            self.task,
            *parts,
            pure=False,
            retries=MAX_TRIES - 1,
            key=f"audit-joined-{os.path.basename(path)}-{index}-{os.urandom(4).hex()}",
        )

    def _returned(self, pages: int, future: Any) -> None:
        self.counts.ocr_returned += pages

    def _result(self, future: Any, path: str) -> AuditResult:
        from distributed.scheduler import KilledWorker

        try:
            return future.result()
        except KilledWorker:
            return self.error_fn(path, DocumentProblem.CORRUPT, killed_reason())
        except Exception as exc:  # the task itself failed MAX_TRIES times: one row, not a dead scan
            return self.error_fn(path, DocumentProblem.CORRUPT, f"the Dask task failed: {type(exc).__name__}: {exc}")


def cluster_runner(connection: ClusterConnection, counts: Any = None) -> Callable[..., ClusterPool]:
    """What ``scan(runner=...)`` takes: the pool's place, on this cluster (``counts``: a ScaleCounts)."""

    def make(audit_options: AuditOptions, rules: Any, error_fn: Any, timeout: float | None) -> ClusterPool:
        return ClusterPool(connection.client, audit_options, rules, error_fn, timeout, counts)

    return make
