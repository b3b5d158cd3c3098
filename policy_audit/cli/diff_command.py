"""`policy-audit diff OLD NEW`: two revisions of a policy (or two scans) compared criterion by criterion."""

from __future__ import annotations

from pathlib import Path

import typer

from policy_audit.cli.app import app
from policy_audit.cli.handling import handles_errors
from policy_audit.cli.options import (
    ColorOption,
    Engine,
    EngineOption,
    MaxBytesOption,
    MaxMemoryOption,
    MaxPagesOption,
    OcrMode,
    OcrOption,
    QuietOption,
    RulesOption,
    VerboseOption,
    audit_options,
)
from policy_audit.cli.output import configure, emit, terminal_width, use_color
from policy_audit.cli.review_option import ReviewOption, load_review_option


@app.command("diff")
@handles_errors
def diff_command(
    old: Path = typer.Argument(..., help="The earlier revision: a document, or a scan output folder (summary.json)."),
    new: Path = typer.Argument(..., help="The later revision: a document, or a scan output folder."),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, markdown, html or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the comparison to this file."),
    # A monitor compares every element the tool knows (the statute elements too: a report deadline
    # removed between drafts is a change to report), not only the advocate's core criteria.
    standard: str = typer.Option(
        "statutes",
        "--standard",
        "-s",
        help="Which criteria: statutes (core + statute elements, the default), core, 8cantwait, all.",
    ),
    engine: Engine = EngineOption,
    ocr: OcrMode = OcrOption,
    rules: list[Path] | None = RulesOption,
    max_pages: int = MaxPagesOption,
    max_bytes: str = MaxBytesOption,
    max_memory: str = MaxMemoryOption,
    review: Path | None = ReviewOption,
    quiet: bool = QuietOption,
    verbose: bool = VerboseOption,
    color: bool | None = ColorOption,
) -> None:
    """What changed between two revisions: grades before and after, both quotes, and the changes in
    words. Exit 1 when any criterion got weaker (so it can gate a policy release), else 0."""
    from policy_audit.diff import load_diff
    from policy_audit.exitcodes import ExitCode
    from policy_audit.provenance import Provenance
    from policy_audit.report.diff_render import parse_diff_format, render_diff
    from policy_audit.rulebook import load_rules

    configure(quiet, verbose, color)
    fmt = parse_diff_format(format)
    options = audit_options(standard, engine, ocr, rules, max_pages, max_bytes, max_memory)
    review_file, decisions = load_review_option(review)
    diff = load_diff(old, new, options, decisions, review_file)
    provenance = Provenance.now(rules_digest=load_rules(options.rules_dirs).digest, standard=standard)
    color = use_color(output) and fmt == "terminal"
    emit(render_diff(diff, fmt, color=color, width=terminal_width(), provenance=provenance), output)
    raise typer.Exit(int(ExitCode.GAPS if diff.weaker else ExitCode.OK))
