"""Load a labels file of either kind, by its extension, and check it against the rules' criteria."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from policy_audit.evaluate.campaign_zero import load_cz_csv
from policy_audit.evaluate.labels import load_json_labels
from policy_audit.evaluate.model import LabelSet, check_criteria
from policy_audit.findings import Scale


def load_labels(path: str | Path, known: Mapping[str, Scale] | None = None) -> LabelSet:
    """Read a labels file (JSON, or a Campaign Zero CSV by its extension) and validate it.

    ``known`` maps every criterion id the tool knows to its scale; when given, an unknown id or a
    grade outside the criterion's scale is a :class:`~.model.LabelsError`.
    """
    path = Path(path)
    labelset = load_cz_csv(path) if path.suffix.lower() == ".csv" else load_json_labels(path)
    if known is not None:
        check_criteria(labelset, known)
    return labelset
