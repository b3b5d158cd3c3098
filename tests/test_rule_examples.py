"""The built-in rule files as a whole: every one loads, sits in its family's folder, cites its sources,
and has examples on both sides of its scale.

The examples themselves are passage cases, graded by ``tests/test_cases.py`` with the cases in
``tests/cases/`` (ids like ``intervene.duty:examples:3:strong``). The rules are collected from the
files on disk (every family folder, including ones added after this file was written), so a new rule
is checked the moment its YAML exists.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_audit.errors import RuleError
from policy_audit.findings import Grade, Scale
from policy_audit.rulebook import LISTS_FILE, builtin_rules_dir, load_rules

RULES_DIR = builtin_rules_dir()


def _collect():
    try:
        return load_rules(), None
    except RuleError as exc:  # a rule file being written is broken: one failing test, not a crash
        return None, exc


RULESET, LOAD_ERROR = _collect()
RULES = tuple(RULESET) if RULESET is not None else ()

RULE_IDS = [pytest.param(rule.id, id=rule.id) for rule in RULES]


def test_builtin_rules_load():
    assert LOAD_ERROR is None, f"the built-in rules do not load: {LOAD_ERROR}"
    assert RULES, "no built-in rules found"


def test_every_rule_file_is_collected():
    """A YAML file in a family folder that the loader skipped would have examples nobody runs.
    (A family's _lists.yaml holds shared phrases, not a rule.)"""
    files = sorted(p for p in RULES_DIR.glob("*/*.yaml") if p.name != LISTS_FILE)
    assert files
    assert sorted(f"{p.parent.name}.{p.stem}" for p in files) == sorted(r.id for r in RULES)


def _top_and_bottom(scale: Scale) -> tuple[Grade, Grade]:
    return {
        Scale.OBLIGATION: (Grade.STRONG, Grade.ABSENT),
        Scale.ELEMENT: (Grade.PRESENT, Grade.ABSENT),
        Scale.MET: (Grade.MET, Grade.NOT_MET),
    }[scale]


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_has_a_passing_and_a_failing_example(rule_id: str):
    rule = RULESET.get(rule_id)
    top, bottom = _top_and_bottom(rule.scale)
    assert rule.examples_for(top), f"{rule_id} has no {top.value} example"
    assert rule.examples_for(bottom), f"{rule_id} has no {bottom.value} example"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_id_family_is_its_folder(rule_id: str):
    rule = RULESET.get(rule_id)
    family, name = rule_id.split(".", 1)
    assert rule.family == family
    path = Path(rule.path)
    assert path.parent.name == family
    assert path.stem == name
    assert (RULES_DIR / family).is_dir()


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_cites_sources_and_model_language(rule_id: str):
    rule = RULESET.get(rule_id)
    assert rule.sources and all(s.strip() for s in rule.sources)
    assert len(rule.model_language.split()) >= 5, "model language should be a sentence a department can adopt"
    assert rule.title and rule.summary


def test_8cantwait_has_the_eight_criteria():
    """Campaign Zero's eight, in their order (moved from tests/test_8cw.py, whose cases are in tests/cases/8cw/)."""
    ids = [r.id for r in load_rules().select("8cantwait")]
    assert ids == [
        "8cw.deescalation",
        "8cw.chokehold_ban",
        "8cw.duty_to_intervene",
        "8cw.warning",
        "8cw.exhaust_alternatives",
        "8cw.moving_vehicles",
        "8cw.continuum",
        "8cw.comprehensive_reporting",
    ]
