"""From pages to sentences: page, section and lead-in, as a reader of the manual would cite them."""

from __future__ import annotations

import pytest
from conftest import make_document

from policy_audit.document import Page, PageKind
from policy_audit.match.headings import heading_of
from policy_audit.match.sentence_ends import inline_items, split_sentences
from policy_audit.match.sentences import sentences


def texts(doc) -> list[str]:
    return [s.text for s in sentences(doc)]


def test_sentence_across_a_page_break_is_one_sentence_cited_where_it_starts():
    doc = make_document(
        "Use of force is reviewed.\nAny officer who observes another officer using excessive force shall",
        "intercede to prevent it. Supervisors review every report.",
    )
    out = sentences(doc)
    assert [s.text for s in out] == [
        "Use of force is reviewed.",
        "Any officer who observes another officer using excessive force shall intercede to prevent it.",
        "Supervisors review every report.",
    ]
    assert [s.page for s in out] == [1, 1, 2]
    assert [s.index for s in out] == [0, 1, 2]


def test_list_items_keep_their_lead_in():
    doc = make_document(
        "Officers shall:\n"
        "(a) Treat all persons with dignity.\n"
        "(b) Intervene when another officer uses force that is clearly excessive.\n"
        "(c) Render aid to any injured person."
    )
    out = sentences(doc)
    assert out[0].text == "Officers shall:" and not out[0].is_item and out[0].lead_in == ""
    items = out[1:]
    assert [s.text[:3] for s in items] == ["(a)", "(b)", "(c)"]
    assert all(s.is_item and s.lead_in == "Officers shall:" for s in items)


def test_list_item_continued_on_the_next_line_is_one_sentence():
    doc = make_document("Officers shall:\n(a) Intervene when another officer\nuses excessive force.\n(b) Report it.")
    out = sentences(doc)
    assert out[1].text == "(a) Intervene when another officer uses excessive force."
    assert out[1].lead_in == "Officers shall:"
    assert out[2].text == "(b) Report it." and out[2].lead_in == "Officers shall:"


def test_an_item_that_introduces_a_list_does_not_lead_its_own_next_item():
    doc = make_document(
        "(a) An officer shall step in when:\n"
        "(1) the force is clearly excessive; and\n"
        "(2) the officer is in a position to act.\n"
        "(b) An officer who sees excessive force shall report it to a supervisor.\n"
        "(c) This section creates no cause of action."
    )
    out = {s.text[:3]: s for s in sentences(doc)}
    assert out["(1)"].lead_in == out["(2)"].lead_in == "(a) An officer shall step in when:"
    assert out["(b)"].lead_in == "" and out["(c)"].lead_in == ""


def test_a_list_run_onto_one_line_is_split_into_items_that_keep_the_lead_in():
    doc = make_document(
        "A. Members who see excessive force shall: 1. intervene to stop it; 2. do so whatever the rank\n"
        "of the member using it; 3. notify a supervisor at once; and 4. write a memorandum.\n"
        "B. Supervisors review every memorandum."
    )
    out = sentences(doc)
    head = "A. Members who see excessive force shall:"
    assert [s.text[:2] for s in out] == ["A.", "1.", "2.", "3.", "4.", "B."]
    assert [s.lead_in for s in out[1:5]] == [head] * 4 and all(s.is_item for s in out[1:5])
    assert out[5].lead_in == ""


@pytest.mark.parametrize(
    "text",
    [
        "Use force only when needed; a reasonable officer would stop.",
        "The rule: a person must be told.",
        "Note: 1 officer",
    ],
)
def test_a_semicolon_or_colon_before_a_word_is_no_list(text):
    assert inline_items(text) == [(0, text)]


def test_lead_in_does_not_leak_into_the_next_section():
    doc = make_document(
        "300.2 DUTIES\nOfficers shall:\n(a) Intervene when force is excessive.\n"
        "300.3 MEDICAL AID\n(a) Officers may carry tourniquets."
    )
    last = sentences(doc)[-1]
    assert last.section == "300.3 MEDICAL AID"
    assert last.lead_in == ""


def test_lexipol_heading_becomes_the_section_and_is_no_sentence():
    doc = make_document(
        "USE OF FORCE\n"
        "300.2 POLICY\n"
        "The department values human life.\n"
        "300.2.1 DUTY TO INTERCEDE\n"
        "Any officer present shall intercede when force is excessive. The duty applies on and off duty."
    )
    out = sentences(doc)
    assert "300.2.1 DUTY TO INTERCEDE" not in [s.text for s in out]
    assert all("DUTY TO INTERCEDE" not in s.text for s in out)
    assert [s.section for s in out] == ["300.2 POLICY", "300.2.1 DUTY TO INTERCEDE", "300.2.1 DUTY TO INTERCEDE"]
    assert out[-1].top == "USE OF FORCE"  # the last top-level heading above


@pytest.mark.parametrize(
    "line, level",
    [
        ("300.2.1 DUTY TO INTERCEDE", 3),
        ("300.2 POLICY", 2),
        ("V. DUTY TO INTERVENE", 1),
        ("Section 4.3 Medical Aid", 1),
        ("DUTY TO INTERCEDE", 1),
        ("5.3 Medical Aid After Force", 2),  # a short manual's sections number from 1
        ("1.3.7 PROTECTION FROM RETALIATION", 3),
        ("Sec. 4. DUTIES AFTER USE OF FORCE.", 1),  # a statute's section
        ("6. AFTER RESTRAINT: CARE AND OBSERVATION", 1),  # a colon parts a title in capitals too
    ],
)
def test_heading_styles(line, level):
    assert heading_of(line) == (line, level)


@pytest.mark.parametrize(
    "line, label, level",
    [
        ("300.3 DE-ESCALATION [CALEA 4.1.1]", "300.3 DE-ESCALATION", 2),
        ("23.005 Guidelines on Less-Lethal Weapons (1.2.2)", "23.005 Guidelines on Less-Lethal Weapons", 2),
    ],
)
def test_an_accreditation_tag_after_a_heading_is_dropped(line, label, level):
    assert heading_of(line) == (label, level)


@pytest.mark.parametrize(
    "line",
    [
        "Officers shall intervene when force is excessive.",
        "300.2.1 Officers shall intervene when another officer uses force that is clearly excessive",
        "OFFICERS SHALL INTERVENE",  # capitals with a modal verb are a sentence, not a title
        "2.1 All members of the department shall intervene",
        "3.5 miles from the station",
        "4. NOTE: OFFICERS SHALL STAY WITH THE PERSON",  # capitals with a modal verb, colon or not
    ],
)
def test_sentences_are_not_headings(line):
    assert heading_of(line) is None


@pytest.mark.parametrize("kind", [PageKind.CONTENTS, PageKind.INDEX])
def test_contents_and_index_pages_never_yield_sentences(kind):
    listing = Page(
        2,
        "TABLE OF CONTENTS\n300.2.1 DUTY TO INTERCEDE ....... 34\n"
        "Any officer who observes excessive force shall intercede.",
        kind=kind,
    )
    doc = make_document("Chapter 3 covers the use of force.", listing, "Officers shall write reports.")
    out = sentences(doc)
    assert [s.text for s in out] == ["Chapter 3 covers the use of force.", "Officers shall write reports."]
    assert [s.page for s in out] == [1, 3]


@pytest.mark.parametrize(
    "text",
    [
        "Officers may use tools, e.g. batons, when needed.",
        "Officers are liable under 42 U.S.C. 1983 for excessive force.",
        "Officers, i.e. sworn members, shall intervene.",
        "Dr. Smith examined the person.",
        "Under 720 ILCS 5/7-5 and Sec. 4 officers may act.",
        "To comply with Minn. Stat. 626.8475 officers shall intercede.",
        "Wash. Rev. Code 10.93.190 requires aid.",
    ],
)
def test_abbreviations_do_not_split_sentences(text):
    assert [s for _, s in split_sentences(text + " The next sentence follows.")] == [text, "The next sentence follows."]


def test_a_lower_case_word_like_a_state_abbreviation_still_ends_a_sentence():
    assert [s for _, s in split_sentences("The person was ill. Officers shall call EMS.")] == [
        "The person was ill.",
        "Officers shall call EMS.",
    ]


def test_a_forms_blank_ends_its_field():
    out = [s for _, s in split_sentences("Name: ________ Badge: ____ Every officer shall intervene.")]
    assert out == ["Name: ________", "Badge: ____", "Every officer shall intervene."]


def test_sentences_split_at_periods_followed_by_capitals():
    out = split_sentences("Officers shall intervene. Officers shall report. 3 officers were present.")
    assert [s for _, s in out] == ["Officers shall intervene.", "Officers shall report.", "3 officers were present."]
    assert [o for o, _ in out] == [0, 26, 49]


def test_paragraphs_without_headings_have_no_section():
    out = sentences(make_document("Officers shall report force."))
    assert out[0].section == "" and out[0].lead_in == "" and out[0].page == 1


def test_running_title_is_the_chapter():
    doc = make_document(Page(1, "Officers shall report force.", running_title="Use of Force"))
    assert sentences(doc)[0].chapter == "Use of Force"


def test_a_rule_numbered_with_a_section_sign_starts_a_sentence():
    # Rules of conduct printed one a line, "§ 3.1 ...", "§ 3.2 ...": each is a sentence of its own,
    # not one run-on that carries every rule's words.
    doc = make_document(
        "§ 3.1 Members shall obey the law.\n§ 3.2 Members shall be courteous.\n¶ 4 Members shall report misconduct."
    )
    assert texts(doc) == [
        "§ 3.1 Members shall obey the law.",
        "§ 3.2 Members shall be courteous.",
        "¶ 4 Members shall report misconduct.",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "1.5 - Enhanced Use Of Force Policy",  # a number, a dash, a Title Case title
        "2.3 \u2013 Duty to Intervene",
        "4.1: Rendering Aid",
        "G7.1.9 Medical Aid after Use of Force",  # a lettered order's section number without a hyphen
    ],
)
def test_numbered_titles_with_a_separator_or_a_lettered_number_are_headings(line):
    assert heading_of(line) is not None


@pytest.mark.parametrize(
    "line",
    ["1.5 - Officers shall intervene when they are able", "G7.1.9 Officers must render aid to any injured person"],
)
def test_numbered_sentences_are_not_headings(line):
    assert heading_of(line) is None


@pytest.mark.parametrize(
    "line",
    ["Module 1 - The Response to Resistance Wheel", "Unit 4 Bystander Intervention", "Lesson 3: Duty to Intervene"],
)
def test_a_training_orders_modules_are_headings(line):
    # Before, "Module 1 - The Response to Resistance Wheel" ran into the sentence under it, and the pair read
    # as a glossary's "Term - definition".
    assert heading_of(line) is not None


def test_a_module_word_opening_a_sentence_is_not_a_heading():
    assert heading_of("Module 1 officers shall learn the wheel") is None


def test_a_closing_quotation_mark_stays_with_the_sentence_it_closes():
    from policy_audit.match.sentence_ends import split_sentences

    text = 'The former text read: "Officers may intervene." Officers shall now intervene.'
    assert [s for _, s in split_sentences(text)] == [
        'The former text read: "Officers may intervene."',
        "Officers shall now intervene.",
    ]


def test_the_text_an_amendment_quotes_as_replaced_is_marked_up_to_its_closing_mark():
    doc = make_document(
        "1. Section 4 is amended. The former text, now withdrawn, read:\n"
        '"4. Aid. Officers should call for help. They may give first aid."\n'
        "2. Section 4 now reads:\n"
        '"4. Aid. Officers shall give first aid."\n'
        "3. Supervisors shall read this order at roll call."
    )

    def marked(words: str) -> bool:
        return next(s.superseded for s in sentences(doc) if words in s.text)

    assert marked("The former text") and marked("should call for help") and marked("may give first aid")
    assert not marked("shall give first aid") and not marked("Supervisors shall read")


def test_a_lead_in_without_a_colon_still_marks_the_quotation_that_follows():
    doc = make_document(
        "1. Section 4 is amended. The former text read as follows.\n\n"
        '"Officers should call for help."\n\n'
        '2. Section 4 now reads: "Officers shall give first aid."'
    )
    marked = {s.text: s.superseded for s in sentences(doc)}
    assert marked['"Officers should call for help."']
    assert not marked['2. Section 4 now reads: "Officers shall give first aid."']
