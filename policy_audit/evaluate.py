"""How often is the tool wrong? Audit a hand-labelled set of documents and measure agreement.

The labels file (JSON, or Campaign Zero's CSV through :mod:`policy_audit.cz_labels`) says, for each
document and criterion id, the grade a careful reader gave and the quote that decided it. This
module audits every labelled document once, compares grades criterion by criterion and reports,
per criterion and overall: a confusion matrix, accuracy, precision and recall of the top grade
(strong / present / met), Cohen's kappa, and every disagreement with both quotes.

Rules of the comparison (documented in the README's accuracy section):

* Batch folders (``batch_checked``): every supported file in the folder that the labels do not list
  is expected absent (not_met) on every criterion the labels file grades anywhere.
* Documents labelled ``no_text`` are not scored per criterion; the tool must report them as
  unreadable too ("no_text agreement: k/n").
* A labelled document the tool cannot read, or a criterion it does not grade, still counts: the
  found grade is then ``no_text``, ``error`` or ``not_graded``, which never equals the label.

The audit function is injectable (``run(..., audit=...)``) so the figures can be tested with a fake
auditor, independently of the matcher. Layering: this module imports audit/findings/metrics only;
rich is imported inside :func:`render_terminal` alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from policy_audit import metrics
from policy_audit.errors import UsageError
from policy_audit.exitcodes import ExitCode
from policy_audit.extract.sniff import SUPPORTED_SUFFIXES
from policy_audit.findings import SCALE_GRADES, AuditResult, Grade, Scale, Status, missing_grade

SCHEMA_VERSION = 1

# Found "grades" that are not grades: the tool gave no grade for a labelled document/criterion.
FOUND_NO_TEXT = "no_text"
FOUND_ERROR = "error"
FOUND_NOT_GRADED = "not_graded"

# Order in which --standard is inferred when not given: the smallest standard covering the labels.
_STANDARD_ORDER = ("core", "8cantwait", "all")

AuditFn = Callable[[Path], AuditResult]


class LabelsError(UsageError):
    """The labels file is unusable: names the file and the problem (exit 2)."""

    def __init__(self, path: str, problem: str):
        self.path = str(path)
        self.problem = " ".join(str(problem).split())
        super().__init__(f"{self.path}: {self.problem}")


# ---------------------------------------------------------------------------------------------
# The labels model
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    grade: Grade
    quote: str = ""
    page: int | None = None


@dataclass(frozen=True)
class DocLabels:
    doc: str  # path relative to the root, as written in the labels file
    labels: tuple[tuple[str, Label], ...] = ()  # criterion id -> label, in file order
    notes: str = ""
    no_text: bool = False

    def label(self, criterion: str) -> Label | None:
        for cid, lab in self.labels:
            if cid == criterion:
                return lab
        return None


@dataclass(frozen=True)
class LabelSet:
    path: str
    kind: str  # "json" or "campaign_zero_csv"
    labeller: str
    docs: tuple[DocLabels, ...]
    root: str  # default folder the doc paths resolve against
    batch_checked: tuple[tuple[str, int], ...] = ()  # folder name -> number of files the labeller checked
    skipped: tuple[tuple[str, str], ...] = ()  # (doc, reason): rows that cannot be scored

    def criteria(self) -> tuple[str, ...]:
        """Every criterion id graded anywhere in the file, in order of first appearance."""
        seen: dict[str, None] = {}
        for d in self.docs:
            for cid, _ in d.labels:
                seen.setdefault(cid, None)
        return tuple(seen)


def load_labels(path: str | Path, known: Mapping[str, Scale] | None = None) -> LabelSet:
    """Read a labels file (JSON, or a Campaign Zero CSV by its extension) and validate it.

    ``known`` maps every criterion id the tool knows to its scale; when given, an unknown id or a
    grade outside the criterion's scale is a :class:`LabelsError`.
    """
    path = Path(path)
    if path.suffix.lower() == ".csv":
        from policy_audit.cz_labels import load_cz_csv

        labelset = load_cz_csv(path)
    else:
        labelset = parse_labels(_read_json(path), str(path), default_root=str(path.parent))
    if known is not None:
        check_criteria(labelset, known)
    return labelset


def read_labels_bytes(path: Path) -> bytes:
    """A labels file's bytes (JSON here, Campaign Zero's CSV in cz_labels); LabelsError naming why not."""
    where = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise LabelsError(where, "file not found")
    except IsADirectoryError:
        raise LabelsError(where, "is a folder, not a labels file")
    except OSError as exc:
        raise LabelsError(where, f"cannot read ({exc.strerror or exc})")


def _read_json(path: Path) -> Any:
    where = str(path)
    raw = read_labels_bytes(path)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise LabelsError(where, "not JSON (not UTF-8 text)")
    except json.JSONDecodeError as exc:
        raise LabelsError(where, f"not JSON (line {exc.lineno} column {exc.colno}: {exc.msg})")


def _grade(where: str, ctx: str, value: Any) -> Grade:
    try:
        return Grade(value)
    except ValueError:
        raise LabelsError(where, f"{ctx}: unknown grade {value!r} (expected one of {', '.join(g.value for g in Grade)})")


def parse_labels(data: Any, where: str, default_root: str = ".") -> LabelSet:
    """Validate parsed JSON labels and build the LabelSet; every problem names its place."""
    if not isinstance(data, dict):
        raise LabelsError(where, "the top level must be an object with a 'docs' list")
    if "docs" not in data:
        raise LabelsError(where, "missing key 'docs'")
    if not isinstance(data["docs"], list):
        raise LabelsError(where, "key 'docs' must be a list")
    labeller = data.get("labeller", "")
    if not isinstance(labeller, str):
        raise LabelsError(where, "key 'labeller' must be text")
    batch = data.get("batch_checked", {})
    if not isinstance(batch, dict) or not all(
        isinstance(k, str) and k and isinstance(v, int) and not isinstance(v, bool) and v >= 0 for k, v in batch.items()
    ):
        raise LabelsError(where, "key 'batch_checked' must map folder names to file counts")

    docs: list[DocLabels] = []
    seen: set[str] = set()
    for i, entry in enumerate(data["docs"]):
        ctx = f"docs[{i}]"
        if not isinstance(entry, dict):
            raise LabelsError(where, f"{ctx}: must be an object")
        if "doc" not in entry:
            raise LabelsError(where, f"{ctx}: missing key 'doc'")
        doc = entry["doc"]
        if not isinstance(doc, str) or not doc.strip():
            raise LabelsError(where, f"{ctx}: key 'doc' must be a non-empty path")
        ctx = f"docs[{i}] ({doc})"
        if doc in seen:
            raise LabelsError(where, f"{ctx}: listed twice")
        seen.add(doc)
        no_text = entry.get("no_text", False)
        if not isinstance(no_text, bool):
            raise LabelsError(where, f"{ctx}: key 'no_text' must be true or false")
        if "labels" not in entry and not no_text:
            raise LabelsError(where, f"{ctx}: missing key 'labels'")
        raw_labels = entry.get("labels", {})
        if not isinstance(raw_labels, dict):
            raise LabelsError(where, f"{ctx}: key 'labels' must be an object")
        notes = entry.get("notes", "")
        if not isinstance(notes, str):
            raise LabelsError(where, f"{ctx}: key 'notes' must be text")
        labels: list[tuple[str, Label]] = []
        for cid, lab in raw_labels.items():
            lctx = f"{ctx} labels.{cid}"
            if not isinstance(lab, dict):
                raise LabelsError(where, f"{lctx}: must be an object with 'grade', 'quote', 'page'")
            if "grade" not in lab:
                raise LabelsError(where, f"{lctx}: missing key 'grade'")
            grade = _grade(where, lctx, lab["grade"])
            quote = lab.get("quote") or ""
            if not isinstance(quote, str):
                raise LabelsError(where, f"{lctx}: key 'quote' must be text")
            page = lab.get("page")
            if page is not None and (not isinstance(page, int) or isinstance(page, bool) or page < 1):
                raise LabelsError(where, f"{lctx}: key 'page' must be a page number or null")
            labels.append((cid, Label(grade=grade, quote=" ".join(quote.split()), page=page)))
        docs.append(DocLabels(doc=doc, labels=tuple(labels), notes=notes, no_text=no_text))
    return LabelSet(
        path=where,
        kind="json",
        labeller=labeller,
        docs=tuple(docs),
        root=default_root,
        batch_checked=tuple(batch.items()),
    )


def check_criteria(labelset: LabelSet, known: Mapping[str, Scale]) -> None:
    """Every criterion id must be known and every grade must belong to that criterion's scale."""
    for i, d in enumerate(labelset.docs):
        for cid, lab in d.labels:
            ctx = f"docs[{i}] ({d.doc}) labels.{cid}" if labelset.kind == "json" else f"{d.doc} {cid}"
            if cid not in known:
                raise LabelsError(labelset.path, f"{ctx}: unknown criterion id {cid!r}")
            allowed = SCALE_GRADES[known[cid]]
            if lab.grade not in allowed:
                raise LabelsError(
                    labelset.path,
                    f"{ctx}: grade {lab.grade.value!r} is not on the {known[cid].value} scale "
                    f"(expected one of {', '.join(g.value for g in allowed)})",
                )


# ---------------------------------------------------------------------------------------------
# What to score
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    id: str
    scale: Scale

    @property
    def grades(self) -> tuple[Grade, ...]:
        return SCALE_GRADES[self.scale]

    @property
    def positive(self) -> Grade:
        return self.grades[0]


@dataclass(frozen=True)
class Item:
    """One document to audit and what the labels expect of it."""

    doc: str  # as in the labels file (batch files: root-relative path with "/")
    path: Path  # where it is on disk
    expected: tuple[tuple[str, Label], ...]  # only the selected criteria that are labelled
    no_text: bool = False
    implied: bool = False  # an unlisted file of a batch folder: absent on every criterion


def infer_standard(criterion_ids: Iterable[str], families_of: Mapping[str, tuple[str, ...]]) -> str:
    """The smallest standard whose families cover every given id (``families_of``: rulebook.STANDARDS)."""
    fams = {cid.split(".", 1)[0] for cid in criterion_ids}
    for name in _STANDARD_ORDER:
        if name in families_of and fams <= set(families_of[name]):
            return name
    return "all"


def _find_batch_folder(root: Path, name: str, where: str) -> Path:
    direct = root / name
    if "/" in name or "\\" in name:
        if direct.is_dir():
            return direct
        raise LabelsError(where, f"batch_checked: folder {name!r} not found under {root}")
    matches = sorted(p for p in root.rglob(name) if p.is_dir())
    if not matches:
        raise LabelsError(where, f"batch_checked: folder {name!r} not found under {root}")
    if len(matches) > 1:
        found = ", ".join(str(m.relative_to(root)) for m in matches)
        raise LabelsError(where, f"batch_checked: folder name {name!r} is ambiguous under {root} ({found})")
    return matches[0]


def plan(labelset: LabelSet, root: Path, criteria: Sequence[Criterion]) -> tuple[tuple[Item, ...], tuple[str, ...]]:
    """The documents to audit, in a deterministic order, and warnings about the labels."""
    selected = {c.id for c in criteria}
    scale_of = {c.id: c.scale for c in criteria}
    warnings: list[str] = []
    items: list[Item] = []
    listed: set[Path] = set()
    for i, d in enumerate(labelset.docs):
        path = (root / d.doc).resolve()
        if not path.is_file():
            ctx = f"docs[{i}] ({d.doc})" if labelset.kind == "json" else d.doc
            raise LabelsError(labelset.path, f"{ctx}: no such file under {root} (use --root)")
        listed.add(path)
        expected = tuple((cid, lab) for cid, lab in d.labels if cid in selected)
        items.append(Item(doc=d.doc, path=path, expected=expected, no_text=d.no_text))

    graded = [cid for cid in labelset.criteria() if cid in selected]
    for name, count in labelset.batch_checked:
        folder = _find_batch_folder(root, name, labelset.path)
        files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        if len(files) != count:
            warnings.append(f"batch folder {name!r}: the labels say {count} files were checked, {len(files)} found")
        for f in files:
            path = f.resolve()
            if path in listed:
                continue
            expected = tuple((cid, Label(grade=missing_grade(scale_of[cid]))) for cid in graded)
            items.append(Item(doc=f.relative_to(root).as_posix(), path=path, expected=expected, implied=True))
    return tuple(items), tuple(warnings)


# ---------------------------------------------------------------------------------------------
# Running the audits
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Auditor:
    """The real audit function: one RuleSet, loaded once, shared by every document (picklable)."""

    options: Any  # audit.AuditOptions
    rules: Any  # rulebook.RuleSet

    def __call__(self, path: Path) -> AuditResult:
        from policy_audit.audit import audit_path

        return audit_path(path, self.options, self.rules)


_worker_audit: AuditFn | None = None


def _init_worker(audit: AuditFn) -> None:
    global _worker_audit
    _worker_audit = audit


def _work(path: Path) -> AuditResult:
    assert _worker_audit is not None
    return _worker_audit(path)


Progress = Callable[[int, int, AuditResult], None]  # (done, total, result just finished)


def audit_all(paths: Sequence[Path], audit: AuditFn, jobs: int = 1, progress: Progress | None = None) -> list[AuditResult]:
    """Audit every path; results in input order whatever the number of workers."""
    results: list[AuditResult] = []
    if jobs <= 1 or len(paths) <= 1:
        for p in paths:
            results.append(audit(p))
            if progress is not None:
                progress(len(results), len(paths), results[-1])
        return results
    import multiprocessing

    with multiprocessing.Pool(processes=min(jobs, len(paths)), initializer=_init_worker, initargs=(audit,)) as pool:
        for result in pool.imap(_work, paths, chunksize=1):
            results.append(result)
            if progress is not None:
                progress(len(results), len(paths), result)
    return results


# ---------------------------------------------------------------------------------------------
# The figures
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    n: int
    accuracy: float | None
    precision: float | None
    recall: float | None
    kappa: float | None
    confusion: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, confusion: Mapping[str, Mapping[str, int]], positive: str) -> Scores:
        return cls(
            n=metrics.total(confusion),
            accuracy=metrics.accuracy(confusion),
            precision=metrics.precision(confusion, positive),
            recall=metrics.recall(confusion, positive),
            kappa=metrics.cohen_kappa(confusion),
            confusion=confusion,
        )


@dataclass(frozen=True)
class CriterionScore:
    id: str
    scale: Scale
    positive: str
    scores: Scores


@dataclass(frozen=True)
class Disagreement:
    doc: str
    criterion: str
    expected: str
    found: str
    expected_quote: str = ""
    expected_page: int | None = None
    found_quote: str = ""
    found_page: int | None = None
    implied: bool = False  # the expectation comes from batch_checked, not from a listed label

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "criterion": self.criterion,
            "expected": self.expected,
            "found": self.found,
            "expected_quote": self.expected_quote,
            "expected_page": self.expected_page,
            "found_quote": self.found_quote,
            "found_page": self.found_page,
            "implied": self.implied,
        }


@dataclass(frozen=True)
class NoTextCheck:
    expected: tuple[str, ...]  # docs labelled no_text
    agreed: tuple[str, ...]  # ... that the tool also reports unreadable
    unexpected: tuple[tuple[str, str, str], ...]  # (doc, status, reason): labelled with text, tool could not read

    def to_dict(self) -> dict[str, Any]:
        return {
            "agreed": len(self.agreed),
            "n": len(self.expected),
            "missed": [d for d in self.expected if d not in self.agreed],
            "unexpected": [{"doc": d, "status": s, "reason": r} for d, s, r in self.unexpected],
        }


@dataclass(frozen=True)
class Evaluation:
    labels_path: str
    labels_kind: str
    labeller: str
    root: str
    standard: str
    documents: Mapping[str, Any]
    criteria: tuple[CriterionScore, ...]
    overall: Scores
    macro_accuracy: float | None
    disagreements: tuple[Disagreement, ...]
    no_text: NoTextCheck
    unlabelled: tuple[str, ...] = ()  # selected criteria no document is labelled on
    warnings: tuple[str, ...] = ()

    def below(self, min_accuracy: float) -> tuple[str, ...]:
        """Criteria whose accuracy is under the threshold (criteria with no documents are ignored)."""
        return tuple(
            c.id for c in self.criteria if c.scores.accuracy is not None and c.scores.accuracy < min_accuracy - 1e-12
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "labels": {"path": self.labels_path, "kind": self.labels_kind, "labeller": self.labeller, "root": self.root},
            "standard": self.standard,
            "documents": dict(self.documents),
            "criteria": {c.id: _scores_dict(c.scores, scale=c.scale.value, positive=c.positive) for c in self.criteria},
            "overall": {**_scores_dict(self.overall), "macro_accuracy": _round(self.macro_accuracy)},
            "unlabelled": list(self.unlabelled),
            "disagreements": [d.to_dict() for d in self.disagreements],
            "no_text": self.no_text.to_dict(),
            "warnings": list(self.warnings),
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _scores_dict(s: Scores, **extra: Any) -> dict[str, Any]:
    return {
        **extra,
        "n": s.n,
        "accuracy": _round(s.accuracy),
        "precision": _round(s.precision),
        "recall": _round(s.recall),
        "kappa": _round(s.kappa),
        "confusion": {e: dict(row) for e, row in s.confusion.items()},
    }


def _found(result: AuditResult, criterion: str) -> tuple[str, str, int | None]:
    """The tool's grade for one criterion, and its first quote and page."""
    if result.status is Status.NO_TEXT:
        return FOUND_NO_TEXT, "", None
    if result.status is not Status.OK:
        return FOUND_ERROR, "", None
    finding = result.finding(criterion)
    if finding is None:
        return FOUND_NOT_GRADED, "", None
    if finding.evidence:
        ev = finding.evidence[0]
        return finding.grade.value, ev.quote, ev.page
    return finding.grade.value, "", None


def score(
    labelset: LabelSet,
    items: Sequence[Item],
    results: Sequence[AuditResult],
    criteria: Sequence[Criterion],
    *,
    root: str,
    standard: str,
    warnings: Sequence[str] = (),
) -> Evaluation:
    """Compare the tool's results with the labels (``results[i]`` is the audit of ``items[i]``)."""
    order = {c.id: i for i, c in enumerate(criteria)}
    pairs: dict[str, list[tuple[str, str]]] = {c.id: [] for c in criteria}
    disagreements: list[Disagreement] = []
    no_text_expected: list[str] = []
    no_text_agreed: list[str] = []
    unexpected: list[tuple[str, str, str]] = []
    for item, result in zip(items, results, strict=True):
        if item.no_text:
            no_text_expected.append(item.doc)
            if result.status is Status.NO_TEXT:
                no_text_agreed.append(item.doc)
            continue
        if result.status is not Status.OK:
            unexpected.append((item.doc, result.status.value, result.reason))
        for cid, label in item.expected:
            found, quote, page = _found(result, cid)
            pairs[cid].append((label.grade.value, found))
            if found != label.grade.value:
                disagreements.append(
                    Disagreement(
                        doc=item.doc,
                        criterion=cid,
                        expected=label.grade.value,
                        found=found,
                        expected_quote=label.quote,
                        expected_page=label.page,
                        found_quote=quote,
                        found_page=page,
                        implied=item.implied,
                    )
                )

    labelled = set(labelset.criteria())
    scored: list[CriterionScore] = []
    binary: list[dict[str, dict[str, int]]] = []
    for c in criteria:
        if c.id not in labelled:
            continue
        cats = [g.value for g in c.grades]
        conf = metrics.confusion_matrix(pairs[c.id], cats)
        scored.append(CriterionScore(id=c.id, scale=c.scale, positive=c.positive.value, scores=Scores.of(conf, c.positive.value)))
        top = c.positive.value
        binary.append(
            metrics.confusion_matrix(
                (("top" if e == top else "other", "top" if f == top else "other") for e, f in pairs[c.id]),
                ["top", "other"],
            )
        )
    pooled = metrics.merge(c.scores.confusion for c in scored)
    pooled_binary = metrics.merge(binary)
    overall = Scores(
        n=metrics.total(pooled),
        accuracy=metrics.accuracy(pooled),
        precision=metrics.precision(pooled_binary, "top"),
        recall=metrics.recall(pooled_binary, "top"),
        kappa=metrics.cohen_kappa(pooled),
        confusion=pooled,
    )
    accs = [c.scores.accuracy for c in scored if c.scores.accuracy is not None]
    macro = sum(accs) / len(accs) if accs else None
    disagreements.sort(key=lambda d: (d.doc, order[d.criterion]))
    documents = {
        "total": len(items),
        "listed": sum(1 for it in items if not it.implied),
        "batch_implied": sum(1 for it in items if it.implied),
        "scored": sum(1 for it in items if not it.no_text),
        "no_text_labelled": len(no_text_expected),
        "skipped": [{"doc": d, "reason": r} for d, r in labelset.skipped],
    }
    return Evaluation(
        labels_path=labelset.path,
        labels_kind=labelset.kind,
        labeller=labelset.labeller,
        root=root,
        standard=standard,
        documents=documents,
        criteria=tuple(scored),
        overall=overall,
        macro_accuracy=macro,
        disagreements=tuple(disagreements),
        no_text=NoTextCheck(tuple(no_text_expected), tuple(no_text_agreed), tuple(unexpected)),
        unlabelled=tuple(c.id for c in criteria if c.id not in labelled),
        warnings=tuple(warnings),
    )


def run(
    labelset: LabelSet,
    criteria: Sequence[Criterion],
    audit: AuditFn,
    *,
    root: str | Path | None = None,
    jobs: int = 1,
    standard: str = "",
    progress: Progress | None = None,
) -> Evaluation:
    """Audit every labelled document with ``audit`` and score the results against the labels."""
    root_path = Path(root if root is not None else labelset.root)
    if not root_path.is_dir():
        raise LabelsError(labelset.path, f"root folder {root_path} does not exist (use --root)")
    items, warnings = plan(labelset, root_path, criteria)
    results = audit_all([it.path for it in items], audit, jobs, progress)
    return score(labelset, items, results, criteria, root=str(root_path), standard=standard, warnings=warnings)


def evaluate_file(
    labels_path: str | Path,
    *,
    root: str | Path | None = None,
    standard: str | None = None,
    only: Sequence[str] = (),
    options: Any = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Evaluation:
    """The ``evaluate`` command: load the rules once, validate the labels, audit, score."""
    from dataclasses import replace

    from policy_audit.audit import AuditOptions
    from policy_audit.rulebook import STANDARDS, load_rules, standard_families

    options = options if options is not None else AuditOptions()
    labelset = load_labels(labels_path)  # file-level problems first, before any rule is compiled
    ruleset = load_rules(options.rules_dirs)
    known = {r.id: r.scale for r in ruleset}
    check_criteria(labelset, known)
    for cid in only:
        if cid not in known:
            raise UsageError(f"--criteria: unknown criterion id {cid!r}; known: {', '.join(known)}")
    if standard is None:
        standard = infer_standard(only or labelset.criteria(), STANDARDS)
    families = standard_families(standard)
    chosen = [r for r in ruleset if r.family in families and (not only or r.id in only)]
    if only:
        outside = [cid for cid in only if ruleset.get(cid) is not None and ruleset.get(cid).family not in families]
        if outside:
            raise UsageError(f"--criteria {outside[0]} is not part of --standard {standard}")
    criteria = [Criterion(r.id, r.scale) for r in chosen]
    if not set(labelset.criteria()) & {c.id for c in criteria}:
        raise UsageError(f"{labelset.path}: no label for any criterion of --standard {standard}{' --criteria' if only else ''}")
    auditor = Auditor(replace(options, standard=standard), ruleset)
    return run(labelset, criteria, auditor, root=root, jobs=jobs, standard=standard, progress=progress)


def exit_code(evaluation: Evaluation, min_accuracy: float | None = None) -> ExitCode:
    """0 when the evaluation ran; 1 when --min-accuracy is given and a criterion is below it."""
    if min_accuracy is not None and evaluation.below(min_accuracy):
        return ExitCode.GAPS
    return ExitCode.OK


# ---------------------------------------------------------------------------------------------
# Output formats
# ---------------------------------------------------------------------------------------------


class EvalFormat(str, Enum):
    terminal = "terminal"
    json = "json"
    markdown = "markdown"


def fmt_num(x: float | None, digits: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def no_text_line(ev: Evaluation) -> str:
    return f"no_text agreement: {len(ev.no_text.agreed)}/{len(ev.no_text.expected)}"


def _found_columns(ev: Evaluation) -> list[str]:
    cols: dict[str, None] = {}
    for c in ev.criteria:
        for row in c.scores.confusion.values():
            for f in row:
                cols.setdefault(f, None)
    grade_order = [g.value for g in (Grade.STRONG, Grade.WEAK, Grade.PRESENT, Grade.MET, Grade.ABSENT, Grade.NOT_MET)]
    return sorted(cols, key=lambda f: (grade_order.index(f) if f in grade_order else len(grade_order), f))


def _confusion_rows(ev: Evaluation) -> tuple[list[str], list[list[str]]]:
    cols = _found_columns(ev)
    rows = []
    for c in ev.criteria:
        for expected, row in c.scores.confusion.items():
            if expected not in (g.value for g in SCALE_GRADES[c.scale]):
                continue  # a found-only category ("no_text") never appears as an expected row
            rows.append([c.id, expected] + [str(row[f]) if f in row else "" for f in cols])
    return cols, rows


def render_json(ev: Evaluation) -> str:
    return json.dumps(ev.to_dict(), indent=2, ensure_ascii=False)


def _md_cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|") if text not in (None, "") else ""


def render_markdown(ev: Evaluation) -> str:
    out = [
        "## Accuracy against hand labels",
        "",
        f"Labels: `{Path(ev.labels_path).name}` ({ev.labeller or 'unknown labeller'}); standard `{ev.standard}`; "
        f"{ev.documents['total']} documents ({ev.documents['listed']} listed, {ev.documents['batch_implied']} unlisted "
        f"batch files expected absent, {ev.documents['no_text_labelled']} without text).",
        "",
        "| criterion | n | accuracy | precision | recall | kappa |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for c in ev.criteria:
        s = c.scores
        out.append(
            f"| `{c.id}` | {s.n} | {fmt_num(s.accuracy)} | {fmt_num(s.precision)} | {fmt_num(s.recall)} | {fmt_num(s.kappa)} |"
        )
    o = ev.overall
    out.append(
        f"| **overall** | {o.n} | {fmt_num(o.accuracy)} | {fmt_num(o.precision)} | {fmt_num(o.recall)} | {fmt_num(o.kappa)} |"
    )
    out += [
        "",
        "Precision and recall are for the top grade (strong / present / met); kappa is Cohen's kappa "
        "(n/a when chance agreement is 1). Overall pools every document x criterion pair; "
        f"mean per-criterion accuracy {fmt_num(ev.macro_accuracy)}.",
        "",
        no_text_line(ev),
    ]
    for doc, status, reason in ev.no_text.unexpected:
        out.append(f"- labelled with text but not read by the tool: `{doc}` ({status}: {reason})")
    for s in ev.documents.get("skipped", ()):
        out.append(f"- skipped: `{s['doc']}` ({s['reason']})")
    if ev.unlabelled:
        out.append(f"- not labelled, not scored: {', '.join(f'`{c}`' for c in ev.unlabelled)}")
    cols, rows = _confusion_rows(ev)
    out += ["", "### Confusion matrices (rows: expected, columns: found)", ""]
    out.append("| criterion | expected | " + " | ".join(cols) + " |")
    out.append("|---|---|" + "---:|" * len(cols))
    for r in rows:
        out.append("| `" + r[0] + "` | " + " | ".join(r[1:]) + " |")
    out += ["", f"### Disagreements ({len(ev.disagreements)})", ""]
    if ev.disagreements:
        out.append("| document | criterion | expected | found | expected quote | found quote |")
        out.append("|---|---|---|---|---|---|")
        for d in ev.disagreements:
            eq = _md_cell(d.expected_quote) + (f" (p. {d.expected_page})" if d.expected_page else "")
            fq = _md_cell(d.found_quote) + (f" (p. {d.found_page})" if d.found_page else "")
            if d.implied:
                eq = "(unlisted batch file)"
            out.append(f"| `{d.doc}` | `{d.criterion}` | {d.expected} | {d.found} | {eq} | {fq} |")
    else:
        out.append("None.")
    for w in ev.warnings:
        out += ["", f"> warning: {w}"]
    return "\n".join(out) + "\n"


def _clip(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def render_terminal(ev: Evaluation, color: bool = False, width: int = 100) -> str:
    import io

    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    console.print(
        f"Evaluation of {ev.labels_path} ({ev.labeller or 'unknown labeller'}), standard {ev.standard}: "
        f"{ev.documents['total']} documents ({ev.documents['listed']} listed, "
        f"{ev.documents['batch_implied']} unlisted batch files expected absent)"
    )
    table = Table(show_header=True, header_style="bold")
    for name, justify in (("criterion", "left"), ("n", "right"), ("accuracy", "right"), ("precision", "right"), ("recall", "right"), ("kappa", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for c in ev.criteria:
        s = c.scores
        table.add_row(c.id, str(s.n), fmt_num(s.accuracy), fmt_num(s.precision), fmt_num(s.recall), fmt_num(s.kappa))
    o = ev.overall
    table.add_row("overall", str(o.n), fmt_num(o.accuracy), fmt_num(o.precision), fmt_num(o.recall), fmt_num(o.kappa), style="bold")
    console.print(table)
    console.print(f"precision/recall of the top grade; mean per-criterion accuracy {fmt_num(ev.macro_accuracy)}")
    console.print(no_text_line(ev))
    for doc, status, reason in ev.no_text.unexpected:
        console.print(f"  labelled with text but not read: {doc} ({status}: {reason})")
    for s in ev.documents.get("skipped", ()):
        console.print(f"  skipped: {s['doc']} ({s['reason']})")
    if ev.unlabelled:
        console.print(f"not labelled, not scored: {', '.join(ev.unlabelled)}")

    cols, rows = _confusion_rows(ev)
    conf = Table(title="confusion (rows: expected, columns: found)", show_header=True, header_style="bold")
    conf.add_column("criterion")
    conf.add_column("expected")
    for f in cols:
        conf.add_column(f, justify="right")
    for r in rows:
        conf.add_row(*r)
    console.print(conf)

    console.print(f"disagreements: {len(ev.disagreements)}")
    if ev.disagreements:
        dis = Table(show_header=True, header_style="bold", show_lines=True)
        for name in ("document", "criterion", "expected \u2192 found", "expected quote", "found quote"):
            dis.add_column(name, overflow="fold")
        for d in ev.disagreements:
            eq = "(unlisted batch file)" if d.implied else _clip(d.expected_quote) + (f" (p. {d.expected_page})" if d.expected_page else "")
            fq = _clip(d.found_quote) + (f" (p. {d.found_page})" if d.found_page else "")
            dis.add_row(d.doc, d.criterion, f"{d.expected} \u2192 {d.found}", eq, fq)
        console.print(dis)
    for w in ev.warnings:
        console.print(f"warning: {w}")
    return buf.getvalue()


def render(ev: Evaluation, fmt: EvalFormat, color: bool = False, width: int = 100) -> str:
    if fmt is EvalFormat.json:
        return render_json(ev)
    if fmt is EvalFormat.markdown:
        return render_markdown(ev)
    return render_terminal(ev, color=color, width=width)
