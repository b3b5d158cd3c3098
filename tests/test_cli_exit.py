"""The console script ends without interpreter teardown: codes, output and atexit must survive it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policy_audit import cli

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_policies" / "strong_policy.md"


@pytest.fixture
def exits(monkeypatch):
    codes: list[int] = []
    ran: list[str] = []
    monkeypatch.setattr(cli.os, "_exit", codes.append)
    monkeypatch.setattr("atexit._run_exitfuncs", lambda: ran.append("atexit"))
    return codes, ran


@pytest.mark.parametrize("code, expected", [(None, 0), (0, 0), (1, 1), (3, 3), (130, 130)])
def test_exit_codes_pass_through(exits, code, expected):
    codes, ran = exits
    cli._exit_now(code)
    assert codes == [expected] and ran == ["atexit"]


def test_a_message_instead_of_a_code_is_printed_and_exits_1(exits, capsys):
    codes, _ = exits
    cli._exit_now("something went wrong")
    assert codes == [1]
    assert "something went wrong" in capsys.readouterr().err


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "policy_audit", *args], capture_output=True, text=True, cwd=REPO, timeout=120
    )


def test_piped_json_is_complete_and_the_code_is_the_audits():
    run = _run("check", str(SAMPLE), "--format", "json")
    assert run.returncode == 0, run.stderr  # the strong sample has no gaps
    assert json.loads(run.stdout)["document"]["path"].endswith("strong_policy.md")


def test_a_report_written_to_a_file_is_complete(tmp_path):
    out = tmp_path / "report.md"
    run = _run("check", str(REPO / "sample_policies" / "weak_policy.md"), "--format", "markdown", "-o", str(out))
    assert run.returncode == 1, run.stderr  # gaps found
    text = out.read_text()
    assert text.endswith("\n") and "intervene.duty" in text
    assert f"wrote {out}" in run.stderr


def test_usage_errors_keep_their_code():
    run = _run("check", str(SAMPLE), "--format", "nonsense")
    assert run.returncode == 2 and "nonsense" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path):
    """Opening a FIFO blocks until something writes to it: check must refuse it up front (issue #12)."""
    fifo = tmp_path / "policy.pdf"
    os.mkfifo(fifo)
    run = _run("check", str(fifo))  # _run's timeout fails the test if check waits
    assert run.returncode == 3, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "not a regular file" in lines[0] and str(fifo) in lines[0]
