"""The README is part of the product: its criteria table and its commands must match the code."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import gen_criteria_table as gen  # noqa: E402


def test_criteria_table_matches_the_rule_files():
    assert gen.main(["--check", "--readme", str(ROOT / "README.md")]) == 0, (
        "README criteria table is stale: run python scripts/gen_criteria_table.py"
    )


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = re.search(r"```sh\npip install -e \"\.\[test\]\" && (python -m pytest[^\n]*)\n```", readme)
    assert command, "README must show the test command"
    assert command.group(1) in ci.splitlines()


def test_every_exit_code_is_documented():
    from policy_audit.exitcodes import ExitCode

    readme = (ROOT / "README.md").read_text()
    for code in ExitCode:
        assert re.search(rf"^\| {int(code)} \|", readme, re.M), f"exit code {int(code)} ({code.name}) undocumented"
