"""How often is the tool wrong? Audit a hand-labelled set of documents and measure agreement.

A labels file (JSON, or Campaign Zero's CSV) says, for each document and criterion id, the grade a
careful reader gave and the quote that decided it. The evaluation audits every labelled document
once and reports, per criterion and overall: a confusion matrix, accuracy, precision and recall of
the top grade (strong / present / met), Cohen's kappa, every disagreement with both quotes, and how
often the quote the tool shows is the labelled one.

One module per job, in the order they run:

- :mod:`.model`: the labels, whatever the file (``LabelSet``), and ``LabelsError``;
- :mod:`.labels`: the JSON labels file, validated by a schema; :mod:`.campaign_zero`: Campaign
  Zero's CSV; :mod:`.load`: either, by extension;
- :mod:`.plan`: which documents to audit (batch folders, ``--include`` / ``--exclude``);
- :mod:`.audits`: audit them in the worker pool (time limit, memory watchdog, crash isolation);
- :mod:`.score`: compare (with :mod:`.metrics` and :mod:`.quotes`) into :mod:`.results`;
- :mod:`.runner`: the command, end to end.

The audit function is injectable (``run(..., audit)``) so the figures can be tested with a fake
auditor, independently of the matcher. The output formats are in :mod:`policy_audit.report`.
"""

from __future__ import annotations

from policy_audit.evaluate.audits import Auditor, audit_all
from policy_audit.evaluate.load import load_labels
from policy_audit.evaluate.model import (
    SCALE_GRADES,
    DocLabels,
    Label,
    LabelsError,
    LabelSet,
    check_criteria,
)
from policy_audit.evaluate.plan import (
    SUPPORTED_SUFFIXES,
    Criterion,
    Item,
    Selection,
    infer_standard,
    plan,
)
from policy_audit.evaluate.results import (
    FOUND_ERROR,
    FOUND_NO_TEXT,
    FOUND_NOT_GRADED,
    SCHEMA_VERSION,
    CriterionScore,
    Disagreement,
    Evaluation,
    EvidenceMiss,
    EvidenceScore,
    NoTextCheck,
    Scores,
)
from policy_audit.evaluate.runner import evaluate_file, exit_code, run
from policy_audit.evaluate.score import score

__all__ = [
    "FOUND_ERROR",
    "FOUND_NOT_GRADED",
    "FOUND_NO_TEXT",
    "SCALE_GRADES",
    "SCHEMA_VERSION",
    "SUPPORTED_SUFFIXES",
    "Auditor",
    "Criterion",
    "CriterionScore",
    "Disagreement",
    "DocLabels",
    "Evaluation",
    "EvidenceMiss",
    "EvidenceScore",
    "Item",
    "Label",
    "LabelSet",
    "LabelsError",
    "NoTextCheck",
    "Scores",
    "Selection",
    "audit_all",
    "check_criteria",
    "evaluate_file",
    "exit_code",
    "infer_standard",
    "load_labels",
    "plan",
    "run",
    "score",
]
