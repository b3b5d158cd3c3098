"""Every rule's examples run as tests: one passage, one expected grade.

The cases are collected from the rule files on disk (every family folder, including ones added
after this file was written), so a new rule is tested the moment its YAML exists. Test ids read
``intervene.duty-strong-0``: the rule, the grade the passage must get, and its position in the list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_audit.document import Document, Page
from policy_audit.errors import RuleError
from policy_audit.findings import Grade, Scale
from policy_audit.match.grader import grade_document
from policy_audit.rulebook import LISTS_FILE, builtin_rules_dir, load_rules

RULES_DIR = builtin_rules_dir()


def _collect():
    try:
        return load_rules(), None
    except RuleError as exc:  # a rule file being written is broken: one failing test, not a crash
        return None, exc


RULESET, LOAD_ERROR = _collect()
RULES = tuple(RULESET) if RULESET is not None else ()

EXAMPLE_CASES = [
    pytest.param(rule.id, grade, passage, id=f"{rule.id}-{grade.value}-{i}")
    for rule in RULES
    for grade, passages in rule.examples
    for i, passage in enumerate(passages)
]
RULE_IDS = [pytest.param(rule.id, id=rule.id) for rule in RULES]


def one_page(passage: str) -> Document:
    return Document(path="example.txt", format="text", engine="text", pages=(Page(1, passage),), paginated=False)


def test_builtin_rules_load():
    assert LOAD_ERROR is None, f"the built-in rules do not load: {LOAD_ERROR}"
    assert RULES, "no built-in rules found"


def test_every_rule_file_is_collected():
    """A YAML file in a family folder that the loader skipped would have examples nobody runs.
    (A family's _lists.yaml holds shared phrases, not a rule.)"""
    files = sorted(p for p in RULES_DIR.glob("*/*.yaml") if p.name != LISTS_FILE)
    assert files
    assert sorted(f"{p.parent.name}.{p.stem}" for p in files) == sorted(r.id for r in RULES)


@pytest.mark.parametrize("rule_id, expected, passage", EXAMPLE_CASES)
def test_example_gets_its_grade(rule_id: str, expected: Grade, passage: str):
    finding = {f.criterion: f for f in grade_document(one_page(passage), RULESET)}[rule_id]
    quotes = [e.quote for e in finding.evidence]
    assert finding.grade is expected, f"{rule_id}: expected {expected.value}, got {finding.grade.value}; evidence {quotes}"
    if expected is Grade.ABSENT or expected is Grade.NOT_MET:
        assert not [e for e in finding.evidence if e.grade.rank > 0]
    else:
        # The passage itself is quoted back as the evidence.
        assert finding.evidence, "a graded example must carry evidence"
        assert finding.evidence[0].grade is expected
        assert finding.evidence[0].quote.split(" … ")[-1] in " ".join(passage.split())


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
