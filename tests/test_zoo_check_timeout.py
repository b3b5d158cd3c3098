"""`check --timeout` (issue #12 item 12): a read that never ends is stopped like a scan's document:
exit 3 and one line naming the file and the limit, never a hang or a traceback."""

from __future__ import annotations

import time

import pytest
from typer.testing import CliRunner

import policy_audit.extract
from policy_audit.cli import app
from policy_audit.exitcodes import ExitCode


@pytest.fixture
def hanging_read(monkeypatch):
    real = policy_audit.extract._read_document

    def read(path, options):
        if path.name.startswith("hang"):
            time.sleep(3600)  # a reader stuck in a library loop
        return real(path, options)

    monkeypatch.setattr(policy_audit.extract, "_read_document", read)


def test_a_document_within_the_limit_is_audited(tmp_path, hanging_read):
    # First: the rules are then loaded (and cached) before the next test's read hangs, so its time
    # runs out while check waits for the reading child, the wait that used to hang on the reaping.
    doc = tmp_path / "order.txt"
    doc.write_text("Officers shall intervene when another officer uses excessive force.\n")
    result = CliRunner().invoke(app, ["check", str(doc), "--timeout", "120"])
    assert result.exit_code == ExitCode.GAPS, result.output  # read and graded: medical aid is missing


def test_a_hanging_read_is_stopped_at_the_time_limit(tmp_path, hanging_read):
    doc = tmp_path / "hang.txt"
    doc.write_text("Officers shall intervene when another officer uses excessive force.\n")
    started = time.monotonic()
    result = CliRunner().invoke(app, ["check", str(doc), "--timeout", "3", "-f", "json"])
    took = time.monotonic() - started
    assert result.exit_code == ExitCode.UNREADABLE, result.output
    assert took < 60, f"took {took:.0f} s"
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"policy-audit: {doc}: stopped after 3 s (--timeout); the document was not audited"]
    assert '"problem": "timeout"' in result.stdout  # the JSON report still says what happened
    assert "Traceback" not in result.output
