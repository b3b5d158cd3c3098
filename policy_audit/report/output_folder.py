"""``scan --output DIR``: the summary in the chosen format, ``summary.csv`` always, and one report
per document under ``reports/``, named from the document's path.

In the reports layer (it renders reports), not in ``scan/``: batches must not import the reports above them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from policy_audit.findings import BatchResult
from policy_audit.report import Format, formats_for, get_formatter

EXTENSIONS = {
    "terminal": "txt",
    "json": "json",
    "jsonl": "jsonl",
    "csv": "csv",
    "markdown": "md",
    "html": "html",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME = 120


def report_names(paths: Sequence[str]) -> list[str]:
    """A unique, filesystem-safe file stem per document (no extension), stable for the same inputs.

    Built from the path below the inputs' common folder, so ``bloomington/101.pdf`` and
    ``springfield/101.pdf`` stay apart; unique even on case-insensitive file systems.
    """
    absolute = [os.path.abspath(p) for p in paths]
    try:
        common = os.path.commonpath([os.path.dirname(p) for p in absolute]) if absolute else ""
    except ValueError:
        common = ""
    names: list[str] = []
    taken: set[str] = set()
    for p in absolute:
        rel = os.path.relpath(p, common) if common else p
        stem = _UNSAFE.sub("_", rel.replace(os.sep, "__")).strip("._") or "document"
        stem = stem[:_MAX_NAME]
        candidate, n = stem, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{stem[: _MAX_NAME - 6]}-{n}"
        taken.add(candidate.lower())
        names.append(candidate)
    return names


def write_output_dir(batch: BatchResult, rules, fmt, out_dir: Path, profiles=()) -> list[Path]:
    """Write summary.<ext> (chosen format), summary.csv, and reports/<name>.<ext> per document."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(path: Path, text: str) -> None:
        path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        written.append(path)

    summary_formats = [fmt] + ([Format.CSV] if fmt is not Format.CSV else [])
    for f in summary_formats:
        write(
            out_dir / f"summary.{EXTENSIONS[f.value]}",
            get_formatter(f, profiles=profiles).render_batch(batch, rules),
        )
    doc_fmt = fmt if fmt in formats_for("check") else Format.JSON
    reports = out_dir / "reports"
    reports.mkdir(exist_ok=True)
    names = report_names([r.document.path for r in batch.results])
    for result, name in zip(batch.results, names):
        write(
            reports / f"{name}.{EXTENSIONS[doc_fmt.value]}",
            get_formatter(doc_fmt, profiles=profiles).render_check(result, rules),
        )
    return written
