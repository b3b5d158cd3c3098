"""A batch audit: many documents in, one :class:`BatchResult` out.

``scan`` discovers the inputs (``policy_audit.discover``), answers what it can from the cache
(``policy_audit.cache``) without loading anything heavy, audits the rest in forked workers with a
per-document time limit (``policy_audit.processes.pool``), and groups the results into departments
(``policy_audit.departments``). Every input becomes exactly one result row, errors included, in
sorted input order; Ctrl-C keeps the rows that finished and marks the batch ``interrupted``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Protocol

from policy_audit.audit import AuditOptions
from policy_audit.batch_result import BatchResult, GroupSummary
from policy_audit.departments import GroupBy, Grouping, check_groups_match, grouping, summarize
from policy_audit.discover import discover
from policy_audit.errors import DocumentProblem
from policy_audit.findings import AuditResult, DocumentInfo, Status
from policy_audit.scan import worker_audit
from policy_audit.scan.progress import NoProgress, Progress
from policy_audit.scan.worker_audit import AuditFn, file_size

if TYPE_CHECKING:
    from collections.abc import Iterator

    from policy_audit.processes.forked_call import ForkedCall
    from policy_audit.processes.pool import ErrorFn


class RunnerPool(Protocol):
    """What runs the documents a scan could not answer from the cache: the local ``Pool``'s interface."""

    def run(
        self, paths: Sequence[tuple[int, str]], on_start: Callable[[int, str], None] | None = None
    ) -> Iterator[tuple[int, AuditResult]]: ...


# (audit options, rules, error row maker, timeout) -> a pool: how ``--cluster`` takes the pool's place
Runner = Callable[[AuditOptions, object, "ErrorFn", "float | None"], RunnerPool]


@dataclass(frozen=True)
class ScanOptions:
    audit: AuditOptions = field(default_factory=AuditOptions)
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float | None = 300.0  # seconds per document; None or <= 0: no limit
    cache_dir: str | None = None  # None: no cache (--no-cache)
    group_by: GroupBy = GroupBy.folder
    groups_csv: str | None = None
    follow_links: bool = False  # follow symlinks that leave the scanned folders (--follow-links)


def error_row(standard: str, path: str, problem: DocumentProblem, reason: str, group: str = "") -> AuditResult:
    return AuditResult(
        document=DocumentInfo(path=path),
        standard=standard,
        status=Status.ERROR,
        problem=problem.value,
        reason=reason,
        group=group,
    )


def scan(
    paths: Sequence[str | os.PathLike[str]],
    options: ScanOptions = ScanOptions(),
    *,
    rules=None,
    load_rules: Callable[[], object] | None = None,
    audit_fn: AuditFn | None = None,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
    on_result: Callable[[AuditResult], None] | None = None,
    runner: Runner | None = None,
) -> BatchResult:
    """Audit every document the paths stand for. Never raises for a bad document.

    ``rules``, or ``load_rules`` to load them once the largest document is being read ahead
    (default: the built-in rules plus ``options.audit.rules_dirs``). ``on_result`` sees every row as
    it is final (a results stream); ``runner`` replaces the local pool (``scan.cluster``: Dask).
    """
    started = time.perf_counter()
    progress = progress or NoProgress()
    standard = options.audit.standard
    if rules is None and load_rules is None:
        from policy_audit.rulebook import load_rules as load_builtin

        load_rules = partial(load_builtin, options.audit.rules_dirs)
    groups: Grouping = grouping(options.group_by, options.groups_csv)

    found = discover(paths, follow_links=options.follow_links)
    for note in found.notes:
        if warn is not None:
            warn(note)
    inputs = found.inputs
    check_groups_match(groups, options.groups_csv, (item.path for item in inputs))
    results: list[AuditResult | None] = [None] * len(inputs)
    if rules is not None:
        digest = rules.digest
    else:
        from policy_audit.rulebook import rule_sources_digest

        digest = rule_sources_digest(options.audit.rules_dirs)  # the same hash, without loading
    cache = _open_cache(options, digest)
    prefetched: dict[str, ForkedCall] = {}
    hashes: dict[int, str] = {}
    todo: list[tuple[int, str]] = []
    interrupted = False
    cached = 0
    progress.start(len(inputs))
    try:
        for i, item in enumerate(inputs):
            group = groups.group_of(item.path)
            if not item.ok:
                assert item.problem is not None
                results[i] = row = error_row(standard, item.path, item.problem, item.reason, group)
                if on_result is not None:
                    on_result(row)
                progress.done(item.path)
                continue
            if cache is not None:
                try:
                    hashes[i] = cache.file_hash(item.path)
                except OSError:
                    pass  # the reader will say what is wrong with it
                hit = cache.get(hashes[i], item.path, group) if i in hashes else None
                if hit is not None:
                    results[i] = hit
                    cached += 1
                    if on_result is not None:
                        on_result(hit)
                    progress.done(item.path)
                    continue
            todo.append((i, item.path))

        if todo:
            # Largest documents first: a 600-page manual handed out last would keep one worker busy
            # while the others sit idle. Rows still come out in input order.
            todo.sort(key=lambda item: -file_size(item[1]))
            # Cores not taken by workers OCR scanned pages side by side.
            audit_options = replace(options.audit, ocr_jobs=max(1, (os.cpu_count() or 1) // max(1, options.jobs)))
            if audit_fn is None and runner is None:
                prefetched = worker_audit.prefetch_largest(todo, audit_options, options.jobs)
            if rules is None:
                assert load_rules is not None  # set at the start whenever no rules were given
                rules = load_rules()
            if audit_fn is None and runner is None:
                from policy_audit.cache import kept_regexes

                # The screens it compiles to warm the matcher are kept for the next run.
                with kept_regexes(options.cache_dir, rules, standard):
                    audit_fn = worker_audit.default_audit_fn(audit_options, rules, [inputs[i] for i, _ in todo])
                audit_fn = worker_audit.using_prefetch(audit_fn, dict(prefetched), rules, standard)
            from policy_audit.processes.pool import Pool

            timeout = options.timeout if options.timeout and options.timeout > 0 else None
            pool: Pool | RunnerPool
            if runner is not None:
                pool = runner(audit_options, rules, partial(_pool_error, standard), timeout)
            else:
                assert audit_fn is not None
                pool = Pool(
                    audit_fn, partial(_pool_error, standard), jobs=min(options.jobs, len(todo)), timeout=timeout
                )
            for i, result in pool.run(todo, on_start=lambda i, path: progress.working_on(path)):
                result = replace(
                    result,
                    document=replace(result.document, path=inputs[i].path),
                    group=groups.group_of(inputs[i].path),
                )
                results[i] = result
                if cache is not None and i in hashes:
                    cache.put(hashes[i], result)
                if on_result is not None:
                    on_result(result)
                progress.done(inputs[i].path)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        progress.stop()
        for handle in prefetched.values():
            handle.stop()
        if cache is not None:
            cache.save_hashes()
            cache.close()
    if rules is None:
        assert load_rules is not None  # set at the start whenever no rules were given
        rules = load_rules()  # everything came from the cache

    finished = tuple(r for r in results if r is not None)
    summaries: tuple[GroupSummary, ...] = ()
    if options.group_by is not GroupBy.none or groups.overrides:
        selected = rules.select(standard)
        summaries = summarize(finished, [(r.id, r.scale) for r in selected])
    return BatchResult(
        standard=standard,
        results=finished,
        groups=summaries,
        interrupted=interrupted,
        seconds=time.perf_counter() - started,
        cached=cached,
        skipped=tuple((s.path, s.reason) for s in found.skipped),
    )


def summary_line(batch: BatchResult) -> str:
    """The closing line on stderr: how many documents, by status; the numbers add up."""
    counts = batch.counts()
    n = len(batch.results)
    parts = ", ".join(f"{v} {k}" for k, v in counts.items() if v)
    gaps = sum(1 for r in batch.results if r.status is Status.OK and r.gaps)
    line = f"{n} document{'s' if n != 1 else ''}: {parts or 'none'}"
    if gaps:
        line += f"; {gaps} with gaps"
    if batch.cached:
        line += f"; {batch.cached} from the cache"
    if batch.skipped:
        line += f"; {len(batch.skipped)} file{'s' if len(batch.skipped) != 1 else ''} skipped"
    line += f"; {batch.seconds:.1f} s"
    if batch.interrupted:
        line = f"interrupted: kept the {line}"
    return line


def _pool_error(standard: str, path: str, problem: DocumentProblem, reason: str) -> AuditResult:
    return error_row(standard, path, problem, reason)


def _open_cache(options: ScanOptions, rules_digest: str):
    if options.cache_dir is None:
        return None
    from policy_audit.cache import ResultCache, options_fingerprint

    a = options.audit
    fingerprint = options_fingerprint(
        rules_digest=rules_digest, standard=a.standard, engine=a.engine, ocr=a.ocr, max_pages=a.max_pages
    )
    return ResultCache(options.cache_dir, fingerprint)
