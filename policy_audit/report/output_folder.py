"""``scan --output DIR``: the department matrix (``departments.csv``) first, the summary in the chosen
format, ``summary.csv`` always, ``provenance.json`` (what made them, and when), and one report per
document under ``reports/``, named from the document's path. The HTML summary links to those reports
instead of embedding them.

In the reports layer (it renders reports), not in ``scan/``: batches must not import the reports above them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

from policy_audit.batch_result import BatchResult
from policy_audit.provenance import Provenance
from policy_audit.report import Format, RenderOptions, formats_for, get_formatter

EXTENSIONS = {
    "terminal": "txt",
    "json": "json",
    "jsonl": "jsonl",
    "csv": "csv",
    "markdown": "md",
    "html": "html",
    "xlsx": "xlsx",
}
DEPARTMENTS_FILE = "departments.csv"
PROVENANCE_FILE = "provenance.json"
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


def write_output_dir(
    batch: BatchResult,
    rules,
    fmt,
    out_dir: Path,
    *,
    provenance: Provenance | None = None,
    timings: bool = False,
    profiles=(),
) -> list[Path]:
    """Write departments.csv, summary.<ext> (chosen format), summary.csv, provenance.json (when given)
    and reports/<name>.<ext> per document; return the paths in that order."""
    from policy_audit.report.csv_format import departments_csv
    from policy_audit.report.html_summary import render_summary
    from policy_audit.report.matrix import department_matrix

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(path: Path, text: str) -> None:
        path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        written.append(path)

    def formatter(f: Format):
        return get_formatter(f, color=False, width=100, provenance=provenance, timings=timings, profiles=profiles)

    write(out_dir / DEPARTMENTS_FILE, departments_csv(department_matrix(batch, rules)))
    doc_fmt = fmt if fmt in formats_for("check") else Format.JSON
    names = report_names([r.document.path for r in batch.results])
    for f in [fmt] + ([Format.CSV] if fmt is not Format.CSV else []):
        summary = out_dir / f"summary.{EXTENSIONS[f.value]}"
        if f is Format.XLSX:
            from policy_audit.report.xlsx_format import write_workbook

            write_workbook(batch, rules, summary, provenance=provenance, timings=timings)
            written.append(summary)
        elif f is Format.HTML:
            files = [f"reports/{name}.{EXTENSIONS[doc_fmt.value]}" for name in names]
            options = RenderOptions(provenance=provenance, timings=timings, profiles=profiles)
            write(summary, render_summary(batch, rules, options, report_files=files))
        else:
            write(summary, formatter(f).render_batch(batch, rules))
    if provenance is not None:
        write(out_dir / PROVENANCE_FILE, json.dumps(provenance.to_dict(), indent=2, sort_keys=True))
    reports = out_dir / "reports"
    reports.mkdir(exist_ok=True)
    for result, name in zip(batch.results, names):
        write(
            reports / f"{name}.{EXTENSIONS[doc_fmt.value]}",
            formatter(doc_fmt).render_check(result, rules),
        )
    return written
