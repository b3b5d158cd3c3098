"""``scan``'s national-scale options (issue #16): ``--cluster``, ``--manifest``, ``--results``.

The glue between the command line and :func:`policy_audit.scan.resumable.resumable_scan`: where
the results file goes, which progress to show, the Dask dashboard's address, how many rows an
earlier run had already written. Without these options ``scan`` never comes here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import typer

from policy_audit.batch_result import BatchResult
from policy_audit.errors import UsageError
from policy_audit.scan.batch import ScanOptions


def _say(message: str) -> None:
    typer.echo(f"policy-audit: {message}", err=True)


def results_path(results: Path | None, output: Path | None) -> Path | None:
    """``--results`` as given (a folder: results.jsonl in it), else results.jsonl in ``-o``'s folder."""
    from policy_audit.scan.results_stream import JSONL_NAME

    if results is not None:
        return results / JSONL_NAME if results.is_dir() else results
    return output / JSONL_NAME if output is not None else None


def scan_at_scale(
    paths: list[str],
    options: ScanOptions,
    load_rules: Callable[[], object],
    cluster: str | None,
    manifest_csv: Path | None,
    results: Path | None,
    output: Path | None,
    *,
    quiet: bool,
    warn: Callable[[str], None] | None,
) -> BatchResult:
    from policy_audit.scan.manifest import read_manifest
    from policy_audit.scan.resumable import resumable_scan
    from policy_audit.scan.scale_progress import ScaleCounts, ScaleProgress

    if manifest_csv is not None and paths:
        raise UsageError("give either files and folders or --manifest, not both")
    manifest = read_manifest(manifest_csv) if manifest_csv is not None else None
    jsonl = results_path(results, output)
    live = not quiet and sys.stderr.isatty() and not os.environ.get("CI")
    counts = ScaleCounts()
    progress = ScaleProgress(counts) if live else None

    def skipped(n: int) -> None:
        counts.skipped = n
        if not quiet:
            _say(f"skipping {n} document{'s' if n != 1 else ''} already in {jsonl} (same file, rules and options)")

    connection = None
    runner = None
    if cluster is not None:
        from policy_audit.scan.cluster import cluster_runner, connect

        connection = connect(cluster, options.jobs)
        runner = cluster_runner(connection, counts)
        if not quiet:
            where = "a local cluster" if connection.cluster is not None else cluster
            _say(f"Dask: {connection.workers} workers on {where}; dashboard {connection.dashboard or '(none)'}")
    try:
        done = resumable_scan(
            paths,
            options,
            manifest=manifest,
            results_file=jsonl,
            load_rules=load_rules,
            runner=runner,
            on_result=progress.row if progress is not None else counts.add,
            on_skipped=skipped,
            progress=progress,
            warn=warn,
        )
    finally:
        if connection is not None:
            connection.close()
    counts.total = len(done.batch.results)
    if not quiet:
        if done.results_file:
            _say(f"rows in {done.results_file}" + (f"; Parquet in {done.parquet}" if done.parquet else ""))
        _say(counts.line())
    return done.batch
