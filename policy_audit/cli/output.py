"""Where a report goes (stdout or --output), in which format, in colour or not, and at what width;
and what else the run says on stderr (notes, unless --quiet; details, with --verbose)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import typer

from policy_audit.errors import UsageError


@dataclass(frozen=True)
class Voice:
    """What this run says besides its report: set once per command from -q, -v and --color."""

    quiet: bool = False
    verbose: bool = False
    color: bool | None = None  # --color / --no-color; None: decided by the environment


_voice = Voice()


def configure(quiet: bool = False, verbose: bool = False, color: bool | None = None) -> Voice:
    """Called by every command with its -q, -v and --color options (and by the root, to reset)."""
    global _voice
    _voice = Voice(quiet=quiet and not verbose, verbose=verbose, color=color)
    return _voice


def voice() -> Voice:
    return _voice


def note(text: str) -> None:
    """A remark for the user (where a file went, a warning): silenced by --quiet, never errors."""
    if not _voice.quiet:
        typer.echo(f"policy-audit: {text}", err=True)


def detail(text: str) -> None:
    """What --verbose adds: what was read and how long each stage took."""
    if _voice.verbose:
        typer.echo(f"policy-audit: {text}", err=True)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time a stage of the run for --verbose ("audit took 1.23 s")."""
    started = time.perf_counter()
    try:
        yield
    finally:
        detail(f"{name} took {time.perf_counter() - started:.2f} s")


def use_color(output: Path | None) -> bool:
    """Precedence: --color/--no-color, then NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal.
    A report written to a file is never coloured unless --color asks for it."""
    if _voice.color is not None:
        return _voice.color
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def terminal_width() -> int:
    try:
        return max(60, min(os.get_terminal_size().columns, 140))
    except OSError:
        return 100


def emit(text: str, output: Path | None) -> None:
    """The report goes to --output or stdout; a note about where it went goes to stderr.

    A reader that leaves early (`| head`) is not an error: the rest of the report is dropped and the
    command still exits with the code its audit decided.
    """
    if output is None:
        try:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}")
    note(f"wrote {output}")


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


def chosen_format(ctx: typer.Context, value: str, output: Path | None, command: str):
    """The report's format: --format, else the extension of --output (report.html: html), else the
    configured or default format. A --format that the extension contradicts is an error, not a
    report in one format under another's name."""
    from policy_audit.report import format_for_path, formats_for

    if output is None or (named := format_for_path(output)) is None:
        return parse_format(value, command)
    given = _given_on_command_line(ctx, "format")
    if given and _agree(chosen := parse_format(value, command), named):
        return chosen
    if given:
        raise UsageError(
            f"--format {value} does not match --output {output} (a {output.suffix} file is written as {named.value}); "
            "drop --format or change the extension"
        )
    if named not in formats_for(command):
        choices = ", ".join(f.value for f in formats_for(command))
        raise UsageError(f"--output {output}: {command} does not write {named.value}; choose one of: {choices}")
    return named


def _agree(given, named) -> bool:
    """--format and the extension name the same file kind; the card is an HTML page too."""
    from policy_audit.report import Format

    return given is named or (given is Format.CARD and named is Format.HTML)


def _given_on_command_line(ctx: typer.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source.name in ("COMMANDLINE", "ENVIRONMENT")
