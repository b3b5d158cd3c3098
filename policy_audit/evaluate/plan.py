"""Which documents to audit, and what the labels expect of each.

* Listed documents resolve against the root (default: the labels file's folder, or for Campaign
  Zero's CSV the folder above it).
* Batch folders (``batch_checked``): every supported file in the folder that the labels do not list
  is expected absent (not_met) on every criterion the labels file grades anywhere.
* ``--include`` / ``--exclude`` globs keep or drop documents by their path relative to the labels
  file's folder, so a corpus can be split into a development half and a held-out half.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from policy_audit.evaluate.model import SCALE_GRADES, Label, LabelsError, LabelSet
from policy_audit.extract.sniff import SUPPORTED_SUFFIXES  # the files a batch folder may hold that the tool reads
from policy_audit.findings import Grade, Scale, missing_grade

# Order in which --standard is inferred when not given: the smallest standard covering the labels.
_STANDARD_ORDER = ("core", "8cantwait", "all")


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


@dataclass(frozen=True)
class Selection:
    """``--include`` / ``--exclude``: shell globs on a document's path relative to the labels file's
    folder ("/" separators; ``*`` also crosses folders). A glob that names a folder covers what is in it."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.include or self.exclude)

    def keeps(self, relative: str) -> bool:
        if self.include and not _matches(relative, self.include):
            return False
        return not _matches(relative, self.exclude)


EVERY_DOCUMENT = Selection()


def _matches(relative: str, globs: Iterable[str]) -> bool:
    path = PurePosixPath(relative)
    candidates = [str(path)] + [str(p) for p in path.parents if str(p) != "."]
    return any(fnmatch.fnmatchcase(c, g.strip("/")) for g in globs for c in candidates)


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


def _under(root: Path, doc: str) -> bool:
    """Whether ``doc`` names a path inside ``root``, judged on the names (links inside root may lead anywhere)."""
    top = os.path.abspath(root)
    return os.path.commonpath([top, os.path.abspath(os.path.join(top, doc))]) == top


def plan(labelset: LabelSet, root: Path, criteria: Sequence[Criterion]) -> tuple[tuple[Item, ...], tuple[str, ...]]:
    """The documents to audit, in a deterministic order, and warnings about the labels."""
    selected = {c.id for c in criteria}
    scale_of = {c.id: c.scale for c in criteria}
    warnings: list[str] = []
    items: list[Item] = []
    listed: set[Path] = set()
    for i, d in enumerate(labelset.docs):
        path = (root / d.doc).resolve()
        if not _under(root, d.doc):  # "../", or an absolute path: a labels file could read any file
            raise LabelsError(
                labelset.path, f"{labelset.where(i, d)}: the path leaves the root folder {root}; use --root to widen it"
            )
        if not path.is_file():
            raise LabelsError(labelset.path, f"{labelset.where(i, d)}: no such file under {root} (use --root)")
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


def select(items: Sequence[Item], labels_path: str, selection: Selection) -> tuple[tuple[Item, ...], int]:
    """The items ``selection`` keeps, and how many it left out."""
    if not selection:
        return tuple(items), 0
    base = Path(labels_path).resolve().parent
    kept = tuple(it for it in items if selection.keeps(relative_to_labels(it, base)))
    return kept, len(items) - len(kept)


def relative_to_labels(item: Item, base: Path) -> str:
    """The item's path relative to the labels file's folder (as written, when it lies elsewhere)."""
    try:
        return item.path.relative_to(base).as_posix()
    except ValueError:
        return PurePosixPath(item.doc.replace("\\", "/")).as_posix()
