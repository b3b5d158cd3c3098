"""`policy-audit scan`: many documents in parallel, one row each, grades per department."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import typer

from policy_audit.cli.app import app
from policy_audit.cli.handling import handles_errors
from policy_audit.cli.options import (
    Engine,
    EngineOption,
    MaxBytesOption,
    MaxMemoryOption,
    MaxPagesOption,
    OcrMode,
    OcrOption,
    RulesOption,
    StandardOption,
    audit_options,
)
from policy_audit.cli.output import emit, parse_format, terminal_width, use_color
from policy_audit.errors import UsageError


@app.command("scan")
@handles_errors
def scan_command(
    paths: list[str] = typer.Argument(..., help="Files, folders (searched recursively) or quoted globs."),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, json, jsonl, csv, markdown or html."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="A folder: summary.<ext>, summary.csv, and reports/<document>.<ext>."
    ),
    standard: str = StandardOption,
    engine: Engine = EngineOption,
    ocr: OcrMode = OcrOption,
    rules: list[Path] | None = RulesOption,
    max_pages: int = MaxPagesOption,
    max_bytes: str = MaxBytesOption,
    max_memory: str = MaxMemoryOption,
    jobs: int = typer.Option(os.cpu_count() or 1, "--jobs", "-j", min=1, help="Documents audited at once."),
    timeout: float = typer.Option(
        300.0, "--timeout", min=0, help="Seconds per document before it is stopped (0: none)."
    ),
    cache: Path | None = typer.Option(None, "--cache", help="Cache folder (default: the user cache folder)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write cached results."),
    group_by: str = typer.Option("folder", "--group-by", help="Departments by: folder, file or none."),
    groups: Path | None = typer.Option(None, "--groups", help="CSV with columns path,department."),
    follow_links: bool = typer.Option(
        False, "--follow-links", help="Follow symlinks that lead out of the scanned folders."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no closing summary line."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when gaps are found."),
) -> None:
    """Audit many documents (files, folders, globs) in parallel; one row per document, grades per department."""
    from policy_audit import exitcodes
    from policy_audit.cache import default_cache_dir, load_rules_cached
    from policy_audit.departments import GroupBy
    from policy_audit.provenance import Provenance
    from policy_audit.report import render_batch
    from policy_audit.report.output_folder import write_output_dir
    from policy_audit.scan import RichProgress, ScanOptions, scan, summary_line

    fmt = parse_format(format, "scan")
    if group_by not in {g.value for g in GroupBy}:
        raise UsageError(f"--group-by {group_by!r}: choose one of folder, file, none")
    options = ScanOptions(
        audit=audit_options(standard, engine, ocr, rules, max_pages, max_bytes, max_memory),
        jobs=jobs,
        timeout=timeout,
        cache_dir=None if no_cache else str(cache or default_cache_dir()),
        group_by=GroupBy(group_by),
        groups_csv=str(groups) if groups is not None else None,
        follow_links=follow_links,
    )
    progress = RichProgress() if not quiet and sys.stderr.isatty() and not os.environ.get("CI") else None
    warn = None if quiet else (lambda note: typer.echo(f"policy-audit: {note}", err=True))
    # scan loads the rules itself once the largest document is being read ahead (spaCy takes a while)
    load = functools.partial(load_rules_cached, options.cache_dir, options.audit.rules_dirs)
    batch = scan(paths, options, load_rules=load, progress=progress, warn=warn)
    ruleset = load()
    selected = ruleset.select(standard)
    if output is None:
        provenance = Provenance.now(rules_digest=ruleset.digest, standard=standard)
        report = render_batch(
            batch, selected, fmt, color=use_color(None), width=terminal_width(), provenance=provenance
        )
        emit(report, None)
    else:
        try:
            written = write_output_dir(batch, selected, fmt, output)
        except OSError as exc:
            raise UsageError(f"cannot write to {output}: {exc.strerror or exc}")
        typer.echo(f"policy-audit: wrote {len(written)} files to {output}", err=True)
    if not quiet:
        typer.echo(f"policy-audit: {summary_line(batch)}", err=True)
    if batch.interrupted:
        raise typer.Exit(int(exitcodes.ExitCode.INTERRUPTED))
    raise typer.Exit(int(exitcodes.for_results(batch.results, fail_on_gaps=not exit_zero)))
