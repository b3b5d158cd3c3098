"""`policy-audit review FILE`: walk a reviewer through the findings worth a second look (low
confidence, and gaps) and keep their decisions in the review file."""

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
    StandardOption,
    VerboseOption,
    audit_options,
)
from policy_audit.cli.output import configure
from policy_audit.cli.output import note as notify  # "note" is the reviewer's note below
from policy_audit.errors import UsageError

_CHOICES = "a accept / o override / s skip / q quit"


def _ask(prompt: str, allowed: tuple[str, ...], default: str) -> str:
    while True:
        answer = typer.prompt(prompt, default=default).strip().lower()
        if answer in allowed:
            return answer
        typer.echo(f"  choose one of: {', '.join(allowed)}")


@app.command("review")
@handles_errors
def review_command(
    document: Path = typer.Argument(..., help="The policy document to review."),
    review: Path | None = typer.Option(
        None, "--review", help="The review file to write (default: policy-audit.review.yaml in the current folder)."
    ),
    reviewer: str | None = typer.Option(None, "--reviewer", help="Your name, recorded with each decision."),
    every: bool = typer.Option(
        False, "--all", help="Walk through every finding, not only low-confidence ones and gaps."
    ),
    standard: str = StandardOption,
    engine: Engine = EngineOption,
    ocr: OcrMode = OcrOption,
    rules: list[Path] | None = RulesOption,
    max_pages: int = MaxPagesOption,
    max_bytes: str = MaxBytesOption,
    max_memory: str = MaxMemoryOption,
    quiet: bool = QuietOption,
    verbose: bool = VerboseOption,
    color: bool | None = ColorOption,
) -> None:
    """Decide, finding by finding, to accept the tool's grade or override it with a note; decisions are
    saved to the review file (per document SHA-256) after each answer, so quitting keeps them."""
    from policy_audit.audit import audit_path
    from policy_audit.exitcodes import ExitCode
    from policy_audit.findings import SCALE_GRADES, Grade, Status
    from policy_audit.report.text_safety import clean_text
    from policy_audit.review import DEFAULT_REVIEW_FILE, Decision, ReviewFile, load_review, save_review
    from policy_audit.review.apply import apply_to_result
    from policy_audit.review.store import record_decision, today
    from policy_audit.rulebook import load_rules

    configure(quiet, verbose, color)

    review_file = review if review is not None else Path.cwd() / DEFAULT_REVIEW_FILE
    decisions = load_review(review_file) if review_file.is_file() else ReviewFile()
    options = audit_options(standard, engine, ocr, rules, max_pages, max_bytes, max_memory)
    result = audit_path(document, options, read_in_parallel=True)
    if result.status is not Status.OK:  # unreadable: one line and exit 3, as check says it
        typer.echo(f"policy-audit: {result.document.path}: {result.reason}", err=True)
        raise typer.Exit(int(ExitCode.UNREADABLE))
    result = apply_to_result(result, decisions, review_file)
    ruleset = load_rules(options.rules_dirs)
    todo = [
        f
        for f in result.findings
        if (every or f.confidence.is_low or f.grade.is_gap) and (f.review is None or f.review.stale)
    ]
    if not todo:
        typer.echo("Nothing to review: no low-confidence finding or gap without a current decision.")
        raise typer.Exit(0)
    name = reviewer or typer.prompt("Reviewer name").strip()
    if not name:
        raise UsageError("--reviewer: a name is needed to record decisions")
    typer.echo(f"{len(todo)} finding{'s' if len(todo) != 1 else ''} to review in {clean_text(result.document.path)}")
    saved = 0
    for n, finding in enumerate(todo, 1):
        rule = ruleset.get(finding.criterion)
        title = rule.title if rule else finding.criterion
        typer.echo("")
        typer.echo(f"[{n}/{len(todo)}] {finding.criterion}  {clean_text(title)}: {finding.grade.value}")
        if finding.confidence.reasons:
            typer.echo(
                f"  {finding.confidence.level.value} confidence: {clean_text('; '.join(finding.confidence.reasons))}"
            )
        if finding.review is not None and finding.review.stale:
            typer.echo(f"  an earlier decision ({finding.review.decision}) was made on another version: STALE")
        best = finding.evidence[0] if finding.evidence else None
        typer.echo(f"  \u201c{clean_text(best.quote)}\u201d" if best else "  (no quote: nothing found)")
        answer = _ask(f"  {_CHOICES}", ("a", "o", "s", "q"), "s")
        if answer == "q":
            break
        if answer == "s":
            continue
        grade = None
        if answer == "o":
            grades = tuple(g.value for g in SCALE_GRADES[finding.scale] if g is not finding.grade)
            grade = _ask(f"  reviewed grade ({', '.join(grades)})", grades, grades[0])
        note = typer.prompt("  note", default="", show_default=False).strip()
        decision = Decision(
            decision="override" if answer == "o" else "accept",
            grade=Grade(grade) if grade else None,
            note=note,
            reviewer=name,
            date=today(),
        )
        decisions = record_decision(
            decisions, review_file, result.document.path, result.document.sha256, finding.criterion, decision
        )
        save_review(review_file, decisions)
        saved += 1
    notify(f"{saved} decision{'s' if saved != 1 else ''} saved to {review_file}")
