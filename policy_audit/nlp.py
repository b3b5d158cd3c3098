"""The spaCy pipeline, built once per process.

Only ``spacy.blank("en")``: a rule-based tokenizer, no statistical model, nothing downloaded. Sentence
splitting is done in ``policy_audit.match.sentences`` (a manual is mostly furniture and irrelevant
chapters; tokenizing all of it would cost more than reading the PDF), so the pipeline only ever sees
the candidate sentences that a cheap keyword screen lets through.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def pipeline():
    import spacy

    return spacy.blank("en")


def preload() -> None:
    """Build the pipeline now (before forking workers, so they inherit it)."""
    pipeline()
