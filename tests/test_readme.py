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


def test_the_first_command_shows_the_bottom_line_and_says_why_it_exits_1():
    import subprocess

    readme = (ROOT / "README.md").read_text()
    first = re.search(r"```sh\npip install -e \. && policy-audit (check [^\n]+)\n```", readme)
    assert first, "README's first command must be a check"
    quoted = re.search(r'one sentence to paste into an email \("([^"]+?) \.\.\.', readme.replace("\n", " "))
    assert quoted, "README must quote the start of the bottom line"
    run = subprocess.run(
        [sys.executable, "-m", "policy_audit", *first.group(1).split()],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 1, run.stderr
    opening = " ".join(run.stdout.split("\n\ncriterion")[0].split("\n", 2)[-1].split())
    assert opening.startswith(quoted.group(1)), opening  # the bottom line comes before the table
    assert run.stdout.index("The manual") < run.stdout.index("criterion")
    why = re.search(r"exit 1 because (\d+) of (\d+) criteria are gaps", run.stderr)
    assert why and f"exit 1 because {why.group(1)} of {why.group(2)} criteria are gaps" in " ".join(readme.split())
