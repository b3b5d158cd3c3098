"""The spaCy pipeline, built once per process.

Only ``spacy.blank("en")``: a rule-based tokenizer, no statistical model, nothing downloaded. Sentence
splitting is done in ``policy_audit.match.sentences`` (a manual is mostly furniture and irrelevant
chapters; tokenizing all of it would cost more than reading the PDF), so the pipeline only ever sees
the candidate sentences that a cheap keyword screen lets through.
"""

from __future__ import annotations

import sys
import types
from functools import lru_cache


@lru_cache(maxsize=1)
def pipeline():
    nlp = import_spacy().blank("en")
    _compute_only_what_is_read(nlp.vocab)
    return nlp


def _compute_only_what_is_read(vocab) -> None:
    """Each word new to the vocabulary gets every lexical attribute English defines (its shape, whether
    it looks like a URL, an e-mail, a number, a stop word ...): 22 Python calls per word, and a long
    manual's candidate sentences hold about 5,000 such words. Only what is read is computed; the rest
    keep spaCy's default for an unknown word."""
    from spacy.attrs import IDS

    read = {IDS[name] for name in READ_ATTRS}
    vocab.lex_attr_getters = {attr: get for attr, get in vocab.lex_attr_getters.items() if attr in read}


# What is read of a token: the attributes the matcher's patterns name (match/patterns.py; ORTH is the
# text itself) and whether it is punctuation (match/governing.py).
PATTERN_ATTRS = frozenset({"LOWER", "ORTH"})
READ_ATTRS = PATTERN_ATTRS | {"IS_PUNCT"}


def preload() -> None:
    """Build the pipeline now (before forking workers, so they inherit it)."""
    pipeline()


def import_spacy() -> types.ModuleType:
    """``import spacy`` without spaCy's command line.

    spaCy's ``__init__`` imports ``spacy.cli.info`` for ``spacy.info``, and with it the whole CLI:
    typer, requests, the model downloader. That is a third of ``import spacy`` (0.3 s, 450 modules)
    on the path of every `check`, and this tool never uses spaCy's CLI. While spaCy's package is
    imported, ``spacy.cli`` is a placeholder; afterwards the placeholder is gone, so that anyone who
    imports ``spacy.cli`` gets the real one, and ``spacy.info`` imports it when called. If a spaCy
    release imports more of its CLI than this expects, the placeholder is dropped and spaCy imported
    as it is.
    """
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    placeholders = _cli_placeholders()
    if any(name in sys.modules for name in placeholders):
        import spacy

        return spacy
    sys.modules.update(placeholders)
    try:
        import spacy
    except ImportError:
        for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")]:
            del sys.modules[name]
        _drop(placeholders)  # nothing of the failed import stays: spaCy is imported afresh
        import spacy
    finally:
        _drop(placeholders)
    return spacy


def _cli_placeholders() -> dict[str, types.ModuleType]:
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, so that ``spacy.cli.info`` can be found under it
    info = types.ModuleType("spacy.cli.info")

    def spacy_info(*args, **kwargs):
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    info.info = spacy_info  # type: ignore[attr-defined]
    return {"spacy.cli": cli, "spacy.cli.info": info}


def _drop(placeholders: dict[str, types.ModuleType]) -> None:
    for name, module in placeholders.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]
