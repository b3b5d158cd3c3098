"""Batch audits: ``scan`` runs many documents through the pool into one :class:`BatchResult`.

* ``batch``: the orchestration (inputs, cache, pool, departments) and the closing summary line;
* ``worker_audit``: what the workers run, made ready before they fork, and the read-ahead;
* ``progress``: what the user sees while it runs.

``--output DIR`` (one report per document) is :mod:`policy_audit.report.output_folder`.
"""

from policy_audit.scan.batch import ScanOptions, error_row, scan, summary_line
from policy_audit.scan.progress import NoProgress, Progress, RichProgress
from policy_audit.scan.worker_audit import PREFETCH_MIN_BYTES, default_audit_fn

__all__ = [
    "PREFETCH_MIN_BYTES",
    "NoProgress",
    "Progress",
    "RichProgress",
    "ScanOptions",
    "default_audit_fn",
    "error_row",
    "scan",
    "summary_line",
]
