"""One place that turns the tool's errors into one line on stderr and an exit code (policy_audit.exitcodes)."""

from __future__ import annotations

import functools
import os
import sys

import typer

from policy_audit.errors import PolicyAuditError, RuleError, UsageError
from policy_audit.exitcodes import ExitCode


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
