"""What the grades mean, in words: the check report's legend (once, for the scales it shows) and
``explain``'s "how it is graded" (the words that earn each grade of one rule).

Imports only the model and the rules, so the package's shared helpers can re-export it.
"""

from __future__ import annotations

from collections.abc import Iterable

from policy_audit.findings import Grade, Scale
from policy_audit.rulebook import Rule

# The reader of a forwarded report has not read the audit standard: each grade says what it means
# for the manual, and whether it is a gap, without the standard's vocabulary.
_GRADE_MEANINGS: dict[Grade, str] = {
    Grade.STRONG: "the manual requires it in words that bind officers (shall, must, will, is required to)",
    Grade.WEAK: (
        "the manual mentions it but only encourages or allows it (should, may), or requires it only in a "
        "narrow case such as one weapon: a gap"
    ),
    Grade.ABSENT: "nothing in the manual requires or addresses it: a gap",
    Grade.PRESENT: "the manual addresses this part of the duty, in any words (should or shall)",
    Grade.MET: "the manual meets this 8 Can't Wait criterion as Campaign Zero codes it",
    Grade.NOT_MET: "the manual does not meet this 8 Can't Wait criterion: a gap",
}

_SCALE_GRADES: dict[Scale, tuple[Grade, ...]] = {
    Scale.OBLIGATION: (Grade.STRONG, Grade.WEAK, Grade.ABSENT),
    Scale.ELEMENT: (Grade.PRESENT, Grade.ABSENT),
    Scale.MET: (Grade.MET, Grade.NOT_MET),
}


def legend(scales: Iterable[Scale]) -> list[tuple[Grade, str]]:
    """[(grade, meaning), ...] for every grade of the scales shown, each grade once, best first."""
    wanted = {g for scale in scales for g in _SCALE_GRADES[scale]}
    order = (Grade.STRONG, Grade.PRESENT, Grade.MET, Grade.WEAK, Grade.ABSENT, Grade.NOT_MET)
    return [(g, _GRADE_MEANINGS[g]) for g in order if g in wanted]


def scale_meaning(rule: Rule) -> list[tuple[str, str]]:
    """What earns each grade of the rule's scale: [(grade word, explanation), ...]."""
    if rule.scale is Scale.ELEMENT:
        return [
            (
                "present",
                "the document addresses this element anywhere for people subject to force, in any "
                "modality (should or shall), even for only one weapon or situation",
            ),
            ("absent", "the element is not addressed anywhere in the document"),
        ]
    prohibition = rule.match.modality == "prohibition"
    strong_words = (
        "shall not, must not, will not, is prohibited"
        if prohibition
        else "shall, must, will, is/are required to, has a duty to"
    )
    weak_words = (
        "should not, is discouraged" if prohibition else "should, may, is/are encouraged to, is/are expected to"
    )
    if rule.scale is Scale.MET:
        if rule.match.met_when is Grade.WEAK:
            met = f"the policy requires it, with mandatory or advisory language ({strong_words}; {weak_words})"
        else:
            met = f"the policy requires it with mandatory language ({strong_words})"
        return [
            ("met", met),
            (
                "not met",
                f"the policy is silent, only permits it ({'may' if not prohibition else 'is discouraged'}), "
                "or limits it to one narrow situation",
            ),
        ]
    return [
        (
            "strong",
            f"mandatory language binding officers ({strong_words}); feasibility qualifiers such as "
            '"when in a position to do so" or "as soon as practical" keep it strong',
        ),
        (
            "weak",
            f"the topic is addressed only with permissive language ({weak_words}), or the duty is limited "
            "to a narrow case (one weapon, only off-duty, only non-sworn staff)",
        ),
        ("absent", "nothing in the document creates the obligation; mentions in other senses do not count"),
    ]
