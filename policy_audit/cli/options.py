"""Options shared by the commands that audit documents, and the parsing of their values."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path

import typer

from policy_audit.errors import UsageError


class Engine(str, Enum):
    pdfium = "pdfium"
    pdfplumber = "pdfplumber"


class OcrMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


RulesOption = typer.Option(None, "--rules", help="A folder of extra rule files (<family>/<id>.yaml); repeatable.")
StandardOption = typer.Option(
    "core", "--standard", "-s", help="Which criteria: core (intervene + medical), 8cantwait, all."
)
StandardsOption = typer.Option(
    None,
    "--standard",
    "-s",
    help="Which criteria and standards: core (default), 8cantwait, all, a profile id (il, ncp: see "
    "`policy-audit standards`) or a profile file; repeatable.",
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
CacheOption = typer.Option(None, "--cache", help="Cache folder (default: the user cache folder).")
NoCacheOption = typer.Option(
    False, "--no-cache", help="Neither read nor write the cache (scan: results; both: compiled rule screens)."
)

# The options every command takes (as ruff, bandit and pip-audit do). Progress, notes and the verbose
# details go to stderr, so none of them ever mixes into a report on stdout.
QuietOption = typer.Option(False, "--quiet", "-q", help="No progress and no notes (errors are still shown).")
VerboseOption = typer.Option(
    False, "--verbose", "-v", help="On stderr: what was read, the engine, the pages OCR'd, the time of each stage."
)
ColorOption = typer.Option(
    None,
    "--color/--no-color",
    help="Colour the terminal report or not (default: no if NO_COLOR is set, yes if FORCE_COLOR is, else when stdout is a terminal).",
    show_default=False,
)

# A scheme of two letters or more (so not a Windows drive) and a slash: a path argument has lost one
# of the two slashes on its way through pathlib, so "https:/host" is a URL too.
_URL = re.compile(r"([a-z][a-z0-9+.-]+):/+", re.IGNORECASE)


def local_path(value: str) -> str:
    """A document argument, refused when it is a URL: the tool never downloads (it reads what it is given)."""
    if match := _URL.match(value):
        url = f"{match.group(1)}://{value[match.end() :]}"
        raise UsageError(f"{url}: policy-audit reads local files only; download it first (curl -LO {url})")
    return value


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


def known_standard(standard: str) -> None:
    from policy_audit.rulebook import STANDARDS, standard_families
    from policy_audit.suggest import did_you_mean

    try:
        standard_families(standard)
    except UsageError as exc:
        raise UsageError(f"{exc}{did_you_mean(standard, STANDARDS)}") from None


def resolve_standards(names: list[str] | None, rules: list[Path] | None):
    """--standard values (repeatable) as a Selection; profiles are checked against the rules (exit 2
    on a bad one) before any document is read."""
    from policy_audit.rulebook import load_rules
    from policy_audit.standards import select_standards

    selection = select_standards(names)
    if selection.profiles:
        selection = select_standards(names, load_rules(tuple(str(p) for p in rules or ())))
    return selection


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

    known_standard(standard)  # unknown standard: usage error before any work
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


def cache_folder(cache: Path | None, no_cache: bool) -> str | None:
    """The cache folder these options name; None with --no-cache."""
    if no_cache:
        return None
    from policy_audit.cache import default_cache_dir

    return str(cache or default_cache_dir())
