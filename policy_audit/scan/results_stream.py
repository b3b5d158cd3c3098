"""Rows written as they finish, and a re-run that skips them: ``scan --results FILE.jsonl``.

Each finished document is one JSON line, flushed (and fsync'd) before the next: a run that is killed
leaves whole lines and at most one torn last line, which the next run cuts off. A line holds the
row (``AuditResult.to_dict``) and what makes it reusable: the file's sha256 and the options
fingerprint (rules digest, standard, engine, OCR, page limit: ``cache.options_fingerprint``). A
re-run of the same command reads the file and skips every document whose (sha256, fingerprint) is
there; changing the rules or an option audits everything again.

The JSONL file is the resume source, not the SQLite cache: it is append-only, one writer (the
client), and safe on a shared or network folder, where SQLite's locking is not (see docs/scale.md).

``write_parquet`` turns the JSONL into ``results.parquet`` (pyarrow), one row per document with
one column per criterion, partitioned by state when the rows have states.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from policy_audit.errors import UsageError
from policy_audit.findings import AuditResult

JSONL_NAME = "results.jsonl"
PARQUET_NAME = "results.parquet"


@dataclass(frozen=True)
class StreamedRow:
    sha256: str  # of the file's bytes ("" when it could not be read)
    fingerprint: str
    result: AuditResult

    def to_json(self) -> str:
        obj = {"sha256": self.sha256, "fingerprint": self.fingerprint, "result": self.result.to_dict()}
        return json.dumps(obj, sort_keys=True, ensure_ascii=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> StreamedRow:
        obj = json.loads(line)
        return cls(obj["sha256"], obj["fingerprint"], AuditResult.from_dict(obj["result"]))


def read_rows(path: str | os.PathLike[str]) -> list[StreamedRow]:
    """The whole lines of a results file (a torn or foreign line is skipped); [] when there is none."""
    rows: list[StreamedRow] = []
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.endswith("\n"):
                    break  # torn by a kill mid-write: that row is audited again
                try:
                    rows.append(StreamedRow.from_json(line))
                except (ValueError, KeyError, TypeError):
                    continue
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise UsageError(f"--results {path}: cannot read ({exc.strerror or exc})")
    except UnicodeDecodeError:
        raise UsageError(f"--results {path}: not a results file (not UTF-8 text)")
    return rows


def done_rows(rows: Iterable[StreamedRow], fingerprint: str) -> dict[str, StreamedRow]:
    """Finished rows by file sha256, for this fingerprint only (the last line wins)."""
    return {r.sha256: r for r in rows if r.fingerprint == fingerprint and r.sha256}


class ResultsStream:
    """The append-only JSONL file; ``write`` one row at a time. Use as a context manager."""

    def __init__(self, path: str | os.PathLike[str], fingerprint: str):
        self.path = Path(path)
        self.fingerprint = fingerprint
        self.written = 0
        self._fh: IO[str] | None = None

    def __enter__(self) -> ResultsStream:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _cut_torn_line(self.path)
            self._fh = open(self.path, "a", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--results {self.path}: cannot write ({exc.strerror or exc})")
        return self

    def write(self, sha256: str, result: AuditResult) -> None:
        assert self._fh is not None, "use ResultsStream as a context manager"
        self._fh.write(StreamedRow(sha256, self.fingerprint, result).to_json() + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())  # a killed client or a lost node keeps every row it announced
        self.written += 1

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _cut_torn_line(path: Path) -> None:
    """Drop an unfinished last line, so that the next row starts on a line of its own."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size == 0:
        return
    with open(path, "rb+") as fh:
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        fh.seek(0)
        content = fh.read()
        fh.truncate(content.rfind(b"\n") + 1)


def parquet_record(row: StreamedRow, criteria: tuple[str, ...]) -> dict[str, Any]:
    r = row.result
    record: dict[str, Any] = {
        "path": r.document.path,
        "department": r.group,
        "state": r.state,
        "agency_id": r.agency_id,
        "effective_date": r.effective_date,
        "status": r.status.value,
        "problem": r.problem,
        "reason": r.reason,
        "pages": r.document.pages,
        "ocr_pages": len(r.document.ocr_pages),
        "engine": r.document.engine,
        "sha256": row.sha256 or r.document.sha256,
        "seconds": round(r.seconds, 3),
    }
    grades = {f.criterion: f.grade.value for f in r.findings}
    for criterion in criteria:
        record[criterion] = grades.get(criterion, "")
    return record


def write_parquet(rows: list[StreamedRow], target: str | os.PathLike[str], criteria: tuple[str, ...]) -> Path | None:
    """Write the rows as Parquet: a file, or a folder partitioned by state when any row has one.
    None when pyarrow is not installed (the cluster extra): the JSONL holds every row anyway."""
    import shutil

    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return None

    target = Path(target)
    records = [parquet_record(r, criteria) for r in rows]
    table = pa.Table.from_pylist(records) if records else pa.table({"path": pa.array([], pa.string())})
    if target.is_dir():
        shutil.rmtree(target)  # a re-run rewrites it whole from the JSONL
    elif target.exists():
        target.unlink()
    if any(r.result.state for r in rows):
        pq.write_to_dataset(table, root_path=str(target), partition_cols=["state"])
    else:
        pq.write_table(table, str(target))
    return target
