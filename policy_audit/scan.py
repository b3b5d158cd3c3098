"""Batch audits: many documents in, one :class:`BatchResult` out.

``scan`` discovers the inputs (``policy_audit.discover``), answers what it can from the cache
(``policy_audit.cache``) without loading anything heavy, audits the rest in forked workers with a
per-document time limit (``policy_audit.workers``), and groups the results into departments
(``policy_audit.departments``). Every input becomes exactly one result row, errors included, in
sorted input order; Ctrl-C keeps the rows that finished and marks the batch ``interrupted``.

``write_output_dir`` lays out ``--output DIR``: the summary in the chosen format, ``summary.csv``
always, and one report per document under ``reports/``.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Callable, Protocol, Sequence

from policy_audit.audit import AuditOptions
from policy_audit.departments import GroupBy, Grouping, grouping, summarize
from policy_audit.discover import Input, discover
from policy_audit.errors import DocumentProblem, PolicyAuditError
from policy_audit.findings import AuditResult, BatchResult, DocumentInfo, Status

AuditFn = Callable[[str], AuditResult]


@dataclass(frozen=True)
class ScanOptions:
    audit: AuditOptions = field(default_factory=AuditOptions)
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float | None = 300.0  # seconds per document; None or <= 0: no limit
    cache_dir: str | None = None  # None: no cache (--no-cache)
    group_by: GroupBy = GroupBy.folder
    groups_csv: str | None = None


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def working_on(self, path: str) -> None: ...
    def done(self, path: str) -> None: ...
    def stop(self) -> None: ...


class NoProgress:
    def start(self, total: int) -> None:
        pass

    def working_on(self, path: str) -> None:
        pass

    def done(self, path: str) -> None:
        pass

    def stop(self) -> None:
        pass


class RichProgress:
    """A progress bar on stderr: documents done / total, elapsed, ETA, and the file being read."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("scanning"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[current]}", style="dim"),
            console=Console(stderr=True),
            transient=False,
        )
        self._task = None

    def start(self, total: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("scan", total=total, current="")

    def working_on(self, path: str) -> None:
        name = os.path.basename(path)
        self._progress.update(self._task, current=name if len(name) <= 40 else name[:37] + "...")

    def done(self, path: str) -> None:
        self._progress.advance(self._task)

    def stop(self) -> None:
        if self._task is not None:
            self._progress.update(self._task, current="")
        self._progress.stop()


def error_row(standard: str, path: str, problem: DocumentProblem, reason: str, group: str = "") -> AuditResult:
    return AuditResult(
        document=DocumentInfo(path=path),
        standard=standard,
        status=Status.ERROR,
        problem=problem.value,
        reason=reason,
        group=group,
    )


# A document at least this large is read ahead (see _prefetch_largest); below it a fork costs more
# than the overlap saves.
PREFETCH_MIN_BYTES = 1 << 20


def _prefetch_largest(todo: list[tuple[int, str]], audit_options: AuditOptions, jobs: int) -> dict[str, object]:
    """Start reading the largest document in a forked process before spaCy and the rules load.

    Loading them takes the parent most of a second on one core while the other sits idle; a
    600-page manual needs about that long to read. The pool worker that is handed the manual takes
    the sentences from the prefetch (it inherits the pipe) and only grades them. Only with
    ``--jobs`` 2 or more: ``--jobs 1`` means one process at a time.
    """
    from policy_audit.forking import ForkedCall, can_fork

    if jobs < 2 or len(todo) < 2 or not can_fork():
        return {}
    path = todo[0][1]
    if _file_size(path) < PREFETCH_MIN_BYTES:
        return {}
    from policy_audit.audit import read_and_split

    return {path: ForkedCall(partial(read_and_split, Path(path), audit_options))}


def _using_prefetch(audit_fn: AuditFn, prefetched: dict[str, object], rules, standard: str) -> AuditFn:
    if not prefetched:
        return audit_fn

    def audit(path: str) -> AuditResult:
        from policy_audit.audit import audit_document
        from policy_audit.forking import ForkedCallFailed

        handle = prefetched.pop(path, None)
        if handle is None:
            return audit_fn(path)
        started = time.perf_counter()
        try:
            doc, doc_sentences = handle.take()
        except (PolicyAuditError, ForkedCallFailed):
            return audit_fn(path)  # read it again here: the usual path reports what is wrong with it
        result = audit_document(doc, rules, standard, doc_sentences)
        return replace(result, seconds=time.perf_counter() - started)

    return audit


def default_audit_fn(audit_options: AuditOptions, rules, inputs: Sequence[Input]) -> AuditFn:
    """``audit_path`` with these options, after loading in the parent what every worker needs, so
    that the forked workers inherit it instead of each importing spaCy and a PDF library again."""
    from policy_audit import nlp
    from policy_audit.audit import audit_path

    nlp.preload()
    _warm_matcher(audit_options.standard, rules)
    if any(i.path.lower().endswith(".pdf") for i in inputs) and audit_options.engine == "pdfium":
        try:
            import pypdfium2  # noqa: F401
        except ImportError:
            pass
    return partial(audit_path, options=audit_options, rules=rules)


def _warm_matcher(standard: str, rules) -> None:
    """Grade a one-line document in the parent: the matcher compiles its patterns on first use, and
    doing it here means every forked worker (replacements included) starts with them compiled."""
    from policy_audit.audit import audit_document
    from policy_audit.document import Document, Page

    doc = Document(path="<warm-up>", format="text", engine="text", pages=(Page(1, "Officers shall intervene."),))
    try:
        audit_document(doc, rules, standard)
    except Exception:
        pass  # a broken matcher is reported per document by audit_path, not here


def scan(
    paths: Sequence[str | os.PathLike[str]],
    options: ScanOptions = ScanOptions(),
    *,
    rules=None,
    load_rules: Callable[[], object] | None = None,
    audit_fn: AuditFn | None = None,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
) -> BatchResult:
    """Audit every document the paths stand for. Never raises for a bad document.

    ``rules``, or ``load_rules`` to load them once the largest document is being read ahead
    (default: the built-in rules plus ``options.audit.rules_dirs``).
    """
    started = time.perf_counter()
    progress = progress or NoProgress()
    standard = options.audit.standard
    if rules is None and load_rules is None:
        from policy_audit.rulebook import load_rules as load_builtin

        load_rules = partial(load_builtin, options.audit.rules_dirs)
    groups: Grouping = grouping(options.group_by, options.groups_csv)

    found = discover(paths)
    for note in found.notes:
        if warn is not None:
            warn(note)
    inputs = found.inputs
    results: list[AuditResult | None] = [None] * len(inputs)
    if rules is not None:
        digest = rules.digest
    else:
        from policy_audit.rulebook import rule_sources_digest

        digest = rule_sources_digest(options.audit.rules_dirs)  # the same hash, without loading
    cache = _open_cache(options, digest)
    prefetched: dict[str, object] = {}
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
                results[i] = error_row(standard, item.path, item.problem, item.reason, group)
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
                    progress.done(item.path)
                    continue
            todo.append((i, item.path))

        if todo:
            # Largest documents first: a 600-page manual handed out last would keep one worker busy
            # while the others sit idle. Rows still come out in input order.
            todo.sort(key=lambda item: -_file_size(item[1]))
            # Cores not taken by workers OCR scanned pages side by side.
            audit_options = replace(options.audit, ocr_jobs=max(1, (os.cpu_count() or 1) // max(1, options.jobs)))
            if audit_fn is None:
                prefetched = _prefetch_largest(todo, audit_options, options.jobs)
            if rules is None:
                rules = load_rules()
            if audit_fn is None:
                audit_fn = default_audit_fn(audit_options, rules, [inputs[i] for i, _ in todo])
                audit_fn = _using_prefetch(audit_fn, dict(prefetched), rules, standard)
            from policy_audit.workers import Pool

            timeout = options.timeout if options.timeout and options.timeout > 0 else None
            pool = Pool(audit_fn, partial(_pool_error, standard), jobs=min(options.jobs, len(todo)), timeout=timeout)
            for i, result in pool.run(todo, on_start=lambda i, path: progress.working_on(path)):
                result = replace(result, document=replace(result.document, path=inputs[i].path), group=groups.group_of(inputs[i].path))
                results[i] = result
                if cache is not None and i in hashes:
                    cache.put(hashes[i], result)
                progress.done(inputs[i].path)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        progress.stop()
        for handle in prefetched.values():
            handle.stop()
        if cache is not None:
            cache.save_hashes()
    if rules is None:
        rules = load_rules()  # everything came from the cache

    finished = tuple(r for r in results if r is not None)
    summaries = ()
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
    )


def _file_size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


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


# -- --output DIR -------------------------------------------------------------------------------

EXTENSIONS = {
    "terminal": "txt",
    "json": "json",
    "jsonl": "jsonl",
    "csv": "csv",
    "markdown": "md",
    "html": "html",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME = 120


def report_names(paths: Sequence[str]) -> list[str]:
    """A unique, filesystem-safe file stem per document (no extension), stable for the same inputs.

    Built from the path below the inputs' common folder, so ``bloomington/101.pdf`` and
    ``springfield/101.pdf`` stay apart; unique even on case-insensitive file systems.
    """
    absolute = [os.path.abspath(p) for p in paths]
    try:
        common = os.path.commonpath([os.path.dirname(p) for p in absolute]) if absolute else ""
    except ValueError:
        common = ""
    names: list[str] = []
    taken: set[str] = set()
    for p in absolute:
        rel = os.path.relpath(p, common) if common else p
        stem = _UNSAFE.sub("_", rel.replace(os.sep, "__")).strip("._") or "document"
        stem = stem[:_MAX_NAME]
        candidate, n = stem, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{stem[:_MAX_NAME - 6]}-{n}"
        taken.add(candidate.lower())
        names.append(candidate)
    return names


def write_output_dir(batch: BatchResult, rules, fmt, out_dir: Path) -> list[Path]:
    """Write summary.<ext> (chosen format), summary.csv, and reports/<name>.<ext> per document."""
    from policy_audit.report import Format, formats_for, render_batch, render_check

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(path: Path, text: str) -> None:
        path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        written.append(path)

    summary_formats = [fmt] + ([Format.CSV] if fmt is not Format.CSV else [])
    for f in summary_formats:
        write(out_dir / f"summary.{EXTENSIONS[f.value]}", render_batch(batch, rules, f, color=False, width=100))
    doc_fmt = fmt if fmt in formats_for("check") else Format.JSON
    reports = out_dir / "reports"
    reports.mkdir(exist_ok=True)
    names = report_names([r.document.path for r in batch.results])
    for result, name in zip(batch.results, names):
        write(reports / f"{name}.{EXTENSIONS[doc_fmt.value]}", render_check(result, rules, doc_fmt, color=False, width=100))
    return written
