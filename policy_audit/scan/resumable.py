"""A scan for national runs: from a manifest, rows streamed to JSONL as they finish, resumable.

``batch.scan`` does the auditing (cache, pool or ``runner``: the Dask cluster); this wraps it:

1. with a :class:`~policy_audit.scan.manifest.Manifest`, its paths are the inputs and its
   departments the groups (the manifest is also a ``--groups`` file: path and department columns);
2. with a results file, every input is hashed, and those whose (sha256, options fingerprint) the
   file already holds are not audited again: their rows come from the file;
3. every new row is labelled with its agency and appended to the file the moment it is final;
4. at the end the rows are put back in input order, the departments summed over old and new rows
   alike, and Parquet written from the JSONL.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from policy_audit.batch_result import BatchResult
from policy_audit.departments import GroupBy, summarize
from policy_audit.discover import discover
from policy_audit.findings import AuditResult
from policy_audit.scan.batch import Runner, ScanOptions, scan
from policy_audit.scan.manifest import Manifest
from policy_audit.scan.results_stream import ResultsStream, StreamedRow, done_rows, read_rows, write_parquet


@dataclass(frozen=True)
class Resumed:
    """What a resumable scan did: the batch (old rows and new), and how many rows came from the file."""

    batch: BatchResult
    skipped: int = 0
    results_file: str = ""
    parquet: str = ""


def fingerprint_of(options: ScanOptions) -> str:
    from policy_audit.cache import options_fingerprint
    from policy_audit.rulebook import rule_sources_digest

    a = options.audit
    return options_fingerprint(
        rules_digest=rule_sources_digest(a.rules_dirs),
        standard=a.standard,
        engine=a.engine,
        ocr=a.ocr,
        max_pages=a.max_pages,
    )


def resumable_scan(
    paths: Sequence[str | os.PathLike[str]],
    options: ScanOptions,
    *,
    manifest: Manifest | None = None,
    results_file: str | os.PathLike[str] | None = None,
    load_rules: Callable[[], object],
    runner: Runner | None = None,
    on_result: Callable[[AuditResult], None] | None = None,
    on_skipped: Callable[[int], None] | None = None,
    progress=None,
    warn: Callable[[str], None] | None = None,
) -> Resumed:
    """Audit ``paths`` (or the manifest's) as ``scan`` does, streaming to and resuming from ``results_file``."""
    if manifest is not None:
        paths = list(manifest.paths)
        options = replace(options, groups_csv=manifest.source)
    label = manifest.label if manifest is not None else (lambda r: r)
    fingerprint = fingerprint_of(options)

    found = discover(paths)
    for note in found.notes:
        if warn is not None:
            warn(note)
    order = {os.path.realpath(i.path): n for n, i in enumerate(found.inputs)}
    hashes = _hashes([i.path for i in found.inputs if i.ok]) if results_file is not None else {}
    previous = done_rows(read_rows(results_file), fingerprint) if results_file is not None else {}
    kept: list[AuditResult] = []
    todo: list[str] = []
    for item in found.inputs:
        row = previous.get(hashes.get(os.path.realpath(item.path), ""))
        if row is not None:
            kept.append(label(replace(row.result, document=replace(row.result.document, path=item.path))))
        else:
            todo.append(item.path)
    if on_skipped is not None and kept:
        on_skipped(len(kept))

    def finished(result: AuditResult) -> None:
        result = label(result)
        if stream is not None:
            stream.write(hashes.get(os.path.realpath(result.document.path), ""), result)
        if on_result is not None:
            on_result(result)

    stream = ResultsStream(results_file, fingerprint) if results_file is not None else None
    if stream is not None:
        stream.__enter__()
    try:
        if todo:
            batch = scan(todo, options, load_rules=load_rules, runner=runner, on_result=finished, progress=progress)
        else:
            batch = BatchResult(standard=options.audit.standard, results=())
    finally:
        if stream is not None:
            stream.__exit__(None, None, None)

    merged = sorted(
        (*kept, *(label(r) for r in batch.results)),
        key=lambda r: order.get(os.path.realpath(r.document.path), len(order)),
    )
    groups = batch.groups
    if kept and (options.group_by is not GroupBy.none or manifest is not None):
        selected = load_rules().select(options.audit.standard)  # type: ignore[attr-defined]
        groups = summarize(merged, [(r.id, r.scale) for r in selected])
    merged_batch = replace(batch, results=tuple(merged), groups=groups)
    parquet = ""
    if results_file is not None and not batch.interrupted:
        parquet = str(_write_parquet(Path(results_file), fingerprint, load_rules, options) or "")
    return Resumed(merged_batch, len(kept), str(results_file or ""), parquet)


def _hashes(paths: list[str]) -> dict[str, str]:
    from policy_audit.cache import file_sha256

    out: dict[str, str] = {}
    for path in paths:
        try:
            out[os.path.realpath(path)] = file_sha256(path)
        except OSError:
            pass  # the reader says what is wrong with it
    return out


def _write_parquet(
    jsonl: Path, fingerprint: str, load_rules: Callable[[], object], options: ScanOptions
) -> Path | None:
    # One row per document: a file audited again (its bytes changed) keeps its latest row.
    latest: dict[str, StreamedRow] = {}
    for row in read_rows(jsonl):
        if row.fingerprint == fingerprint:
            latest[os.path.realpath(row.result.document.path)] = row
    rows = list(latest.values())
    selected = load_rules().select(options.audit.standard)  # type: ignore[attr-defined]
    return write_parquet(rows, jsonl.with_suffix(".parquet"), tuple(r.id for r in selected))
