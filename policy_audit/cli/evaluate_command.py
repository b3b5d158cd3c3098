"""`policy-audit evaluate`: agreement with hand labels or Campaign Zero's coding."""

from __future__ import annotations

import os
import sys
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
    QuietOption,
    VerboseOption,
    audit_options,
)
from policy_audit.cli.output import chosen_format, configure, detail, emit, note, stage, terminal_width, use_color


@app.command()
@handles_errors
def evaluate(
    ctx: typer.Context,
    labels: Path = typer.Argument(..., help="Hand labels: a labels.json, or Campaign Zero's coding CSV (*.csv)."),
    root: Path | None = typer.Option(
        None, "--root", help="Folder the labelled paths are relative to (default: the labels file's folder)."
    ),
    standard: str | None = typer.Option(
        None, "--standard", "-s", help="core, 8cantwait or all (default: the smallest one covering the labels)."
    ),
    criteria: str | None = typer.Option(None, "--criteria", help="Only these criterion ids, comma-separated."),
    include: list[str] | None = typer.Option(
        None,
        "--include",
        help="Only documents whose path (relative to the labels file's folder) matches this glob; repeatable.",
    ),
    exclude: list[str] | None = typer.Option(
        None,
        "--exclude",
        help="Leave out documents whose path (relative to the labels file's folder) matches this glob; repeatable.",
    ),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, json or markdown."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Audit this many documents in parallel."),
    timeout: float = typer.Option(
        300.0, "--timeout", min=0, help="Seconds per document before it is stopped and counted as an error (0: none)."
    ),
    engine: Engine = EngineOption,
    ocr: OcrMode = typer.Option(
        OcrMode.never, "--ocr", help="OCR pages without text: never (default: labels describe text layers) or auto."
    ),
    max_pages: int = MaxPagesOption,
    max_bytes: str = MaxBytesOption,
    max_memory: str = MaxMemoryOption,
    min_accuracy: float | None = typer.Option(
        None, "--min-accuracy", min=0.0, max=1.0, help="Exit 1 if any criterion's accuracy is below this (for CI)."
    ),
    quiet: bool = QuietOption,
    verbose: bool = VerboseOption,
    color: bool | None = ColorOption,
) -> None:
    """Measure agreement with hand labels: per-criterion accuracy, precision, recall, kappa, evidence, and every disagreement."""
    from policy_audit import evaluate as ev
    from policy_audit.report import Format, render_evaluation

    voice = configure(quiet, verbose, color)
    fmt = chosen_format(ctx, format, output, "evaluate")
    only = tuple(c.strip() for c in (criteria or "").split(",") if c.strip())
    options = audit_options(standard or "all", engine, ocr, None, max_pages, max_bytes, max_memory)
    selection = ev.Selection(include=tuple(include or ()), exclude=tuple(exclude or ()))

    def show_progress(done: int, total: int, _result: object) -> None:
        typer.echo(f"\rpolicy-audit: audited {done}/{total}", err=True, nl=done == total)

    progress = show_progress if not voice.quiet and sys.stderr.isatty() and not os.environ.get("CI") else None
    with stage("evaluate"):
        result = ev.evaluate_file(
            labels,
            root=root,
            standard=standard,
            only=only,
            options=options,
            jobs=jobs,
            progress=progress,
            timeout=timeout or None,
            selection=selection,
        )
    detail(
        f"evaluated {labels}: standard {standard or 'inferred from the labels'}, engine {engine.value}, OCR {ocr.value}"
    )
    for warning in result.warnings:
        note(f"warning: {warning}")
    color = use_color(output) and fmt is Format.TERMINAL
    with stage("report"):
        emit(render_evaluation(result, fmt, color=color, width=terminal_width()), output)
    raise typer.Exit(int(ev.exit_code(result, min_accuracy)))
