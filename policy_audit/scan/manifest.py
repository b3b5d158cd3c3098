"""``scan --manifest agencies.csv``: the documents to audit and whose they are.

A manifest is a CSV with a header holding ``path, department, state, agency_id`` and optionally
``effective_date`` (other columns are ignored, so a researcher's own sheet works as it is). Paths
are relative to the manifest's folder. Department, state and agency id travel with the document's
row into every output; department is also its group in the summaries. A bad manifest is one
usage error naming the file, the line and what is wrong (exit 2): a national run should stop before
it starts, not after hours with half its rows unattributed.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, replace
from pathlib import Path

from policy_audit.errors import UsageError
from policy_audit.findings import AuditResult

REQUIRED = ("path", "department", "state", "agency_id")
OPTIONAL = ("effective_date",)


@dataclass(frozen=True)
class Agency:
    department: str
    state: str
    agency_id: str
    effective_date: str = ""


@dataclass(frozen=True)
class ManifestEntry:
    path: str  # as given, joined to the manifest's folder when relative
    agency: Agency


@dataclass(frozen=True)
class Manifest:
    source: str
    entries: tuple[ManifestEntry, ...]

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(e.path for e in self.entries)

    @property
    def has_states(self) -> bool:
        return any(e.agency.state for e in self.entries)

    def agency_of(self, path: str) -> Agency | None:
        """The agency listed for this file, or for the nearest listed folder holding it."""
        index = self._by_real_path()
        real = Path(os.path.realpath(path))
        for candidate in (real, *real.parents):
            if str(candidate) in index:
                return index[str(candidate)]
        return None

    def _by_real_path(self) -> dict[str, Agency]:
        # Built on first use and kept: a frozen dataclass cannot hold it as a field that compares.
        cached = self.__dict__.get("_index")
        if cached is None:
            cached = {os.path.realpath(e.path): e.agency for e in self.entries}
            object.__setattr__(self, "_index", cached)
        return cached

    def label(self, result: AuditResult) -> AuditResult:
        """The row with its agency's department, state, agency id and date (unchanged when unlisted)."""
        agency = self.agency_of(result.document.path)
        if agency is None:
            return result
        return replace(
            result,
            group=agency.department,
            state=agency.state,
            agency_id=agency.agency_id,
            effective_date=agency.effective_date,
        )


def read_manifest(csv_path: str | os.PathLike[str]) -> Manifest:
    """Read and check a manifest; every problem is a :class:`UsageError` naming the file (and line)."""
    where = f"--manifest {csv_path}"
    source = Path(csv_path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"{where}: cannot read ({exc.strerror or exc})")
    except UnicodeDecodeError:
        raise UsageError(f"{where}: not UTF-8 text")
    try:
        rows = list(csv.reader(text.splitlines()))
    except csv.Error as exc:
        raise UsageError(f"{where}: not a CSV file ({exc})")
    if not rows:
        raise UsageError(f"{where}: empty; needs a header with the columns {', '.join(REQUIRED)}")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise UsageError(
            f"{where}: the header lacks {', '.join(missing)} (needs {', '.join(REQUIRED)}; optional {', '.join(OPTIONAL)})"
        )
    column = {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}
    base = source.resolve().parent
    entries: list[ManifestEntry] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise UsageError(f"{where}, line {line}: {len(row)} cells under a header of {len(header)}")
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in column.items()}
        empty = [name for name in ("path", "department") if not cells[name]]
        if empty:
            raise UsageError(f"{where}, line {line}: {' and '.join(empty)} cannot be empty")
        full = Path(cells["path"]).expanduser()
        if not full.is_absolute():
            full = base / full
        real = os.path.realpath(full)
        if real in seen:
            raise UsageError(f"{where}, line {line}: {cells['path']} is listed twice (first on line {seen[real]})")
        seen[real] = line
        agency = Agency(cells["department"], cells["state"], cells["agency_id"], cells.get("effective_date", ""))
        entries.append(ManifestEntry(str(full), agency))
    if not entries:
        raise UsageError(f"{where}: no documents listed")
    return Manifest(str(source), tuple(entries))
