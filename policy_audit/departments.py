"""Departments: which documents belong together, and a department's grade on each criterion.

A department's policy is spread over many general orders, so a department meets a criterion when
any one of its readable documents does: its grade per criterion is the best grade (``Grade.rank``)
among its documents with status ok, with the document and the quote that carry it.

Grouping (``--group-by``):
- ``folder`` (default): the name of the document's parent folder (``il/bloomington/101.pdf`` is
  ``bloomington``; a file named at the top level belongs to its own parent folder's name);
- ``file``: every document is its own group (named by its file name);
- ``none``: no departments.
``--groups FILE.csv`` (columns ``path,department``) overrides the grouping for the paths it lists;
a path there may be a file or a folder (every document under it), relative to the CSV's folder or
absolute. Documents it does not list fall back to ``folder``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from policy_audit.batch_result import GroupGrade, GroupSummary
from policy_audit.errors import UsageError
from policy_audit.findings import AuditResult, Grade, Scale, Status, missing_grade


class GroupBy(str, Enum):
    folder = "folder"
    file = "file"
    none = "none"


def _abs(path: str) -> str:
    return os.path.realpath(path)


def folder_name(path: str) -> str:
    parent = Path(os.path.abspath(path)).parent
    return parent.name or str(parent)


@dataclass(frozen=True)
class Grouping:
    by: GroupBy = GroupBy.folder
    overrides: tuple[tuple[str, str], ...] = ()  # (resolved path, department), longest path first

    def listed_group(self, path: str) -> str | None:
        """The department the --groups file gives this path, or None when no row covers it."""
        real = _abs(path)
        for prefix, name in self.overrides:
            if real == prefix or real.startswith(prefix.rstrip(os.sep) + os.sep):
                return name
        return None

    def group_of(self, path: str) -> str:
        if self.overrides and (listed := self.listed_group(path)) is not None:
            return listed
        if self.by is GroupBy.none and not self.overrides:
            return ""
        if self.by is GroupBy.file:
            return os.path.basename(path)
        return folder_name(path)


def load_groups_csv(csv_path: str | os.PathLike[str]) -> tuple[tuple[str, str], ...]:
    """Read ``path,department`` rows; a bad file is a usage error naming the file and the line."""
    csv_path = Path(csv_path)
    try:
        text = csv_path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"--groups {csv_path}: cannot read ({exc.strerror or exc})")
    except UnicodeDecodeError:
        raise UsageError(f"--groups {csv_path}: not UTF-8 text")
    reader = csv.DictReader(text.splitlines())
    fields = [f.strip().lower() for f in reader.fieldnames or ()]
    if "path" not in fields or "department" not in fields:
        raise UsageError(f"--groups {csv_path}: needs a header with the columns path,department")
    reader.fieldnames = fields
    base = csv_path.resolve().parent
    out: dict[str, str] = {}
    for line, row in enumerate(reader, start=2):
        path = (row.get("path") or "").strip()
        name = (row.get("department") or "").strip()
        if not path and not name:
            continue
        if not path or not name:
            raise UsageError(f"--groups {csv_path}, line {line}: both path and department are needed")
        full = Path(path).expanduser()
        if not full.is_absolute():
            full = base / full
        out[_abs(str(full))] = name
    return tuple(sorted(out.items(), key=lambda kv: len(kv[0]), reverse=True))


def check_groups_match(groups: Grouping, groups_csv: str | os.PathLike[str] | None, paths: Iterable[str]) -> None:
    """A --groups file none of whose rows covers a scanned document is a mistake (most often paths
    written relative to the wrong folder): a usage error, not a scan grouped by folder after all."""
    paths = list(paths)
    if not groups.overrides or not paths or any(groups.listed_group(p) is not None for p in paths):
        return
    base = Path(groups_csv).resolve().parent if groups_csv is not None else Path.cwd()
    raise UsageError(
        f"--groups {groups_csv}: none of its paths matches a scanned document (paths are relative to {base})"
    )


def grouping(by: GroupBy | str = GroupBy.folder, groups_csv: str | os.PathLike[str] | None = None) -> Grouping:
    overrides = load_groups_csv(groups_csv) if groups_csv is not None else ()
    return Grouping(GroupBy(by), overrides)


def _group_grade(criterion: str, scale: Scale, docs: Sequence[AuditResult]) -> GroupGrade:
    best: GroupGrade | None = None
    for result in docs:
        if result.status is not Status.OK:
            continue
        finding = result.finding(criterion)
        if finding is None:
            continue
        grade = finding.effective_grade  # a reviewer's current override counts for the department
        if best is None or grade.rank > best.grade.rank:
            evidence = finding.evidence[0] if finding.evidence else None
            document = result.document.path if grade.rank > 0 or evidence else ""
            best = GroupGrade(criterion, grade, document, evidence)
    return best if best is not None else GroupGrade(criterion, missing_grade(scale))


def criteria_of(results: Iterable[AuditResult]) -> tuple[tuple[str, Scale], ...]:
    """The criteria the results were graded on, in the order they first appear."""
    seen: dict[str, Scale] = {}
    for r in results:
        for f in r.findings:
            seen.setdefault(f.criterion, f.scale)
    return tuple(seen.items())


def summarize(
    results: Sequence[AuditResult], criteria: Sequence[tuple[str, Scale]] | None = None
) -> tuple[GroupSummary, ...]:
    """One summary per group (sorted by name); results with group "" belong to none."""
    if criteria is None:
        criteria = criteria_of(results)
    members: dict[str, list[AuditResult]] = {}
    for r in results:
        if r.group:
            members.setdefault(r.group, []).append(r)
    return tuple(
        GroupSummary(
            name=name,
            documents=tuple(r.document.path for r in docs),
            grades=tuple(_group_grade(c, scale, docs) for c, scale in criteria),
        )
        for name, docs in sorted(members.items())
    )


__all__ = ["GroupBy", "Grouping", "Grade", "criteria_of", "folder_name", "grouping", "load_groups_csv", "summarize"]
