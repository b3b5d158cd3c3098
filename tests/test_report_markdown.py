"""Markdown: real content, and escaping that keeps document text from adding columns or markup."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
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
)

from policy_audit.batch_result import BatchResult
from policy_audit.report import Format, render_batch, render_check, render_explain, render_rule_list
from policy_audit.report.text_safety import count_unescaped_pipes, escape_markdown


def md_check(result=None):
    return render_check(result or sample_result(), sample_rules(), Format.MARKDOWN)


def table_lines(text):
    return [line for line in text.splitlines() if line.startswith("|")]


def test_check_has_title_summary_table_quotes_and_recommendations():
    text = md_check()
    assert text.startswith("# Policy audit: springfield.pdf\n")  # titled by the file's name
    assert "file manuals/springfield.pdf · 42 pages" in text
    assert "**Verdict: 1 of 3 criteria strong, 1 weak, 1 absent: 2 gaps**" in text
    assert "| `intervene.duty` | Duty to intervene | **strong** | 12 |" in text
    assert "| `medical.aid` | Medical aid after force | **weak** | 31 |" in text
    assert f"> {STRONG_QUOTE}" in text
    assert "> — p. 12, 300.2 DUTY TO INTERCEDE; strong: uses 'shall', which binds" in text
    assert "p. 31, 308.6 MEDICAL TREATMENT (OCR); weak: uses 'should', which does not bind" in text
    # recommended language only for the two gaps
    assert text.count("**Recommended language:**") == 2
    assert f"> {TRAINING_LANGUAGE}" in text and f"> {AID_LANGUAGE}" in text
    duty_section = text.split("## Duty to intervene")[1].split("## Intervention training")[0]
    assert "Recommended language" not in duty_section
    assert "Sources: IACP National Consensus Policy (2017); PERF Guiding Principles (2016)" in text


def test_hostile_quote_cannot_inject_links_html_or_headings():
    quote = "# Heading | [click](http://evil) <script>x</script> ![img](http://e/x.png) `code` *b* _i_\nnext line"
    text = md_check(sample_result(duty_quote=quote, section="==== | SECTION"))
    assert "[click](" not in text.replace("\\[click\\](", "")
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\n# Heading" not in text and "\\# Heading" in text
    assert "next line" in text and "\nnext line" not in text
    widths = {count_unescaped_pipes(line) for line in table_lines(text.split("\n## ")[0])}
    assert widths == {6}


def test_escape_markdown_examples():
    assert escape_markdown("a | b") == "a \\| b"
    assert escape_markdown("1. item") == "1\\. item"
    assert escape_markdown("- item") == "\\- item"
    assert escape_markdown("=SUM") == "\\=SUM"
    assert escape_markdown("back\\slash |") == "back\\\\slash \\|"
    assert escape_markdown("line\r\nbreak") == "line break"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(max_size=30), st.text(max_size=30))
def test_any_text_keeps_table_rows_the_same_width(quote, section, path):
    text = md_check(sample_result(duty_quote=quote or "x", section=section, path=path or "p"))
    summary = text.split("\n## ")[0]
    lines = table_lines(summary)
    assert len(lines) == 2 + 3  # header, alignment, three criteria
    assert {count_unescaped_pipes(line) for line in lines} == {6}
    # the title stays one line, and the quote stays one blockquote line
    assert text.startswith("# Policy audit: ")
    assert len(text.splitlines()[0].split("\n")) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_escaped_text_has_no_live_markup(text):
    out = escape_markdown(text)
    assert "\n" not in out and "\r" not in out
    # every markup character is preceded by an odd number of backslashes
    for m in re.finditer(r"[`*_\[\]<>|~&$@#]", out):
        run = len(out[: m.start()]) - len(out[: m.start()].rstrip("\\"))
        assert run % 2 == 1, (text, out)


def test_batch_has_department_and_document_tables():
    text = render_batch(sample_batch(), sample_rules(), Format.MARKDOWN)
    assert "| department | documents | `intervene.duty` | `intervene.training` | `medical.aid` |" in text
    assert "| Springfield PD | 2 | S | P | S |" in text
    assert "| springfield/manual.pdf | Springfield PD | 2 | S | x | W |" in text
    assert "## Not audited" in text and "| shelbyville/broken.pdf | Shelbyville PD | error | corrupt |" in text
    assert "4 documents: 2 ok, 1 no text, 1 error; 1 from cache" in text
    assert text == render_batch(sample_batch(), sample_rules(), Format.MARKDOWN)


def test_rule_list_and_explain():
    rules = sample_rules()
    listing = render_rule_list(rules, Format.MARKDOWN)
    assert "| `intervene.duty` | intervene | obligation | Duty to intervene |" in listing
    explain = render_explain(rules.get("intervene.duty"), Format.MARKDOWN)
    assert "# Duty to intervene (`intervene.duty`)" in explain
    assert "shall, must, will" in explain and "should, may" in explain
    assert (
        "## Model language" in explain and "## Examples" in explain and "**absent**: Nothing relevant here." in explain
    )


# ------------------------------------------------------------------ confidence, scope, section topic


def test_low_confidence_is_marked_check_this_with_its_reason_in_table_and_details():
    text = md_check(doubtful_result())
    assert f"| `intervene.duty` | Duty to intervene | **strong** \u2020 check this: {CUSTODY_REASON} | 4 |" in text
    assert "| `intervene.training` | Intervention training | **present** | 2 |" in text  # medium: no mark
    assert "## Duty to intervene (`intervene.duty`): strong, check this" in text
    assert f"**Check this: {CUSTODY_REASON}**" in text
    assert "\u2020 Check 1 finding against the document (low confidence): intervene.duty" in text
    assert f"_Medium confidence: {MEDIUM_REASON}_" in text


def test_high_confidence_says_nothing_about_checking():
    text = md_check()
    assert "check this" not in text.lower() and "\u2020" not in text and "confidence" not in text.lower()


def test_narrow_scope_and_section_topics_are_shown():
    text = md_check(doubtful_result())
    aid = text.split("## Medical aid after force")[1]
    assert "Only in narrow sections: 309.3 CED AFTERCARE" in aid
    assert "> — p. 7, 309.3 CED AFTERCARE, in a weapon section; weak: applies only to Taser" in aid
    assert "> — p. 4, 600.4 HOLDING CELLS, in a custody section; strong: uses 'shall', which binds" in text


def test_hostile_reasons_and_narrow_sections_are_escaped():
    hostile = "x | [click](http://evil) <script>y</script> **b**"
    result = doubtful_result(reasons=(hostile,), custody_section=hostile)
    from dataclasses import replace

    aid = result.findings[2]
    aid = replace(aid, evidence=(replace(aid.evidence[0], section=hostile),))
    text = md_check(replace(result, findings=result.findings[:2] + (aid,)))
    assert "<script>" not in text and "[click](" not in text
    assert "Only in narrow sections: x \\| \\[click\\](http://evil)" in text
    assert {count_unescaped_pipes(line) for line in table_lines(text.split("\n## ")[0])} == {6}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=3))
def test_any_reasons_keep_table_rows_the_same_width(reasons):
    text = md_check(doubtful_result(reasons=reasons))
    lines = table_lines(text.split("\n## ")[0])
    assert len(lines) == 2 + 3
    assert {count_unescaped_pipes(line) for line in lines} == {6}


def test_batch_cells_carry_the_check_mark():
    batch = sample_batch()
    batch = BatchResult(
        "core", (doubtful_result("springfield/manual.pdf", group="Springfield PD"),) + batch.results[1:], batch.groups
    )
    text = render_batch(batch, sample_rules(), Format.MARKDOWN)
    assert "| springfield/manual.pdf | Springfield PD | 1 | S\u2020 | P | W |" in text
    assert "| Springfield PD | 2 | S\u2020 | P | S |" in text
    assert "| springfield/aid.pdf | Springfield PD | 1 | x | P | S |" in text
    assert "\u2020 check this (low confidence)" in text
