"""What earns each grade of a rule's scale, in words: the legend of `explain` in every format.

Format-neutral and imported by the report package (re-exported there), so it imports nothing of it.
"""

from __future__ import annotations

from policy_audit.findings import Grade, Scale
from policy_audit.rulebook import Rule


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
