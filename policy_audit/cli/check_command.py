"""`policy-audit check`: one document, every criterion."""

from __future__ import annotations

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


@app.command()
@handles_errors
def check(
    document: Path = typer.Argument(..., help="The policy document: PDF, DOCX, HTML, TXT or MD."),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, json, markdown or html."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    standard: str = StandardOption,
    engine: Engine = EngineOption,
    ocr: OcrMode = OcrOption,
    rules: list[Path] | None = RulesOption,
    max_pages: int = MaxPagesOption,
    max_bytes: str = MaxBytesOption,
    max_memory: str = MaxMemoryOption,
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when gaps are found."),
    timeout: float = typer.Option(300.0, "--timeout", min=0, help="Seconds before the audit is stopped (0: none)."),
) -> None:
    """Audit one document and report every criterion: grade, quote, page, and what is missing."""
    from policy_audit import exitcodes
    from policy_audit.cli.time_limit import audit_within
    from policy_audit.findings import Status
    from policy_audit.provenance import Provenance
    from policy_audit.report import Format, render_check
    from policy_audit.rulebook import load_rules

    fmt = parse_format(format, "check")
    options = audit_options(standard, engine, ocr, rules, max_pages, max_bytes, max_memory)
    result = audit_within(document, options, timeout)
    ruleset = load_rules(options.rules_dirs)  # already loaded (and cached) while the document was read
    if result.status is not Status.OK:
        typer.echo(f"policy-audit: {result.document.path}: {result.reason}", err=True)
        if fmt is Format.TERMINAL:
            raise typer.Exit(int(exitcodes.for_results([result])))
    color = use_color(output) and fmt is Format.TERMINAL
    provenance = Provenance.now(rules_digest=ruleset.digest, standard=standard)
    report = render_check(
        result, ruleset.select(standard), fmt, color=color, width=terminal_width(), provenance=provenance
    )
    emit(report, output)
    raise typer.Exit(int(exitcodes.for_results([result], fail_on_gaps=not exit_zero)))
