"""Issue acceptance: `scan` over the bad-file zoo plus the Illinois corpus returns one row per input."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

try:
    from tests.zoo.expected import MAX_MEMORY
    from tests.zoo.make_zoo import build_zoo
except ImportError:
    from zoo.expected import MAX_MEMORY
    from zoo.make_zoo import build_zoo

ROOT = Path(__file__).resolve().parent.parent
IL = ROOT.parent / "shared" / "corpus" / "pdf" / "il"


@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.skipif(not IL.is_dir(), reason="corpus not present")
def test_scan_of_zoo_and_corpus_has_one_row_per_input(tmp_path):
    zoo = tmp_path / "zoo"
    cases = build_zoo(zoo)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "policy_audit",
            "scan",
            str(zoo),
            str(IL),
            "--format",
            "csv",
            "--ocr",
            "never",
            "--no-cache",
            "--quiet",
            "--max-pages",
            "2000",
            "--max-memory",
            str(MAX_MEMORY),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert done.returncode == 3, done.stderr  # the zoo holds unreadable files
    assert "Traceback" not in done.stdout + done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    paths = [r["path"] for r in rows]
    assert len(paths) == len(set(paths)), "a document appears twice"
    # Every corpus PDF is there exactly once.
    corpus = {str(p) for p in IL.rglob("*.pdf")}
    assert corpus <= set(paths)
    # Every zoo file a folder scan can see (regular files and links inside the zoo folder) has a row,
    # with the status its expectation implies; none is lost.
    by_name = {Path(p).name: r for p, r in zip(paths, rows) if Path(p).parent == zoo}
    for case in cases:
        if case.skip or not (case.path.exists() or case.path.is_symlink()) or case.path.is_dir():
            continue  # skip: a chmod 000 file is readable when the tests run as root
        if case.path.parent != zoo or case.path.suffix.lower() not in {".pdf", ".txt", ".docx", ".html", ".md"}:
            continue
        assert case.name in by_name, f"{case.name} has no row"
        row = by_name[case.name]
        if case.expected == "ok":
            assert row["status"] == "ok", (case.name, row["reason"])
        else:
            assert row["status"] in ("error", "no_text"), (case.name, row)
            assert row["reason"] and "\n" not in row["reason"]
    # The PDF bomb is stopped by the memory limit in its worker: one error row, and the scan goes on.
    bomb = [r for r in rows if Path(r["path"]).name == "pdf_bomb.pdf"]
    assert len(bomb) == 1, bomb
    assert (bomb[0]["status"], bomb[0]["problem"]) == ("error", "too_large"), bomb[0]
    assert "--max-memory" in bomb[0]["reason"]
    counts = {s: sum(r["status"] == s for r in rows) for s in ("ok", "no_text", "error")}
    assert sum(counts.values()) == len(rows)
