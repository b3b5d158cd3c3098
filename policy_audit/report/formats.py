"""The output formats, which commands offer which, and which file extension names which: a leaf module,
so that the CLI can choose a format without importing any formatter."""

from __future__ import annotations

import os
from enum import Enum


class Format(str, Enum):
    TERMINAL = "terminal"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"
    HTML = "html"
    CSV = "csv"
    XLSX = "xlsx"  # binary: written to a file by report.xlsx_format, never to stdout
    CARD = "card"  # check only: one printable page for campaigners
    SARIF = "sarif"  # code scanning (GitHub and other CI): gaps as results on the policy's lines


# Which formats each command offers. CSV and JSONL are one-row/one-line-per-document formats: scan only.
_COMMAND_FORMATS: dict[str, tuple[Format, ...]] = {
    "check": (Format.TERMINAL, Format.JSON, Format.MARKDOWN, Format.HTML, Format.CARD, Format.SARIF),
    "scan": (
        Format.TERMINAL,
        Format.JSON,
        Format.JSONL,
        Format.MARKDOWN,
        Format.HTML,
        Format.CSV,
        Format.XLSX,
        Format.SARIF,
    ),
    "rules": (Format.TERMINAL, Format.JSON, Format.MARKDOWN),
    "explain": (Format.TERMINAL, Format.JSON, Format.MARKDOWN),
    "evaluate": (Format.TERMINAL, Format.JSON, Format.MARKDOWN),
}

# An output file's extension -> the format written when no --format is given, as ruff and pandoc do.
# The one table of it: a format added elsewhere (xlsx, card) adds its extensions here. ".txt" is the
# terminal report without colour.
FORMAT_BY_EXTENSION: dict[str, Format] = {
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".json": Format.JSON,
    ".jsonl": Format.JSONL,
    ".csv": Format.CSV,
    ".sarif": Format.SARIF,
    ".xlsx": Format.XLSX,
    ".txt": Format.TERMINAL,
}


def formats_for(command: str) -> tuple[Format, ...]:
    """The formats a command supports ("check", "scan", "rules", "explain"); the first is the default."""
    try:
        return _COMMAND_FORMATS[command]
    except KeyError:
        raise ValueError(f"unknown command {command!r}; known: {', '.join(_COMMAND_FORMATS)}") from None


def format_for_path(path: str | os.PathLike[str]) -> Format | None:
    """The format an output file's extension names ("report.HTML" -> html), or None for any other name."""
    return FORMAT_BY_EXTENSION.get(os.path.splitext(os.fspath(path))[1].lower())
