"""Headings in Title Case, as many vendors and city general orders set them ("Prisoner Transport",
"Medical Aid after Use of Force (7.1.9)"): a heading is the section of the sentences under it and is
never glued to the first of them. A Title Case run inside a wrapped sentence stays text."""

from __future__ import annotations

import pytest
from conftest import make_document

from policy_audit.match.sentences import sentences


def test_a_title_case_heading_is_the_section_and_not_part_of_the_sentence():
    out = sentences(
        make_document(
            "Duty to Intervene and Report\n"
            "Department personnel have an affirmative duty to intervene when another officer uses\n"
            "excessive force."
        )
    )
    assert [s.text for s in out] == [
        "Department personnel have an affirmative duty to intervene when another officer uses excessive force."
    ]
    assert out[0].section == "Duty to Intervene and Report"


def test_a_title_case_heading_after_a_finished_paragraph_gives_its_topic():
    out = sentences(
        make_document(
            "USE OF FORCE\n"
            "Officers use only the force that is reasonable.\n"
            "Prisoner Transport\n"
            "Officers shall obtain medical attention for any prisoner who complains of illness."
        )
    )
    last = out[-1]
    assert last.text.startswith("Officers shall obtain")
    assert last.section == "Prisoner Transport" and last.section_topic == "transport"
    assert last.top == "USE OF FORCE"  # a Title Case heading is a section, not a new policy


def test_a_numbered_title_case_heading_in_brackets():
    out = sentences(
        make_document(
            "The order applies to all sworn members.\n"
            "Medical Aid after Use of Force (7.1.9)\n"
            "Once the scene is safe, officers will render first aid to injured subjects."
        )
    )
    assert out[-1].section == "Medical Aid after Use of Force (7.1.9)"
    assert out[-1].text.startswith("Once the scene is safe")


@pytest.mark.parametrize(
    "page, sentence",
    [
        # a wrapped sentence whose middle line happens to be in Title Case
        (
            "Officers shall coordinate with the\nChicago Fire Department and Emergency Services\n"
            "whenever a person is injured.",
            "Officers shall coordinate with the Chicago Fire Department and Emergency Services whenever a "
            "person is injured.",
        ),
        # a Title Case start whose sentence goes on in lower case on the next line
        (
            "Officers must act.\nOfficers Responding to Calls\nfor service shall log them.",
            "Officers Responding to Calls for service shall log them.",
        ),
        # a line with a verb of obligation is a sentence, whatever its capitals
        (
            "Officers must act.\nAll Members Shall Render Aid\nThe next sentence follows.",
            "All Members Shall Render Aid The next sentence follows.",
        ),
    ],
)
def test_title_case_text_inside_sentences_stays_text(page, sentence):
    assert sentence in [s.text for s in sentences(make_document(page))]


@pytest.mark.parametrize(
    "furniture", ["Page 3 of 12", "Springfield Police Department", "Policy Manual", "Revision Date", "Chief of Police"]
)
def test_page_furniture_in_title_case_is_no_section(furniture):
    out = sentences(
        make_document(
            "300.4 PRISONER TRANSPORT\nOfficers check restraints before they drive.\n"
            f"{furniture}\nOfficers shall obtain medical attention for a prisoner who falls ill."
        )
    )
    assert out[-1].section == "300.4 PRISONER TRANSPORT"


def test_title_case_cells_side_by_side_are_a_table_not_headings():
    out = sentences(
        make_document(
            "The table shows the levels.\n\nTypes of Resistance\n\nMethods of Control\n\n"
            "Passive: the person does not obey commands.\n"
        )
    )
    assert "Types of Resistance" in [s.text for s in out]
    assert all(s.section == "" for s in out)


def test_a_tables_header_cells_beside_a_short_one_are_no_headings():
    # Session 16 (round 38 showed the class): a flattened checklist's header row "Order / By / Task"
    # is three cells, one too short for a Title Case heading; none of them is the rows' section.
    out = sentences(
        make_document(
            "IV. AFTER FORCE IS USED\nThese steps follow every use of force.\n"
            "Order\nBy\nTask\n1\nArresting officer\nRequest an ambulance for any person who is hurt.\n"
        )
    )
    assert out[-1].text.endswith("Request an ambulance for any person who is hurt.")
    assert {s.section for s in out} == {"IV. AFTER FORCE IS USED"}


def test_a_wrapped_subject_in_title_case_stays_in_its_sentence():
    out = sentences(
        make_document(
            "Photographs will be taken of any injuries.\n"
            "The Criminal Investigations Division and Professional Standards\n"
            "Unit will be notified when force results in death."
        )
    )
    assert out[-1].text.startswith("The Criminal Investigations Division and Professional Standards Unit will")
    assert out[-1].section == ""


def test_a_glossarys_terms_are_not_sections():
    out = sentences(
        make_document(
            "DEFINITIONS\nForce\nAny physical effort used to control a person.\n"
            "Lawful Purpose\nAn objective the law allows an officer to pursue."
        )
    )
    assert {s.section for s in out} == {"DEFINITIONS"}


@pytest.mark.parametrize("line", ["Roger L. Adkins", "If", "YES", "When Practical"])
def test_signatures_conjunctions_and_short_cells_are_no_headings(line):
    out = sentences(make_document(f"300.4 TRANSPORT\nOfficers check restraints.\n{line}\nThe next rule follows."))
    assert out[-1].section == "300.4 TRANSPORT"


def test_an_faq_question_answered_by_a_bare_yes_is_one_statement():
    out = sentences(
        make_document(
            "FREQUENTLY ASKED QUESTIONS\nAre officers trained to give first aid?\nYes. All officers carry tourniquets.\n"
            "Is there a ban on chokeholds?\nNo. The policy is under review."
        )
    )
    assert [s.text for s in out] == [
        "Are officers trained to give first aid? Yes.",
        "All officers carry tourniquets.",
        "Is there a ban on chokeholds?",
        "No. The policy is under review.",
    ]
    assert [s.index for s in out] == [0, 1, 2, 3]


def test_a_sentence_case_title_under_a_section_number_is_the_section():
    # "4.20.2 Force used by another officer": a vendor's numbered title in sentence case starts a new
    # section; the sentences under it do not stay in "4.20.1 Domestic disturbances" above.
    out = sentences(
        make_document(
            "4.20.1 Domestic disturbances\n"
            "Officers shall separate the parties at a domestic call.\n"
            "\n"
            "4.20.2 Force used by another officer\n"
            "Officers shall intervene when another officer uses excessive force.\n"
            "4.20.3 Officers who witness force\n"
            "shall report it to a supervisor."
        )
    )
    assert [(s.section, s.text) for s in out] == [
        ("4.20.1 Domestic disturbances", "Officers shall separate the parties at a domestic call."),
        ("4.20.2 Force used by another officer", "Officers shall intervene when another officer uses excessive force."),
        # a numbered line that a lower-case line continues is a sentence, not a title
        ("4.20.2 Force used by another officer", "4.20.3 Officers who witness force shall report it to a supervisor."),
    ]


def test_a_policy_title_under_its_bare_number_joins_the_heading():
    # "Policy 1020" on one line and "Early Intervention System" on the next: the title is the policy's,
    # not a sentence, and the sections under it belong to it.
    out = sentences(
        make_document(
            "Policy 1020\n"
            "Early Intervention System\n"
            "1020.2 NATURE OF THE SYSTEM\n"
            "Supervisors shall not retaliate against a member because the system flagged that member."
        )
    )
    assert [(s.top, s.section, s.text) for s in out] == [
        (
            "Policy 1020 Early Intervention System",
            "1020.2 NATURE OF THE SYSTEM",
            "Supervisors shall not retaliate against a member because the system flagged that member.",
        )
    ]
