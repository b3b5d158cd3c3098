"""What a labels file says, whatever its format: documents, their hand grades and deciding quotes.

Both readers (:mod:`.labels` for the JSON labels, :mod:`.campaign_zero` for Campaign Zero's CSV)
build a :class:`LabelSet`; everything after loading works on it alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from policy_audit.errors import UsageError
from policy_audit.findings import SCALE_GRADES, Grade, Scale


class LabelsError(UsageError):
    """The labels file is unusable: names the file and the problem (exit 2)."""

    def __init__(self, path: str, problem: str):
        self.path = str(path)
        self.problem = " ".join(str(problem).split())
        super().__init__(f"{self.path}: {self.problem}")


@dataclass(frozen=True)
class Label:
    grade: Grade
    quote: str = ""
    page: int | None = None
    # The document's own words in ``quote`` when the quote also holds the labeller's comment
    # (Campaign Zero: 'Yes. "Officers shall intervene."'); None when the whole quote is the document's.
    cited: str | None = None

    @property
    def document_words(self) -> str:
        """What a quote the tool shows must contain to be the labelled one ("" for none)."""
        return self.quote if self.cited is None else self.cited


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

    def where(self, index: int, doc: DocLabels) -> str:
        """How an error names one document: its place in a JSON file, its id in a CSV."""
        return f"docs[{index}] ({doc.doc})" if self.kind == "json" else doc.doc


def read_labels_bytes(path: Path) -> bytes:
    """A labels file's bytes (JSON or Campaign Zero's CSV); LabelsError naming why not."""
    where = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise LabelsError(where, "file not found")
    except IsADirectoryError:
        raise LabelsError(where, "is a folder, not a labels file")
    except OSError as exc:
        raise LabelsError(where, f"cannot read ({exc.strerror or exc})")
    except ValueError as exc:  # a NUL in the path itself
        raise LabelsError(where.replace("\x00", "\\0"), f"cannot read ({exc})")


def check_criteria(labelset: LabelSet, known: Mapping[str, Scale]) -> None:
    """Every criterion id must be known and every grade must belong to that criterion's scale."""
    for i, d in enumerate(labelset.docs):
        for cid, lab in d.labels:
            ctx = f"{labelset.where(i, d)} labels.{cid}" if labelset.kind == "json" else f"{d.doc} {cid}"
            if cid not in known:
                raise LabelsError(labelset.path, f"{ctx}: unknown criterion id {cid!r}")
            allowed = SCALE_GRADES[known[cid]]
            if lab.grade not in allowed:
                raise LabelsError(
                    labelset.path,
                    f"{ctx}: grade {lab.grade.value!r} is not on the {known[cid].value} scale "
                    f"(expected one of {', '.join(g.value for g in allowed)})",
                )
