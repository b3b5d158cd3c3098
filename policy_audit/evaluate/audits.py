"""Audit the documents of an evaluation, one result per document, in input order.

Through the worker pool ``scan`` uses (:class:`policy_audit.processes.pool.Pool`): each document in a
forked worker, with a time limit, the memory watchdog of ``--max-memory``, and a worker that crashes
or hangs becoming an ``error`` result for its one document, so the others are still scored.
Without isolation (a library caller's auditor with ``jobs=1`` and no time limit) the documents are
audited here, in this process, so the caller's auditor sees every call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from policy_audit.errors import DocumentProblem
from policy_audit.findings import AuditResult, DocumentInfo, Status

AuditFn = Callable[[Path], AuditResult]
Progress = Callable[[int, int, AuditResult], None]  # (done, total, result just finished)


@dataclass(frozen=True)
class Auditor:
    """The real audit function: one RuleSet, loaded once, shared by every document."""

    options: Any  # audit.AuditOptions
    rules: Any  # rulebook.RuleSet

    def __call__(self, path: Path) -> AuditResult:
        from policy_audit.audit import audit_path

        return audit_path(path, self.options, self.rules)


def error_result(standard: str, path: str, problem: DocumentProblem, reason: str) -> AuditResult:
    """The result of a document the pool had to stop (timeout, crash, memory)."""
    return AuditResult(
        document=DocumentInfo(path=path), standard=standard, status=Status.ERROR, problem=problem.value, reason=reason
    )


def _audit_str(audit: AuditFn, path: str) -> AuditResult:
    return audit(Path(path))  # the pool speaks in str paths


def audit_all(
    paths: Sequence[Path],
    audit: AuditFn,
    jobs: int = 1,
    progress: Progress | None = None,
    *,
    timeout: float | None = None,
    isolate: bool | None = None,
    standard: str = "",
) -> list[AuditResult]:
    """Audit every path; results in input order whatever the number of workers.

    ``isolate`` (default: when ``jobs > 1`` or a ``timeout`` is given) runs the audits in the pool's
    forked workers; ``timeout`` is seconds per document (None or <= 0: no limit).
    """
    timeout = timeout if timeout is not None and timeout > 0 else None
    if isolate is None:
        isolate = jobs > 1 or timeout is not None
    total = len(paths)
    if not isolate or not paths:
        results: list[AuditResult] = []
        for p in paths:
            results.append(audit(p))
            if progress is not None:
                progress(len(results), total, results[-1])
        return results

    from policy_audit.processes.pool import Pool

    pool = Pool(partial(_audit_str, audit), partial(error_result, standard), jobs=min(jobs, total), timeout=timeout)
    slots: list[AuditResult | None] = [None] * total
    for done, (index, result) in enumerate(pool.run([(i, str(p)) for i, p in enumerate(paths)]), start=1):
        slots[index] = result
        if progress is not None:
            progress(done, total, result)
    assert all(r is not None for r in slots), "the pool yields one result per document"
    return [r for r in slots if r is not None]
