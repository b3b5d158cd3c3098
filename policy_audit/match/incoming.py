"""A document's sentences screened as they arrive from the reader process.

`check` reads and splits a manual in a forked reader while this process loads spaCy and the rules;
the reader sends the sentences in batches as it splits them, and each batch is screened here while
the reader splits the next. When the last batch comes, only the judging is left (on a 642-page
manual the screen is a third of the grading).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from policy_audit.match.screen import Candidate, screen_candidates
from policy_audit.match.sentences import Sentence
from policy_audit.rulebook import RuleSet

BATCH = 500  # sentences a message: small enough to overlap the split, large enough to pickle cheaply


def batches(found: Iterable[Sentence], size: int = BATCH) -> Iterator[list[Sentence]]:
    it = iter(found)
    while batch := list(islice(it, size)):
        yield batch


class IncomingSentences:
    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset
        self.sentences: list[Sentence] = []
        self.candidates: list[Candidate] = []

    def add(self, batch: list[Sentence]) -> None:
        self.sentences.extend(batch)
        self.candidates.extend(screen_candidates(batch, self.ruleset))
