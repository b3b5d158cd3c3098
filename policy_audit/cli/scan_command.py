"""`policy-audit scan`: many documents in parallel, one row each, grades per department."""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import replace
from pathlib import Path

import typer

from policy_audit.cli.app import app
from policy_audit.cli.documents import describe
from policy_audit.cli.handling import handles_errors
from policy_audit.cli.options import (
    CacheOption,
    ColorOption,
    Engine,
    EngineOption,
    MaxBytesOption,
    MaxMemoryOption,
    MaxPagesOption,
    NoCacheOption,
    OcrMode,
    OcrOption,
    QuietOption,
    RulesOption,
    StandardsOption,
    VerboseOption,
    audit_options,
    cache_folder,
    local_path,
    resolve_standards,
)
from policy_audit.cli.output import chosen_format, configure, detail, emit, note, stage, terminal_width, use_color
from policy_audit.cli.review_option import ReviewOption, load_review_option
from policy_audit.errors import UsageError


@app.command("scan")
@handles_errors
def scan_command(
    ctx: typer.Context,
    paths: list[str] | None = typer.Argument(
        None, help="Files, folders (searched recursively) or quoted globs (none with --manifest)."
    ),
    format: str = typer.Option(
        "terminal", "--format", "-f", help="terminal, json, jsonl, csv, markdown, html, sarif or xlsx (needs -o)."
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="A folder: departments.csv, summary.<ext>, summary.csv, provenance.json and reports/<document>.<ext>;"
        " or one file whose extension names the format (results.sarif, book.xlsx).",
    ),
    standard: list[str] | None = StandardsOption,
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
    cache: Path | None = CacheOption,
    no_cache: bool = NoCacheOption,
    group_by: str = typer.Option("folder", "--group-by", help="Departments by: folder, file or none."),
    groups: Path | None = typer.Option(None, "--groups", help="CSV with columns path,department."),
    follow_links: bool = typer.Option(
        False, "--follow-links", help="Follow symlinks that lead out of the scanned folders."
    ),
    quiet: bool = QuietOption,
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when gaps are found."),
    timings: bool = typer.Option(
        False, "--timings", help="Add seconds per document and the cache count (two runs then differ)."
    ),
    review: Path | None = ReviewOption,
    verbose: bool = VerboseOption,
    color: bool | None = ColorOption,
    cluster: str | None = typer.Option(
        None, "--cluster", help="Audit on Dask: a scheduler address (tcp://host:8786) or local (--jobs workers)."
    ),
    manifest: Path | None = typer.Option(
        None, "--manifest", help="CSV: path, department, state, agency_id[, effective_date]; instead of PATHS."
    ),
    results: Path | None = typer.Option(
        None,
        "--results",
        help="JSONL of rows as they finish; a re-run skips them (-o with --cluster/--manifest: results.jsonl).",
    ),
) -> None:
    """Audit many documents (files, folders, globs) in parallel; one row per document, grades per department."""
    from policy_audit import exitcodes
    from policy_audit.cache import load_rules_cached
    from policy_audit.cli.scale import scan_at_scale
    from policy_audit.departments import GroupBy
    from policy_audit.provenance import Provenance
    from policy_audit.report import Format, format_for_path, get_formatter
    from policy_audit.report.output_folder import write_output_dir
    from policy_audit.report.requirements import requirement_gaps
    from policy_audit.review import apply_to_batch
    from policy_audit.rulebook import load_rules
    from policy_audit.scan import RichProgress, ScanOptions, scan, summary_line

    voice = configure(quiet, verbose, color)
    quiet = voice.quiet
    if not paths and manifest is None:
        raise UsageError("nothing to scan: give files, folders or globs, or --manifest agencies.csv")
    paths = [local_path(p) for p in paths or []]
    one_file = output is not None and format_for_path(output) is not None and not output.is_dir()
    fmt = chosen_format(ctx, format, output if one_file else None, "scan")
    if fmt is Format.XLSX:
        from policy_audit.report.xlsx_format import require_openpyxl

        if output is None:
            raise UsageError("--format xlsx writes a workbook: give -o FOLDER or -o FILE.xlsx")
        require_openpyxl()  # before the scan, not after minutes of it
    selection = resolve_standards(standard, rules)
    audited = selection.audit_standard(load_rules(tuple(str(p) for p in rules or ())) if selection.profiles else None)
    if group_by not in {g.value for g in GroupBy}:
        raise UsageError(f"--group-by {group_by!r}: choose one of folder, file, none")
    options = ScanOptions(
        audit=audit_options(audited, engine, ocr, rules, max_pages, max_bytes, max_memory),
        jobs=jobs,
        timeout=timeout,
        cache_dir=cache_folder(cache, no_cache),
        group_by=GroupBy(group_by),
        groups_csv=str(groups) if groups is not None else None,
        follow_links=follow_links,
    )
    progress = RichProgress() if not quiet and sys.stderr.isatty() and not os.environ.get("CI") else None
    warn = None if quiet else note
    # scan loads the rules itself once the largest document is being read ahead (spaCy takes a while)
    load = functools.partial(load_rules_cached, options.cache_dir, options.audit.rules_dirs)
    review_file, decisions = load_review_option(review)  # a bad review file fails before the work
    with stage("scan"):
        if cluster is None and manifest is None and results is None:
            scanned = scan(paths, options, load_rules=load, progress=progress, warn=warn)
        else:
            scanned = scan_at_scale(paths, options, load, cluster, manifest, results, output, quiet=quiet, warn=warn)
        batch = apply_to_batch(scanned, decisions, review_file)
    for result in batch.results:
        for line in describe(result):
            detail(line)
    ruleset = load()
    selected = selection.shown_rules(ruleset)
    batch = replace(
        batch, standard=selection.label, results=tuple(selection.shown_result(r, ruleset) for r in batch.results)
    )
    profiles = selection.profiles
    provenance = Provenance.now(rules_digest=ruleset.digest, standard=selection.label)
    with stage("report"):
        if fmt is Format.XLSX and output is not None and (one_file or output.suffix.lower() == ".xlsx"):
            from policy_audit.report.xlsx_format import write_workbook

            try:
                output.parent.mkdir(parents=True, exist_ok=True)
                write_workbook(batch, selected, output, provenance=provenance, timings=timings)
            except OSError as exc:
                raise UsageError(f"cannot write {output}: {exc.strerror or exc}")
            note(f"wrote {output}")
        elif output is None or one_file:
            formatter = get_formatter(
                fmt,
                color=use_color(output),
                width=terminal_width(),
                provenance=provenance,
                timings=timings,
                profiles=profiles,
            )
            emit(formatter.render_batch(batch, selected), output)
        else:
            try:
                written = write_output_dir(
                    batch, selected, fmt, output, provenance=provenance, timings=timings, profiles=profiles
                )
            except OSError as exc:
                raise UsageError(f"cannot write to {output}: {exc.strerror or exc}")
            note(f"wrote {len(written)} files to {output}")
    if not quiet:
        typer.echo(f"policy-audit: {summary_line(batch)}", err=True)
    if batch.interrupted:
        raise typer.Exit(int(exitcodes.ExitCode.INTERRUPTED))
    code = exitcodes.for_results(batch.results, fail_on_gaps=not exit_zero)
    if (
        code is exitcodes.ExitCode.OK
        and not exit_zero
        and any(requirement_gaps(profiles, r, ruleset) for r in batch.results)
    ):
        code = exitcodes.ExitCode.GAPS
    raise typer.Exit(int(code))
