"""The ``evaluate`` command: load the labels and the rules, plan, audit, score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from policy_audit.errors import UsageError
from policy_audit.evaluate.audits import AuditFn, Auditor, Progress, audit_all
from policy_audit.evaluate.load import load_labels
from policy_audit.evaluate.model import LabelsError, LabelSet, check_criteria
from policy_audit.evaluate.plan import (
    EVERY_DOCUMENT,
    Criterion,
    Selection,
    infer_standard,
    plan,
    select,
)
from policy_audit.evaluate.results import Evaluation
from policy_audit.evaluate.score import score
from policy_audit.exitcodes import ExitCode


def run(
    labelset: LabelSet,
    criteria: Sequence[Criterion],
    audit: AuditFn,
    *,
    root: str | Path | None = None,
    jobs: int = 1,
    standard: str = "",
    progress: Progress | None = None,
    timeout: float | None = None,
    isolate: bool | None = None,
    selection: Selection = EVERY_DOCUMENT,
) -> Evaluation:
    """Audit every labelled document with ``audit`` and score the results against the labels.

    ``timeout`` and ``isolate`` as in :func:`.audits.audit_all`; ``selection`` keeps or drops
    documents by glob (``--include`` / ``--exclude``)."""
    root_path = Path(root if root is not None else labelset.root)
    if not root_path.is_dir():
        raise LabelsError(labelset.path, f"root folder {root_path} does not exist (use --root)")
    items, warnings = plan(labelset, root_path, criteria)
    items, excluded = select(items, labelset.path, selection)
    if selection and not items:
        raise UsageError(f"{labelset.path}: --include/--exclude leave no document to evaluate")
    results = audit_all(
        [it.path for it in items], audit, jobs, progress, timeout=timeout, isolate=isolate, standard=standard
    )
    return score(
        labelset, items, results, criteria, root=str(root_path), standard=standard, warnings=warnings, excluded=excluded
    )


def evaluate_file(
    labels_path: str | Path,
    *,
    root: str | Path | None = None,
    standard: str | None = None,
    only: Sequence[str] = (),
    options: Any = None,
    jobs: int = 1,
    progress: Progress | None = None,
    timeout: float | None = 300.0,
    selection: Selection = EVERY_DOCUMENT,
) -> Evaluation:
    """The ``evaluate`` command: load the rules once, validate the labels, audit in the worker pool, score."""
    from policy_audit.audit import AuditOptions
    from policy_audit.rulebook import STANDARDS, load_rules, standard_families, standards_of
    from policy_audit.suggest import did_you_mean

    options = options if options is not None else AuditOptions()
    labelset = load_labels(labels_path)  # file-level problems first, before any rule is compiled
    ruleset = load_rules(options.rules_dirs)
    known = {r.id: r.scale for r in ruleset}
    check_criteria(labelset, known)
    for cid in only:
        if cid not in known:
            raise UsageError(
                f"--criteria: unknown criterion id {cid!r}{did_you_mean(cid, known) or '; known: ' + ', '.join(known)}"
            )
    if standard is None:
        standard = infer_standard(only or labelset.criteria(), STANDARDS)
        if any(
            (r := ruleset.get(c)) is not None and standard not in standards_of(r) for c in only or labelset.criteria()
        ):
            standard = "statutes"  # labels of statute elements, which core and all leave out
    families = standard_families(standard)
    selected = ruleset.select(standard)
    chosen = [r for r in selected if r.family in families and (not only or r.id in only)]
    if only:
        outside = [cid for cid in only if (rule := ruleset.get(cid)) is not None and selected.get(rule.id) is None]
        if outside:
            raise UsageError(f"--criteria {outside[0]} is not part of --standard {standard}")
    criteria = [Criterion(r.id, r.scale) for r in chosen]
    if not set(labelset.criteria()) & {c.id for c in criteria}:
        raise UsageError(
            f"{labelset.path}: no label for any criterion of --standard {standard}{' --criteria' if only else ''}"
        )
    auditor = Auditor(replace(options, standard=standard), ruleset)
    return run(
        labelset,
        criteria,
        auditor,
        root=root,
        jobs=jobs,
        standard=standard,
        progress=progress,
        timeout=timeout,
        isolate=True,
        selection=selection,
    )


def exit_code(evaluation: Evaluation, min_accuracy: float | None = None) -> ExitCode:
    """0 when the evaluation ran; 1 when --min-accuracy is given and a criterion is below it."""
    if min_accuracy is not None and evaluation.below(min_accuracy):
        return ExitCode.GAPS
    return ExitCode.OK
