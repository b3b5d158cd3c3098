"""What the part of a document a sentence sits in is about, from its headings and the title.

The same words mean different duties in different places: "shall be taken to the hospital" is aid
after force in a use-of-force policy and custody care in a holding-facility policy (audit standard,
R2); "shall report" is a report of excessive force in a duty-to-intervene section and a complaint
procedure in a personnel policy (R1). Rules name topics (`context_topics`, `exclude_topics`,
`narrow_topics`) instead of repeating heading words of their own.

A heading is classified by the first topic whose words it contains, in the order below: the more
specific topics come first ("Prisoner Transport" is transport, "Medical Aid After a Use of Force" is
use of force, "Taser Use of Force" is a weapon). A heading that names none of them ("Procedures",
"Medical Considerations") says nothing, and the sentence takes its topic from the policy around it.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Topic id -> the words of a heading that make it so, in the order they are tried.
_TOPIC_WORDS: tuple[tuple[str, str], ...] = (
    ("definitions", r"definitions?|glossary|terminology|meaning of terms|terms used"),
    ("faq", r"faqs?|frequently asked questions|questions and answers|q ?& ?a"),
    ("forms", r"forms?|checklists?|worksheets?|templates?"),
    (
        "ethics",
        r"code of ethics|ethics|ethical|canons?|oath of (?:office|honor)|code of conduct|core values|mission statement",
    ),
    (
        "personnel",
        r"personnel|employees?|(?<!inmate )(?<!prisoner )(?<!detainee )grievances?|complaints?|internal affairs|professional standards|disciplin\w*"
        r"|harassment|discriminat\w*|equal employment|eeo|early (?:intervention|warning)|performance"
        r"|evaluations?|outside employment|off[- ]duty|injur(?:y|ies|ed) on duty|on[- ]duty injur\w*"
        r"|occupational|workers'? comp\w*|light duty|fitness for duty|leaves? of absence|bias[- ]based|profiling"
        r"|standards of conduct|line[- ]of[- ]duty|injury prevention|anti-retaliation|whistle-?blow\w*"
        r"|bias[- ]free|biased policing|impartial policing"
        # the agency's own people hurt ("Member Injuries", "Injured Officers")
        r"|(?:members?|officers?|employees?|deput(?:y|ies)|troopers?|personnel)'?s? injur(?:y|ies)"
        r"|injured (?:members?|officers?|employees?|deput(?:y|ies)|troopers?|personnel)",
    ),
    ("crisis", r"crisis|mental (?:health|illness)|behavioral health|emotionally disturbed|suicid\w*"),
    (
        "weapon",
        r"tasers?|conducted (?:energy|electrical)|electronic control|ecws?|cews?|ceds?|oleoresin|o\.?c\.?|pepper\w*"
        r"|chemical (?:agents?|weapons?|munitions?|sprays?)|impact (?:weapons?|munitions?|projectiles?)|batons?|kinetic"
        r"|bean ?bags?|less[- ]lethal|less[- ]than[- ]lethal|canines?|k-?9s?|police dogs?|firearms?"
        r"|discharge of|weapons? discharge|shootings?|carotid|neck restraints?|vascular|specialty (?:impact )?munitions"
        r"|40 ?mm|launchers?|flexible baton|sponge rounds?|control devices",
    ),
    # Checked before custody and transport ("Use of Force - Force, Detention, and Arrest" is about force),
    # after the weapons ("Taser Use of Force" is about one weapon).
    (
        "use_of_force",
        r"uses? of force|uof|response to resistance|deadly force|less than lethal force|de-?escalat\w*"
        r"|duty to (?:intervene|intercede)|interven\w* by|excessive force"
        # the standard's own scope ("Persons Injured by Police Action"), in a medical-aid policy too; deaths
        # during arrest and restraint ("Sudden In-Custody Death Prevention"), which are not a holding facility's
        # (an "In-Custody Death" part of its own may be a death in a cell: custody decides it)
        r"|police action|sudden in-custody deaths?"
        # care after force, in a detention or transport policy too ("Care After Force During a Detention")
        r"|(?:after|following) (?:the |a |any )?(?:use of )?force"
        # the people force was used on, in a transport or custody policy too ("Prisoner Subjected to Force
        # Before Transport")
        r"|subjected to (?:the |a |any )?(?:use of )?force",
    ),
    ("transport", r"transport\w*|conveyance|convey\w*"),
    (
        "custody",
        r"custody|holding (?:facility|facilities|areas?|cells?|rooms?)|detention|detainees?|prisoners?|jails?"
        r"|lock-?ups?|cells?|booking|intake|inmates?|juveniles? in custody|housing units?|sick call|infirmary"
        # arrestees who fall ill, not people force was used on ("Arrestees Who Are Ill or Intoxicated")
        r"|arrestees? who (?:are|is|become|becomes|fall|falls)|(?:ill|sick|intoxicated) arrestees?",
    ),
    (
        "use_of_force",
        r"use of force|uses of force|force|response to resistance|resistance|de-?escalat\w*|duty to (?:intervene|intercede)"
        # "Intervention" alone is also the old conduct rule against stepping into another officer's case
        r"|(?:peer|bystander|active|officer) interven\w*|interven\w* (?:duty|requirements?|and report\w*)"
        r"|interced\w*|restraints?|restraining|restrained (?:persons?|people|subjects?|individuals?)|handcuff\w*"
        r"|control (?:techniques|holds)|subject control"
        r"|arrests?|positional asphyxia|excited delirium",
    ),
    (
        "medical_public",
        r"medical aid and response|first aid|aeds?|defibrillat\w*|naloxone|narcan|opioids?|medical emergenc\w*"
        # an order for whoever is hurt or falls ill ("Injured or Ill Persons in Stations and on Vehicles")
        r"|injured or ill|ill or injured|sick or injured|injured or sick|sick and injured"
        r"|injur(?:y|ies) (?:and|or) illness(?:es)?|illness(?:es)? (?:and|or) injur(?:y|ies)"
        # calls for service of a medical kind ("Medical Calls for Service")
        r"|medical calls?"
        r"|emergency medical|ems|ambulances?|bloodborne|communicable|infectious|mass casualt\w*",
    ),
)
_COMPILED = tuple((topic, re.compile(rf"\b(?:{words})\b", re.IGNORECASE)) for topic, words in _TOPIC_WORDS)

# The topics this module can name: findings.SectionTopic, less "general" (what nothing names).
NAMED_TOPICS = tuple(dict.fromkeys(topic for topic, _ in _TOPIC_WORDS))


@lru_cache(maxsize=4096)
def heading_topic(heading: str) -> str:
    """The topic a heading names, or "" when it names none."""
    if not heading:
        return ""
    for topic, pattern in _COMPILED:
        if pattern.search(heading):
            return topic
    return ""


_TITLE_LINE_WORDS = 12
# A line that starts with an order's or a chapter's number: an entry of a list of contents when several
# opening lines are.
_LISTED = re.compile(
    r"^(?:g\.\s?o\.|(?:general |special )?orders?|directives?|chapters?|sections?|policy|procedures?|sop)?\s*"
    r"(?:no\.\s*|#\s*)?\d",
    re.IGNORECASE,
)
_SENTENCE_WORDS = re.compile(r"\b(?:shall|must|will|should|may|is|are)\b|[.;]$", re.IGNORECASE)
# A memo's address block ("TO: All Sworn Personnel", "FROM: ...", "CC: Internal Affairs") says who sends
# and receives it, not what it is about ("RE:" and "SUBJECT:" lines do).
# An order's outline part among the opening lines ("I. PURPOSE", "A. Following Force"): its first section,
# not its title (the parts that follow may be about something else).
_OUTLINE_PART = re.compile(r"^(?:[IVXL]{1,6}|[A-Z])\.\s")
_ADDRESS_LINE = re.compile(r"^(?:to|from|cc|bcc|attn|attention|via|date|distribution)\s*:", re.IGNORECASE)


@lru_cache(maxsize=256)
def title_topic(title: str) -> str:
    """The topic of a document's opening lines ("GENERAL ORDER 3.1 / SUBJECT: USE OF FORCE"), from the
    lines that read as titles: a document that opens with a sentence has no title to go by."""
    lines = title.split(" / ")
    listed = [line for line in lines if _LISTED.match(line)]
    if len({heading_topic(line) for line in listed} - {""}) > 1:
        # Opening lines that list a volume's orders ("Order 2.10 Prisoner Transport / Order 4.02
        # Response to Resistance"): the first is no more the document's subject than the others.
        lines = [line for line in lines if line not in listed]
    for line in lines:
        if _ADDRESS_LINE.match(line) or _OUTLINE_PART.match(line):
            continue
        words = line.split()
        capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
        if len(words) <= _TITLE_LINE_WORDS and capitalised * 3 >= len(words) * 2 and not _SENTENCE_WORDS.search(line):
            topic = heading_topic(line)
            if topic:
                return topic
    return ""


def policy_topic(chapter: str, top: str, title: str) -> str:
    """The topic of the policy around a sentence: its running title (a manual's chapter), its top-level
    heading, then the document's title."""
    return heading_topic(chapter) or heading_topic(top) or title_topic(title)


_FORCE_POLICIES = frozenset({"use_of_force", "weapon"})
# Everyone held ("Every arrestee shall be screened at intake", "All inmates are seen by the nurse"): care of
# the whole custody population, not of the people force was used on.
_EVERYONE_HELD = re.compile(r"\b(?:every|all|each)\s+(?:arrestees?|inmates?|prisoners?|detainees?)\b", re.IGNORECASE)


def about_the_force_policys_subjects(section_topic: str, policy_topic: str, topic: str, text: str) -> bool:
    """Whether a sentence in a section of its own inside a use-of-force or weapon policy speaks of the
    people that policy subjected to force: a custody or transport section there does (a custody or
    transport policy of its own does not), unless the sentence is about everyone held; a section on the
    agency's own people (members' injuries, discipline) is about them wherever it sits."""
    return (
        bool(section_topic)
        and policy_topic in _FORCE_POLICIES
        and topic != "personnel"
        and not _EVERYONE_HELD.search(text)
    )
