"""Rule files are data validated strictly at load time: a bad one is a RuleError naming the file and the key."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from conftest import make_document

from policy_audit.audit import AuditOptions, audit_path
from policy_audit.errors import RuleError
from policy_audit.findings import Grade, Scale
from policy_audit.match.grader import grade_document
from policy_audit.rulebook import load_rules, parse_rule, rule_sources_digest

PATH = "rules/local/bodycam.yaml"


def valid_rule() -> dict:
    """A complete, valid rule of a user family, as parsed YAML."""
    return {
        "id": "local.bodycam",
        "family": "local",
        "title": "Body cameras record force",
        "scale": "obligation",
        "summary": "Officers activate their body-worn camera before using force.",
        "rationale": "A recording lets a reviewer see what happened.",
        "sources": ["City ordinance 12-3 (fictional)"],
        "model_language": "Officers shall activate their body-worn camera before any use of force.",
        "match": {
            "require": {"camera": ["activat*|start* ...3 body-worn camera|cameras"]},
            "exclude": ["camera* ...4 inventor*"],
        },
        "examples": {
            "strong": ["Officers shall activate their body-worn camera before any use of force."],
            "weak": ["Officers should activate their body-worn camera when practical."],
            "absent": ["The department owns forty body-worn cameras."],
        },
    }


def write_rule(root: Path, data: dict, folder: str = "local", name: str = "bodycam") -> Path:
    path = root / folder / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def rule_error(data: dict, path: str = PATH) -> str:
    with pytest.raises(RuleError) as info:
        parse_rule(data, path)
    message = str(info.value)
    assert path in message, f"the error must name the file: {message}"
    return message


def test_valid_rule_parses():
    rule = parse_rule(valid_rule(), PATH)
    assert rule.id == "local.bodycam"
    assert rule.family == "local"
    assert rule.scale is Scale.OBLIGATION
    assert rule.match.modality == "obligation"
    assert rule.examples_for(Grade.STRONG)
    assert rule.path == PATH


# --- one defect, one error naming the key ----------------------------------------------------------


def test_unknown_top_level_key():
    data = valid_rule()
    data["severety"] = "high"
    assert "'severety'" in rule_error(data)


def test_unknown_match_key():
    data = valid_rule()
    data["match"]["requires"] = {"x": ["camera"]}
    assert "match.requires" in rule_error(data)


@pytest.mark.parametrize(
    "key", ["id", "family", "title", "scale", "summary", "sources", "model_language", "match", "examples"]
)
def test_missing_key(key):
    data = valid_rule()
    del data[key]
    message = rule_error(data)
    assert "missing" in message and repr(key) in message


def test_missing_match_require():
    data = valid_rule()
    del data["match"]["require"]
    assert "match.require" in rule_error(data)


@pytest.mark.parametrize(
    "key, value",
    [("sources", "one source"), ("title", ["a", "b"]), ("match", ["require"]), ("order", True), ("order", "first")],
)
def test_wrong_type(key, value):
    data = valid_rule()
    data[key] = value
    message = rule_error(data)
    assert repr(key) in message and "must be" in message


def test_wrong_type_in_match():
    data = valid_rule()
    data["match"]["exclude"] = "camera inventory"
    assert "match.exclude" in rule_error(data)


def test_bad_scale():
    data = valid_rule()
    data["scale"] = "binary"
    message = rule_error(data)
    assert "'scale'" in message and "binary" in message


def test_example_grade_not_on_the_scale():
    data = valid_rule()
    data["examples"]["present"] = ["Officers shall activate their body-worn camera."]
    assert "examples.present" in rule_error(data)


def test_examples_need_a_failing_passage():
    data = valid_rule()
    del data["examples"]["absent"]
    assert "'examples'" in rule_error(data)


def test_id_must_start_with_its_family():
    data = valid_rule()
    data["id"] = "other.bodycam"
    assert "'id'" in rule_error(data)


@pytest.mark.parametrize(
    "phrase, why",
    [
        ("... force", "gap"),  # a gap at the start
        ("force ...", "gap"),  # a gap at the end
        ("body ... ... camera", "gap"),  # two gaps in a row
        ("body ...99 camera", "gap"),  # more than 30 words
        ("x?", "no required word"),  # only an optional word
        ("for$ce", "not a word"),  # an illegal character
        ("a* camera", "too short"),  # a prefix of one letter
    ],
)
def test_bad_phrase(phrase, why):
    data = valid_rule()
    data["match"]["require"]["camera"] = [phrase]
    message = rule_error(data)
    assert "match.require.camera" in message
    assert why in message


def test_bad_phrase_in_exclude_names_the_key():
    data = valid_rule()
    data["match"]["exclude"] = ["inventory", "camera|#"]
    assert "match.exclude" in rule_error(data)


def test_empty_phrase_list():
    data = valid_rule()
    data["match"]["require"]["camera"] = []
    assert "match.require.camera" in rule_error(data)


# --- folders -------------------------------------------------------------------------------------


def test_load_rules_names_file_and_key(tmp_path):
    data = valid_rule()
    data["colour"] = "blue"
    path = write_rule(tmp_path, data)
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    assert str(path) in str(info.value) and "'colour'" in str(info.value)


def test_id_must_match_the_file_name(tmp_path):
    path = write_rule(tmp_path, valid_rule(), name="body_cameras")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    assert str(path) in str(info.value) and "'id'" in str(info.value)


def test_family_must_match_the_folder(tmp_path):
    path = write_rule(tmp_path, valid_rule(), folder="cameras")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    assert str(path) in str(info.value) and "'family'" in str(info.value)


def test_invalid_yaml_names_the_file(tmp_path):
    path = tmp_path / "local" / "bodycam.yaml"
    path.parent.mkdir()
    path.write_text("id: local.bodycam\nmatch: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    assert str(path) in str(info.value) and "YAML" in str(info.value)


def test_folder_without_rule_files(tmp_path):
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    assert str(tmp_path) in str(info.value)


def test_duplicate_id_across_folders(tmp_path):
    write_rule(tmp_path / "a", valid_rule())
    second = write_rule(tmp_path / "b", valid_rule())
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path / "a", tmp_path / "b"])
    assert str(second) in str(info.value) and "already defined" in str(info.value)


def test_user_rule_cannot_redefine_a_builtin_id(tmp_path):
    data = copy.deepcopy(valid_rule())
    data.update(id="intervene.duty", family="intervene")
    path = write_rule(tmp_path, data, folder="intervene", name="duty")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    assert str(path) in str(info.value) and "intervene.duty" in str(info.value)


def test_user_rule_folder_adds_a_rule_that_grades(tmp_path):
    write_rule(tmp_path, valid_rule())
    rules = load_rules([tmp_path])
    builtin = load_rules()
    assert len(rules) == len(builtin) + 1
    assert rules.get("local.bodycam") is not None
    assert rules.families()[-1] == "local"
    doc = make_document("Before any use of force, officers shall activate their body-worn camera.")
    finding = {f.criterion: f for f in grade_document(doc, rules)}["local.bodycam"]
    assert finding.grade is Grade.STRONG
    assert finding.evidence[0].page == 1
    assert "body-worn camera" in finding.evidence[0].quote
    weak = make_document("Officers should activate their body-worn camera when practical.")
    assert {f.criterion: f for f in grade_document(weak, rules)}["local.bodycam"].grade is Grade.WEAK


def test_user_rule_in_a_builtin_family_is_audited(tmp_path):
    """A user rule filed under intervene/ joins the core standard and is graded by audit_path."""
    data = valid_rule()
    data.update(id="intervene.bodycam", family="intervene")
    write_rule(tmp_path, data, folder="intervene")
    doc = tmp_path / "policy.txt"
    doc.write_text("Officers shall activate their body-worn camera before any use of force.\n", encoding="utf-8")
    result = audit_path(doc, AuditOptions(ocr="never", rules_dirs=(str(tmp_path),)))
    assert result.finding("intervene.bodycam").grade is Grade.STRONG


def test_user_family_is_audited_with_standard_all(tmp_path):
    write_rule(tmp_path, valid_rule())
    doc = tmp_path / "policy.txt"
    doc.write_text("Officers shall activate their body-worn camera before any use of force.\n", encoding="utf-8")
    result = audit_path(doc, AuditOptions(standard="all", ocr="never", rules_dirs=(str(tmp_path),)))
    assert result.finding("local.bodycam") is not None
    assert result.finding("local.bodycam").grade is Grade.STRONG


# --- standards and the digest --------------------------------------------------------------------


def test_select_core_is_intervene_and_medical():
    rules = load_rules()
    core = rules.select("core")
    assert set(core.families()) == {"intervene", "medical"}
    assert core.get("intervene.duty") is not None and core.get("medical.aid") is not None
    assert [r.id for r in core] == [r.id for r in rules if r.family in ("intervene", "medical") and r.tier == "core"]
    assert core.rules[0].id == "intervene.duty"  # the headline duty first
    assert core.digest == rules.digest


def test_select_8cantwait_is_the_8cw_family():
    rules = load_rules()
    cz = rules.select("8cantwait")
    assert all(r.family == "8cw" for r in cz)
    assert [r.id for r in cz] == [r.id for r in rules if r.family == "8cw"]
    assert all(r.scale is Scale.MET for r in cz)


def test_unknown_standard_is_a_usage_error():
    from policy_audit.errors import UsageError

    with pytest.raises(UsageError):
        load_rules().select("9cantwait")


def test_digest_changes_when_a_rule_file_changes(tmp_path):
    before = write_rule(tmp_path / "v1", valid_rule())
    changed = valid_rule()
    changed["title"] = "Body cameras record every use of force"
    write_rule(tmp_path / "v2", changed)
    d1 = load_rules([tmp_path / "v1"]).digest
    d2 = load_rules([tmp_path / "v2"]).digest
    assert d1 != d2
    assert d1 != load_rules().digest
    # The cheap digest (for a warm cache check) agrees with the loaded one and sees edits in place.
    assert rule_sources_digest([tmp_path / "v1"]) == d1
    before.write_text(before.read_text(encoding="utf-8") + "notes: edited\n", encoding="utf-8")
    assert rule_sources_digest([tmp_path / "v1"]) != d1


def test_digest_is_stable_for_the_same_files(tmp_path):
    write_rule(tmp_path / "a", valid_rule())
    write_rule(tmp_path / "b", valid_rule())
    assert load_rules([tmp_path / "a"]).digest == load_rules([tmp_path / "b"]).digest


# -- shared phrase lists (<family>/_lists.yaml, used as "@name") -------------------------------


def write_lists(root: Path, lists: dict, folder: str = "local") -> Path:
    path = root / folder / "_lists.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"lists": lists}, sort_keys=False), encoding="utf-8")
    return path


def test_a_shared_list_expands_where_a_rule_names_it(tmp_path):
    write_lists(tmp_path, {"storage": ["camera* ...4 inventor*", "charging dock*"]})
    data = valid_rule()
    data["match"]["exclude"] = ["@storage", "camera* ...3 repair*"]
    write_rule(tmp_path, data)
    rule = load_rules([tmp_path]).get("local.bodycam")
    assert rule.match.exclude == ("camera* ...4 inventor*", "charging dock*", "camera* ...3 repair*")
    doc = make_document("Officers shall activate their body-worn camera and return it to its charging dock.")
    assert {f.criterion: f for f in grade_document(doc, load_rules([tmp_path]))}["local.bodycam"].grade is Grade.ABSENT


def test_the_builtin_medical_rules_share_their_false_friends():
    rules = load_rules()
    for rule_id in ("medical.aid", "medical.ems", "medical.timing", "medical.first_aid"):
        assert "mutual aid" in rules.get(rule_id).match.exclude


def test_an_unknown_list_names_the_file_the_key_and_the_lists_known(tmp_path):
    write_lists(tmp_path, {"storage": ["charging dock*"]})
    data = valid_rule()
    data["match"]["exclude"] = ["@stroage"]
    path = write_rule(tmp_path, data)
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    message = str(info.value)
    assert str(path) in message and "'match.exclude'" in message and "@stroage" in message and "@storage" in message


@pytest.mark.parametrize(
    "content, expected",
    [
        ("storage: [charging dock*]\n", "one key, 'lists'"),
        ("lists: {Storage: [charging dock*]}\n", "lower-case"),
        ("lists: {storage: []}\n", "non-empty list"),
        ("lists: {storage: ['... dock']}\n", "lists.storage"),
    ],
)
def test_a_bad_list_file_names_the_file_and_the_problem(tmp_path, content, expected):
    write_rule(tmp_path, valid_rule())
    path = tmp_path / "local" / "_lists.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    assert str(path) in str(info.value) and expected in str(info.value)


def test_a_list_name_defined_twice_is_an_error(tmp_path):
    write_rule(tmp_path / "a", valid_rule())
    write_lists(tmp_path / "a", {"storage": ["charging dock*"]})
    other = valid_rule()
    other.update(id="other.bodycam", family="other")
    write_rule(tmp_path / "b", other, folder="other")
    second = write_lists(tmp_path / "b", {"storage": ["camera locker*"]}, folder="other")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path / "a", tmp_path / "b"])
    assert str(second) in str(info.value) and "already defined" in str(info.value)


def test_editing_a_list_changes_the_rules_digest(tmp_path):
    write_rule(tmp_path, valid_rule())
    lists = write_lists(tmp_path, {"storage": ["charging dock*"]})
    before = load_rules([tmp_path]).digest
    assert rule_sources_digest([tmp_path]) == before
    lists.write_text(yaml.safe_dump({"lists": {"storage": ["charging station*"]}}), encoding="utf-8")
    assert rule_sources_digest([tmp_path]) != before
