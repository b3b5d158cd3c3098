"""The bad-file zoo: every broken, disguised or hostile file is read, or refused with one clear line.

Cases and their expected outcomes live in tests/zoo/expected.py; the files are generated once per
session by tests/zoo/make_zoo.py. Two levels are checked:

* the reader: ``read_document`` returns a Document, or raises DocumentError with the expected
  problem and a one-line message that names the file;
* the command line: ``python -m policy_audit check FILE --ocr never`` exits 3 for a bad file with a
  single line on stderr naming it, 0 or 1 for a readable one, and never prints a traceback.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from policy_audit.errors import DocumentError, DocumentProblem
from policy_audit.exitcodes import ExitCode
from policy_audit.extract import ReadOptions, read_document

try:  # rootdir on sys.path (python -m pytest, or tests/ is a package)
    from tests.zoo.expected import EXPECTED, MAX_MEMORY, OK
    from tests.zoo.make_zoo import ZooCase, build_zoo
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from zoo.expected import EXPECTED, MAX_MEMORY, OK
    from zoo.make_zoo import ZooCase, build_zoo

ROOT = Path(__file__).resolve().parent.parent
OPTIONS = ReadOptions(ocr="never", max_pages=2000, max_memory=MAX_MEMORY)
NAMES = list(EXPECTED)

# What must never reach a user: a traceback, or a Python exception class name ("PdfiumError",
# "UnicodeDecodeError", "BadZipFile" ...) leaking from a library into the message.
_LEAK = re.compile(r"Traceback|\b[A-Z][A-Za-z]*(?:Error|Exception|Warning)\b|\bBadZipFile\b|\bErrno\b")


@pytest.fixture(scope="session")
def zoo(tmp_path_factory) -> dict[str, ZooCase]:
    cases = build_zoo(tmp_path_factory.mktemp("zoo"))
    return {case.name: case for case in cases}


def _case(zoo: dict[str, ZooCase], name: str) -> ZooCase:
    case = zoo[name]
    if case.skip:
        pytest.skip(case.skip)
    return case


def _assert_one_clean_line(message: str, path: Path, what: str) -> None:
    assert message.strip(), f"{what} is empty"
    assert "\n" not in message.strip(), f"{what} is more than one line: {message!r}"
    assert str(path) in message, f"{what} does not name the file {path}: {message!r}"
    leak = _LEAK.search(message)
    assert leak is None, f"{what} leaks {leak.group(0)!r}: {message!r}"


# -- the zoo itself ------------------------------------------------------------------------------


def test_expected_outcomes_are_known_problems():
    known = {p.value for p in DocumentProblem} | {OK}
    for name, expect in EXPECTED.items():
        assert expect.outcome in known, f"{name}: unknown outcome {expect.outcome!r}"


def test_zoo_is_fast_and_deterministic(tmp_path):
    def digests(folder: Path) -> dict[str, str]:
        out = {}
        for entry in sorted(folder.iterdir()):
            if entry.is_symlink():
                out[entry.name] = "-> " + os.readlink(entry)
            elif entry.is_dir():
                out[entry.name] = "dir"
            else:
                entry.chmod(0o600)  # the chmod-000 file, when not root
                out[entry.name] = hashlib.sha256(entry.read_bytes()).hexdigest()
        return out

    first = build_zoo(tmp_path / "a")
    build_zoo(tmp_path / "b")
    assert [c.name for c in first] == NAMES
    assert digests(tmp_path / "a") == digests(tmp_path / "b")


# -- the reader ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_reader(zoo, name):
    case = _case(zoo, name)
    expect = case.expect
    try:
        doc = read_document(case.path, OPTIONS)
    except DocumentError as exc:
        assert case.expected != OK, f"{name}: {expect.why}; expected it to be read, got {exc.problem.value}: {exc}"
        assert exc.problem.value == case.expected, (
            f"{name}: {expect.why}; expected {case.expected}, got {exc.problem.value}: {exc}"
        )
        _assert_one_clean_line(str(exc), case.path, "the error message")
        return
    assert case.expected == OK, f"{name}: {expect.why}; expected {case.expected}, but it was read ({doc.format})"
    if expect.format:
        assert doc.format == expect.format, f"{name}: read as {doc.format}, expected {expect.format}"
    assert doc.has_text, f"{name}: read, but no text came out"
    if expect.warning:
        assert doc.warnings, f"{name}: {expect.why}; expected a warning, got none"
    for warning in doc.warnings:
        assert "\n" not in warning and not _LEAK.search(warning), f"{name}: bad warning {warning!r}"
    text = "\n".join(page.text for page in doc.pages)
    flat = " ".join(text.split())
    for needle in expect.contains:
        assert needle in flat, f"{name}: {needle!r} missing from the text: {flat[:300]!r}"
    for needle in expect.excludes:
        assert needle not in text, f"{name}: {needle!r} should not be in the text: {flat[:300]!r}"


# -- the command line ----------------------------------------------------------------------------


def _run_check(path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "policy_audit",
            "check",
            str(path),
            "--ocr",
            "never",
            "--max-pages",
            "2000",
            "--max-memory",
            str(MAX_MEMORY),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def cli_runs(zoo) -> dict[str, subprocess.CompletedProcess]:
    """Run the CLI on every case once, several at a time (each run pays the start-up cost)."""
    runnable = [case for case in zoo.values() if not case.skip]
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 2)) as pool:
        results = list(pool.map(lambda case: _run_check(case.path), runnable))
    return {case.name: result for case, result in zip(runnable, results)}


@pytest.mark.slow  # one interpreter start per case: about 1.5-3 s each
@pytest.mark.parametrize("name", NAMES)
def test_cli(zoo, cli_runs, name):
    case = _case(zoo, name)
    run = cli_runs[name]
    shown = f"exit {run.returncode}\nstdout: {run.stdout[-800:]!r}\nstderr: {run.stderr[-800:]!r}"
    assert "Traceback" not in run.stdout + run.stderr, f"{name}: traceback\n{shown}"
    if case.expected == OK:
        assert run.returncode in (ExitCode.OK, ExitCode.GAPS), (
            f"{name}: {case.expect.why}; expected exit 0 or 1\n{shown}"
        )
        return
    assert run.returncode == ExitCode.UNREADABLE, (
        f"{name}: {case.expect.why}; expected exit {int(ExitCode.UNREADABLE)} ({case.expected})\n{shown}"
    )
    _assert_one_clean_line(run.stderr, case.path, "stderr")
