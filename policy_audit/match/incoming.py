"""A document's sentences screened as they arrive from the reader process.

`check` reads and splits a manual in a forked reader while this process loads spaCy and the rules;
the reader sends the sentences in batches as it splits them, and each batch is screened here while
the reader splits the next (on a 642-page manual the screen is a third of the grading).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from policy_audit.match.screen import Candidate, Screened, screen_candidates
from policy_audit.match.sentences import Sentence
from policy_audit.rulebook import RuleSet

BATCH = 500  # sentences a message: small enough to overlap the split, large enough to pickle cheaply


def batches(found: Iterable[Sentence], size: int = BATCH) -> Iterator[list[Sentence]]:
    it = iter(found)
    while batch := list(islice(it, size)):
        yield batch


class IncomingSentences:
    """Batches as they come; :meth:`screen_one` screens the oldest not yet screened.

    The reader splits a batch a little faster than this process screens one, so by the last batch a
    backlog has built up. It is not screened here, on one core, but handed to the grading as the
    sentences not yet screened, which deals them out to both cores.
    """

    def __init__(self, ruleset: RuleSet):
        from policy_audit.match.evidence import texts_for  # not at the top: the reader imports this module

        self.ruleset = ruleset
        self.sentences: list[Sentence] = []
        self.candidates: list[Candidate] = []
        self.upto = 0  # the sentences before this one are screened
        self.texts = texts_for(ruleset)

    def add(self, batch: list[Sentence]) -> None:
        self.sentences.extend(batch)

    @property
    def backlog(self) -> bool:
        return self.upto < len(self.sentences)

    def screen_one(self) -> None:
        from policy_audit.match.evidence import prime_texts

        batch = self.sentences[self.upto : self.upto + BATCH]
        found = screen_candidates(batch, self.ruleset)
        self.candidates.extend(found)
        self.upto += len(batch)
        # Tokenized here, once, what both grading processes would otherwise each tokenize for
        # themselves, each growing its own copy of spaCy's vocabulary.
        prime_texts(self.texts, self.sentences, self.ruleset, found)

    @property
    def screened(self) -> Screened:
        return Screened(tuple(self.candidates), self.upto, self.texts)
