"""`policy-audit standards`: the profiles (statutes, policies, decrees); `standards new`: a template;
and what `explain` says about one requirement (il.report_deadline)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from policy_audit.cli.app import app
from policy_audit.cli.handling import handles_errors
from policy_audit.cli.options import RulesOption
from policy_audit.cli.output import emit, parse_format
from policy_audit.errors import UsageError

standards_app = typer.Typer(
    help="Standards profiles: list them, or write a new one to fill in.",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode=None,
)
app.add_typer(standards_app, name="standards")


@standards_app.callback()
@handles_errors
def list_standards(
    ctx: typer.Context,
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, json or markdown."),
    rules: list[Path] | None = RulesOption,
) -> None:
    """List the built-in profiles: id, citation, effective date, whether the text was verified."""
    if ctx.invoked_subcommand is not None:
        return
    from policy_audit.rulebook import load_rules
    from policy_audit.standards import builtin_profile_ids, load_profile

    fmt = parse_format(format, "rules")
    ruleset = load_rules(tuple(str(p) for p in rules or ()))
    rows = []
    for pid in builtin_profile_ids():
        profile = load_profile(pid)  # listed even when a criterion it needs is not in this rule set
        known = all(ruleset.get(c) is not None for c in profile.criteria)
        rows.append((profile, known))
    if fmt.value == "json":
        items = [
            {
                "id": p.id,
                "title": p.title,
                "citation": p.citation,
                "effective": p.effective,
                "superseded_by": p.superseded_by,
                "verified": p.verified,
                "requirements": len(p.requirements),
                "usable": known,
            }
            for p, known in rows
        ]
        emit(json.dumps({"kind": "standards", "standards": items}, indent=2, sort_keys=True) + "\n", None)
        return
    header = ("id", "citation", "effective", "verified", "requirements")
    table = [header] + [
        (
            p.id,
            p.citation,
            p.effective or "-",
            "yes" if p.verified else "no",
            str(len(p.requirements)) + ("" if known else "*"),
        )
        for p, known in rows
    ]
    if fmt.value == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in table[1:]]
    else:
        widths = [max(len(r[i]) for r in table) for i in range(len(header))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in table]
    if not all(known for _, known in rows):
        lines += ["", "* needs criteria this rule set does not have yet (see `policy-audit explain <requirement>`)"]
    emit("\n".join(lines) + "\n", None)


@standards_app.command("new")
@handles_errors
def new_standard(
    path: Path = typer.Argument(..., help="Where to write the template, e.g. decree.yaml."),
    id: str = typer.Option("", "--id", help="The profile's id (default: the file name)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented profile template that maps a decree's paragraphs to existing criteria."""
    from policy_audit.rulebook import load_rules
    from policy_audit.standards.template import profile_template

    if path.exists() and not force:
        raise UsageError(f"{path}: already exists (use --force to overwrite)")
    profile_id = id or path.stem.lower()
    try:
        path.write_text(profile_template(profile_id, load_rules()), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write ({exc.strerror or exc})")
    typer.echo(
        f"policy-audit: wrote {path}; edit it, then run: policy-audit check manual.pdf --standard {path}", err=True
    )


def explain_requirement(requirement_id: str, ruleset, fmt) -> bool:
    """`explain il.report_deadline`: the clause, the criteria that meet it, and their model language.
    False when no built-in profile has that requirement."""
    from policy_audit.standards import builtin_profile_ids, load_profile

    profile_id = requirement_id.split(".", 1)[0]
    if profile_id not in builtin_profile_ids():
        return False
    profile = load_profile(profile_id)
    requirement = profile.requirement(requirement_id)
    if requirement is None:
        return False
    needs = []
    for need in requirement.needs:
        rule = ruleset.get(need.criterion)
        needs.append(
            {
                "criterion": need.criterion,
                "grade": need.grade.value,
                "value": need.value.describe() if need.value else None,
                "title": rule.title if rule else None,
                "model_language": rule.model_language if rule else None,
                "available": rule is not None,
            }
        )
    if fmt.value == "json":
        obj = {
            "kind": "requirement",
            "requirement": {
                "id": requirement.id,
                "profile": profile.id,
                "citation": requirement.citation,
                "text": requirement.text,
                "verified": requirement.verified,
                "meets": needs,
            },
        }
        emit(json.dumps(obj, indent=2, sort_keys=True) + "\n", None)
        return True
    lines = [
        f"{requirement.id}: {requirement.text}",
        f"{profile.title}, {requirement.citation}" + ("" if requirement.verified else " (unverified: paraphrased)"),
        "",
        "Met when the manual has:",
    ]
    for n in needs:
        value = f", value {n['value']}" if n["value"] else ""
        title = n["title"] or "not in this rule set yet"
        lines.append(f"  - {n['criterion']} ({title}): {n['grade']}{value}")
    lines += ["", "Model language:"]
    for n in needs:
        if n["model_language"]:
            lines.append(f"  {n['criterion']}: {' '.join(str(n['model_language']).split())}")
    emit("\n".join(lines) + "\n", None)
    return True
