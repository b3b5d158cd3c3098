"""Values read from a finding's deciding sentence (a report deadline in hours, a training interval in
months, a report's recipient), the rule key that declares them, and the statute tier that keeps the new
criteria out of the core and all standards."""

from __future__ import annotations

import json

import pytest
from conftest import make_document

from policy_audit.errors import RuleError
from policy_audit.findings import Evidence, Finding, Grade, Scale
from policy_audit.match.grader import grade_document
from policy_audit.match.values import finding_value, read_value
from policy_audit.rulebook import STATUTE_TIER, ValueReading, ValueSpec, load_rules, parse_rule, standards_of


@pytest.fixture(scope="module")
def statutes():
    return load_rules().select("statutes")


def finding(rules, rule_id: str, *pages: str) -> Finding:
    return {f.criterion: f for f in grade_document(make_document(*pages), rules)}[rule_id]


# --- report deadlines, in the wording of several statutes and manuals --------------------------------

DEADLINES = [
    ("shall notify a supervisor immediately", 0, "immediately"),
    ("shall report the observation to a supervisor forthwith", 0, "forthwith"),
    ("shall report these observations to a supervisor as soon as practicable", 0, "as soon as practicable"),
    ("shall promptly make a detailed report to the supervising officer", 0, "promptly"),
    (
        "shall report it to a supervisor as soon as possible and no later than the end of the shift",
        12,
        "end of the shift",
    ),
    ("must submit a written report to the chief law enforcement officer within 24 hours", 24, "24 hours"),
    ("shall submit a written report to a supervisor before going off duty", 12, "before going off duty"),
    ("shall report it to a superior within a reasonable time, and no later than 72 hours", 72, "72 hours"),
    ("shall report it to the designated person no later than 5 days after the incident", 120, "5 days"),
    ("shall report it in writing to the immediate supervisor within ten (10) days", 240, "ten (10) days"),
    ("shall report it to a supervisor within five business days", 120, "five business days"),
    ("shall tell a supervisor at once, and in writing within seventy-two hours", 0, "at once"),
]


@pytest.mark.parametrize("duty, hours, words", DEADLINES, ids=[d[2] for d in DEADLINES])
def test_a_report_deadline_is_read_in_hours(statutes, duty, hours, words):
    f = finding(
        statutes, "intervene.report_deadline", f"An officer who observes another officer use excessive force {duty}."
    )
    assert f.grade is Grade.PRESENT
    assert (f.value, f.value_text) == (float(hours), words)


def test_a_report_without_deadline_has_no_value(statutes):
    f = finding(
        statutes,
        "intervene.report_deadline",
        "An officer who observes another officer use excessive force shall report it to a supervisor.",
    )
    assert (f.grade, f.value, f.value_text) == (Grade.ABSENT, None, "")


def test_the_value_is_the_headline_evidences(statutes):
    # two deadlines in two sentences: the finding's value is its headline's (the first, in page order
    # among equals), not the least of all
    page = (
        "USE OF FORCE\n"
        "An officer who observes another officer use excessive force shall report it to a supervisor within 24 hours.\n"
        "An officer who observes another officer use excessive force shall tell the chief immediately.\n"
    )
    f = finding(statutes, "intervene.report_deadline", page)
    assert len(f.evidence) == 2 and "24 hours" in f.evidence[0].quote and "immediately" in f.evidence[1].quote
    assert (f.value, f.value_text) == (24.0, "24 hours")


def test_the_next_evidence_supplies_a_value_the_headline_lacks():
    spec = ValueSpec("hours", (ValueReading("hours|hour", times=1.0),))
    rule = load_rules().get("intervene.report_deadline")
    rule = type(rule)(**{**rule.__dict__, "value": spec})
    evidence = [Evidence(1, "", q, Grade.PRESENT) for q in ("report it at once", "report it within 48 hours")]
    assert finding_value(rule, evidence) == (48.0, "48 hours")


def test_a_soft_deadline_yields_to_a_firm_one_and_the_least_firm_one_wins():
    spec = load_rules().get("intervene.report_deadline").value
    assert read_value(spec, "as soon as practicable and no later than 72 hours") == (72.0, "72 hours")
    assert read_value(spec, "within 24 hours, or immediately where the supervisor is present") == (0.0, "immediately")
    assert read_value(spec, "within a reasonable time") == (None, "")


# --- training intervals and recipients ------------------------------------------------------------

INTERVALS = [
    (
        "All officers shall complete training on the duty to intervene at least once every three years.",
        36,
        "three years",
    ),
    ("Members shall receive annual in-service training in peer intervention.", 12, "annual"),
    ("Duty to intervene training shall be part of the biennial in-service curriculum.", 24, "biennial"),
    ("Officers shall complete two hours of active bystandership refresher training each year.", 12, "each year"),
    ("Officers shall attend intervention training every 18 months.", 18, "18 months"),
]


@pytest.mark.parametrize("passage, months, words", INTERVALS, ids=[i[2] for i in INTERVALS])
def test_a_training_interval_is_read_in_months(statutes, passage, months, words):
    f = finding(statutes, "intervene.training_interval", passage)
    assert f.grade is Grade.PRESENT and (f.value, f.value_text) == (float(months), words)


RECIPIENTS = [
    ("shall report it to a supervisor", "supervisor"),
    ("shall report it to a superior officer immediately", "supervisor"),
    ("must submit a written report to the chief law enforcement officer", "chief"),
    ("shall report it directly to the Sheriff", "chief"),
    ("shall report it to the person designated by the agency", "designated"),
    ("shall notify the Internal Affairs Division", "designated"),
]


@pytest.mark.parametrize("duty, label", RECIPIENTS, ids=[r[0] for r in RECIPIENTS])
def test_a_recipient_is_a_category_in_value_text(statutes, duty, label):
    f = finding(
        statutes, "intervene.report_recipient", f"An officer who observes another officer use excessive force {duty}."
    )
    assert f.grade is Grade.PRESENT and (f.value, f.value_text) == (None, label)


def test_rules_without_value_leave_it_empty(statutes):
    f = finding(statutes, "intervene.duty", "Officers shall intervene when another officer uses excessive force.")
    assert f.grade is Grade.STRONG and (f.value, f.value_text) == (None, "")


# --- the JSON form --------------------------------------------------------------------------------


def test_value_round_trips_and_old_results_load_without_it():
    f = Finding("intervene.report_deadline", Scale.ELEMENT, Grade.PRESENT, value=120.0, value_text="5 days")
    d = json.loads(json.dumps(f.to_dict()))
    assert (d["value"], d["value_text"]) == (120.0, "5 days")
    assert Finding.from_dict(d) == f
    del d["value"], d["value_text"]  # a result cached before values existed
    assert Finding.from_dict(d) == Finding("intervene.report_deadline", Scale.ELEMENT, Grade.PRESENT)
    assert Finding.from_dict({**d, "value": 24}).value == 24.0


# --- the rule key --------------------------------------------------------------------------------


def rule_data(**extra):
    data = {
        "id": "local.deadline",
        "family": "local",
        "title": "t",
        "scale": "element",
        "summary": "s",
        "rationale": "r",
        "sources": ["x"],
        "model_language": "m",
        "match": {"require": {"a": ["report"]}},
        "examples": {"present": ["Officers shall report."], "absent": ["Nothing."]},
    }
    data.update(extra)
    return data


def test_a_value_block_loads_into_the_rule():
    read = [
        {"phrase": "hours", "times": 1},
        {"phrase": "immediately", "value": 0},
        {"phrase": "chief", "label": "chief"},
    ]
    rule = parse_rule(rule_data(value={"unit": "hours", "read": read}), "r.yaml")
    assert rule.value == ValueSpec(
        "hours",
        (
            ValueReading("hours", times=1.0),
            ValueReading("immediately", value=0.0),
            ValueReading("chief", label="chief"),
        ),
    )
    assert parse_rule(rule_data(), "r.yaml").value is None


@pytest.mark.parametrize(
    "value, message",
    [
        (
            {"unit": "hours", "read": [{"phrase": "hours"}]},
            "key 'value.read.0': give one of 'value', 'times' or 'label'",
        ),
        ({"unit": "hours", "read": [{"phrase": "hours", "value": 1, "times": 2}]}, "give one of"),
        ({"unit": "hours", "read": []}, "key 'value.read'"),
        ({"unit": "hours", "read": [{"phrase": "hours", "value": "24"}]}, "key 'value.read.0.value'"),
        ({"unit": "hours", "read": [{"phrase": "...3 hours", "value": 1}]}, "key 'value.read.0.phrase'"),
        ({"read": [{"phrase": "hours", "value": 1}]}, "missing key 'value.unit'"),
        ({"unit": "hours", "read": [{"phrase": "hours", "value": 1, "as": 2}]}, "unknown key 'value.read.0.as'"),
    ],
)
def test_a_bad_value_block_is_one_line_naming_the_key(value, message):
    with pytest.raises(RuleError) as err:
        parse_rule(rule_data(value=value), "r.yaml")
    assert message in str(err.value) and "\n" not in str(err.value)


def test_tier_must_be_core_or_statute():
    assert parse_rule(rule_data(tier="statute"), "r.yaml").tier == STATUTE_TIER
    with pytest.raises(RuleError, match="key 'tier'"):
        parse_rule(rule_data(tier="state"), "r.yaml")


# --- which standard audits the statute elements ----------------------------------------------------

NEW = {
    "intervene.report_deadline",
    "intervene.report_written",
    "intervene.report_recipient",
    "intervene.chain_of_command",
    "intervene.trigger_policy",
    "intervene.forms",
    "intervene.training_interval",
    "intervene.consequence",
    "medical.chest_weight",
    "medical.per_training",
    "medical.safety_exception",
}


def test_core_and_all_keep_their_criteria_and_statutes_adds_the_new_ones():
    rules = load_rules()
    core, every, stat = (rules.select(s) for s in ("core", "all", "statutes"))
    assert (len(core), len(every)) == (11, 19)
    assert not NEW & {r.id for r in every}
    assert {r.id for r in stat} == {r.id for r in core} | NEW
    assert {r.id for r in rules if r.tier == STATUTE_TIER} == NEW
    assert all(standards_of(r) == ("statutes",) for r in rules if r.id in NEW)
    assert standards_of(rules.get("intervene.duty")) == ("core", "all", "statutes")


def test_a_core_audit_does_not_report_the_statute_elements():
    rules = load_rules()
    doc = make_document(
        "An officer who observes another officer use excessive force shall report it in writing within 24 hours."
    )
    assert not NEW & {f.criterion for f in grade_document(doc, rules.select("core"))}
    assert {f.criterion for f in grade_document(doc, rules.select("statutes"))} >= NEW


def test_every_statute_element_cites_a_source_and_has_value_where_the_brief_asks():
    rules = load_rules()
    for rid in NEW:
        assert rules.get(rid).sources
    assert rules.get("intervene.report_deadline").value.unit == "hours"
    assert rules.get("intervene.training_interval").value.unit == "months"
    assert rules.get("intervene.report_recipient").value is not None


def test_evaluate_picks_statutes_for_labels_of_statute_elements(tmp_path):
    from policy_audit.evaluate import evaluate_file

    (tmp_path / "a.txt").write_text(
        "An officer who observes another officer use excessive force shall report it to a supervisor within 24 hours.\n",
        encoding="utf-8",
    )
    labels = {
        "labeller": "test",
        "docs": [
            {
                "doc": "a.txt",
                "labels": {
                    "intervene.report_deadline": {"grade": "present", "quote": "", "page": None},
                    "intervene.report_written": {"grade": "absent", "quote": "", "page": None},
                },
            }
        ],
    }
    (tmp_path / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    result = evaluate_file(tmp_path / "labels.json", jobs=1)
    assert result.standard == "statutes"
    scored = {c.id: c.scores.accuracy for c in result.criteria if c.scores.n}
    assert scored == {"intervene.report_deadline": 1.0, "intervene.report_written": 1.0}
