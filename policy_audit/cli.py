"""The command line. Commands are thin: parse options, call one function, hand the result to a formatter.

Exit codes are decided in policy_audit.exitcodes; errors the user can act on are one line on stderr.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from enum import Enum
from pathlib import Path

import typer

from policy_audit import __version__
from policy_audit.errors import PolicyAuditError, RuleError, UsageError
from policy_audit.exitcodes import ExitCode

app = typer.Typer(
    name="policy-audit",
    help="Audit police policy manuals for the duty to intervene and the duty to render medical aid.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Engine(str, Enum):
    pdfium = "pdfium"
    pdfplumber = "pdfplumber"


class OcrMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def fail(message: str, code: ExitCode) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise."""
    typer.echo(f"policy-audit: {' '.join(message.split())}", err=True)
    return typer.Exit(int(code))


def handles_errors(command):
    """Turn the tool's own errors into one line and an exit code; never show a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except (RuleError, UsageError) as exc:
            raise fail(f"error: {exc}", ExitCode.USAGE)
        except PolicyAuditError as exc:
            raise fail(f"error: {exc}", ExitCode.UNREADABLE)
        except KeyboardInterrupt:
            raise fail("interrupted", ExitCode.INTERRUPTED)
        except BrokenPipeError:
            # `policy-audit ... | head`: the reader left; nothing useful to say.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(int(ExitCode.OK))
        except MemoryError:
            raise fail(
                "error: out of memory (lower --max-memory, --max-pages or --max-bytes, or split the document)",
                ExitCode.UNREADABLE,
            )
        except Exception as exc:  # a bug: still one line, and a way to report it
            raise fail(
                f"internal error: {type(exc).__name__}: {exc} (please report this with the command you ran)",
                ExitCode.INTERNAL,
            )

    return wrapper


def use_color(output: Path | None) -> bool:
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def terminal_width() -> int:
    try:
        return max(60, min(os.get_terminal_size().columns, 140))
    except OSError:
        return 100


def emit(text: str, output: Path | None) -> None:
    """The report goes to --output or stdout; a note about where it went goes to stderr."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}")
    typer.echo(f"policy-audit: wrote {output}", err=True)


def parse_format(value: str, command: str):
    from policy_audit.report import Format, formats_for

    allowed = formats_for(command)
    try:
        fmt = Format(value)
    except ValueError:
        fmt = None
    if fmt not in allowed:
        raise UsageError(
            f"--format {value!r} is not available for {command}; choose one of: {', '.join(f.value for f in allowed)}"
        )
    return fmt


RulesOption = typer.Option(None, "--rules", help="A folder of extra rule files (<family>/<id>.yaml); repeatable.")
StandardOption = typer.Option(
    "core", "--standard", "-s", help="Which criteria: core (intervene + medical), 8cantwait, all."
)
EngineOption = typer.Option(Engine.pdfium, "--engine", help="PDF text extractor: pdfium (fast) or pdfplumber.")
OcrOption = typer.Option(OcrMode.auto, "--ocr", help="OCR pages without a text layer: auto, always, never.")
MaxPagesOption = typer.Option(5000, "--max-pages", min=1, help="Refuse documents with more pages than this.")
MaxBytesOption = typer.Option(
    "512MB", "--max-bytes", help="Refuse files larger than this: 512MB, 2GB, bytes; 0: no limit."
)
MaxMemoryOption = typer.Option(
    "2GB", "--max-memory", help="Stop reading a document that takes more memory than this: 500MB, 4GB; 0: no limit."
)

_SIZE = re.compile(r"(\d+(?:\.\d*)?|\.\d+)\s*(k|m|g|t|)(?:i?b)?", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def parse_size(value: str, option: str) -> int:
    """Bytes from "512MB", "2GB", "1.5g", "300KiB" or "1048576". A unit is a power of 1024, as in
    the sizes the tool prints ("file is 600 MB, more than the limit of 512 MB")."""
    match = _SIZE.fullmatch(value.strip())
    if match is None:
        raise UsageError(f"{option} {value!r}: not a size; write it like 512MB, 2GB or a number of bytes (0: no limit)")
    number, unit = match.groups()
    return int(float(number) * _SIZE_UNITS[unit.lower()])


def audit_options(
    standard: str,
    engine: Engine,
    ocr: OcrMode,
    rules: list[Path] | None,
    max_pages: int,
    max_bytes: str = "512MB",
    max_memory: str = "2GB",
):
    from policy_audit.audit import AuditOptions
    from policy_audit.rulebook import standard_families

    standard_families(standard)  # unknown standard: usage error before any work
    for folder in rules or ():
        if not Path(folder).is_dir():
            raise UsageError(f"--rules {folder}: not a folder")
    return AuditOptions(
        standard=standard,
        engine=engine.value,
        ocr=ocr.value,
        rules_dirs=tuple(str(p) for p in rules or ()),
        max_pages=max_pages,
        max_bytes=parse_size(max_bytes, "--max-bytes"),
        max_memory=parse_size(max_memory, "--max-memory"),
    )


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
) -> None:
    """Audit one document and report every criterion: grade, quote, page, and what is missing."""
    from policy_audit import exitcodes
    from policy_audit.audit import audit_path
    from policy_audit.findings import Status
    from policy_audit.report import Format, render_check
    from policy_audit.rulebook import load_rules

    fmt = parse_format(format, "check")
    options = audit_options(standard, engine, ocr, rules, max_pages, max_bytes, max_memory)
    result = audit_path(document, options, read_in_parallel=True)
    ruleset = load_rules(options.rules_dirs)  # already loaded (and cached) while the document was read
    if result.status is not Status.OK:
        typer.echo(f"policy-audit: {result.document.path}: {result.reason}", err=True)
        if fmt is Format.TERMINAL:
            raise typer.Exit(int(exitcodes.for_results([result])))
    color = use_color(output) and fmt is Format.TERMINAL
    emit(render_check(result, ruleset.select(standard), fmt, color=color, width=terminal_width()), output)
    raise typer.Exit(int(exitcodes.for_results([result], fail_on_gaps=not exit_zero)))


@app.command("rules")
@handles_errors
def list_rules(
    standard: str = typer.Option("all", "--standard", "-s", help="core, 8cantwait or all."),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, json or markdown."),
    rules: list[Path] | None = RulesOption,
) -> None:
    """List the criteria and their families."""
    from policy_audit.report import render_rule_list
    from policy_audit.rulebook import load_rules

    fmt = parse_format(format, "rules")
    ruleset = load_rules(tuple(str(p) for p in rules or ())).select(standard)
    emit(render_rule_list(ruleset, fmt, color=use_color(None), width=terminal_width()), None)


@app.command()
@handles_errors
def explain(
    criterion: str = typer.Argument(..., help="A criterion id, e.g. intervene.duty"),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, json or markdown."),
    rules: list[Path] | None = RulesOption,
) -> None:
    """What a criterion means, why it matters, its sources and the model language to ask for."""
    from policy_audit.report import render_explain
    from policy_audit.rulebook import load_rules

    fmt = parse_format(format, "explain")
    ruleset = load_rules(tuple(str(p) for p in rules or ()))
    rule = ruleset.get(criterion)
    if rule is None:
        known = ", ".join(r.id for r in ruleset)
        raise UsageError(f"unknown criterion {criterion!r}; known: {known}")
    emit(render_explain(rule, fmt, color=use_color(None), width=terminal_width()), None)


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
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no closing summary line."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when gaps are found."),
) -> None:
    """Audit many documents (files, folders, globs) in parallel; one row per document, grades per department."""
    from policy_audit import exitcodes
    from policy_audit.cache import default_cache_dir, load_rules_cached
    from policy_audit.departments import GroupBy
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
    )
    progress = RichProgress() if not quiet and sys.stderr.isatty() and not os.environ.get("CI") else None
    warn = None if quiet else (lambda note: typer.echo(f"policy-audit: {note}", err=True))
    # scan loads the rules itself once the largest document is being read ahead (spaCy takes a while)
    load = functools.partial(load_rules_cached, options.cache_dir, options.audit.rules_dirs)
    batch = scan(paths, options, load_rules=load, progress=progress, warn=warn)
    ruleset = load()
    selected = ruleset.select(standard)
    if output is None:
        emit(render_batch(batch, selected, fmt, color=use_color(None), width=terminal_width()), None)
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


@app.command()
@handles_errors
def evaluate(
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
) -> None:
    """Measure agreement with hand labels: per-criterion accuracy, precision, recall, kappa, evidence, and every disagreement."""
    from policy_audit import evaluate as ev
    from policy_audit.report import Format, render_evaluation

    fmt = parse_format(format, "evaluate")
    only = tuple(c.strip() for c in (criteria or "").split(",") if c.strip())
    options = audit_options(standard or "all", engine, ocr, None, max_pages, max_bytes, max_memory)
    selection = ev.Selection(include=tuple(include or ()), exclude=tuple(exclude or ()))

    def show_progress(done: int, total: int, _result: object) -> None:
        typer.echo(f"\rpolicy-audit: audited {done}/{total}", err=True, nl=done == total)

    progress = show_progress if sys.stderr.isatty() and not os.environ.get("CI") else None
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
    for warning in result.warnings:
        typer.echo(f"policy-audit: warning: {warning}", err=True)
    color = use_color(output) and fmt is Format.TERMINAL
    emit(render_evaluation(result, fmt, color=color, width=terminal_width()), output)
    raise typer.Exit(int(ev.exit_code(result, min_accuracy)))


# -- commands added by other modules go above this line --


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"policy-audit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=version_callback, is_eager=True, help="Show the version."
    ),
) -> None:
    """Audit police policy manuals for the duty to intervene and the duty to render medical aid."""


def main() -> None:
    code: int | str | None  # what SystemExit carries
    try:
        app()
        code = 0
    except SystemExit as exc:
        code = exc.code
    _exit_now(code)


def _exit_now(code) -> None:
    """Exit without tearing the interpreter down.

    Finalization frees the spaCy vocabulary, the matchers and a manual's ten thousand sentences object
    by object: about 0.2 s of a 1.5 s check, for memory the OS takes back at once anyway. Everything
    the tool writes is flushed, and atexit handlers still run, before the process ends.
    """
    import atexit

    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed pipe (`| head`): nothing left to say
    os._exit(code)


if __name__ == "__main__":
    main()
