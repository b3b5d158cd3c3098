"""scripts/gen_criteria_table.py and scripts/screenshot_report.py, and docs/json-schema.md coverage."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
from test_report_samples import sample_batch, sample_result, sample_rules

from policy_audit.report import Format, render_batch, render_check

ROOT = Path(__file__).resolve().parent.parent


def load_script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def gen(monkeypatch):
    module = load_script("gen_criteria_table")
    from policy_audit.report.markdown import criteria_table

    monkeypatch.setattr(module, "render_table", lambda: criteria_table(sample_rules()))
    return module


def test_gen_criteria_table_rewrites_between_markers_and_check_detects_drift(gen, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Tool\n\n<!-- criteria-table:start -->\nold\n<!-- criteria-table:end -->\n\nafter\n")
    assert gen.main(["--check", "--readme", str(readme)]) == 1
    assert "old" in readme.read_text()  # --check never writes
    assert gen.main(["--readme", str(readme)]) == 0
    text = readme.read_text()
    assert "| `intervene.duty` | intervene | obligation | Duty to intervene |" in text
    assert text.startswith("# Tool\n") and text.endswith("<!-- criteria-table:end -->\n\nafter\n")
    assert gen.main(["--check", "--readme", str(readme)]) == 0
    assert gen.main(["--readme", str(readme)]) == 0 and readme.read_text() == text  # idempotent


def test_gen_criteria_table_needs_markers(gen, tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text("no markers\n")
    assert gen.main(["--check", "--readme", str(readme)]) == 2
    assert "criteria-table:start" in capsys.readouterr().err


def test_screenshot_script_says_when_chromium_is_missing(tmp_path, monkeypatch, capsys):
    module = load_script("screenshot_report")
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-chromium"))
    result = tmp_path / "r.json"
    result.write_text(render_check(sample_result(), sample_rules(), Format.JSON))
    assert module.main([str(result), "-o", str(tmp_path / "x.png")]) == 2
    assert "apt-get install chromium" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["check", "batch"])
def test_screenshot_script_renders_html_from_result_json(kind, tmp_path):
    module = load_script("screenshot_report")
    text = (
        render_check(sample_result(), sample_rules(), Format.JSON)
        if kind == "check"
        else render_batch(sample_batch(), sample_rules(), Format.JSON)
    )
    html = module.html_from_json(json.loads(text))
    assert html.startswith("<!DOCTYPE html>") and "springfield" in html and "strong</span>" in html


def test_every_emitted_json_key_is_documented():
    doc = (ROOT / "docs" / "json-schema.md").read_text()
    documented = set(re.findall(r"`([a-z0-9_]+)`", doc))
    keys: set[str] = set()

    def walk(obj):
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k not in {
                    "strong",
                    "weak",
                    "absent",
                    "present",
                    "met",
                    "not_met",
                }:  # grade names, documented as grades
                    keys.add(k)
                walk(v)
        elif isinstance(obj, list):
            for v in obj:
                walk(v)

    walk(json.loads(render_batch(sample_batch(), sample_rules(), Format.JSON)))
    assert keys - documented == set()


def test_every_section_topic_is_documented_with_its_description():
    from policy_audit.findings import SectionTopic

    doc = (ROOT / "docs" / "json-schema.md").read_text()
    for topic in SectionTopic:
        assert f"| `{topic.value}` | {topic.description} |" in doc, topic


def test_documented_schema_version_is_the_emitted_one():
    from policy_audit.report import SCHEMA_VERSION

    doc = (ROOT / "docs" / "json-schema.md").read_text()
    assert f"# JSON output schema (version {SCHEMA_VERSION})" in doc
    assert f'| `schema_version` | string | `"{SCHEMA_VERSION}"` |' in doc
