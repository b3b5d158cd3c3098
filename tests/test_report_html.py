"""HTML: content, escaping of everything from documents, self-containment, and a real browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser

import pytest
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

from policy_audit.report import Format, render_batch, render_check
from policy_audit.report.text_safety import highlight_html

# Every element and attribute the formatter itself writes. Anything else would have come from a document.
OUR_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "script",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "span",
    "div",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "section",
    "blockquote",
    "footer",
    "mark",
    "strong",
    "ul",
    "li",
    "input",
    "label",
}
OUR_ATTRS = {
    "lang",
    "charset",
    "http-equiv",
    "content",
    "name",
    "class",
    "id",
    "href",
    "title",
    "data-v",
    "type",
    "placeholder",
    "aria-label",
}
HOSTILE = '<script>alert(1)</script> <img src=x onerror=alert(2)> "quoted" \'single\' & <a href="http://evil">x</a>'


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def parse(text):
    c = Collector()
    c.feed(text)
    c.close()
    return c


def assert_only_our_markup(text):
    c = parse(text)
    for tag, attrs in c.tags:
        assert tag in OUR_TAGS, tag
        for name, value in attrs:
            assert name in OUR_ATTRS, (tag, name)
            if name == "href":
                assert value.startswith("#"), value  # only in-page anchors
    assert sum(1 for tag, _ in c.tags if tag == "script") <= 1
    assert sum(1 for tag, _ in c.tags if tag == "style") == 1
    return c


def test_check_shows_verdict_grades_quotes_and_recommendations():
    text = render_check(sample_result(), sample_rules(), Format.HTML)
    c = assert_only_our_markup(text)
    visible = " ".join("".join(c.text).split())
    assert "1 of 3 criteria strong, 1 weak, 1 absent: 2 gaps" in visible
    assert "Duty to intervene strong" in visible and "Medical aid after force weak" in visible
    assert "p. 12 · 300.2 DUTY TO INTERCEDE · strong: uses 'shall', which binds" in visible
    assert "(OCR)" in visible
    assert "<mark>shall</mark> <mark>intercede</mark>" in text
    assert visible.count("Recommended language") == 2
    assert TRAINING_LANGUAGE in visible and AID_LANGUAGE in visible
    assert "What is missing:" in visible
    assert text.index("gaps</p>") < text.index('id="c-intervene-duty"')  # verdict at the top
    assert "<script>" not in text  # a single check needs no script


def test_self_contained_responsive_printable_with_csp():
    text = render_check(sample_result(), sample_rules(), Format.HTML)
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in text
    assert "@media print" in text
    csp = next(
        v
        for tag, attrs in parse(text).tags
        if tag == "meta"
        for k, v in attrs
        if k == "content" and "default-src" in (v or "")
    )
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    for needle in ("http://", "https://", "//fonts", "@import", "url("):
        assert needle not in text, needle


@pytest.mark.parametrize("where", ["quote", "section", "path", "group"])
def test_hostile_text_everywhere_is_escaped(where):
    kw = {
        "quote": {"duty_quote": HOSTILE},
        "section": {"section": HOSTILE},
        "path": {"path": HOSTILE},
        "group": {"group": HOSTILE},
    }[where]
    result = sample_result(**kw)
    from policy_audit.batch_result import BatchResult

    for text in (
        render_check(result, sample_rules(), Format.HTML),
        render_batch(BatchResult("core", (result,)), sample_rules(), Format.HTML),
    ):
        assert "<img" not in text and "onerror=alert(2)>" not in text.replace("&lt;img src=x onerror=alert(2)&gt;", "")
        assert text.count("<script>") == text.count("<script>(function(){")  # only ours
        c = assert_only_our_markup(text)
        if where != "group" or "department" in text:
            assert "<script>alert(1)</script>" in "".join(c.text)  # shown as text


def test_highlights_are_escaped_and_whole_words():
    out = highlight_html("Officers <b>shall</b> & shallow shall", ("shall", "<b>"))
    # adjacent marks merge into one
    assert out == "Officers <mark>&lt;b&gt;shall</mark>&lt;/b&gt; &amp; shallow <mark>shall</mark>"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.lists(st.text(max_size=8), max_size=3))
def test_highlight_never_emits_markup_but_mark(quote, highlights):
    out = highlight_html(quote, highlights)
    assert "<" not in out.replace("<mark>", "").replace("</mark>", "")
    assert out.count("<mark>") == out.count("</mark>")


def test_batch_matrix_sortable_with_document_anchors():
    text = render_batch(sample_batch(), sample_rules(), Format.HTML)
    c = assert_only_our_markup(text)
    ids = {v for _, attrs in c.tags for k, v in attrs if k == "id"}
    hrefs = {v for _, attrs in c.tags for k, v in attrs if k == "href"}
    assert {"departments", "documents", "filter", "gaps-only", "doc-1", "doc-4"} <= ids
    assert {h[1:] for h in hrefs} <= ids  # every link lands in this file
    assert 'href="#doc-1"' in text and 'href="#doc-4"' in text
    assert 'class="sortable filterable" id="departments"' in text
    assert '<td class="g good" data-v="2" title="strong">S</td>' in text
    assert '<td class="g weak" data-v="1" title="weak">W</td>' in text
    assert text.count("<script>") == 1
    assert text == render_batch(sample_batch(), sample_rules(), Format.HTML)


# ------------------------------------------------------------------ confidence, scope, section topic


def visible_text(text):
    return " ".join("".join(parse(text).text).split())


def test_low_confidence_is_marked_check_this_with_its_reason_in_table_and_details():
    text = render_check(doubtful_result(), sample_rules(), Format.HTML)
    assert_only_our_markup(text)
    row = next(line for line in text.splitlines() if line.startswith('<tr><td><a href="#c-intervene-duty">'))
    assert f'<span class="badge good">strong</span> <span class="check">check this: {CUSTODY_REASON}</span>' in row
    section = text.split('id="c-intervene-duty"')[1].split("</section>")[0]
    assert '<span class="badge good">strong</span> <span class="check">check this</span></h2>' in section
    assert f'<p class="check-note">Check this: {CUSTODY_REASON}</p>' in section
    visible = visible_text(text)
    assert "Check 1 finding against the document (low confidence): intervene.duty" in visible
    assert f"Medium confidence: {MEDIUM_REASON}" in visible
    training = text.split('id="c-intervene-training"')[1].split("</section>")[0]
    assert "check" not in training  # medium is not "check this"


def test_high_confidence_says_nothing_about_checking():
    text = render_check(sample_result(), sample_rules(), Format.HTML)
    body = text.split("</style>")[1]
    assert "check" not in body.lower() and "confidence" not in body.lower() and "narrow sections" not in body


def test_narrow_scope_and_section_topics_are_shown():
    visible = visible_text(render_check(doubtful_result(), sample_rules(), Format.HTML))
    assert "Only in narrow sections: 309.3 CED AFTERCARE" in visible
    assert "p. 4 · 600.4 HOLDING CELLS · in a custody section · strong: uses 'shall', which binds" in visible
    assert "p. 7 · 309.3 CED AFTERCARE · in a weapon section · weak: applies only to Taser" in visible


@pytest.mark.parametrize("batch", [False, True])
def test_hostile_reasons_and_sections_are_escaped(batch):
    from policy_audit.batch_result import BatchResult

    result = doubtful_result(reasons=(HOSTILE,), custody_section=HOSTILE)
    text = (
        render_batch(BatchResult("core", (result,)), sample_rules(), Format.HTML)
        if batch
        else render_check(result, sample_rules(), Format.HTML)
    )
    assert "<img" not in text and text.count("<script>") == text.count("<script>(function(){")
    c = assert_only_our_markup(text)
    assert "<script>alert(1)</script>" in "".join(c.text)
    titles = [v for _, attrs in c.tags for k, v in attrs if k == "title"]
    assert any(HOSTILE in t for t in titles) == batch  # the matrix tooltip says why, as an attribute value


def test_batch_cells_and_rows_carry_the_check_mark():
    from policy_audit.batch_result import BatchResult

    batch = sample_batch()
    batch = BatchResult(
        "core", (doubtful_result("springfield/manual.pdf", group="Springfield PD"),) + batch.results[1:], batch.groups
    )
    text = render_batch(batch, sample_rules(), Format.HTML)
    assert_only_our_markup(text)
    assert f'<td class="g good check" data-v="2" title="strong, check this: {CUSTODY_REASON}">S\u2020</td>' in text
    # department: the cell links to the passage that earned the grade
    assert (
        '<td class="g good check" data-v="2" title="strong, check this"><a href="#q-1-intervene-duty">S\u2020</a></td>'
        in text
    )
    assert '<tr class="has-gap has-check"><td><a class="doc" href="#doc-1">' in text
    assert '<tr class="has-check"><td>Springfield PD</td>' in text
    assert '<tr class="has-gap"><td><a class="doc" href="#doc-2">' in text
    assert 'id="checks-only"' in text and "has-check" in text.split("<script>")[1]
    assert "\u2020 check this (low confidence)" in text


# ---------------------------------------------------------------------------------------- chromium

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


def _screenshot_script_flags() -> tuple[str, ...]:
    """The Chromium flags scripts/screenshot_report.py uses: one home for what keeps headless Chromium
    from waiting on the network."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "screenshot_report.py"
    spec = importlib.util.spec_from_file_location("screenshot_report", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.CHROMIUM_FLAGS


FLAGS = _screenshot_script_flags()


def run_chromium(args, tmp_path):
    if CHROMIUM is None:
        pytest.skip("chromium not installed: apt-get install chromium")
    profile = tempfile.mkdtemp(dir=tmp_path)
    proc = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_chromium_renders_batch_report_and_runs_the_script(tmp_path):
    result = sample_result("springfield/manual.pdf", group="Springfield PD", duty_quote=STRONG_QUOTE + " " + HOSTILE)
    from policy_audit.batch_result import BatchResult

    batch = sample_batch()
    batch = BatchResult(batch.standard, (result,) + batch.results[1:], batch.groups, cached=1)
    page = tmp_path / "report.html"
    page.write_text(render_batch(batch, sample_rules(), Format.HTML), encoding="utf-8")
    dom = run_chromium(["--dump-dom", page.as_uri()], tmp_path)
    assert 'data-ready="1"' in dom  # our inline script ran (the CSP hash matches)
    assert 'class="js"' in dom
    assert "Springfield PD" in dom and "springfield/manual.pdf" in dom
    assert "<mark>shall</mark> <mark>intercede</mark>" in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # hostile quote stayed text
    assert "<img" not in dom
    assert "Recommended language" in dom and TRAINING_LANGUAGE in dom
    for word in (">S<", ">W<", ">P<", ">x<", "strong</span>", "weak</span>", "absent</span>"):
        assert word in dom, word
    shot = tmp_path / "report.png"
    run_chromium([f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()], tmp_path)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_chromium_renders_check_report(tmp_path):
    page = tmp_path / "check.html"
    page.write_text(render_check(sample_result(), sample_rules(), Format.HTML), encoding="utf-8")
    dom = run_chromium(["--dump-dom", page.as_uri()], tmp_path)
    assert "1 of 3 criteria strong, 1 weak, 1 absent: 2 gaps" in dom
    assert STRONG_QUOTE.split(" shall")[0] in dom and AID_LANGUAGE in dom
