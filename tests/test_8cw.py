"""The 8 Can't Wait rules on their tricky cases: passages that look alike but are coded differently.

Each rule's own examples are run elsewhere; these cases are the boundaries of Campaign Zero's coding
rules (audit standard, family 8cw), written in our own words.
"""

from __future__ import annotations

import pytest

from policy_audit.document import Document, Page
from policy_audit.findings import Grade
from policy_audit.match.grader import grade_document
from policy_audit.rulebook import load_rules


def grade(text: str, criterion: str) -> Grade:
    doc = Document(path="t.txt", format="text", engine="text", pages=(Page(1, text),), paginated=False)
    findings = {f.criterion: f for f in grade_document(doc, load_rules().select("8cantwait"))}
    return findings[criterion].grade


MET, NOT_MET = Grade.MET, Grade.NOT_MET


def test_8cantwait_has_the_eight_criteria():
    ids = [r.id for r in load_rules().select("8cantwait")]
    assert ids == [
        "8cw.deescalation",
        "8cw.chokehold_ban",
        "8cw.duty_to_intervene",
        "8cw.warning",
        "8cw.exhaust_alternatives",
        "8cw.moving_vehicles",
        "8cw.continuum",
        "8cw.comprehensive_reporting",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # A separate deadly threat, other than the vehicle, is the only exception: met.
        (
            "Members shall not shoot at a moving car unless a person inside it is using deadly force "
            "against them or others by means other than the car itself.",
            MET,
        ),
        # The vehicle's own threat as the exception swallows the rule: not met.
        (
            "Members shall not shoot at a moving car unless the car is being used as a deadly weapon "
            "against them or others.",
            NOT_MET,
        ),
        # "Deadly force" with no word on the vehicle itself: the vehicle may be that force.
        (
            "Members shall not shoot at a moving car unless someone in it threatens them with deadly force.",
            NOT_MET,
        ),
        # An outright ban, its narrow exception in the next sentence.
        (
            "Members shall not fire at a moving car or at anyone inside it. Deadly force may be used "
            "only if an occupant threatens a member with a firearm or fires upon a member.",
            MET,
        ),
        # Shooting from a moving vehicle is another matter.
        ("A member shall not fire from a moving car unless no other means of defence remain.", NOT_MET),
    ],
)
def test_moving_vehicles(text, expected):
    assert grade(text, "8cw.moving_vehicles") is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Allowed only where deadly force is authorized counts as a ban.
        ("Neck restraints of every kind are prohibited except where deadly force is authorized.", MET),
        ("Carotid holds shall be treated as deadly force and shall not be applied otherwise.", MET),
        # Banning the airway chokehold while keeping the carotid restraint is not enough.
        ("Chokeholds are prohibited.", NOT_MET),
        (
            "Members shall not use a chokehold; the carotid restraint may be used on a violent subject.",
            NOT_MET,
        ),
        # A limit on who may apply it is not a ban.
        ("Members who are not certified in the carotid restraint shall not apply it.", NOT_MET),
        ("Members who are untrained in the carotid restraint shall not apply it.", NOT_MET),
        # Not normally authorized, allowed only against a threat of death or serious harm.
        (
            "A neck restraint is not normally authorized but may be used where a member faces an imminent "
            "threat of death or serious physical harm.",
            MET,
        ),
    ],
)
def test_chokehold_ban(text, expected):
    assert grade(text, "8cw.chokehold_ban") is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Members shall de-escalate encounters whenever it is safe and feasible to do so.", MET),
        # Campaign Zero counts "should".
        ("Members should try to de-escalate a confrontation before any force is used.", MET),
        # "may" only permits it.
        ("Members may attempt de-escalation when time allows.", NOT_MET),
        # An instruction after a condition, with no modal at all.
        ("When time allows, use persuasion and advisements as alternatives to higher levels of force.", MET),
        ("Use of de-escalation is reviewed after every incident involving force.", NOT_MET),
        # One situation only.
        ("When a subject appears to be in a mental health crisis, members shall try to de-escalate.", NOT_MET),
        # Lowering force once resistance stops is not de-escalating the encounter.
        ("The level of force shall be de-escalated as resistance decreases.", NOT_MET),
    ],
)
def test_deescalation(text, expected):
    assert grade(text, "8cw.deescalation") is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Members shall report every use of force, including pointing a firearm at a person.", MET),
        (
            "A use of force report is required when a member: (a) strikes a person; (b) points a "
            "handgun or rifle at a person.",
            MET,
        ),
        # Only discharges and injuries.
        ("Members shall report every discharge of a firearm and any force that causes injury.", NOT_MET),
        # Drawing without pointing is expressly not reported.
        ("Holding a firearm at the low-ready without pointing it at anyone does not require a report.", NOT_MET),
        # A suspect pointing a weapon is not the officer's reportable force.
        ("A report shall be written whenever a suspect points a weapon at a member.", NOT_MET),
    ],
)
def test_comprehensive_reporting(text, expected):
    assert grade(text, "8cw.comprehensive_reporting") is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "A member who sees another member use unreasonable force shall, when safe, intervene to stop it.",
            MET,
        ),
        # Report-only: not a duty to intervene.
        (
            "A member who sees another member use unreasonable force shall report it to a supervisor at once.",
            NOT_MET,
        ),
        # Encouraged only.
        ("A member who sees another member use unreasonable force should intervene.", NOT_MET),
        # Crisis intervention is a false friend.
        ("Crisis intervention officers shall respond when force may be needed with another officer.", NOT_MET),
    ],
)
def test_duty_to_intervene(text, expected):
    assert grade(text, "8cw.duty_to_intervene") is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Where feasible, a member shall give a verbal warning before using deadly force.", MET),
        ("If time permits, a verbal warning should precede the use of a firearm against a person.", MET),
        ("Warning shots are prohibited.", NOT_MET),
        ("Members shall warn the subject before a Taser is deployed.", NOT_MET),
        # One example in a list of techniques (the list markers lost in extraction) requires nothing.
        (
            "Examples of de-escalation techniques include:\n\nslowing down, and giving a warning before "
            "force is used.",
            NOT_MET,
        ),
        # A shot fired to warn is a warning shot.
        ("Firearms shall not be discharged as a warning.", NOT_MET),
    ],
)
def test_warning(text, expected):
    assert grade(text, "8cw.warning") is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Deadly force may be used only after all other reasonable means have failed.", MET),
        # Reasonableness alone does not require alternatives.
        ("Deadly force may be used when reasonable to prevent an imminent threat of death.", NOT_MET),
        ("Members need not exhaust every lesser option before using deadly force.", NOT_MET),
    ],
)
def test_exhaust_alternatives(text, expected):
    assert grade(text, "8cw.exhaust_alternatives") is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The department's force continuum guides members in choosing a response to resistance.", MET),
        (
            "The use of force scale runs from the lowest rung up. Level 0: officer presence and verbal "
            "direction. Level 1: empty-hand control.",
            MET,
        ),
        ("Force must be proportional to the subject's level of resistance.", NOT_MET),
        # A continuum laid out as the definitions of its levels: each level of force is defined by
        # the resistance it answers.
        (
            "II. DEFINITIONS\nSoft control: the level of force used with a subject who offers passive "
            "resistance.\nHard control: the level of force used with a subject who offers aggressive "
            "resistance.",
            MET,
        ),
        # Definitions that only list kinds of resistance, or reporting levels, map nothing to anything.
        (
            "II. DEFINITIONS\nResistance: members may meet these types of resistance:\n(a) Passive.\n"
            "(b) Active.\nForce levels: Level 1 force includes hand control.",
            NOT_MET,
        ),
        # A ranked list of force options.
        (
            "Members may use only these force options, listed in ascending order from the least severe "
            "to the most severe: presence, commands, hand control, impact weapons, deadly force.",
            MET,
        ),
    ],
)
def test_continuum(text, expected):
    assert grade(text, "8cw.continuum") is expected
