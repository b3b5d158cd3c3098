"""JSON / JSONL: the documented fields, round trip, determinism."""

from __future__ import annotations

import json

from test_report_samples import (
    AID_LANGUAGE,
    CUSTODY_REASON,
    MEDIUM_REASON,
    STRONG_QUOTE,
    TRAINING_LANGUAGE,
    doubtful_result,
    sample_batch,
    sample_result,
    sample_rules,
    unreadable_result,
)

import policy_audit
from policy_audit.findings import (
    SECTION_TOPICS,
    AuditResult,
    Confidence,
    ConfidenceLevel,
    Evidence,
    Finding,
    Grade,
    Scale,
    Scope,
    SectionTopic,
)
from policy_audit.report import SCHEMA_VERSION, Format, get_formatter, render_batch, render_check

CHECK_KEYS = {
    "schema_version",
    "tool",
    "kind",
    "standard",
    "department",
    "document",
    "status",
    "problem",
    "reason",
    "summary",
    "findings",
    "provenance",
}
DOCUMENT_KEYS = {"path", "pages", "format", "engine", "sha256", "ocr_pages", "warnings"}
FINDING_KEYS = {
    "criterion",
    "title",
    "family",
    "scale",
    "severity",
    "grade",
    "gap",
    "evidence",
    "confidence",
    "scope",
    "value",
    "value_text",
    "missing",
    "recommendation",
    "sources",
}
EVIDENCE_KEYS = {"page", "section", "quote", "grade", "reason", "highlights", "ocr", "topic"}
GRADES = {g.value for g in Grade}


def check_obj(result=None):
    return json.loads(render_check(result or sample_result(), sample_rules(), Format.JSON))


def assert_check_object(obj):
    assert set(obj) == CHECK_KEYS
    assert obj["schema_version"] == SCHEMA_VERSION and obj["kind"] == "check"
    assert obj["tool"] == {"name": "policy-audit", "version": policy_audit.__version__}
    assert set(obj["document"]) == DOCUMENT_KEYS
    assert obj["status"] in {"ok", "no_text", "error"}
    assert set(obj["summary"]) == {"criteria", "gaps"} | GRADES
    assert obj["summary"]["criteria"] == len(obj["findings"])
    for f in obj["findings"]:
        assert set(f) == FINDING_KEYS
        assert f["grade"] in GRADES and isinstance(f["gap"], bool)
        assert f["gap"] == (f["grade"] in {"weak", "absent", "not_met"})
        assert (f["recommendation"] is not None) == f["gap"]
        assert set(f["confidence"]) == {"level", "reasons"}
        assert f["confidence"]["level"] in {"high", "medium", "low"}
        assert all(isinstance(r, str) for r in f["confidence"]["reasons"])
        assert f["scope"] in {"", "general", "narrow"}
        for e in f["evidence"]:
            assert set(e) == EVIDENCE_KEYS
            assert e["page"] is None or isinstance(e["page"], int)
            assert e["topic"] in ("",) + SECTION_TOPICS


def test_check_object_has_every_documented_field_with_real_content():
    obj = check_obj()
    assert_check_object(obj)
    assert obj["standard"] == "core"
    assert obj["document"]["path"] == "manuals/springfield.pdf" and obj["document"]["pages"] == 42
    assert obj["document"]["ocr_pages"] == [7]
    duty, training, aid = obj["findings"]
    assert [f["criterion"] for f in obj["findings"]] == ["intervene.duty", "intervene.training", "medical.aid"]
    assert duty["grade"] == "strong" and duty["gap"] is False and duty["recommendation"] is None
    assert duty["evidence"][0] == {
        "page": 12,
        "section": "300.2 DUTY TO INTERCEDE",
        "quote": STRONG_QUOTE,
        "grade": "strong",
        "reason": "mandatory: shall",
        "highlights": ["shall", "intercede"],
        "ocr": False,
        "topic": "",
    }
    assert duty["confidence"] == {"level": "high", "reasons": []} and duty["scope"] == ""
    assert duty["title"] == "Duty to intervene" and duty["family"] == "intervene" and duty["scale"] == "obligation"
    assert training["grade"] == "absent" and training["recommendation"] == TRAINING_LANGUAGE
    assert aid["grade"] == "weak" and aid["recommendation"] == AID_LANGUAGE and aid["evidence"][0]["ocr"] is True
    assert obj["summary"] == {
        "criteria": 3,
        "gaps": 2,
        "strong": 1,
        "weak": 1,
        "absent": 1,
        "present": 0,
        "met": 0,
        "not_met": 0,
    }


def test_unreadable_document_keeps_the_shape():
    obj = check_obj(unreadable_result())
    assert_check_object(obj)
    assert obj["status"] == "no_text" and obj["problem"] == "no_text" and obj["findings"] == []
    assert "scanned" in obj["reason"]


def test_check_object_round_trips_to_an_audit_result():
    result = sample_result()
    back = AuditResult.from_dict(check_obj(result))
    assert back.findings == result.findings and back.document == result.document


def test_deterministic_bytes_and_no_timings():
    a = render_check(sample_result(), sample_rules(), Format.JSON)
    assert a == render_check(sample_result(), sample_rules(), Format.JSON)
    assert '"seconds"' not in a and "generated" not in a
    a.encode("ascii")  # ASCII only


def test_non_ascii_and_control_characters_survive_round_trip():
    quote = "Officers shall intervene \u2014 \u201cimmediately\u201d\x00\u202e"
    obj = check_obj(sample_result(duty_quote=quote))
    assert obj["findings"][0]["evidence"][0]["quote"] == quote


def test_batch_json_header_departments_and_documents():
    batch = sample_batch()
    text = render_batch(batch, sample_rules(), Format.JSON)
    assert text == render_batch(batch, sample_rules(), Format.JSON)
    obj = json.loads(text)
    assert obj["kind"] == "batch" and obj["schema_version"] == SCHEMA_VERSION
    assert obj["counts"] == {"ok": 2, "no_text": 1, "error": 1, "total": 4}
    assert obj["cached"] is None and obj["interrupted"] is False  # a cache count only with --timings
    assert obj["provenance"] is None  # none given
    timed = json.loads(get_formatter(Format.JSON, timings=True).render_batch(batch, sample_rules()))
    assert timed["cached"] == 1
    assert obj["criteria"] == ["intervene.duty", "intervene.training", "medical.aid"]
    assert [d["name"] for d in obj["departments"]] == ["Springfield PD", "Shelbyville PD"]
    assert obj["departments"][0]["grades"][0] == {
        "criterion": "intervene.duty",
        "grade": "strong",
        "document": "springfield/manual.pdf",
        "evidence": batch.groups[0].grades[0].evidence.to_dict(),
    }
    assert [d["document"]["path"] for d in obj["documents"]] == [r.document.path for r in batch.results]
    for d in obj["documents"]:
        assert_check_object(d)
    assert obj["documents"][0]["department"] == "Springfield PD"


def test_jsonl_is_header_then_one_document_per_line():
    batch = sample_batch()
    lines = render_batch(batch, sample_rules(), Format.JSONL).splitlines()
    assert len(lines) == 1 + len(batch.results)
    header = json.loads(lines[0])
    assert header["kind"] == "batch" and "documents" not in header and header["counts"]["total"] == 4
    docs = [json.loads(line) for line in lines[1:]]
    for d in docs:
        assert_check_object(d)
    assert [d["status"] for d in docs] == ["ok", "ok", "no_text", "error"]


# ------------------------------------------------------------------ confidence, scope, section topic


def test_schema_version_is_1_2_for_the_additive_keys():
    assert SCHEMA_VERSION == "1.2"  # 1.1: topic, confidence, scope; 1.2: provenance, value


def test_topic_confidence_and_scope_are_in_the_json():
    obj = check_obj(doubtful_result())
    assert_check_object(obj)
    duty, training, aid = obj["findings"]
    assert duty["confidence"] == {"level": "low", "reasons": [CUSTODY_REASON]}
    assert duty["scope"] == "general" and duty["evidence"][0]["topic"] == "custody"
    assert training["confidence"] == {"level": "medium", "reasons": [MEDIUM_REASON]}
    assert training["scope"] == "" and training["evidence"][0]["topic"] == "personnel"
    assert aid["confidence"] == {"level": "high", "reasons": []}
    assert aid["scope"] == "narrow" and aid["evidence"][0]["topic"] == "weapon"


def test_new_fields_round_trip_through_the_check_object_and_the_cache_dict():
    result = doubtful_result()
    assert AuditResult.from_dict(check_obj(result)).findings == result.findings
    back = AuditResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert back == result
    assert back.findings[0].confidence.level is ConfidenceLevel.LOW
    assert back.findings[0].evidence[0].topic == "custody"


def test_old_json_without_the_new_keys_reads_with_defaults():
    """Results cached (and JSON written) by 1.0 have no topic, confidence or scope."""
    old = doubtful_result().to_dict()
    for f in old["findings"]:
        del f["confidence"], f["scope"]
        for e in f["evidence"]:
            del e["topic"]
    back = AuditResult.from_dict(old)
    for f in back.findings:
        assert f.confidence == Confidence() and f.confidence.level is ConfidenceLevel.HIGH
        assert f.confidence.reasons == () and f.scope == ""
        assert all(e.topic == "" for e in f.evidence)
    # and a 1.0 check object (the JSON report) reads the same way
    obj = check_obj(sample_result())
    for f in obj["findings"]:
        del f["confidence"], f["scope"]
        for e in f["evidence"]:
            del e["topic"]
    assert AuditResult.from_dict(obj).findings == sample_result().findings


def test_defaults_keep_old_constructor_calls_working():
    e = Evidence(3, "S", "q", Grade.STRONG)
    f = Finding("intervene.duty", Scale.OBLIGATION, Grade.STRONG, (e,))
    assert e.topic == "" and f.scope == "" and f.confidence == Confidence(ConfidenceLevel.HIGH, ())
    assert not f.confidence.is_low


def test_enum_members_and_plain_values_are_the_same_field():
    a = Finding(
        "x.y",
        Scale.OBLIGATION,
        Grade.WEAK,
        (Evidence(1, "", "q", Grade.WEAK, topic=SectionTopic.WEAPON),),
        confidence=Confidence(ConfidenceLevel.LOW, ("r",)),
        scope=Scope.NARROW,
    )
    b = Finding(
        "x.y",
        Scale.OBLIGATION,
        Grade.WEAK,
        (Evidence(1, "", "q", Grade.WEAK, topic="weapon"),),
        confidence=Confidence("low", ["r"]),
        scope="narrow",
    )
    assert a == b and hash(a) == hash(b)
    assert type(a.scope) is str and type(a.evidence[0].topic) is str
    assert json.dumps(a.to_dict(), sort_keys=True) == json.dumps(b.to_dict(), sort_keys=True)


def test_every_section_topic_has_a_description():
    assert SECTION_TOPICS == (
        "use_of_force",
        "weapon",
        "custody",
        "transport",
        "medical_public",
        "personnel",
        "ethics",
        "definitions",
        "forms",
        "faq",
        "crisis",
        "general",
    )
    for topic in SectionTopic:
        assert topic.description and "\n" not in topic.description


def test_department_evidence_carries_its_topic():
    from policy_audit.batch_result import BatchResult, GroupGrade, GroupSummary

    result = doubtful_result(path="s/m.pdf", group="S")
    group = GroupSummary(
        "S", ("s/m.pdf",), (GroupGrade("intervene.duty", Grade.STRONG, "s/m.pdf", result.findings[0].evidence[0]),)
    )
    obj = json.loads(render_batch(BatchResult("core", (result,), (group,)), sample_rules(), Format.JSON))
    assert obj["departments"][0]["grades"][0]["evidence"]["topic"] == "custody"


def test_check_carries_department_and_provenance_a_batch_does_not():
    from policy_audit.provenance import Provenance

    made = Provenance(tool_version="9.9", rules_digest="abc123", standard="core", run_at="2026-12-06T14:40:00Z")
    rendered = render_check(
        sample_result(), sample_rules(), Format.JSON, provenance=made, department=" Springfield (IL) Police Department "
    )
    obj = json.loads(rendered)
    assert_check_object(obj)
    assert obj["department"] == "Springfield (IL) Police Department"
    assert Provenance.from_dict(obj["provenance"]) == made
    bare = check_obj(sample_result(group="Springfield PD"))
    assert bare["provenance"] is None and bare["department"] == "Springfield PD"  # a scan's department stays
    batch = json.loads(render_batch(sample_batch(), sample_rules(), Format.JSON, provenance=made))
    assert all(d["provenance"] is None for d in batch["documents"])
