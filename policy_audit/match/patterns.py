"""The phrase language of rule files, compiled to spaCy Matcher token patterns.

A phrase is words separated by spaces; each word may be:
  ``shall``            a literal (case-insensitive)
  ``shall|must|will``  alternatives for one word
  ``interven*``        a prefix: intervene, intervening, intervention ...
  ``the?``             an optional word (``?`` after the word or the alternatives)
  ``...`` / ``...6``   up to 4 (or 6) words of anything

Example: ``stop|prevent ... force`` matches "stop the use of excessive force".
Each phrase also yields a cheap regular expression on its first literal word(s), used to screen
sentences before spaCy sees them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from policy_audit.match.compiled_regexes import compile_regex

_GAP = re.compile(r"^\.\.\.(\d{1,2})?$")
_WORD = re.compile(r"^[a-z0-9][a-z0-9'.&/-]*\*?$")
DEFAULT_GAP = 4
MAX_GAP = 30
# The screening regex (phrase_regex) backtracks over every way a sentence's words can fill a phrase's
# gaps and optional words: about the product of their choices, at each word of the sentence, summed
# over the phrases of a group (group_regex) that can start there. Bounded so, one phrase on a
# 1,500-character sentence (the longest that structure makes) costs a quarter of a second at worst,
# a group of phrases that all start with the same word one to two seconds; unbounded, a phrase of
# five long gaps backtracked for minutes. The built-in rules need 645 for a phrase, 2,135 for a group.
MAX_SCREEN_WAYS = 1024
MAX_GROUP_SCREEN_WAYS = 4096


@dataclass(frozen=True)
class Word:
    literals: tuple[str, ...]
    prefixes: tuple[str, ...]
    optional: bool = False


@dataclass(frozen=True)
class Gap:
    most: int


@lru_cache(maxsize=8192)
def parse_phrase(phrase: str) -> tuple[Word | Gap, ...]:
    """Parse one phrase; raises ValueError with the reason (the caller names the rule file).

    Cached: loading the rules, building the screens and building the matchers each parse every
    phrase, on the path to the first graded sentence."""
    items: list[Word | Gap] = []
    for raw in phrase.lower().split():
        gap = _GAP.match(raw)
        if gap:
            most = int(gap.group(1)) if gap.group(1) else DEFAULT_GAP
            if not 1 <= most <= MAX_GAP:
                raise ValueError(f"gap {raw!r} must allow 1 to {MAX_GAP} words")
            if not items or isinstance(items[-1], Gap):
                raise ValueError(f"gap {raw!r} must stand between two words")
            items.append(Gap(most))
            continue
        optional = raw.endswith("?")
        body = raw[:-1] if optional else raw
        literals, prefixes = [], []
        for alt in body.split("|"):
            if not _WORD.match(alt):
                raise ValueError(f"{alt!r} in {phrase!r} is not a word (letters, digits, ' . & / - and a final *)")
            if alt.endswith("*"):
                if len(alt) < 3:
                    raise ValueError(f"prefix {alt!r} is too short to mean anything")
                prefixes.append(alt[:-1])
            else:
                literals.append(alt)
        items.append(Word(tuple(literals), tuple(prefixes), optional))
    if not items:
        raise ValueError("empty phrase")
    if isinstance(items[-1], Gap):
        raise ValueError(f"phrase {phrase!r} ends with a gap")
    if all(isinstance(i, Gap) or i.optional for i in items):
        raise ValueError(f"phrase {phrase!r} has no required word")
    ways = screen_ways(items)
    if ways > MAX_SCREEN_WAYS:
        raise ValueError(
            f"phrase {phrase!r} is too loose to screen quickly: its gaps and optional words leave {ways} ways "
            f"to place it (at most {MAX_SCREEN_WAYS}); use fewer or shorter gaps, or split it into two phrases"
        )
    return tuple(items)


def screen_ways(items) -> int:
    """How many ways the screening regex may try to lay one phrase over the words at one position."""
    ways = 1
    for item in items:
        if isinstance(item, Gap):
            ways *= _gap_words(item) + 1
        elif item.optional:
            ways *= 2
    return ways


def check_group_screen(phrases: Iterable[str], keyed: bool = False) -> None:
    """Refuse a group of phrases whose screen, one regex for them all, could backtrack too long.

    ``keyed``: the group is screened as :func:`keyed_groups` splits it, one regex per screen key (a rule's
    required groups are), so each of those regexes has the budget.
    """
    phrases = tuple(phrases)
    parts = [members for _, members in keyed_groups(phrases)] if keyed else [phrases]
    ways = max((sum(screen_ways(parse_phrase(p)) for p in part) for part in parts), default=0)
    if ways > MAX_GROUP_SCREEN_WAYS:
        raise ValueError(
            f"its phrases are too loose to screen quickly together: their gaps and optional words leave {ways} "
            f"ways to place them (at most {MAX_GROUP_SCREEN_WAYS}); use fewer or shorter gaps"
        )


def _gap_words(gap: Gap) -> int:
    # Punctuation runs count as words in the regex (a gap of n tokens may hold n+1 of them), so it
    # lets a gap span more \w runs than spaCy has tokens: looser, never stricter.
    return 2 * gap.most + 2


def _token_pattern(word: Word) -> dict:
    if word.prefixes:
        alts = [re.escape(p) + r"\S*" for p in word.prefixes] + [re.escape(lit) for lit in word.literals]
        spec: dict = {"LOWER": {"REGEX": "^(?:" + "|".join(alts) + ")$"}}
    elif len(word.literals) == 1:
        spec = {"LOWER": word.literals[0]}
    else:
        spec = {"LOWER": {"IN": list(word.literals)}}
    if word.optional:
        spec["OP"] = "?"
    return spec


MAX_VARIANTS = 64


def _word_variants(word: Word) -> list[list[dict]]:
    """Token-pattern sequences for one word of a phrase.

    Alternatives that are one spaCy token share one token pattern; an alternative that the
    tokenizer splits ("first-aid", "o.k.", "another's", "de-escalat*") becomes a sequence of its own.
    """
    single = Word(
        tuple(lit for lit in word.literals if _is_one_token(lit)),
        tuple(pre for pre in word.prefixes if _is_one_token(pre)),
        word.optional,
    )
    variants: list[list[dict]] = []
    if single.literals or single.prefixes:
        variants.append([_token_pattern(single)])
    for alt, is_prefix in [(lit, False) for lit in word.literals if lit not in single.literals] + [
        (pre, True) for pre in word.prefixes if pre not in single.prefixes
    ]:
        tokens = [t.lower_ for t in _tokenize(alt)]
        parts = [Word((t,), ()) for t in tokens]
        if is_prefix:
            parts[-1] = Word((), (tokens[-1],))
        variants.append([_token_pattern(p) for p in parts])
        if "." in alt and not is_prefix:
            # "O.K." alone is two tokens, but one inside a sentence ("an O.K. to Book"): allow both.
            variants.append([_token_pattern(Word((alt,), ()))])
    if word.optional:
        if len(variants) == 1 and len(variants[0]) == 1:
            return variants  # the single token pattern already carries OP "?"
        variants.append([])
    return variants


_HYPHEN_JOINT = {"ORTH": "-", "OP": "?"}


def segment_patterns(items) -> list[list[dict]]:
    """All spaCy Matcher patterns for a run of words without gaps (several when alternatives differ in length)."""
    patterns: list[list[dict]] = [[]]
    for i, item in enumerate(items):
        if isinstance(item, Gap):
            raise ValueError("a gap cannot stand inside a segment")
        # Words of a phrase may be printed joined by a hyphen ("crisis-intervention", "use-of-force"),
        # which spaCy makes a token of its own.
        patterns = [p + ([_HYPHEN_JOINT] if p and i else []) + o for p in patterns for o in _word_variants(item)]
        if len(patterns) > MAX_VARIANTS:
            raise ValueError(f"expands to more than {MAX_VARIANTS} patterns; split the phrase")
    return [p for p in patterns if p]


def split_at_gaps(phrase: str) -> tuple[list[list[list[dict]]], list[int]]:
    """The phrase's gap-free segments (each a list of Matcher patterns) and the gaps between them.

    Gaps are not given to spaCy as wildcard quantifiers: "{0,20}" multiplies the Matcher's states and
    made whole manuals take minutes. Segments are matched by spaCy and chained in Python instead.
    """
    segments: list[list] = [[]]
    gaps: list[int] = []
    for item in parse_phrase(phrase):
        if isinstance(item, Gap):
            gaps.append(item.most)
            segments.append([])
        else:
            segments[-1].append(item)
    compiled = []
    for seg in segments:
        if all(w.optional for w in seg):
            raise ValueError(f"phrase {phrase!r} has a part between gaps made only of optional words")
        try:
            compiled.append(segment_patterns(seg))
        except ValueError as exc:
            raise ValueError(f"phrase {phrase!r}: {exc}")
    return compiled, gaps


_PLAIN_WORD = re.compile(r"[a-z]+\Z")


@lru_cache(maxsize=1)
def _special_cases() -> frozenset[str]:
    from policy_audit.nlp import pipeline

    return frozenset(k.lower() for k in pipeline().tokenizer.rules)


def _is_one_token(text: str) -> bool:
    # Running the tokenizer on each of a rule set's ~900 words was half the cost of loading the rules.
    # Plain letters are one token unless they are a tokenizer exception ("cannot", "dont").
    if _PLAIN_WORD.match(text) and text not in _special_cases():
        return True
    return len(_tokenize(text)) == 1


@lru_cache(maxsize=4096)
def _tokenize(text: str) -> tuple:
    from policy_audit.nlp import pipeline

    return tuple(pipeline().tokenizer(text))


# Words too common in manuals to screen sentences on: a phrase is screened on another of its words.
_COMMON = frozenset(
    """a an the of to in on for by as at or and any all each every is are be been shall will may should
    must not no if when even including include includes call calls request requests provide provides
    providing position first face emergency officer officers member members employee employees person
    persons their his her them they other another report reports reported force use used department
    police policy order take takes action duty safe care""".split()
)


def _specificity(word: Word) -> tuple[int, int]:
    alts = word.literals + word.prefixes
    return (0 if any(a in _COMMON for a in alts) else 1, min(len(a) for a in alts))


def screen_keys(phrases: tuple[str, ...]) -> frozenset[str]:
    """The words a text must contain for one of the phrases to match: literals, and prefixes as "pre*".

    Each phrase is screened on its most specific required word (the one whose shortest alternative
    is longest, common words last), so "as soon as ... practicable" screens on "practicable".
    """
    keys: set[str] = set()
    for phrase in phrases:
        words = [i for i in parse_phrase(phrase) if isinstance(i, Word) and not i.optional]
        key = max(words, key=_specificity)
        keys.update(key.literals)
        keys.update(p + "*" for p in key.prefixes)
    return frozenset(keys)


_PLAIN_KEY = re.compile(r"[a-z0-9]{3,}\Z")


def phrase_anchor(phrase: str) -> frozenset[str]:
    """The keys of the phrase's most specific required word: a text whose words (as
    :class:`KeywordIndex` finds them) hold none of them cannot match the phrase. Empty when that
    cannot be told from the words alone (a common word, or an alternative that spaCy may split
    differently from the index, such as "first-aid", which the text may spell "first - aid")."""
    words = [i for i in parse_phrase(phrase) if isinstance(i, Word) and not i.optional]
    anchor = max(words, key=_specificity)
    alternatives = anchor.literals + anchor.prefixes
    if _specificity(anchor)[0] == 0 or not all(_PLAIN_KEY.match(a) for a in alternatives):
        return frozenset()
    return frozenset(anchor.literals + tuple(p + "*" for p in anchor.prefixes))


_WORDS = re.compile(r"[a-z0-9][a-z0-9'.&/-]*")
_WORD_PARTS = re.compile(r"[-'./&]+")


class KeywordIndex:
    """Which screen keys occur in a text, computed word by word and remembered per distinct word."""

    def __init__(self, keys: frozenset[str], tokenizer_exceptions: bool = False):
        # The matcher's anchors also need the words spaCy's exceptions split ("cannot" is "can" "not");
        # the screen, which searches the raw text with regular expressions and runs without spaCy, not.
        self.tokenizer_exceptions = tokenizer_exceptions
        self.literals = frozenset(k for k in keys if not k.endswith("*"))
        self.prefixes = tuple(sorted(k[:-1] for k in keys if k.endswith("*")))
        self.memo: dict[str, frozenset[str]] = {}

    def _keys_of(self, word: str) -> frozenset[str]:
        found = self.memo.get(word)
        if found is None:
            hits = {p + "*" for p in self.prefixes if word.startswith(p)} if word.startswith(self.prefixes) else set()
            # A literal may be a word with trailing punctuation stripped differently by spaCy ("o.k."),
            # or a part of one that spaCy and the regexes split off ("first-aid", "officer's").
            forms = {word, word.rstrip(".'"), *_WORD_PARTS.split(word)}
            if self.tokenizer_exceptions and word in _special_cases():
                forms.update(t.lower_ for t in _tokenize(word))
            for form in forms:
                if form in self.literals:
                    hits.add(form)
                if form is not word and form.startswith(self.prefixes):
                    hits.update(p + "*" for p in self.prefixes if form.startswith(p))
            found = self.memo[word] = frozenset(hits)
        return found

    def keys(self, text: str) -> frozenset[str]:
        # Each distinct word once: this runs over every sentence of a manual.
        out: set[str] = set()
        memo = self.memo
        for word in set(_WORDS.findall(text if text.islower() else text.lower())):
            found = memo.get(word)
            if found is None:
                found = self._keys_of(word)
            if found:
                out |= found
        return frozenset(out)


def _word_regex(word: Word, before_gap: bool = False) -> str:
    # One word-end test after all the literals, not one after each: the same matches (the engine
    # backtracks into the group), and a shorter pattern for Python's regex parser, which spent most of
    # `check`'s matcher setup on these screens.
    # No group where there is nothing to group: Python parses a rule set's screens on every `check`,
    # and each group costs it as much as several letters.
    literals = "|".join(map(re.escape, word.literals))
    alts = [(literals if len(word.literals) == 1 else f"(?:{literals})") + r"(?![a-z0-9])"] if word.literals else []
    # Before a gap, a prefix takes the rest of its letters and no more (possessive): the gap counts
    # what follows a hyphen or an apostrophe ("-related", "'s") as words of its own. Were the two to
    # share them, a sentence of "report-report-report..." could be split between them in so many ways
    # that one built-in rule's screen backtracked for seconds on it.
    tail = r"\w*+" if before_gap else r"[\w'-]*"
    alts += [re.escape(pre) + tail for pre in word.prefixes]
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


_WORD_START = r"(?<![a-z0-9])"


def phrase_regex(phrase: str) -> str:
    """A regular expression that matches wherever the phrase's token pattern could.

    It is looser than the spaCy pattern (punctuation and gaps are counted generously), so it can
    only let extra candidates through, never lose a match; spaCy decides.
    """
    out = _WORD_START
    pending_sep = False
    items = parse_phrase(phrase)
    for i, item in enumerate(items):
        if isinstance(item, Gap):
            # Separators and words are disjoint classes ("_" belongs to words, as in spaCy's tokens):
            # were it in both, a form's "______" blanks could be split in exponentially many ways.
            out += r"(?:\W+\w+){0,%d}" % _gap_words(item)
            continue
        sep = r"[\W_]*" if pending_sep else ""
        body = sep + _word_regex(item, before_gap=i + 1 < len(items) and isinstance(items[i + 1], Gap))
        out += f"(?:{body})?" if item.optional else body
        pending_sep = True
    return out


def keyed_groups(phrases: tuple[str, ...]) -> tuple[tuple[frozenset[str], tuple[str, ...]], ...]:
    """A group's phrases by their screen keys: (the keys, the phrases screened on them). The screen and
    the matcher build the same small regexes from these (group_regex caches them), not one each."""
    grouped: dict[frozenset[str], list[str]] = {}
    for phrase in phrases:
        grouped.setdefault(screen_keys((phrase,)), []).append(phrase)
    return tuple((keys, tuple(members)) for keys, members in grouped.items())


@lru_cache(maxsize=1024)
def group_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One screen for a group of phrases. Search *lowercased* text with it: compiled without
    re.IGNORECASE, because case-folding every character class made compiling a rule set's screens
    cost a tenth of a second."""
    # Every phrase starts at a word boundary: test that once per position, not once per phrase.
    bodies = (phrase_regex(p).removeprefix(_WORD_START) for p in phrases)
    return compile_regex(_WORD_START + "(?:" + "|".join(bodies) + ")")


@lru_cache(maxsize=4096)
def compiled_pattern(phrase: str) -> str:
    """Cached as JSON, so that loading rules and building matchers compile each phrase once."""
    import json

    return json.dumps(split_at_gaps(phrase), sort_keys=True)


def compiled_phrase(phrase: str) -> tuple[list[list[list[dict]]], list[int]]:
    import json

    segments, gaps = json.loads(compiled_pattern(phrase))
    return segments, gaps
