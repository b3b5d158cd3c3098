"""SARIF 2.1.0 output for code scanning (issue #15, item 10), the pre-commit hook and the CI example.

The official SARIF schema is not stored here (it could not be fetched where this was written); the
structure code scanning relies on is checked by hand instead: the schema below states, from the
SARIF 2.1.0 specification (OASIS), the required properties and value sets of every object the
formatter writes, and additionalProperties is false wherever the specification closes an object.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from policy_audit.cli import app
from policy_audit.report.sarif_format import quote_line

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_policies"

_MESSAGE = {
    "type": "object",
    "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}, "id": {"type": "string"}},
    "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
}
_TEXT = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}}
_ARTIFACT_LOCATION = {
    "type": "object",
    "required": ["uri"],
    "properties": {"uri": {"type": "string", "format": "uri-reference", "minLength": 1}},
}
_LOCATION = {
    "type": "object",
    "properties": {
        "physicalLocation": {
            "type": "object",
            "required": ["artifactLocation"],
            "properties": {
                "artifactLocation": _ARTIFACT_LOCATION,
                "region": {
                    "type": "object",
                    "required": ["startLine"],
                    "properties": {"startLine": {"type": "integer", "minimum": 1}},
                },
            },
        },
        "logicalLocations": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
        },
    },
}
SARIF_STRUCTURE = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "uniqueItems": True,
                                        "items": {
                                            "type": "object",
                                            "required": ["id", "shortDescription", "fullDescription"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "name": {"type": "string"},
                                                "shortDescription": _TEXT,
                                                "fullDescription": _TEXT,
                                                "help": _MESSAGE,
                                                "helpUri": {"type": "string", "format": "uri"},
                                                "properties": {"type": "object"},
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "invocations": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["executionSuccessful"],
                            "properties": {
                                "executionSuccessful": {"type": "boolean"},
                                "toolExecutionNotifications": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["message"],
                                        "properties": {
                                            "message": _MESSAGE,
                                            "level": {"enum": ["none", "note", "warning", "error"]},
                                            "locations": {"type": "array", "items": _LOCATION},
                                        },
                                    },
                                },
                            },
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["message", "ruleId", "level", "locations"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": -1},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": _MESSAGE,
                                "locations": {"type": "array", "minItems": 1, "items": _LOCATION},
                                "properties": {"type": "object"},
                            },
                        },
                    },
                },
            },
        },
    },
}


def sarif(*args) -> dict:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code in (0, 1, 3), result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def weak_md() -> dict:
    return sarif("check", SAMPLES / "weak_policy.md", "-f", "sarif")


@pytest.fixture(scope="module")
def weak_pdf() -> dict:
    return sarif("check", SAMPLES / "weak_policy.pdf", "-f", "sarif")


def results(log: dict) -> dict[str, dict]:
    return {r["ruleId"]: r for r in log["runs"][0]["results"]}


def test_the_output_has_the_structure_of_sarif_2_1_0(weak_md, weak_pdf):
    for log in (weak_md, weak_pdf):
        jsonschema.validate(log, SARIF_STRUCTURE, format_checker=jsonschema.FormatChecker())


def test_the_structure_check_refuses_what_sarif_forbids(weak_md):
    broken = json.loads(json.dumps(weak_md))
    broken["runs"][0]["results"][0]["level"] = "warn"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SARIF_STRUCTURE)


def test_one_result_per_gap_with_the_criterion_as_rule_id(weak_md):
    check = CliRunner().invoke(app, ["check", str(SAMPLES / "weak_policy.md"), "-f", "json"])
    gaps = {f["criterion"] for f in json.loads(check.stdout)["findings"] if f["gap"]}
    assert gaps and set(results(weak_md)) == gaps
    assert len(weak_md["runs"][0]["results"]) == len(gaps)


def test_levels_follow_what_the_gap_costs(weak_md):
    check = CliRunner().invoke(app, ["check", str(SAMPLES / "weak_policy.md"), "-f", "json"])
    for finding in json.loads(check.stdout)["findings"]:
        if not finding["gap"]:
            continue
        level = results(weak_md)[finding["criterion"]]["level"]
        if finding["grade"] == "weak":
            assert level == "warning", finding["criterion"]
        elif finding["scale"] == "element":
            assert level == "note", finding["criterion"]
        else:
            assert level == "error", finding["criterion"]
    assert {"warning", "note"} <= {r["level"] for r in results(weak_md).values()}


def test_absent_obligations_are_errors():
    log = sarif("check", SAMPLES / "missing_policy.md", "-f", "sarif")
    assert results(log)["intervene.duty"]["level"] == "error"


def test_a_text_policy_result_points_at_the_line_of_its_quote(weak_md):
    lines = (SAMPLES / "weak_policy.md").read_text(encoding="utf-8").splitlines()
    found = results(weak_md)["intervene.duty"]
    where = found["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"] == "sample_policies/weak_policy.md"
    line = where["region"]["startLine"]
    assert lines[line - 1].startswith("Officers who observe another officer using force")
    assert "should intervene" in found["message"]["text"]


def test_quote_line_finds_words_across_line_breaks_and_markup(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("# Title\n\nIntro.\n\nOfficers **shall**\nintervene to stop it.\n", encoding="utf-8")
    assert quote_line(str(path), "Officers shall intervene to stop it.") == 5
    assert quote_line(str(path), "Nothing like this is written there.") is None


def test_a_pdf_result_names_its_page_not_a_line(weak_pdf):
    found = results(weak_pdf)["intervene.duty"]
    location = found["locations"][0]
    assert "region" not in location["physicalLocation"]
    assert re.fullmatch(r"p\. \d+.*", location["logicalLocations"][0]["name"])
    assert location["physicalLocation"]["artifactLocation"]["uri"].endswith("weak_policy.pdf")


def test_rules_carry_the_rule_files_descriptions(weak_md):
    from policy_audit.rulebook import load_rules

    rules = {r["id"]: r for r in weak_md["runs"][0]["tool"]["driver"]["rules"]}
    rule = load_rules(()).get("medical.aid")
    assert rule is not None
    assert rules["medical.aid"]["shortDescription"]["text"] == rule.title
    assert rules["medical.aid"]["fullDescription"]["text"] == rule.summary.strip()
    assert rule.model_language.strip() in rules["medical.aid"]["help"]["text"]
    for found in weak_md["runs"][0]["results"]:
        assert weak_md["runs"][0]["tool"]["driver"]["rules"][found["ruleIndex"]]["id"] == found["ruleId"]


def test_a_scan_reports_every_document_and_an_unreadable_one_as_a_notification(tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("weak_policy.md", "strong_policy.md"):
        (tmp_path / "in" / name).write_bytes((SAMPLES / name).read_bytes())
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf")
    out = tmp_path / "results.sarif"
    done = CliRunner().invoke(app, ["scan", str(tmp_path / "in"), "-o", str(out), "--no-cache", "-j", "1", "-q"])
    assert done.exit_code == 3, done.output
    log = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(log, SARIF_STRUCTURE)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert len(uris) == 1 and next(iter(uris)).endswith("weak_policy.md")  # the strong policy has no gaps
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "broken.pdf" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_the_pre_commit_hook_runs_check_on_text_policies():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "policy-audit")
    assert hook["entry"] == "policy-audit check"
    pattern = re.compile(hook["files"])
    assert pattern.search("policies/use-of-force.md") and pattern.search("orders/300.txt")
    assert not pattern.search("manual.pdf") and not pattern.search("notes.md.bak")


def test_the_readme_shows_a_github_action_that_uploads_sarif():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("uses: actions/checkout") :]
    block = block[: block.index("```")]
    assert "pip install" in block
    assert "policy-audit scan policies/ -f sarif -o results.sarif" in block
    assert "github/codeql-action/upload-sarif" in block and "sarif_file: results.sarif" in block
