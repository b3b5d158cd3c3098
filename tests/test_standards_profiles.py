"""Standards profiles: the built-in files, the schema, and one-line refusals naming file, key and reason."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from policy_audit.errors import UsageError
from policy_audit.rulebook import load_rules
from policy_audit.standards import builtin_profile_ids, load_profile, parse_profile, select_standards
from policy_audit.standards.profile_schema import standard_json_schema, standard_schema_text
from policy_audit.standards.profiles import builtin_standards_dir, read_profile_data

ROOT = Path(__file__).resolve().parent.parent
ISSUE_PROFILES = {
    "wa",
    "mn",
    "ca",
    "co",
    "nj",
    "il",
    "tx",
    "ma",
    "ct",
    "nc",
    "doj2022",
    "ncp",
    "calea",
    "able",
    "8cantwait",
}
# The criteria branch `criteria` adds; profiles name them before they exist here.
NEW_CRITERIA = {
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

GOOD = {
    "id": "decree",
    "title": "A consent decree",
    "jurisdiction": "A city",
    "citation": "Case 1:23-cv-1",
    "effective": "2023-04",
    "verified": False,
    "requirements": [
        {
            "id": "decree.p1",
            "citation": "Paragraph 1",
            "text": "Officers must intervene whatever the rank",
            "verified": False,
            "meets": [
                {"criterion": "intervene.duty", "grade": "strong"},
                {"criterion": "intervene.any_rank", "grade": "present"},
            ],
        }
    ],
}


def test_every_profile_of_the_issue_is_built_in_and_reads():
    assert set(builtin_profile_ids()) == ISSUE_PROFILES
    assert builtin_standards_dir().resolve() == (ROOT / "standards").resolve()
    for pid in ISSUE_PROFILES:
        profile = load_profile(pid)  # schema only: some criteria come with branch `criteria`
        assert profile.id == pid and profile.requirements
        assert all(r.id.startswith(pid + ".") for r in profile.requirements)


def test_built_in_profiles_name_only_existing_or_announced_criteria():
    rules = load_rules()
    for pid in builtin_profile_ids():
        for criterion in load_profile(pid).criteria:
            assert rules.get(criterion) is not None or criterion in NEW_CRITERIA, (pid, criterion)


def test_profiles_built_only_on_existing_criteria_check_against_the_rules():
    rules = load_rules()
    for pid in ("8cantwait", "doj2022", "calea", "nj"):
        assert load_profile(pid, rules).id == pid


def _profile_cases():
    rules = load_rules()
    for pid in sorted(builtin_profile_ids()):
        missing = sorted({c for c in load_profile(pid).criteria if rules.get(c) is None})
        reason = f"needs criterion {', '.join(missing)} (branch criteria)"
        yield pytest.param(pid, marks=pytest.mark.xfail(strict=True, reason=reason) if missing else ())


@pytest.mark.parametrize("profile_id", list(_profile_cases()))
def test_every_built_in_profile_checks_against_the_rules(profile_id):
    # a criterion the rules lack is refused naming it, so until it exists the profile cannot be used
    assert load_profile(profile_id, load_rules()).id == profile_id


def test_unverified_facts_say_so():
    # standards.md marks only some clauses [v]; nothing else may claim to be verified
    verified = {r.id for pid in builtin_profile_ids() for r in load_profile(pid).requirements if r.verified}
    assert verified == {
        "wa.intervene", "wa.report", "wa.no_retaliation", "wa.aid",
        "mn.intercede", "mn.report", "co.intervene", "ma.intervene", "ma.decertification",
    }  # fmt: skip
    assert not any(load_profile(pid).verified for pid in builtin_profile_ids())


def test_doj2022_says_the_executive_order_was_revoked():
    profile = load_profile("doj2022")
    assert "14074" in profile.superseded_by and "revoked on 2025-01-20" in profile.superseded_by


def test_the_published_schema_is_up_to_date_and_accepts_every_profile():
    path = ROOT / "schemas" / "standard.schema.json"
    assert path.read_text(encoding="utf-8") == standard_schema_text(), "regenerate schemas/standard.schema.json"
    validator = jsonschema.Draft202012Validator(json.loads(path.read_text(encoding="utf-8")))
    for pid in builtin_profile_ids():
        data = read_profile_data(builtin_standards_dir() / f"{pid}.yaml")
        assert validator.is_valid(json.loads(json.dumps(data))), pid


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(colour="red"),
        lambda d: d.pop("citation"),
        lambda d: d["requirements"][0]["meets"][0].update(grade="excellent"),
        lambda d: d["requirements"][0]["meets"][0].update(value={}),
        lambda d: d["requirements"][0]["meets"][0].update(value={"max": "five days"}),
        lambda d: d["requirements"][0].update(verified="yes"),
        lambda d: d.update(effective="July 2021"),
        lambda d: d.update(requirements=[]),
    ],
)
def test_schema_and_model_refuse_the_same_files(change):
    validator = jsonschema.Draft202012Validator(standard_json_schema())
    assert validator.is_valid(GOOD)
    data = copy.deepcopy(GOOD)
    change(data)
    assert not validator.is_valid(data)
    with pytest.raises(UsageError):
        parse_profile(data, "decree.yaml")


def _problem(tmp_path, data, text=None) -> str:
    path = tmp_path / "decree.yaml"
    path.write_text(text if text is not None else yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(UsageError) as err:
        select_standards([str(path)], load_rules())
    message = str(err.value)
    assert "\n" not in message and message.startswith(str(path) + ": ")
    return message[len(str(path)) + 2 :]


def test_a_wrong_key_is_named(tmp_path):
    data = copy.deepcopy(GOOD)
    data["requirements"][0]["meet"] = data["requirements"][0].pop("meets")
    assert _problem(tmp_path, data) == "unknown key 'requirements[0].meet'"


def test_a_missing_criterion_is_named(tmp_path):
    data = copy.deepcopy(GOOD)
    data["requirements"][0]["meets"][1]["criterion"] = "intervene.nonesuch"
    assert _problem(tmp_path, data) == (
        "key 'requirements[0].meets[1].criterion': unknown criterion 'intervene.nonesuch' (see `policy-audit rules`)"
    )


def test_a_bad_value_is_named(tmp_path):
    data = copy.deepcopy(GOOD)
    data["requirements"][0]["meets"][0]["value"] = {"max": -5}
    assert _problem(tmp_path, data).startswith("key 'requirements[0].meets[0].value.max': ")


def test_a_grade_outside_the_criterions_scale_is_named(tmp_path):
    data = copy.deepcopy(GOOD)
    data["requirements"][0]["meets"][1]["grade"] = "strong"  # any_rank is an element: present or absent
    assert _problem(tmp_path, data) == (
        "key 'requirements[0].meets[1].grade': 'strong' is not a grade of intervene.any_rank (scale element: present)"
    )


def test_requirement_ids_belong_to_the_profile(tmp_path):
    data = copy.deepcopy(GOOD)
    data["requirements"][0]["id"] = "other.p1"
    assert "must start with the profile id 'decree'" in _problem(tmp_path, data)


def test_aliases_are_refused(tmp_path):
    text = yaml.safe_dump(GOOD).replace("citation: Case 1:23-cv-1", "citation: &c Case 1:23-cv-1\nnotes: *c")
    assert "anchor" in _problem(tmp_path, None, text)


def test_an_unknown_standard_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown standard 'zz'"):
        select_standards(["zz"])
    with pytest.raises(UsageError, match="no such profile file"):
        select_standards(["missing/decree.yaml"])


def test_selection_audits_the_smallest_set_and_shows_what_was_asked():
    rules = load_rules()
    assert select_standards(None).label == "core"
    alone = select_standards(["8cantwait"], rules)
    # the criteria set of that name, and the profile of that name graded on top
    assert alone.audit_standard(rules) == "8cantwait" and [p.id for p in alone.profiles] == ["8cantwait"]
    assert alone.label == "8cantwait" and select_standards(["all"]).profiles == ()
    both = select_standards(["doj2022", "8cantwait"], rules)
    assert both.label == "8cantwait+doj2022" and both.audit_standard(rules) == "all"
    profile_only = select_standards(["doj2022"], rules)
    assert profile_only.audit_standard(rules) == "core"
    assert [r.id for r in profile_only.shown_rules(rules)] == ["intervene.duty", "intervene.training", "medical.aid"]


def test_docs_list_every_profile_with_its_verification_state():
    doc = (ROOT / "docs" / "standards.md").read_text(encoding="utf-8")
    for pid in builtin_profile_ids():
        p = load_profile(pid)
        verified = sum(r.verified for r in p.requirements)
        row = f"| `{p.id}` | {p.title} | {p.citation} | {p.effective or '-'} | {verified} of {len(p.requirements)} |"
        assert row in doc, row


def test_several_built_in_sets_audit_their_union():
    rules = load_rules()
    both = select_standards(["core", "8cantwait"])
    assert both.audit_standard() == "core+8cantwait"
    assert [r.id for r in rules.select("core+8cantwait")] == [r.id for r in rules.select("all")]


def test_when_no_one_set_holds_every_criterion_the_audit_runs_on_the_fewest_that_do(monkeypatch):
    import policy_audit.standards.selection as selection

    # as with statute-tier criteria, which neither core nor all audits: no one set holds them all
    monkeypatch.setattr(selection, "STANDARDS", {"core": ("intervene", "medical"), "8cantwait": ("8cw",)})
    rules = load_rules()
    chosen = select_standards(["doj2022", "8cantwait"], rules)
    standard = chosen.audit_standard(rules)
    assert standard == "core+8cantwait"
    assert set(chosen.criteria_of_profiles) <= {r.id for r in rules.select(standard)}


def test_the_audit_holds_every_criterion_of_any_mix_of_profiles_and_sets():
    # A composite standard ("all+statutes") must select the union of its parts in every respect the
    # rule book selects by: families here, and a rule's tier too where rules have tiers.
    rules = load_rules()
    usable = [pid for pid in builtin_profile_ids() if all(rules.get(c) for c in load_profile(pid).criteria)]
    for pid in usable:
        for other in ("core", "8cantwait", "all"):
            chosen = select_standards([pid, other], rules)
            audited = {r.id for r in rules.select(chosen.audit_standard(rules))}
            assert {rules.get(c).id for c in chosen.criteria_of_profiles} <= audited, (pid, other)
            assert {r.id for r in rules.select(other)} <= audited, (pid, other)
