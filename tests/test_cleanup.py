"""clean_pages: what the matcher reads after headers, footers, hyphens and contents pages are dealt with."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_audit.document import PageKind
from policy_audit.extract.cleanup import RawPage, clean_pages, normalise_text

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
HARRISONBURG = CORPUS / "pdf" / "harrisonburg_va.pdf"
NORTHBROOK_DIR = CORPUS / "pdf" / "il" / "northbrook"

# --- a synthetic six-page manual ------------------------------------------------------------------

AGENCY = "Riverbend Police Department"
BODIES = [
    "410.1 PURPOSE\nThis chapter sets out how members of the agency respond to resistance.\n"
    "Members weigh the totality of the facts known to them at the moment.",
    "410.2 BYSTANDER DUTY\nMembers who watch a colleague apply force that goes past what the\n"
    "situation lawfully permits shall",
    "step in to stop it when they are in a position to do so.\n"
    "410.3 REPORTING\nEvery application of force is written up before the end of shift.",
    "520.1 PURPOSE\nThis chapter governs when a vehicle chase may start and when it must end.\n"
    "Supervisors monitor every chase from the radio room.",
    "520.2 ENDING A CHASE\nA chase ends when the danger to the public outweighs the need to\n"
    "catch the driver right away.",
    "520.3 AFTER ACTION\nA written review follows every chase that ends in a collision.",
]
TITLES = ["Response to Resistance"] * 3 + ["Vehicle Chases"] * 3


def _top_bottom_manual() -> list[RawPage]:
    """Headers at the top and footers at the bottom, as pdfplumber or pdftotext emit them."""
    pages = []
    for i, (body, title) in enumerate(zip(BODIES, TITLES), start=1):
        text = (
            f"{AGENCY}\nPolicy Manual\n{title}\n{body}\n"
            "Copyright Lexipol, LLC 2021/03/15, All Rights Reserved.\n"
            f"Published with permission by {AGENCY}\n"
            f"Page {i} of {len(BODIES)}\n"
        )
        pages.append(RawPage(number=i, text=text))
    return pages


def _furniture_first_manual() -> list[RawPage]:
    """All furniture at the start of each page, as pypdfium2 emits Lexipol manuals."""
    pages = []
    for i, (body, title) in enumerate(zip(BODIES, TITLES), start=1):
        text = (
            f"{AGENCY}\r\nPolicy Manual\r\n{title}\r\n"
            "Copyright Lexipol, LLC 2021/03/15, All Rights Reserved.\r\n"
            f"Published with permission by {AGENCY}\r\n"
            f"{title} - {i}\r\n{body}\r\n"
        )
        pages.append(RawPage(number=i, text=text))
    return pages


@pytest.mark.parametrize("make", [_top_bottom_manual, _furniture_first_manual], ids=["top-bottom", "furniture-first"])
def test_running_headers_and_footers_are_removed(make):
    pages = clean_pages(make())
    assert len(pages) == len(BODIES)
    for page in pages:
        assert AGENCY not in page.text
        assert "Policy Manual" not in page.text
        assert "Copyright" not in page.text
        assert "Published with permission" not in page.text
        assert "Page " not in page.text
        assert page.kind is PageKind.BODY
    # The body text itself is untouched.
    assert pages[0].text.endswith("Members weigh the totality of the facts known to them at the moment.")
    assert "410.3 REPORTING" in pages[2].text


@pytest.mark.parametrize("make", [_top_bottom_manual, _furniture_first_manual], ids=["top-bottom", "furniture-first"])
def test_running_title_follows_the_chapter(make):
    pages = clean_pages(make())
    assert [p.running_title for p in pages] == TITLES
    # The title line is gone from the body, except as the heading of a chapter's first page.
    for page in pages:
        if page.number not in (1, 4):
            assert page.running_title not in page.text
        assert not page.text.endswith(page.running_title)


def test_sentence_across_a_page_break_stays_intact():
    pages = clean_pages(_furniture_first_manual())
    joined = " ".join(" ".join(p.text.split("\n")) for p in pages)
    assert (
        "Members who watch a colleague apply force that goes past what the situation lawfully permits "
        "shall step in to stop it when they are in a position to do so." in joined
    )


def test_two_page_document_loses_its_repeated_top_and_bottom_lines():
    raw = [
        RawPage(1, "Lakeside Sheriff's Office General Order 12\nFirst page of rules about restraint.\nRevised 2022"),
        RawPage(2, "Lakeside Sheriff's Office General Order 12\nSecond page of rules about restraint.\nRevised 2022"),
    ]
    pages = clean_pages(raw)
    assert [p.text for p in pages] == ["First page of rules about restraint.", "Second page of rules about restraint."]


def test_repeated_list_markers_and_sentences_are_not_headers():
    raw = [RawPage(i, f"(a)\nItem text number {i} about handcuffs.\n(b)\nAnother item {i}.") for i in range(1, 6)]
    raw.append(RawPage(6, "Officers shall render aid.\nOther text here."))
    raw.append(RawPage(7, "Officers shall render aid.\nMore text there."))
    pages = clean_pages(raw)
    assert all(p.text.startswith("(a)\n") for p in pages[:5])
    assert pages[5].text.startswith("Officers shall render aid.")
    assert pages[6].text.startswith("Officers shall render aid.")


def test_each_policys_numbered_first_heading_is_kept_though_it_repeats():
    """A vendor manual opens every policy with "NNN.1 PURPOSE AND SCOPE": the same words under a new
    number on every page, which the running header beside it also is."""
    titles = ["Use of Force", "Handcuffing", "Vehicle Pursuits", "Traffic Collisions", "Training", "Jail Intake"]
    raw = [
        RawPage(
            i,
            f"Lone Pine County Sheriff's Office\n{title}\n{300 + 2 * i}.1 PURPOSE AND SCOPE\nThis policy covers {title}.",
        )
        for i, title in enumerate(titles, start=1)
    ]
    for page, title in zip(clean_pages(raw), titles):
        assert f"{300 + 2 * page.number}.1 PURPOSE AND SCOPE" in page.text
        assert f"This policy covers {title}." in page.text
        assert "Lone Pine County Sheriff's Office" not in page.text, page.text


def test_page_number_patterns_are_furniture():
    raw = [
        RawPage(1, "12\nA line of policy text.\nPage 12"),
        RawPage(2, "A line of other text.\n- 13 -"),
        RawPage(3, "Still more text.\nPage 14 of 40"),
    ]
    assert [p.text for p in clean_pages(raw)] == ["A line of policy text.", "A line of other text.", "Still more text."]


def test_numbers_in_the_body_are_kept():
    raw = [RawPage(1, "Intro line one.\nLine two.\nLine three.\nLevel\n3\nmeans hard hands.\nLine seven.\nEnd.")]
    assert "\n3\n" in clean_pages(raw)[0].text


# --- hyphens --------------------------------------------------------------------------------------


def _one(text: str) -> str:
    return clean_pages([RawPage(1, text)])[0].text


def test_hyphenated_line_break_is_rejoined():
    assert _one("Officers have a duty of interven-\ntion when force is excessive.") == (
        "Officers have a duty of intervention\nwhen force is excessive."
    )


def test_real_hyphens_are_kept_at_line_breaks():
    # The moved fragment joins the first line; the rest of the second line stays on its own line.
    assert _one("Members use de-\nescalation first.") == "Members use de-escalation\nfirst."
    assert _one("Every use-of-\nforce report is reviewed.") == "Every use-of-force\nreport is reviewed."
    assert _one("Officers must re-\nevaluate the scene.") == "Officers must re-evaluate\nthe scene."


def test_the_documents_own_spelling_wins():
    # The document writes "coordinate" closed up elsewhere, so "co-" + "ordinate" is joined ...
    assert _one("Supervisors co-\nordinate the response.\nThey coordinate staffing too.").startswith(
        "Supervisors coordinate\nthe response."
    )
    # ... and writes "trauma-informed" with a hyphen, so the break keeps it.
    text = _one("Use a trauma-\ninformed approach.\nTraining is trauma-informed.")
    assert text.startswith("Use a trauma-informed\napproach.")


def test_capitalised_fragment_keeps_the_hyphen():
    assert _one("The Less-\nLethal Unit responds.") == "The Less-Lethal\nUnit responds."
    # A dash at a line end is not a hyphen.
    assert _one("Passive Resistance -\nwhere a person does not comply.") == (
        "Passive Resistance -\nwhere a person does not comply."
    )


def test_hyphen_break_across_pages_is_rejoined():
    pages = clean_pages([RawPage(1, "Members shall pro-"), RawPage(2, "vide first aid.")])
    assert pages[0].text == "Members shall provide"
    assert pages[1].text == "first aid."


# --- normalisation ------------------------------------------------------------------------------


def test_characters_are_normalised():
    raw = "The \ufb01rst of\u00a0\u00a0the \u201cof\ufb01cers\u201d \u2018must\u2019 act\u00adly\x07 \r\nnow  \r\n"
    assert normalise_text(raw) == "The first of the \"officers\" 'must' actly\nnow\n"


def test_blank_line_runs_shrink_to_one():
    assert _one("First.\n\n\n\nSecond.\n\n\n") == "First.\n\nSecond."


def test_list_markers_are_kept():
    text = _one("Officers shall:\n(a) Call for help.\n1. Give aid.\nb. Report.\n\u2022 Monitor.")
    assert text == "Officers shall:\n(a) Call for help.\n1. Give aid.\nb. Report.\n\u2022 Monitor."


# --- contents and index pages ---------------------------------------------------------------------


def test_contents_pages_are_marked_and_body_references_are_not():
    toc = RawPage(
        1,
        "Table of Contents\n"
        + "\n".join(f"Chapter {n} Heading number {n} . . . . . . . . {n * 7}" for n in range(1, 12)),
    )
    toc_more = RawPage(2, "\n".join(f"{n}.1 Another heading {n} . . . . . . {n * 9}" for n in range(12, 30)))
    body = RawPage(
        3,
        "410.4 RELATED RULES\nSee also the following sections:\n410.2 Bystander duty 34\n"
        "520.1 Vehicle chases 41\nMembers read these rules together with the training bulletins.\n"
        "Supervisors answer questions about them at roll call.\nAll members sign an acknowledgement.",
    )
    blank = RawPage(4, "  \n\f\n")
    pages = clean_pages([toc, toc_more, body, blank])
    assert [p.kind for p in pages] == [PageKind.CONTENTS, PageKind.CONTENTS, PageKind.BODY, PageKind.BLANK]


def test_index_pages_are_marked():
    index = RawPage(
        1,
        "Index\nA\nArrest, 12, 40\nAutomated license plate readers, 88\nB\nBatons, 51-53\n"
        "Body cameras, 60\nC\nChokeholds, 22\nCitations, 97\n",
    )
    assert clean_pages([index])[0].kind is PageKind.INDEX


# --- properties -----------------------------------------------------------------------------------

_NORMALISED_AWAY = set("\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06\u201c\u201d\u2018\u2019")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=300), max_size=6))
def test_clean_pages_never_raises_and_keeps_page_count(texts):
    raw = [RawPage(i, t) for i, t in enumerate(texts, start=1)]
    pages = clean_pages(raw)
    assert len(pages) == len(raw)
    assert [p.number for p in pages] == [r.number for r in raw]
    source = "".join(texts)
    allowed = set(source) | set(" \n'\"-fiflst")
    if "l" in source:
        allowed.add("I")  # the OCR repair puts a capital I back for a small l ("lnjuries", "lf")
    for page in pages:
        for ch in page.text:
            assert ch in allowed, repr(ch)
        assert "\r" not in page.text
        assert "  " not in page.text
        assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in page.text)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("abcde fghij-\n.()12")), max_size=200),
        min_size=1,
        max_size=5,
    )
)
def test_cleaning_is_idempotent_on_single_pages(texts):
    # Page furniture depends on the other pages, so idempotence is checked one page at a time.
    for text in texts:
        once = clean_pages([RawPage(1, text)])[0].text
        twice = clean_pages([RawPage(1, once)])[0].text
        assert twice == once


# --- the corpus -----------------------------------------------------------------------------------


def _pdfium_pages(path: Path) -> list[RawPage]:
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            pages.append(RawPage(i + 1, textpage.get_text_range()))
            textpage.close()
            page.close()
        return pages
    finally:
        pdf.close()


@pytest.mark.corpus
@pytest.mark.skipif(not HARRISONBURG.exists(), reason="corpus not available")
def test_harrisonburg_furniture_is_gone():
    pages = clean_pages(_pdfium_pages(HARRISONBURG))
    assert len(pages) == 8
    for page in pages:
        assert "Copyright Lexipol" not in page.text
        assert "Published with permission" not in page.text
        assert "Harrisonburg Police Department\n" not in page.text + "\n"
        assert page.running_title == "Use of Force"
    assert "intercede" in pages[5].text
    assert "shall, when in a position to do so, intercede" in " ".join(pages[5].text.split())


def _northbrook() -> Path | None:
    found = sorted(NORTHBROOK_DIR.glob("*.pdf")) if NORTHBROOK_DIR.exists() else []
    return found[0] if found else None


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.skipif(_northbrook() is None, reason="corpus not available")
def test_northbrook_contents_index_and_duty_to_intercede():
    raw = _pdfium_pages(_northbrook())
    pages = clean_pages(raw)  # its speed is measured by benchmarks/bench_check.py, not here

    contents = [p.number for p in pages if p.kind is PageKind.CONTENTS]
    index = [p.number for p in pages if p.kind is PageKind.INDEX]
    assert contents == [4, 5, 6, 7]
    assert index and index[-1] == len(pages) and len(index) >= 5

    duty = [p for p in pages if "300.2.1 DUTY TO INTERCEDE" in p.text]
    assert len(duty) == 1
    assert duty[0].kind is PageKind.BODY
    assert duty[0].running_title == "Use of Force"
    assert not any("Copyright Lexipol" in p.text for p in pages)
    # Chapter titles change along the manual.
    assert len({p.running_title for p in pages if p.running_title}) > 100


# --- the passes one by one ------------------------------------------------------------------------


def test_wrapped_lexipol_footer_is_put_back_on_one_line():
    from policy_audit.extract.cleanup.wrapped_footers import merge_wrapped_footers

    lines = ["Body text.", "Long Chapter Title About Force -", "19"]
    assert merge_wrapped_footers(lines) == ["Body text.", "Long Chapter Title About Force - 19"]
    assert merge_wrapped_footers(["A range of 5 -", "19 people"]) == ["A range of 5 -", "19 people"]


def test_repetition_counts_zone_lines_with_digits_masked():
    from policy_audit.extract.cleanup.repetition import count_repetition
    from policy_audit.extract.cleanup.work import WorkPage

    pages = [WorkPage(number=n, ocr=False, lines=["Riverbend PD", f"Body {n}", f"Page {n}"]) for n in range(1, 6)]
    repetition = count_repetition(pages)
    assert {"riverbend pd", "page #", "body #"} <= repetition.strong
    assert repetition.zone_pages["page #"] == 5
    assert repetition.repeated(0, "riverbend pd") and not repetition.repeated(0, "something else")


def test_footer_titles_keep_the_first_chapter_name():
    from policy_audit.extract.cleanup.running_titles import FooterTitles

    footers = FooterTitles()
    footers.found("")  # a bare "- 609"
    assert footers.seen and footers.title is None
    footers.found("Northbrook PD Policy Manual")  # names the manual, not a chapter
    footers.found("Use of Force")
    footers.found("Vehicle Pursuits")
    assert footers.title == "Use of Force"


def test_running_title_is_a_top_block_line_not_a_bottom_one():
    from policy_audit.extract.cleanup.page_furniture import strip_page_furniture
    from policy_audit.extract.cleanup.repetition import count_repetition
    from policy_audit.extract.cleanup.work import WorkPage

    bodies = ["Members shall act.", "Force is reported.", "Aid is rendered.", "Chases may end."]
    pages = [
        WorkPage(number=n, ocr=False, lines=["Use of Force", body, "Revised Yearly"])
        for n, body in enumerate(bodies, 1)
    ]
    repetition = count_repetition(pages)
    strip_page_furniture(1, pages[1], "", repetition)
    assert pages[1].title == "Use of Force"
    assert pages[1].lines == ["Use of Force", "Force is reported."]  # the title line waits for its own pass


def test_symbol_font_bullets_become_bullets():
    # A word processor's Symbol or Wingdings bullet comes out of the PDF as a private-use character:
    # at a line's start it is the item's bullet, which the lists need; elsewhere it is dropped.
    raw = "Officers shall:\n\uf0b7 call EMS;\n  \uf0a7 give first aid.\nTotal\uf0b7 here"
    assert normalise_text(raw) == "Officers shall:\n• call EMS;\n• give first aid.\nTotal here"


def test_an_index_that_points_to_procedure_numbers_is_marked():
    # "Topic - SOP 5.11": a subject index that names the procedure, not a page.
    lines = ["SUBJECT INDEX", ""] + [
        f"{topic} - SOP {number}"
        for topic, number in [
            ("Arrests", "4.01"),
            ("Bystander intervention training", "2.06"),
            ("Deadly force", "3.04 s.5"),
            ("Excessive force, observed", "3.04 s.6"),
            ("Medical aid after force", "3.07"),
            ("Mutual aid", "1.09"),
        ]
    ]
    index = RawPage(number=2, text="\n".join(lines))
    assert clean_pages([index])[0].kind is PageKind.INDEX


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("cells. lnjuries shall be photographed.", "cells. Injuries shall be photographed."),
        ("lf the officer sees it, lt is reported; lntervene.", "If the officer sees it, It is reported; Intervene."),
        # words that do start so stay: "lift", "left", "tool", "all", "ln(x)" is no word of a manual anyway
        ("lift the left tool, all of it", "lift the left tool, all of it"),
    ],
)
def test_an_ocr_small_l_for_a_capital_i_is_put_back(raw, clean):
    assert normalise_text(raw) == clean
