"""Read a rule's value (a report deadline in hours, a training interval in months) from its evidence.

A statute asks for a report "no later than 5 days" or training "every 3 years"; a profile compares the
manual's figure with that limit, so the figure must be a number, and the words it came from must stay
(``immediately`` and ``as soon as practicable`` both read 0, and only the words tell them apart).
The rule file says how its values are written (``value:``, rulebook.ValueSpec); this module finds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from policy_audit.findings import Evidence
from policy_audit.match.patterns import phrase_regex
from policy_audit.rulebook import Rule, ValueReading, ValueSpec

_UNITS = "one two three four five six seven eight nine ten eleven twelve".split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS, start=1)}
NUMBER_WORDS.update({"fourteen": 14, "fifteen": 15, "eighteen": 18, "a": 1, "an": 1, "one-half": 0.5})  # type: ignore[dict-item]
NUMBER_WORDS.update(_TENS)
NUMBER_WORDS.update({f"{t}-{u}": n + i for t, n in _TENS.items() for i, u in enumerate(_UNITS[:9], start=1)})
# "ten (10) days", "72-hour", "five business days": the number, an optional figure in brackets, a hyphen
_NUMBER = (
    r"(?<![\w.])(?P<n>\d+(?:\.\d+)?|"
    + "|".join(re.escape(w) for w in sorted(NUMBER_WORDS, key=len, reverse=True))
    + r")(?:\s*\(\s*\d+\s*\))?[\s-]*"
)


@dataclass(frozen=True)
class Reading:
    value: float | None  # None for a category (label)
    text: str  # the words as the document says them; a category's label
    soft: bool
    start: int


@lru_cache(maxsize=512)
def _regex(reading: ValueReading) -> re.Pattern[str]:
    words = phrase_regex(reading.phrase)
    return re.compile(_NUMBER + words if reading.times is not None else words)


def _number(word: str) -> float:
    return float(word) if word[:1].isdigit() else float(NUMBER_WORDS[word])


def readings(spec: ValueSpec, text: str) -> list[Reading]:
    """Every value the sentence states, in the order of the spec's readings."""
    low = text.lower()
    shown = text if len(low) == len(text) else low  # a few characters change length when lowered
    out = []
    for r in spec.read:
        for m in _regex(r).finditer(low):
            words = " ".join(shown[m.start() : m.end()].split())
            if r.label is not None:
                out.append(Reading(None, r.label, r.soft, m.start()))
            else:
                value = r.value if r.times is None else _number(m.group("n")) * r.times
                out.append(Reading(float(value), words, r.soft, m.start()))  # type: ignore[arg-type]
    return out


def read_value(spec: ValueSpec, text: str) -> tuple[float | None, str]:
    """The value a sentence states: the least firm one (the strictest deadline: "immediately, and in
    writing within 24 hours" is 0), or the least vague one when it states no firm value; a category
    (a label, value None) only when it states no number, the first it names."""
    found = readings(spec, text)
    numbers = [r for r in found if r.value is not None]
    pool = [r for r in numbers if not r.soft] or numbers or [r for r in found if not r.soft] or found
    if not pool:
        return None, ""
    best = min(pool, key=lambda r: (r.value or 0.0, r.start))
    return best.value, best.text


def finding_value(rule: Rule, evidence: Iterable[Evidence]) -> tuple[float | None, str]:
    """The value of the headline evidence; of the next piece when the headline states none."""
    if rule.value is None:
        return None, ""
    for e in evidence:
        value, text = read_value(rule.value, e.quote)
        if text:  # a category has words and no number
            return value, text
    return None, ""
