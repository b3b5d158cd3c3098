"""What a sentence's section is about (match/topics.py), and how headings and titles give it."""

from __future__ import annotations

import pytest
from conftest import make_document

from policy_audit.findings import SECTION_TOPICS
from policy_audit.match.sentences import sentences
from policy_audit.match.topics import NAMED_TOPICS, heading_topic, policy_topic, title_topic


@pytest.mark.parametrize(
    "heading, topic",
    [
        ("Prisoner Transport", "transport"),
        ("Temporary Custody of Adults", "custody"),
        ("703.4 CARE OF DETAINEES", "custody"),
        ("7.06 Inmate Grievances", "custody"),  # a jail's grievances, not an employee's
        ("Employee Grievance Procedure", "personnel"),
        ("Taser Use of Force", "weapon"),  # one weapon, though it says use of force
        ("309 LESS-LETHAL IMPACT MUNITIONS", "weapon"),
        ("Officer-Involved Shootings", "weapon"),
        ("Medical Aid After a Use of Force", "use_of_force"),
        ("Section 7: Use of Force - Force, Detention, and Arrest", "use_of_force"),  # not custody
        ("DUTY TO INTERCEDE", "use_of_force"),
        ("Handcuffing and Restraints", "use_of_force"),
        ("Medical Aid and Response", "medical_public"),
        ("Early Intervention System", "personnel"),  # not the duty to intervene
        ("Crisis Intervention Incidents", "crisis"),
        ("Law Enforcement Code of Ethics", "ethics"),
        ("GLOSSARY", "definitions"),
        ("Frequently Asked Questions", "faq"),
        ("Use of Force Report Form", "forms"),
        ("DIRECTIVE NUMBER UOF-02", "use_of_force"),  # the usual abbreviation
        ("IV. PROCEDURES", ""),  # says nothing: the policy around it decides
        ("300.6 MEDICAL CONSIDERATIONS", ""),
        ("Sudden In-Custody Death Prevention", "use_of_force"),  # deaths during arrest and restraint
        ("Persons Injured by Police Action", "use_of_force"),
        ("RESTRAINT AND SUDDEN DEATH", "use_of_force"),
        # a death investigation (found at home, an infant): not force, whatever "sudden" shares with the above
        ("Sudden and Unattended Deaths", ""),
        ("Sudden Infant Death Investigations", ""),
        ("412.3 SUDDEN DEATH INVESTIGATIONS", ""),
        ("Preventing Sudden In-Custody Deaths", "use_of_force"),
        ("IV. IN-CUSTODY DEATH", "custody"),  # a death in a cell as well as after an arrest
    ],
)
def test_heading_topic(heading, topic):
    assert heading_topic(heading) == topic


def test_the_topics_named_are_the_section_topics_of_the_model():
    assert set(NAMED_TOPICS) | {"general"} == set(SECTION_TOPICS)


def test_a_document_that_opens_with_a_sentence_has_no_title_topic():
    # "booking" in the first sentence is not the title of a custody policy
    assert title_topic("Prior to booking or release, medical assistance shall be obtained for any person") == ""
    assert title_topic("Chicago Police Department / USE OF FORCE / General Order G03-02") == "use_of_force"
    # a line that is body text in title case proportions is not a title either
    assert title_topic("The Long Beach Police Department recognizes that peace, security and detention officers") == ""


def test_policy_topic_prefers_the_running_title_then_top_heading_then_title():
    assert policy_topic("Use of Force", "PRISONER TRANSPORT", "") == "use_of_force"
    assert policy_topic("", "PRISONER TRANSPORT", "USE OF FORCE") == "transport"
    assert policy_topic("", "", "GENERAL ORDER / SUBJECT: USE OF FORCE") == "use_of_force"


def test_sentences_carry_section_and_policy_topics():
    doc = make_document(
        "300 USE OF FORCE\nOfficers shall use only reasonable force.\n"
        "300.9 TRANSPORT OF PERSONS\nA prisoner shall be seated upright in the vehicle."
    )
    first, second = sentences(doc)
    assert (first.section_topic, first.topic) == ("use_of_force", "use_of_force")
    assert (second.section_topic, second.policy_topic, second.topic) == ("transport", "use_of_force", "transport")


def test_a_section_that_names_nothing_takes_the_policy_topic():
    doc = make_document("TEMPORARY CUSTODY\nIV. PROCEDURES\nA detainee shall be given water.")
    (only,) = sentences(doc)
    assert only.section_topic == "" and only.policy_topic == "custody" and only.topic == "custody"


def test_opening_lines_that_list_a_volumes_orders_name_no_topic():
    volume = "ORDERS IN THIS BINDER / Order 2.10 Prisoner Transport / Order 4.02 Response to Resistance"
    assert title_topic(volume) == ""
    # one order with its subject line, or its number then its first numbered section: a title as before
    assert title_topic("GENERAL ORDER 3.1 / SUBJECT: USE OF FORCE") == "use_of_force"
    assert title_topic("GENERAL ORDER 300 / 300.1 USE OF FORCE") == "use_of_force"


def test_the_sections_of_an_order_belong_to_the_order():
    doc = make_document(
        "G.O. 5.07 USE OF FORCE\nSECTION 1 POLICY\nMembers shall carry the order.\n"
        "Section 9 - Medical Attention\nMembers shall check the person for injuries.\n"
        "G.O. 6.01 PRISONER TRANSPORT\nSECTION 1 POLICY\nMembers shall belt the prisoner in.\n"
    )
    found = {s.text: (s.section, s.policy_topic) for s in sentences(doc)}
    assert found["Members shall carry the order."] == ("SECTION 1 POLICY", "use_of_force")
    assert found["Members shall check the person for injuries."] == ("Section 9 - Medical Attention", "use_of_force")
    assert found["Members shall belt the prisoner in."] == ("SECTION 1 POLICY", "transport")
