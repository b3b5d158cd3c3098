"""JSON / JSONL: the documented fields, round trip, determinism."""

from __future__ import annotations

import json

import policy_audit
from policy_audit.findings import AuditResult, Grade
from policy_audit.report import SCHEMA_VERSION, Format, render_batch, render_check
from test_report_samples import AID_LANGUAGE, STRONG_QUOTE, TRAINING_LANGUAGE, sample_batch, sample_result, sample_rules, unreadable_result

CHECK_KEYS = {"schema_version", "tool", "kind", "standard", "department", "document", "status", "problem",
              "reason", "summary", "findings"}
DOCUMENT_KEYS = {"path", "pages", "format", "engine", "sha256", "ocr_pages", "warnings"}
FINDING_KEYS = {"criterion", "title", "family", "scale", "severity", "grade", "gap", "evidence", "missing",
                "recommendation", "sources"}
EVIDENCE_KEYS = {"page", "section", "quote", "grade", "reason", "highlights", "ocr"}
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
        for e in f["evidence"]:
            assert set(e) == EVIDENCE_KEYS
            assert e["page"] is None or isinstance(e["page"], int)


def test_check_object_has_every_documented_field_with_real_content():
    obj = check_obj()
    assert_check_object(obj)
    assert obj["standard"] == "core"
    assert obj["document"]["path"] == "manuals/springfield.pdf" and obj["document"]["pages"] == 42
    assert obj["document"]["ocr_pages"] == [7]
    duty, training, aid = obj["findings"]
    assert [f["criterion"] for f in obj["findings"]] == ["intervene.duty", "intervene.training", "medical.aid"]
    assert duty["grade"] == "strong" and duty["gap"] is False and duty["recommendation"] is None
    assert duty["evidence"][0] == {"page": 12, "section": "300.2 DUTY TO INTERCEDE", "quote": STRONG_QUOTE,
                                   "grade": "strong", "reason": "mandatory: shall",
                                   "highlights": ["shall", "intercede"], "ocr": False}
    assert duty["title"] == "Duty to intervene" and duty["family"] == "intervene" and duty["scale"] == "obligation"
    assert training["grade"] == "absent" and training["recommendation"] == TRAINING_LANGUAGE
    assert aid["grade"] == "weak" and aid["recommendation"] == AID_LANGUAGE and aid["evidence"][0]["ocr"] is True
    assert obj["summary"] == {"criteria": 3, "gaps": 2, "strong": 1, "weak": 1, "absent": 1,
                              "present": 0, "met": 0, "not_met": 0}


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
    assert obj["cached"] == 1 and obj["interrupted"] is False
    assert obj["criteria"] == ["intervene.duty", "intervene.training", "medical.aid"]
    assert [d["name"] for d in obj["departments"]] == ["Springfield PD", "Shelbyville PD"]
    assert obj["departments"][0]["grades"][0] == {
        "criterion": "intervene.duty", "grade": "strong", "document": "springfield/manual.pdf",
        "evidence": batch.groups[0].grades[0].evidence.to_dict()}
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
