"""Shared pieces of the scan tests: a tiny rule set and an audit function that needs no matcher.

The fake audit reads a text file and grades ``intervene.duty`` by one phrase, which is all the batch
machinery needs to be tested for real (one row per input, department grades, cache, time limit)
while the extractor and matcher are tested on their own.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from policy_audit.findings import AuditResult, DocumentInfo, Evidence, Finding, Grade, Scale, Status, missing_grade

STRONG_TEXT = (
    "GENERAL ORDER 300 - USE OF FORCE\n"
    "Officers shall intervene when they observe another officer using excessive force, and shall "
    "report what they saw to a supervisor.\n"
)
WEAK_TEXT = "GENERAL ORDER 301\nAn officer should intervene if another officer uses more force than needed.\n"
NONE_TEXT = "GENERAL ORDER 410 - PARKING\nVehicles parked overnight on snow routes will be towed.\n"


@dataclass(frozen=True)
class FakeRule:
    id: str
    scale: Scale
    family: str = "intervene"


class FakeRules:
    digest = "fake-rules-1"

    def __init__(self):
        self.rules = (FakeRule("intervene.duty", Scale.OBLIGATION), FakeRule("medical.aid", Scale.OBLIGATION))

    def select(self, standard):
        return self

    def __iter__(self):
        return iter(self.rules)


DEFAULT_CRITERIA = (("intervene.duty", Scale.OBLIGATION), ("medical.aid", Scale.OBLIGATION))


def fake_audit(path: str, criteria=DEFAULT_CRITERIA) -> AuditResult:
    """Grade intervene.duty by one phrase, every other criterion missing; empty and non-text files
    become the rows the real reader would give. ``TEST_HANG_ON=<file name>`` makes that file hang."""
    data = Path(path).read_bytes()
    if (hang := os.environ.get("TEST_HANG_ON")) and Path(path).name == hang:
        time.sleep(3600)
    if not data:
        return AuditResult(DocumentInfo(path), "core", status=Status.ERROR, problem="empty_file", reason="empty file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return AuditResult(DocumentInfo(path), "core", status=Status.ERROR, problem="corrupt", reason="not a PDF")
    if "shall intervene" in text:
        grade = Grade.STRONG
    elif "should intervene" in text:
        grade = Grade.WEAK
    else:
        grade = Grade.ABSENT
    evidence = (
        (Evidence(page=None, section="", quote=text.splitlines()[1], grade=grade),) if grade is not Grade.ABSENT else ()
    )
    findings = tuple(
        Finding(c, scale, grade, evidence) if c == "intervene.duty" else Finding(c, scale, missing_grade(scale))
        for c, scale in criteria
    )
    return AuditResult(DocumentInfo(path, pages=1, format="text"), "core", findings=findings)


def make_departments(root: Path) -> dict[str, Path]:
    """Two departments of small policies, plus a broken PDF and an empty file."""
    a = root / "alpha"
    b = root / "beta"
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    files = {
        "alpha_strong": a / "300-force.txt",
        "alpha_none": a / "410-parking.txt",
        "beta_weak": b / "301-force.txt",
        "beta_none": b / "410-parking.txt",
        "broken": b / "broken.pdf",
        "empty": a / "empty.txt",
    }
    files["alpha_strong"].write_text(STRONG_TEXT)
    files["alpha_none"].write_text(NONE_TEXT)
    files["beta_weak"].write_text(WEAK_TEXT)
    files["beta_none"].write_text(NONE_TEXT)
    files["broken"].write_bytes(bytes(range(256)) * 8 + os.urandom(512))
    files["empty"].write_bytes(b"")
    return files
