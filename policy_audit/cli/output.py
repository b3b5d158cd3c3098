"""Where a report goes (stdout or --output), in colour or not, and at what width."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from policy_audit.errors import UsageError


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
