"""How binding a sentence is: the audit standard's grading words, as phrases of the rule language.

The grade of a clause comes from the modal that governs its action word: the nearest one before it
("officers shall, when in a position to do so, intercede"), or a passive one right after it
("medical assistance shall be obtained"), or the lead-in of its list ("Officers shall: (c) render
aid"). A list item that starts with a bare verb ("Render first aid ...") is an imperative: mandatory.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Force(str, Enum):
    MANDATORY = "mandatory"
    PERMISSIVE = "permissive"


# Audit standard, "Grades": strong and weak wording.
MANDATORY = (
    "shall",
    "must",
    "will",
    "is|are required to|that",
    "required",
    "mandatory",
    "is|are obligated|obliged to",
    "has|have a|an affirmative? duty to",
    "duty of|to",
    "obligation of|to",
    # "has an obligation, when it is safe, to intervene": a qualifier set off by commas after the noun
    "obligation",
    "incumbent on|upon",
    "is|are responsible for|to",
    "responsibility of|to",
    "is|are to",
    "is|are directed to",
    "shall|will|must be required to",
    # "our policy requires officers to use de-escalation", "the law requires every officer to intervene"
    "requires|require all|every|each|any? sworn? officer*|member*|employee*|deput*|personnel|staff to",
    # "policy requires officers, once the scene is safe, to give aid": a qualifier set off by commas
    "requires|require all|every|each|any? sworn? officer*|member*|employee*|deput*|personnel|staff",
)
# Verbs after "will" that foretell rather than direct ("will become serious", "will result in death").
PREDICTED = frozenset({"become", "result", "lead", "occur", "happen", "worsen", "deteriorate", "die", "suffer"})
PERMISSIVE = (
    "should",
    "may",
    "can",
    "could",
    "might",
    "ought",
    "encouraged|urged",
    "encourage|encourages|urge|urges",
    "is|are expected to",
    "expected to",
    "expect|expects",
    "strive|endeavor|endeavour",
    "recommended",
)
# A modal that says what can happen rather than what anyone is to do ("may have trouble breathing", "can lead
# to positional asphyxia", "may be unable to speak", "may be at greater risk"), and one that binds only
# knowing ("should be aware that", "must understand that"): a sentence that has no other modal informs, it
# requires nothing.
POSSIBILITY_MODALS = frozenset({"may", "can", "could", "might"})
WHAT_CAN_HAPPEN = frozenset(
    "have has cause lead result die suffer experience struggle stop lose contribute occur happen develop become"
    " increase impair restrict".split()
)
WHAT_CAN_BE = frozenset(
    "unable fatal deadly dangerous harmful susceptible likely more less especially particularly at vulnerable prone".split()
)
KNOWING = frozenset(
    "aware reminded mindful cognizant understand know recognize recognise realize realise remember".split()
)
# Modals that are nouns ("the duty to intervene"): after a preposition or as a glossary's term they
# name what something is about and bind nobody (phrase_matcher, judge).
DUTY_NOUNS = frozenset({"duty", "duties", "obligation", "obligations", "responsibility", "responsibilities"})
NEGATION = ("not", "never", "no longer")
# A negation of these is no negation of the duty: "shall not fail to intervene", "must never neglect to",
# "shall not delay the request for medical aid".
NEGATED_FAILURE = frozenset({"fail", "neglect", "hesitate", "refuse", "delay", "postpone"})
# Words a prohibition is stated with (rules whose modality is "prohibition").
PROHIBITIVE = (
    "shall|must|will|may|can not|never",
    "cannot",
    "prohibit*",
    "forbid*|forbade",
    "banned",
    "not permitted|authorized|authorised|allowed|approved",
    "not be used|utilized|employed|applied",
    "is|are not to",
    "never",
)
WEAK_PROHIBITIVE = ("should not|never", "discourag*", "should avoid", "avoid")
# Sentences that disclaim rather than require ("Nothing in this policy requires ...").
DISCLAIMERS = (
    # whatever the document or its part is called: "Nothing in this policy / SOP / Agreement / chapter /
    # standard operating procedure / part ... requires", a contract's or a law's savings clause
    "nothing in this|these",
    "does|do|shall not create",
    "not intended|meant to create|impose|establish",
    "no legal requirement|duty|obligation",
    "higher standard of care|safety",
    # a rule deferred or said not to exist: "will be addressed in the forthcoming revision", "will be
    # covered in a future update", "does not currently contain a rule on ...", "contains no separate
    # requirement on that subject"
    "will be addressed|covered|added|included ...6 forthcoming|future|next|upcoming|later|coming revision|revisions|update|updates|version|edition|order|policy",
    "does|do not currently|yet? contain|include|have a|any rule|rules|requirement|requirements|provision|provisions",
    "contains|has no separate|specific? requirement|requirements|rule|rules|provision|provisions",
)
# List items that open with one of these verbs are instructions: mandatory.
IMPERATIVE_VERBS = frozenset(
    """render provide summon request obtain call ensure cause administer notify contact intervene
    intercede report stop prevent monitor place position continue determine examine seek arrange
    transport take immediately promptly check assess apply document complete secure roll keep try give sit
    get tell ask flush rinse""".split()
)
# Verbs that also open a noun phrase ("Use of force is ...", "Use and care of ..."): an instruction
# only when the next word is not one that makes them a noun.
_NOUN_FOLLOWERS = """of and or by in for on is are was were has have shall will must may should can which
that""".split()
IMPERATIVE_NOUN_VERBS: dict[str, frozenset[str]] = {
    "use": frozenset(_NOUN_FOLLOWERS + ["to"]),
    "attempt": frozenset(_NOUN_FOLLOWERS + ["at"]),  # but "Attempt to de-escalate" is an order
    # "Radio dispatch for an ambulance" is an order; "Radio traffic shall be kept short" is not
    "radio": frozenset(
        _NOUN_FOLLOWERS + "traffic communications communication channel channels codes code procedures room".split()
    ),
}
# A condition before an instruction ("When practical, use ...", "If feasible, render aid ...") does
# not stop it being one: the words that open such a clause.
CONDITION_OPENERS = frozenset(
    """when whenever where wherever if unless once absent after before until while"""
    # a procedure step's opening clause: "As soon as the scene is safe, request ...", "Upon gaining
    # control, ...", "Following any use of force, ...", "In every case, ...", "At the earliest safe moment, ..."
    """ as upon following immediately in at prior during"""
    # whom the step is for: "For anyone who is hurt, call Dispatch ..."
    """ for""".split()
)


@dataclass(frozen=True)
class Modal:
    start: int  # token index in the sentence
    end: int
    force: Force
    negated: bool
    text: str
    denied: bool = False  # "not required to": the duty is taken away, not a prohibition stated
