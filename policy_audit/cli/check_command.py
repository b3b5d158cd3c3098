"""`policy-audit check`: one document, every criterion."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from policy_audit.cli.app import app
from policy_audit.cli.documents import as_given, check_each, describe, input_document
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
    resolve_standards,
)
from policy_audit.cli.output import chosen_format, configure, detail, emit, note, stage, terminal_width, use_color
from policy_audit.cli.review_option import ReviewOption, load_review_option

if TYPE_CHECKING:
    from policy_audit.report import Format
    from policy_audit.rulebook import RuleSet


@app.command()
@handles_errors
def check(
    ctx: typer.Context,
    document: Path = typer.Argument(..., help="The policy document: PDF, DOCX, HTML, TXT or MD; - reads stdin."),
    more: list[Path] | None = typer.Argument(
        None, help="More documents, each checked as if alone (a pre-commit hook)."
    ),
    format: str = typer.Option(
        "terminal",
        "--format",
        "-f",
        help="terminal, json, markdown, html, sarif or card (one printable page; -o also writes a PNG).",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Write the report to this file (its extension picks the format: .html, .md, .json, .sarif, .txt).",
    ),
    standard: list[str] | None = StandardsOption,
    engine: Engine = EngineOption,
    ocr: OcrMode = OcrOption,
    rules: list[Path] | None = RulesOption,
    max_pages: int = MaxPagesOption,
    max_bytes: str = MaxBytesOption,
    max_memory: str = MaxMemoryOption,
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when gaps are found."),
    department: str = typer.Option(
        "", "--department", help='Title the report: "Springfield (IL) Police Department" (default: the file\'s name).'
    ),
    summary: bool = typer.Option(False, "--summary", help="Terminal: only the bottom line and the table."),
    review: Path | None = ReviewOption,
    timeout: float = typer.Option(300.0, "--timeout", min=0, help="Seconds before the audit is stopped (0: none)."),
    cache: Path | None = CacheOption,
    no_cache: bool = NoCacheOption,
    quiet: bool = QuietOption,
    verbose: bool = VerboseOption,
    color: bool | None = ColorOption,
) -> None:
    """Audit one document and report every criterion: grade, quote, page, and what is missing."""
    from policy_audit.cli.time_limit import audit_within
    from policy_audit.errors import UsageError
    from policy_audit.report import Format
    from policy_audit.rulebook import load_rules

    if more:
        raise typer.Exit(check_each(ctx, [document, *more], output))
    configure(quiet, verbose, color)
    fmt = chosen_format(ctx, format, output, "check")
    if summary and fmt is not Format.TERMINAL:
        raise UsageError(f"--summary is for the terminal report, not --format {fmt.value}")
    selection = resolve_standards(standard, rules)
    audited = selection.audit_standard(load_rules(tuple(str(p) for p in rules or ())) if selection.profiles else None)
    options = audit_options(audited, engine, ocr, rules, max_pages, max_bytes, max_memory)
    review_file, decisions = load_review_option(review)  # a bad review file fails before the work
    with stage("audit"), input_document(document) as path:
        result = as_given(
            audit_within(
                path,
                options,
                timeout,
                while_reading=lambda: _import_report_modules(fmt),
                preparing=functools.partial(_prepared_rules, cache, no_cache),
            ),
            document,
        )
    from policy_audit import exitcodes
    from policy_audit.cache import load_rules_cached
    from policy_audit.findings import Status
    from policy_audit.provenance import Provenance
    from policy_audit.report import get_formatter
    from policy_audit.report.requirements import requirement_gaps
    from policy_audit.review import apply_to_result

    result = apply_to_result(result, decisions, review_file)
    for line in describe(result):
        detail(line)
    # Loaded while the document was read; from the cache's JSON again, or from load_rules's memory.
    ruleset = load_rules_cached(cache_folder(cache, no_cache), options.rules_dirs)
    if result.status is not Status.OK:
        typer.echo(f"policy-audit: {result.document.path}: {result.reason}", err=True)
        if fmt is Format.TERMINAL:
            raise typer.Exit(int(exitcodes.for_results([result])))
    shown = selection.shown_result(result, ruleset)
    color = use_color(output) and fmt is Format.TERMINAL  # --color's value is kept by configure()
    provenance = Provenance.now(rules_digest=ruleset.digest, standard=selection.label)
    with stage("report"):
        formatter = get_formatter(
            fmt,
            color=color,
            width=terminal_width(),
            provenance=provenance,
            department=department,
            summary=summary,
            profiles=selection.profiles,
        )
        emit(formatter.render_check(shown, selection.shown_rules(ruleset)), output)
    if fmt is Format.CARD:
        _card_picture(output)
    code = exitcodes.for_results([shown], fail_on_gaps=not exit_zero)
    if code is exitcodes.ExitCode.OK and not exit_zero and requirement_gaps(selection.profiles, shown, ruleset):
        code = exitcodes.ExitCode.GAPS
    if code is exitcodes.ExitCode.GAPS:
        note(_why_gaps(shown))
    raise typer.Exit(int(code))


def _prepared_rules(cache: Path | None, no_cache: bool, rules_dirs: tuple[str, ...], standard: str) -> RuleSet:
    """The rules and the matcher from the cache, looked up once the reader is forked (the cache's
    modules and the user's cache folder would cost the reader's start 25 ms)."""
    from policy_audit.cache import prepared_rules
    from policy_audit.processes import collector

    rules = prepared_rules(cache_folder(cache, no_cache), rules_dirs, standard)
    collector.settle()  # spaCy, the rules and the matcher: kept to the end, and copied to the grading fork
    return rules


def _import_report_modules(fmt: Format) -> None:
    """What the report needs, imported while the document is read: before, these imports would hold
    up the reader's start; after, one core would import them while the other has nothing to do."""
    import policy_audit.provenance
    import policy_audit.report.requirements
    import policy_audit.review  # noqa: F401
    from policy_audit.report import import_formatter

    import_formatter(fmt)


def _why_gaps(result) -> str:
    """Why check exits 1, in a sentence: a script's author sees a failure, an advocate the reason."""
    gaps = len(result.gaps)
    total = len(result.findings)
    if not gaps:
        return "exit 1 because requirements of the standard are partly met or not met; --exit-zero exits 0 anyway"
    return (
        f"exit 1 because {gaps} of {total} criteria {'are gaps' if gaps != 1 else 'is a gap'} "
        "(weak, absent or not met); "
        "--exit-zero exits 0 anyway"
    )


def _card_picture(output: Path | None) -> None:
    """The card's PNG beside its HTML, when Chromium is installed; either way stderr says what happened."""
    from policy_audit.report.card import write_png

    if output is None:
        note("the card's PNG is written beside -o FILE.html only")
        return
    png, why_not = write_png(output)
    if png is None:
        note(f"{output.with_suffix('.png')} not written: {why_not}")
    else:
        note(f"wrote {png} (the card as a picture)")
