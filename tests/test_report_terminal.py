"""Terminal (rich) output: header, table, details, verdict, batch matrices, rules."""

from __future__ import annotations

from test_report_samples import (
    AID_LANGUAGE,
    CUSTODY_REASON,
    MEDIUM_REASON,
    TRAINING_LANGUAGE,
    doubtful_result,
    sample_batch,
    sample_result,
    sample_rules,
    unreadable_result,
)

from policy_audit.batch_result import BatchResult
from policy_audit.report import Format, render_batch, render_check, render_explain, render_rule_list


def flat(text):
    return " ".join(text.split())


def test_check_report_reads_like_a_gap_report():
    text = render_check(sample_result(), sample_rules(), Format.TERMINAL, width=100)
    assert "\x1b[" not in text  # no colour unless asked
    assert "policy-audit springfield.pdf\nmanuals/springfield.pdf · 42 pages" in text  # titled by the file's name
    assert "42 pages · engine pdfium · standard core" in text
    head = text.split("intervene.duty  Duty to intervene")[0]
    assert "intervene.duty" in head and "strong" in head and "12" in head
    assert "absent" in head and "weak" in head and "31" in head
    body = flat(text)
    assert "p. 12, 300.2 DUTY TO INTERCEDE [strong: uses 'shall', which binds]" in body
    assert "p. 31, 308.6 MEDICAL TREATMENT (OCR) [weak: uses 'should', which does not bind]" in body
    assert flat(TRAINING_LANGUAGE) in body and flat(AID_LANGUAGE) in body
    assert body.count("Recommended language:") == 2
    assert text.rstrip().endswith("1 of 3 criteria strong, 1 weak, 1 absent: 2 gaps")
    assert all(line == line.rstrip() for line in text.splitlines())


def test_colour_only_when_asked():
    text = render_check(sample_result(), sample_rules(), Format.TERMINAL, color=True)
    assert "\x1b[" in text


def test_untrusted_text_is_not_rich_markup_or_escape_codes():
    quote = "[bold red]shall[/bold red] [link=http://evil]x[/link] \x1b]8;;http://evil\x1b\\y\x1b[2J"
    text = render_check(sample_result(duty_quote=quote), sample_rules(), Format.TERMINAL, color=True)
    assert "[link=http://evil]" in text and "[bold red]" in text
    assert "\x1b]8" not in text and "\x1b[2J" not in text


def test_unreadable_is_one_line():
    text = render_check(unreadable_result(), sample_rules(), Format.TERMINAL, width=200).strip()
    assert "\n" not in text
    assert text.startswith("manuals/scanned.pdf: not audited (no_text): no readable text")


def test_batch_matrix_legend_errors_and_counts():
    text = render_batch(sample_batch(), sample_rules(), Format.TERMINAL, width=100)
    assert "1=intervene.duty  2=intervene.training  3=medical.aid" in text
    lines = text.splitlines()
    spring = next(line for line in lines if line.startswith("Springfield PD"))
    assert spring.split()[-3:] == ["S", "P", "S"]
    manual = next(line for line in lines if line.startswith("springfield/manual.pdf"))
    assert manual.split()[-3:] == ["S", "x", "W"]
    assert "Legend: S strong, P present" in text
    assert "shelbyville/broken.pdf: not audited (corrupt): not a PDF (bad header)" in text
    assert "4 documents: 2 ok, 1 no text, 1 error; 1 from cache" in text


def test_rules_and_explain():
    rules = sample_rules()
    listing = render_rule_list(rules)
    assert "family intervene" in listing and "family medical" in listing
    assert "intervene.training" in listing and "element" in listing
    explain = flat(render_explain(rules.get("medical.aid"), width=100))
    assert "Medical aid after force" in explain and "medical.aid · family medical · scale obligation" in explain
    assert "strong: mandatory language binding officers (shall, must, will, is/are required to" in explain
    assert "weak: the topic is addressed only with permissive language (should, may" in explain
    assert "Why it matters" in explain and "Sources" in explain and flat(AID_LANGUAGE) in explain
    assert "Examples" in explain and "absent: “Nothing relevant here.”" in explain


# ------------------------------------------------------------------ confidence, scope, section topic


def test_low_confidence_is_marked_check_this_with_its_reason_in_table_and_details():
    text = render_check(doubtful_result(), sample_rules(), Format.TERMINAL, width=100)
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("intervene.duty "))
    assert "strong" in lines[row]
    assert lines[row + 1].split()[:2] == ["check", "this"]  # under the grade
    assert CUSTODY_REASON in lines[row + 1]  # beside it, under the quote
    details = flat(text.split("intervene.duty  Duty to intervene")[1].split("intervene.training  ")[0])
    assert details.startswith("strong check this")
    assert f"check this: {CUSTODY_REASON}" in details
    assert "Check 1 finding against the document (low confidence): intervene.duty" in text
    assert all(line == line.rstrip() for line in lines)


def test_high_confidence_says_nothing_about_checking():
    text = render_check(sample_result(), sample_rules(), Format.TERMINAL, width=100)
    assert "check this" not in text.lower() and "confidence" not in text
    assert "narrow sections" not in text


def test_medium_confidence_only_in_the_details():
    text = render_check(doubtful_result(), sample_rules(), Format.TERMINAL, width=100)
    details = flat(text.split("intervene.training  Intervention training")[1])
    assert f"medium confidence: {MEDIUM_REASON}" in details
    assert text.count("check this") == 3  # table, detail title, detail note: all intervene.duty


def test_narrow_scope_and_section_topics_are_shown():
    body = flat(render_check(doubtful_result(), sample_rules(), Format.TERMINAL, width=100))
    assert "only in narrow sections: 309.3 CED AFTERCARE" in body
    assert "p. 4, 600.4 HOLDING CELLS, in a custody section [strong: uses 'shall', which binds]" in body
    assert "p. 7, 309.3 CED AFTERCARE, in a weapon section [weak: applies only to Taser]" in body
    assert "in a personnel or conduct section" in body


def test_hostile_reasons_and_sections_stay_text():
    hostile = "[bold red]x[/bold red] \x1b]8;;http://evil\x1b\\y\x1b[2J"
    result = doubtful_result(reasons=(hostile,), custody_section=hostile)
    text = render_check(result, sample_rules(), Format.TERMINAL, color=True, width=200)
    assert "[bold red]x[/bold red]" in text
    assert "\x1b]8" not in text and "\x1b[2J" not in text


def test_batch_matrix_marks_low_confidence_cells():
    batch = sample_batch()
    batch = BatchResult(
        "core", (doubtful_result("springfield/manual.pdf", group="Springfield PD"),) + batch.results[1:], batch.groups
    )
    text = render_batch(batch, sample_rules(), Format.TERMINAL, width=100)
    lines = text.splitlines()
    manual = next(line for line in lines if line.startswith("springfield/manual.pdf"))
    assert manual.split()[-3:] == ["S\u2020", "P", "W"]
    spring = next(line for line in lines if line.startswith("Springfield PD"))  # its duty grade comes from there
    assert spring.split()[-3:] == ["S\u2020", "P", "S"]
    aid = next(line for line in lines if line.startswith("springfield/aid.pdf"))
    assert "\u2020" not in aid
    assert "\u2020 check this (low confidence)" in flat(text)
