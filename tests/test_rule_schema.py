"""Rule files against their schema: every field's type, no YAML anchors, and the published JSON Schema."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import HANG_GUARD_SECONDS
from test_rulebook import PATH, rule_error, valid_rule, write_rule
from typer.testing import CliRunner

from policy_audit import rulebook
from policy_audit.cli import app
from policy_audit.errors import RuleError
from policy_audit.rule_schema import lists_json_schema, rule_json_schema
from policy_audit.rulebook import builtin_rules_dir, load_rules, parse_rule

ROOT = Path(__file__).resolve().parent.parent


# --- every field's type ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, value",
    [
        ("id", 7),
        ("title", True),  # YAML's "yes" is not a title
        ("summary", None),  # an empty value
        ("rationale", {"a": 1}),
        ("model_language", ["x"]),
        ("severity", 3),
        ("notes", ["x"]),
        ("order", 1.5),
        ("aliases", "local.camera"),
    ],
)
def test_every_top_level_field_has_its_type(key, value):
    data = valid_rule()
    data[key] = value
    message = rule_error(data)
    assert repr(key) in message and ("must be" in message or "is not one of" in message)


@pytest.mark.parametrize(
    "key, value, named",
    [
        ("aliases", ["local.camera", 3], "'aliases'"),
        ("sources", ["ok", ""], "'sources'"),
        ("sources", [1999], "'sources'"),
    ],
)
def test_list_items_have_their_type(key, value, named):
    data = valid_rule()
    data[key] = value
    assert named in rule_error(data)


@pytest.mark.parametrize(
    "key, value",
    [
        ("context", ["camera"]),
        ("context", {"who": "officer"}),
        ("narrow", [5]),
        ("modality", 5),
        ("modality", "maybe"),
        ("window", "2"),
        ("window", True),
        ("window", 11),
        ("definitions", "camera"),
    ],
)
def test_every_match_field_has_its_type(key, value):
    data = valid_rule()
    data["match"][key] = value
    assert f"match.{key}" in rule_error(data)


def test_example_passages_are_text():
    data = valid_rule()
    data["examples"]["absent"] = [42]
    assert "examples.absent" in rule_error(data)


def test_group_names_are_text():
    data = valid_rule()
    data["match"]["context"] = {1: ["officer"]}
    assert "match.context" in rule_error(data)


def test_a_rule_file_that_is_not_a_mapping():
    assert "mapping" in rule_error(["id", "family"])


def test_met_when_only_on_scale_met_and_only_strong_or_weak():
    data = valid_rule()
    data["match"]["met_when"] = "weak"
    assert "only applies to scale 'met'" in rule_error(data)
    data["match"]["met_when"] = "sometimes"
    assert "match.met_when" in rule_error(data)


def test_exclude_after_needs_sentences_after_to_read():
    data = valid_rule()
    data["match"]["exclude_after"] = ["vehicle itself"]
    assert "needs 'match.window_after'" in rule_error(data)
    data["match"]["window_after"] = 1
    assert parse_rule(data, "x.yaml").match.exclude_after == ("vehicle itself",)


def test_errors_are_one_line():
    data = valid_rule()
    data["match"]["window"] = 11
    message = rule_error(data)
    assert "\n" not in message and "match.window" in message


# --- YAML anchors and aliases ------------------------------------------------------------------------

ALIAS_BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    path = write_rule(tmp_path, valid_rule())
    path.write_text(path.read_text(encoding="utf-8") + ALIAS_BOMB, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(RuleError):
        rulebook._read_yaml(path)  # the file alone: refused before anything is built
    assert time.perf_counter() - start < HANG_GUARD_SECONDS
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    message = str(info.value)
    assert str(path) in message and "anchor" in message and "line" in message and "\n" not in message


def test_an_alias_bomb_in_rules_json_exits_2(tmp_path):
    path = write_rule(tmp_path, valid_rule())
    path.write_text(path.read_text(encoding="utf-8") + ALIAS_BOMB, encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "-f", "json", "--rules", str(tmp_path)])
    assert result.exit_code == 2
    assert len(result.output) < 2000 and "anchor" in result.output


def test_one_anchor_and_alias_is_refused_too(tmp_path):
    path = write_rule(tmp_path, valid_rule())
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Body cameras record force", "title: &t Body cameras record force") + "notes: *t\n"
    assert "&t" in text
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    assert "'t'" in str(info.value) and "_lists.yaml" in str(info.value)


def test_an_alias_in_a_lists_file_is_refused(tmp_path):
    write_rule(tmp_path, valid_rule())
    lists = tmp_path / "local" / "_lists.yaml"
    lists.write_text("lists:\n  a: &x [charging dock*]\n  b: *x\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    assert str(lists) in str(info.value) and "anchor" in str(info.value)


@pytest.mark.parametrize("depth", [21, 200_000])
def test_deep_nesting_is_refused_before_it_reaches_the_parser(tmp_path, depth):
    """200,000 nested brackets crashed libyaml's composer (a segmentation fault, not even exit 4)."""
    path = tmp_path / "local" / "bodycam.yaml"
    path.parent.mkdir()
    path.write_text("id: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    assert str(path) in str(info.value) and "nested more than 20 levels" in str(info.value)


def test_deep_nesting_exits_2_from_the_command_line(tmp_path):
    path = tmp_path / "local" / "bodycam.yaml"
    path.parent.mkdir()
    path.write_text("id: " + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "policy_audit", "rules", "-f", "json", "--rules", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 2 and "nested more than" in result.stderr


def test_an_ampersand_in_text_is_no_anchor(tmp_path):
    data = valid_rule()
    data["notes"] = "Q&A: R&D & more"
    write_rule(tmp_path, data)
    assert load_rules([tmp_path]).get("local.bodycam").notes == "Q&A: R&D & more"


# --- the published JSON Schema -----------------------------------------------------------------------


def _generator():
    spec = importlib.util.spec_from_file_location("gen_rule_schema", ROOT / "scripts" / "gen_rule_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_published_schema_is_up_to_date():
    gen = _generator()
    assert gen.SCHEMA_PATH == ROOT / "schemas" / "rule.schema.json"
    assert gen.SCHEMA_PATH.read_text(encoding="utf-8") == gen.schema_text(), (
        "schemas/rule.schema.json is out of date: run python scripts/gen_rule_schema.py"
    )
    assert gen.LISTS_SCHEMA_PATH.read_text(encoding="utf-8") == gen.lists_schema_text()
    assert gen.main(["--check"]) == 0


def test_the_schema_names_every_key_of_a_rule():
    schema = rule_json_schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["required"]) == {
        "id",
        "family",
        "title",
        "scale",
        "summary",
        "rationale",
        "sources",
        "model_language",
        "match",
        "examples",
    }
    assert schema["additionalProperties"] is False
    match = schema["$defs"]["MatchBlock"]
    assert match["required"] == ["require"]
    assert set(match["properties"]) == set(valid_rule()["match"]) | {
        "context",
        "exclude_unless",
        "exclude_section",
        "exclude_after",
        "narrow",
        "broad",
        "specific",
        "modality",
        "met_when",
        "window",
        "window_after",
        "definitions",
        "context_topics",
        "exclude_topics",
        "exclude_topics_unless",
        "narrow_topics",
        "mandatory_words",
        "permissive_words",
    }


def _validator():
    jsonschema = pytest.importorskip("jsonschema")
    return jsonschema.Draft202012Validator(rule_json_schema())


def test_every_builtin_rule_file_meets_the_json_schema():
    validator = _validator()
    files = sorted(p for p in builtin_rules_dir().glob("*/*.yaml") if not p.name.startswith("_"))
    assert files
    for path in files:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path}: {errors[0].message}"


def test_every_builtin_lists_file_meets_its_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(lists_json_schema())
    files = sorted(builtin_rules_dir().glob("*/_lists.yaml"))
    assert files
    for path in files:
        assert validator.is_valid(yaml.safe_load(path.read_text(encoding="utf-8"))), path
    assert not validator.is_valid({"lists": {"Storage": ["charging dock*"]}})
    assert not validator.is_valid({"lists": {"storage": []}, "more": 1})


def test_the_json_schema_and_the_loader_agree_on_bad_rules():
    validator = _validator()
    good = valid_rule()
    assert validator.is_valid(good)
    parse_rule(copy.deepcopy(good), PATH)
    bad_cases = []
    for change in (
        lambda d: d.update(colour="blue"),
        lambda d: d.pop("title"),
        lambda d: d.update(order=True),
        lambda d: d["match"].update(window=11),
        lambda d: d["match"].update(exclude=[]),
        lambda d: d["examples"].update(present=["x"]),  # not a grade of scale obligation
    ):
        data = copy.deepcopy(good)
        change(data)
        bad_cases.append(data)
    for data in bad_cases:
        assert not validator.is_valid(data), data
        with pytest.raises(RuleError):
            parse_rule(data, PATH)


def test_the_schema_is_json():
    text = (ROOT / "schemas" / "rule.schema.json").read_text(encoding="utf-8")
    assert json.loads(text)["title"] == "policy-audit rule"
