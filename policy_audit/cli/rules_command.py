"""`policy-audit rules` and `policy-audit explain`: what the criteria are."""

from __future__ import annotations

from pathlib import Path

import typer

from policy_audit.cli.app import app
from policy_audit.cli.handling import handles_errors
from policy_audit.cli.options import ColorOption, QuietOption, RulesOption, VerboseOption, known_standard
from policy_audit.cli.output import configure, emit, parse_format, terminal_width, use_color
from policy_audit.cli.standards_command import explain_requirement
from policy_audit.errors import UsageError
from policy_audit.suggest import did_you_mean


@app.command("rules")
@handles_errors
def list_rules(
    standard: str = typer.Option("all", "--standard", "-s", help="core, 8cantwait or all."),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, json or markdown."),
    rules: list[Path] | None = RulesOption,
    quiet: bool = QuietOption,
    verbose: bool = VerboseOption,
    color: bool | None = ColorOption,
) -> None:
    """List the criteria and their families."""
    from policy_audit.report import render_rule_list
    from policy_audit.rulebook import load_rules

    configure(quiet, verbose, color)
    fmt = parse_format(format, "rules")
    known_standard(standard)
    ruleset = load_rules(tuple(str(p) for p in rules or ())).select(standard)
    emit(render_rule_list(ruleset, fmt, color=use_color(None), width=terminal_width()), None)


@app.command()
@handles_errors
def explain(
    criterion: str = typer.Argument(
        ..., help="A criterion id (intervene.duty) or a requirement id (il.report_deadline)"
    ),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, json or markdown."),
    rules: list[Path] | None = RulesOption,
    quiet: bool = QuietOption,
    verbose: bool = VerboseOption,
    color: bool | None = ColorOption,
) -> None:
    """What a criterion means, why it matters, its sources and the model language to ask for."""
    from policy_audit.report import render_explain
    from policy_audit.rulebook import load_rules

    configure(quiet, verbose, color)
    fmt = parse_format(format, "explain")
    ruleset = load_rules(tuple(str(p) for p in rules or ()))
    rule = ruleset.get(criterion)
    if rule is None and "." in criterion and explain_requirement(criterion, ruleset, fmt):
        return
    if rule is None:
        ids = [r.id for r in ruleset]
        hint = did_you_mean(criterion, ids) or f"; known: {', '.join(ids)}"
        raise UsageError(f"unknown criterion {criterion!r}{hint}")
    emit(render_explain(rule, fmt, color=use_color(None), width=terminal_width()), None)
