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
from typing import Any

from policy_audit.audit import AuditOptions
from policy_audit.errors import DocumentProblem, UsageError
from policy_audit.findings import AuditResult

LOCAL = "local"
MAX_TRIES = 3  # workers a document may take down before it is an error row
# Dask's own keys for what the scheduler does when a worker dies with a task in hand.
_ALLOWED_FAILURES = "distributed.scheduler.allowed-failures"


def killed_reason(tries: int = MAX_TRIES) -> str:
    return f"the Dask worker died on this document {tries} times (out of memory or a crash); it was not audited"


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
    ):
        self.client = client
        self.error_fn = error_fn
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

        futures = {}
        for index, path in paths:
            # pure=False: the same file listed twice is two rows; the key names the document in the dashboard
            future = self.client.submit(
                audit_on_worker,
                os.path.abspath(path),
                self.task,
                pure=False,
                retries=MAX_TRIES - 1,
                key=f"audit-{os.path.basename(path)}-{index}-{os.urandom(4).hex()}",
            )
            futures[future] = (index, path)
        try:
            for future in as_completed(futures):
                index, path = futures[future]
                yield index, self._result(future, path)
        finally:
            for future in futures:
                if not future.done():
                    future.cancel()

    def _result(self, future: Any, path: str) -> AuditResult:
        from distributed.scheduler import KilledWorker

        try:
            return future.result()
        except KilledWorker:
            return self.error_fn(path, DocumentProblem.CORRUPT, killed_reason())
        except Exception as exc:  # the task itself failed MAX_TRIES times: one row, not a dead scan
            return self.error_fn(path, DocumentProblem.CORRUPT, f"the Dask task failed: {type(exc).__name__}: {exc}")


def cluster_runner(connection: ClusterConnection) -> Callable[..., ClusterPool]:
    """What ``scan(runner=...)`` takes: the pool's place, on this cluster."""

    def make(audit_options: AuditOptions, rules: Any, error_fn: Any, timeout: float | None) -> ClusterPool:
        return ClusterPool(connection.client, audit_options, rules, error_fn, timeout)

    return make
