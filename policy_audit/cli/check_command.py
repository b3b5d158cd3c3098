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
    StandardsOption,
    audit_options,
    resolve_standards,
)
from policy_audit.cli.output import emit, parse_format, terminal_width, use_color


@app.command()
@handles_errors
def check(
    document: Path = typer.Argument(..., help="The policy document: PDF, DOCX, HTML, TXT or MD."),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, json, markdown or html."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    standard: list[str] | None = StandardsOption,
    engine: Engine = EngineOption,
    ocr: OcrMode = OcrOption,
    rules: list[Path] | None = RulesOption,
    max_pages: int = MaxPagesOption,
    max_bytes: str = MaxBytesOption,
    max_memory: str = MaxMemoryOption,
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when gaps are found."),
) -> None:
    """Audit one document and report every criterion: grade, quote, page, and what is missing."""
    from policy_audit import exitcodes
    from policy_audit.audit import audit_path
    from policy_audit.findings import Status
    from policy_audit.provenance import Provenance
    from policy_audit.report import Format, get_formatter
    from policy_audit.report.requirements import requirement_gaps
    from policy_audit.rulebook import load_rules

    fmt = parse_format(format, "check")
    selection = resolve_standards(standard, rules)
    audited = selection.audit_standard(load_rules(tuple(str(p) for p in rules or ())) if selection.profiles else None)
    options = audit_options(audited, engine, ocr, rules, max_pages, max_bytes, max_memory)
    result = audit_path(document, options, read_in_parallel=True)
    ruleset = load_rules(options.rules_dirs)  # already loaded (and cached) while the document was read
    if result.status is not Status.OK:
        typer.echo(f"policy-audit: {result.document.path}: {result.reason}", err=True)
        if fmt is Format.TERMINAL:
            raise typer.Exit(int(exitcodes.for_results([result])))
    shown = selection.shown_result(result, ruleset)
    color = use_color(output) and fmt is Format.TERMINAL
    provenance = Provenance.now(rules_digest=ruleset.digest, standard=selection.label)
    # a formatter of its own: render_check takes no profiles (fmt is already checked by parse_format)
    formatter = get_formatter(
        fmt, color=color, width=terminal_width(), provenance=provenance, profiles=selection.profiles
    )
    report = formatter.render_check(shown, selection.shown_rules(ruleset))
    emit(report, output)
    code = exitcodes.for_results([shown], fail_on_gaps=not exit_zero)
    if code is exitcodes.ExitCode.OK and not exit_zero and requirement_gaps(selection.profiles, shown, ruleset):
        code = exitcodes.ExitCode.GAPS
    raise typer.Exit(int(code))
