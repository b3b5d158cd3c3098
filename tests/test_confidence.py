"""How sure a finding is (match/confidence.py): from the deciding sentence, and for gaps from the document."""

from __future__ import annotations

from dataclasses import replace

from policy_audit.document import Document, Page
from policy_audit.findings import ConfidenceLevel, Grade
from policy_audit.match.confidence import SHORT_DOCUMENT, with_document_caveats


def test_a_duty_decided_in_a_custody_section_is_low_confidence(grade_pages):
    finding = grade_pages(
        "HOLDING FACILITY OPERATIONS\nAny detainee who was injured during a use of force shall receive medical "
        "treatment before being placed in a cell."
    )["medical.aid"]
    assert finding.grade is Grade.STRONG
    assert finding.confidence.level is ConfidenceLevel.LOW
    assert "custody section" in finding.confidence.reasons[0]
    assert finding.evidence[0].topic == "custody"


def test_a_duty_in_the_use_of_force_policy_is_high_confidence(grade_pages):
    finding = grade_pages(
        "USE OF FORCE\nAny officer who observes another officer using excessive force shall intervene to stop it."
    )["intervene.duty"]
    assert finding.grade is Grade.STRONG
    assert finding.confidence.level is ConfidenceLevel.HIGH and finding.confidence.reasons == ()
    assert finding.scope == "general"


def test_a_duty_only_in_a_weapon_section_is_narrow_and_says_so(grade_pages):
    finding = grade_pages(
        "FIREARM DISCHARGE PROCEDURES\nAfter an officer discharges a firearm at a person, the officers on scene "
        "shall summon an ambulance for anyone who is struck."
    )["medical.aid"]
    assert finding.grade is Grade.WEAK and finding.scope == "narrow"
    assert "narrow: only discharges a firearm" in finding.evidence[0].reason


def test_a_section_topic_narrows_when_the_words_do_not(grade_pages):
    finding = grade_pages(
        "308 CONDUCTED ENERGY DEVICE\n308.8 After the device has been used, the subject shall be examined by "
        "emergency medical personnel."
    )["medical.aid"]
    assert finding.grade is Grade.WEAK and finding.scope == "narrow"


def test_a_list_item_graded_by_its_lead_in_is_medium(grade_pages):
    finding = grade_pages(
        "USE OF FORCE\nWhen an officer sees another officer use excessive force, the officer shall:\n"
        "(a) intercede to stop the force;\n(b) tell a supervisor."
    )["intervene.duty"]
    assert finding.grade is Grade.STRONG
    assert finding.confidence.level is ConfidenceLevel.MEDIUM
    assert any("lead-in" in r for r in finding.confidence.reasons)


def _doc(*texts: str, warnings: tuple[str, ...] = (), ocr: bool = False) -> Document:
    pages = tuple(Page(i, t, ocr=ocr) for i, t in enumerate(texts, start=1))
    return Document(path="x.pdf", format="pdf", engine="pdfium", pages=pages, paginated=True, warnings=warnings)


def test_gaps_of_a_document_not_read_whole_are_low_and_found_clauses_keep_theirs(grade_pages):
    found = grade_pages("USE OF FORCE\nAny officer who observes another officer using excessive force shall intervene.")
    doc = _doc("text", warnings=("page 3: text could not be extracted",))
    out = {f.criterion: f for f in with_document_caveats(tuple(found.values()), doc, 500)}
    assert out["intervene.duty"].confidence == found["intervene.duty"].confidence
    absent = out["medical.aid"]
    assert absent.grade is Grade.ABSENT and absent.confidence.level is ConfidenceLevel.LOW
    assert "could not be read whole" in absent.confidence.reasons[0]


def test_gaps_of_a_short_document_are_medium(grade_pages):
    found = grade_pages("USE OF FORCE\nOfficers shall use only reasonable force.")
    out = {f.criterion: f for f in with_document_caveats(tuple(found.values()), _doc("text"), SHORT_DOCUMENT - 1)}
    assert out["medical.aid"].confidence.level is ConfidenceLevel.MEDIUM
    assert "short document" in out["medical.aid"].confidence.reasons[0]
    long = {f.criterion: f for f in with_document_caveats(tuple(found.values()), _doc("text"), SHORT_DOCUMENT)}
    assert long["medical.aid"].confidence.level is ConfidenceLevel.HIGH


def test_a_low_finding_stays_low_when_the_document_adds_a_medium_caveat(grade_pages):
    found = grade_pages("USE OF FORCE\nOfficers shall use only reasonable force.")
    low = replace(found["medical.aid"], confidence=replace(found["medical.aid"].confidence, level=ConfidenceLevel.LOW))
    (out,) = with_document_caveats((low,), _doc("text"), 3)
    assert out.confidence.level is ConfidenceLevel.LOW
