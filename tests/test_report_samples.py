"""Hand-built rules and results shared by the report tests, plus tests of the shared helpers.

Other ``test_report_*`` modules import the builders from here (pytest puts tests/ on sys.path).
"""

from __future__ import annotations

from policy_audit.batch_result import BatchResult, GroupGrade, GroupSummary
from policy_audit.findings import (
    AuditResult,
    Confidence,
    ConfidenceLevel,
    DocumentInfo,
    Evidence,
    Finding,
    Grade,
    Scale,
    Scope,
    SectionTopic,
    Status,
)
from policy_audit.report import Format, criterion_views, formats_for, verdict
from policy_audit.rulebook import MatchSpec, Rule, RuleSet

DUTY_LANGUAGE = "Any officer present and observing another officer using force that is clearly beyond that which is objectively reasonable shall, when in a position to do so, intercede."
AID_LANGUAGE = "Once the scene is safe and as soon as practical, an officer shall provide appropriate medical care consistent with his or her training."
TRAINING_LANGUAGE = "All officers shall receive training in active bystandership and peer intervention."


def make_rule(rule_id: str, scale: Scale, title: str, model_language: str, **kw) -> Rule:
    family = rule_id.split(".", 1)[0]
    good = {Scale.OBLIGATION: Grade.STRONG, Scale.ELEMENT: Grade.PRESENT, Scale.MET: Grade.MET}[scale]
    bad = Grade.NOT_MET if scale is Scale.MET else Grade.ABSENT
    return Rule(
        id=rule_id,
        family=family,
        title=title,
        scale=scale,
        summary=kw.pop("summary", f"The policy addresses {title.lower()}."),
        rationale=kw.pop("rationale", f"Why {title.lower()} matters."),
        sources=kw.pop("sources", ("IACP National Consensus Policy (2017)", "PERF Guiding Principles (2016)")),
        model_language=model_language,
        match=MatchSpec(require=(("a", ("x",)),), modality=kw.pop("modality", "obligation")),
        examples=((good, (f"Officers shall do {title.lower()}.",)), (bad, ("Nothing relevant here.",))),
        **kw,
    )


def sample_rules() -> RuleSet:
    return RuleSet(
        (
            make_rule(
                "intervene.duty",
                Scale.OBLIGATION,
                "Duty to intervene",
                DUTY_LANGUAGE,
                severity="high",
                summary="An officer who sees another officer use excessive force must intervene.",
            ),
            make_rule("intervene.training", Scale.ELEMENT, "Intervention training", TRAINING_LANGUAGE),
            make_rule(
                "medical.aid",
                Scale.OBLIGATION,
                "Medical aid after force",
                AID_LANGUAGE,
                summary="After force, officers must render aid or obtain medical assistance.",
            ),
        ),
        digest="test",
    )


def ev(
    page, quote, grade, reason="", highlights=(), section="300.2 DUTY TO INTERCEDE", ocr=False, topic=""
) -> Evidence:
    return Evidence(
        page=page,
        section=section,
        quote=quote,
        grade=grade,
        reason=reason,
        highlights=tuple(highlights),
        ocr=ocr,
        topic=topic,
    )


STRONG_QUOTE = "Any officer present and observing another officer using excessive force shall intercede to prevent it."
WEAK_QUOTE = "Officers should request medical assistance for any person injured by a Taser."


def sample_result(
    path="manuals/springfield.pdf",
    *,
    duty_quote=STRONG_QUOTE,
    section="300.2 DUTY TO INTERCEDE",
    group="",
    highlights=("shall", "intercede"),
) -> AuditResult:
    return AuditResult(
        document=DocumentInfo(
            path=path, pages=42, format="pdf", engine="pdfium", sha256="ab" * 32, ocr_pages=(7,), warnings=()
        ),
        standard="core",
        findings=(
            Finding(
                "intervene.duty",
                Scale.OBLIGATION,
                Grade.STRONG,
                (ev(12, duty_quote, Grade.STRONG, "mandatory: shall", highlights, section=section),),
            ),
            Finding("intervene.training", Scale.ELEMENT, Grade.ABSENT, ()),
            Finding(
                "medical.aid",
                Scale.OBLIGATION,
                Grade.WEAK,
                (
                    ev(
                        31,
                        WEAK_QUOTE,
                        Grade.WEAK,
                        "permissive: should",
                        ("should",),
                        section="308.6 MEDICAL TREATMENT",
                        ocr=True,
                    ),
                ),
            ),
        ),
        seconds=1.234,
        group=group,
    )


CUSTODY_QUOTE = "Detention staff shall summon medical aid for any prisoner who appears ill."
CUSTODY_REASON = "the deciding sentence sits in a custody section"
TASER_QUOTE = "After a CED application, officers shall ensure the subject receives medical care."
MEDIUM_REASON = "the document is short"


def doubtful_result(
    path="manuals/shelbyville.pdf", *, reasons=(CUSTODY_REASON,), custody_section="600.4 HOLDING CELLS", group=""
) -> AuditResult:
    """Findings as the rewritten matcher fills them: a low-confidence strong duty from a custody section,
    a narrow (Taser-only) medical-aid duty, and a medium-confidence training element."""
    return AuditResult(
        document=DocumentInfo(path=path, pages=9, format="pdf", engine="pdfium"),
        standard="core",
        findings=(
            Finding(
                "intervene.duty",
                Scale.OBLIGATION,
                Grade.STRONG,
                (
                    ev(
                        4,
                        CUSTODY_QUOTE,
                        Grade.STRONG,
                        "mandatory: shall",
                        ("shall",),
                        section=custody_section,
                        topic=SectionTopic.CUSTODY,
                    ),
                ),
                confidence=Confidence(ConfidenceLevel.LOW, tuple(reasons)),
                scope=Scope.GENERAL,
            ),
            Finding(
                "intervene.training",
                Scale.ELEMENT,
                Grade.PRESENT,
                (
                    ev(
                        2,
                        "Officers receive peer intervention training yearly.",
                        Grade.PRESENT,
                        "element",
                        section="200 TRAINING",
                        topic="personnel",
                    ),
                ),
                confidence=Confidence("medium", [MEDIUM_REASON]),
            ),
            Finding(
                "medical.aid",
                Scale.OBLIGATION,
                Grade.WEAK,
                (
                    ev(
                        7,
                        TASER_QUOTE,
                        Grade.WEAK,
                        "narrow: Taser only",
                        ("shall",),
                        section="309.3 CED AFTERCARE",
                        topic="weapon",
                    ),
                ),
                scope="narrow",
            ),
        ),
        seconds=0.4,
        group=group,
    )


def unreadable_result(path="manuals/scanned.pdf", group="") -> AuditResult:
    return AuditResult(
        document=DocumentInfo(path=path, pages=10, format="pdf", engine="pdfium"),
        standard="core",
        status=Status.NO_TEXT,
        problem="no_text",
        reason="no readable text (scanned pages without OCR, or a garbage text layer)",
        seconds=0.5,
        group=group,
    )


def sample_batch() -> BatchResult:
    a = sample_result("springfield/manual.pdf", group="Springfield PD")
    b = AuditResult(
        document=DocumentInfo(path="springfield/aid.pdf", pages=3, format="pdf", engine="pdfium"),
        standard="core",
        findings=(
            Finding("intervene.duty", Scale.OBLIGATION, Grade.ABSENT, ()),
            Finding(
                "intervene.training",
                Scale.ELEMENT,
                Grade.PRESENT,
                (ev(2, "Officers receive peer intervention training yearly.", Grade.PRESENT, "element"),),
            ),
            Finding(
                "medical.aid",
                Scale.OBLIGATION,
                Grade.STRONG,
                (
                    ev(
                        1,
                        "Officers shall render aid to any injured person.",
                        Grade.STRONG,
                        "mandatory: shall",
                        ("shall",),
                    ),
                ),
            ),
        ),
        seconds=0.7,
        group="Springfield PD",
    )
    c = unreadable_result("shelbyville/scan.pdf", group="Shelbyville PD")
    err = AuditResult(
        document=DocumentInfo(path="shelbyville/broken.pdf"),
        standard="core",
        status=Status.ERROR,
        problem="corrupt",
        reason="not a PDF (bad header)",
        group="Shelbyville PD",
    )
    groups = (
        GroupSummary(
            "Springfield PD",
            ("springfield/manual.pdf", "springfield/aid.pdf"),
            (
                GroupGrade("intervene.duty", Grade.STRONG, "springfield/manual.pdf", a.findings[0].evidence[0]),
                GroupGrade("intervene.training", Grade.PRESENT, "springfield/aid.pdf", b.findings[1].evidence[0]),
                GroupGrade("medical.aid", Grade.STRONG, "springfield/aid.pdf", b.findings[2].evidence[0]),
            ),
        ),
        GroupSummary(
            "Shelbyville PD",
            ("shelbyville/scan.pdf", "shelbyville/broken.pdf"),
            (
                GroupGrade("intervene.duty", Grade.ABSENT),
                GroupGrade("intervene.training", Grade.ABSENT),
                GroupGrade("medical.aid", Grade.ABSENT),
            ),
        ),
    )
    return BatchResult(standard="core", results=(a, b, c, err), groups=groups, seconds=3.0, cached=1)


# ------------------------------------------------------------------------------------ helper tests


def test_views_follow_rule_order_and_join_rules():
    result = sample_result()
    reversed_result = AuditResult(result.document, result.standard, tuple(reversed(result.findings)))
    views = criterion_views(reversed_result, sample_rules())
    assert [v.id for v in views] == ["intervene.duty", "intervene.training", "medical.aid"]
    assert views[0].recommendation is None  # strong: no recommendation
    assert views[1].recommendation == TRAINING_LANGUAGE
    assert views[2].recommendation == AID_LANGUAGE
    assert "uses 'should', which does not bind" in views[2].missing
    assert views[0].missing is None


def test_unknown_criterion_is_kept_last_without_recommendation():
    result = sample_result()
    extra = Finding("custom.thing", Scale.ELEMENT, Grade.ABSENT, ())
    result = AuditResult(result.document, result.standard, (extra,) + result.findings)
    views = criterion_views(result, sample_rules())
    assert views[-1].id == "custom.thing"
    assert views[-1].title == "custom.thing" and views[-1].family == "custom"
    assert views[-1].recommendation is None


def test_verdict_counts():
    assert verdict(sample_result()) == "1 of 3 criteria strong, 1 weak, 1 absent: 2 gaps"
    assert verdict(unreadable_result()).startswith("Not audited (no_text)")


def test_formats_per_command():
    assert Format.CSV in formats_for("scan") and Format.CSV not in formats_for("check")
    assert Format.JSONL in formats_for("scan") and Format.JSONL not in formats_for("check")
    assert formats_for("check")[0] is Format.TERMINAL
    for command in ("check", "scan", "rules", "explain"):
        assert Format.TERMINAL in formats_for(command) and Format.JSON in formats_for(command)


def test_topic_words_for_every_topic_and_an_unknown_one():
    from policy_audit.report.caveats import topic_words

    for topic in SectionTopic:
        words = topic_words(topic.value)
        assert words.startswith("in a") and "_" not in words, topic
        assert words == topic_words(topic)
    assert topic_words("custody") == "in a custody section"
    assert topic_words("") == ""
    assert topic_words("range_safety") == "in a range safety section"  # from a newer tool's JSON


def test_caveat_notes():
    from dataclasses import replace

    from policy_audit.report.caveats import check_note, confidence_note, narrow_note

    duty, training, aid = doubtful_result().findings
    assert check_note(duty) == f"check this: {CUSTODY_REASON}" == confidence_note(duty)
    assert check_note(training) is None and confidence_note(training) == f"medium confidence: {MEDIUM_REASON}"
    assert check_note(aid) is None and confidence_note(aid) is None
    assert check_note(replace(duty, confidence=Confidence("low"))) == "check this"
    assert check_note(replace(duty, confidence=Confidence("low", ("a", "b")))) == "check this: a; b"
    assert narrow_note(aid) == "only in narrow sections: 309.3 CED AFTERCARE"
    assert narrow_note(duty) is None and narrow_note(training) is None
    places = tuple(ev(i, "q", Grade.WEAK, section=f"30{i} WEAPON {i}") for i in range(1, 6))
    places += (ev(9, "q", Grade.WEAK, section="", topic="weapon"), ev(10, "q", Grade.ABSENT, section="NOT COUNTED"))
    assert narrow_note(replace(aid, evidence=places)) == (
        "only in narrow sections: 301 WEAPON 1; 302 WEAPON 2; 303 WEAPON 3 and 3 more"
    )
    no_section = (ev(5, "q", Grade.WEAK, section="", topic="weapon"), ev(6, "q", Grade.WEAK, section=""))
    assert narrow_note(replace(aid, evidence=no_section)) == "only in narrow sections: in a weapon section; p. 6"
    assert narrow_note(replace(aid, evidence=())) == "only in narrow sections"


def test_views_and_checks_line():
    from policy_audit.report import checked_criteria, checks_line

    views = criterion_views(doubtful_result(), sample_rules())
    assert [v.check_this for v in views] == [True, False, False]
    assert checked_criteria(doubtful_result(), sample_rules()) == ("intervene.duty",)
    assert checks_line(sample_result(), sample_rules()) is None
    assert checks_line(unreadable_result(), sample_rules()) is None
    assert checks_line(doubtful_result(), sample_rules()) == (
        "Check 1 finding against the document (low confidence): intervene.duty"
    )


def test_department_checks_follow_the_document_that_carries_the_grade():
    from policy_audit.report.caveats import department_checks

    batch = sample_batch()
    assert department_checks(batch) == set()
    doubtful = doubtful_result("springfield/manual.pdf", group="Springfield PD")
    batch = BatchResult("core", (doubtful,) + batch.results[1:], batch.groups)
    # intervene.duty's best grade is the manual's (low); medical.aid's is aid.pdf's (high)
    assert department_checks(batch) == {("Springfield PD", "intervene.duty")}


LONG_TOKEN = "https://policies.example.org/" + "general-order-300-use-of-force-" * 3 + "rev2026.pdf"


def many_findings_result(rules: RuleSet, *, evidence: int = 6, department_path: str = "") -> AuditResult:
    """A long manual's result on every criterion of ``rules``: a mix of grades, several long quotes
    each (one holding an unbreakable address), low confidence on some: the worst case for a screen
    or a page."""
    findings = []
    for i, rule in enumerate(rules):
        good = {Scale.OBLIGATION: Grade.STRONG, Scale.ELEMENT: Grade.PRESENT, Scale.MET: Grade.MET}[rule.scale]
        bad = Grade.NOT_MET if rule.scale is Scale.MET else Grade.ABSENT
        grade = (good, Grade.WEAK if rule.scale is Scale.OBLIGATION else bad, bad)[i % 3]
        quotes = tuple(
            ev(
                100 + 37 * i + k,
                f"{LONG_TOKEN} Officers should, where it is safe and practical, take the measures set out in "
                f"section {300 + i}.{k} of this manual for every person affected by the use of force.",
                grade if grade is not bad else Grade.WEAK,
                "permissive: should",
                ("should",),
                section=f"{300 + i}.{k} A SECTION HEADING THAT IS LONG ENOUGH TO WRAP ON A PHONE",
            )
            for k in range(evidence if grade is not bad else 1)
        )
        confidence = Confidence(ConfidenceLevel.LOW, ("the deciding sentence sits in a custody section",))
        findings.append(Finding(rule.id, rule.scale, grade, quotes, confidence if i % 4 == 0 else Confidence()))
    return AuditResult(
        document=DocumentInfo(
            path=department_path or "/home/auditor/Downloads/lexipol-manual-642-pages.pdf",
            pages=642,
            format="pdf",
            engine="pdfium",
            sha256="5f" * 32,
        ),
        standard="all",
        findings=tuple(findings),
    )
