"""spaCy is imported without its command line (policy_audit/nlp.py), and nothing is lost by it.

Each case runs in a fresh interpreter: whether spaCy's CLI gets imported depends on what the process
imported before.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_pipeline_is_built_without_spacys_cli():
    out = _run(
        """
        import sys
        from policy_audit.nlp import pipeline
        nlp = pipeline()
        print([t.text for t in nlp("Officers cannot delay first-aid.")])
        print(sorted(m for m in sys.modules if m.startswith("spacy.cli")))
        """
    )
    tokens, cli_modules = out.splitlines()
    assert tokens == "['Officers', 'can', 'not', 'delay', 'first', '-', 'aid', '.']"
    assert cli_modules == "[]"


def test_spacys_cli_is_the_real_one_when_imported_afterwards():
    out = _run(
        """
        from policy_audit.nlp import import_spacy
        spacy = import_spacy()
        import spacy.cli
        from spacy.cli.info import info
        print(callable(spacy.cli.download), info.__module__, callable(spacy.info))
        """
    )
    assert out == "True spacy.cli.info True"


def test_a_spacy_that_needs_more_of_its_cli_is_imported_as_it_is():
    # A placeholder without what spaCy's __init__ imports from it: the import fails, and import_spacy
    # must drop the half-imported package and import spaCy whole.
    out = _run(
        """
        import sys, types
        from policy_audit import nlp
        def incomplete():
            cli = types.ModuleType("spacy.cli"); cli.__path__ = []
            return {"spacy.cli": cli, "spacy.cli.info": types.ModuleType("spacy.cli.info")}
        nlp._cli_placeholders = incomplete
        spacy = nlp.import_spacy()
        print(spacy.blank("en")("Render aid.")[1].text, "spacy.cli" in sys.modules, callable(spacy.info))
        """
    )
    assert out == "aid True True"


def test_an_already_imported_spacy_is_returned_as_it_is():
    out = _run(
        """
        import spacy
        from policy_audit.nlp import import_spacy
        print(import_spacy() is spacy)
        """
    )
    assert out == "True"


def test_the_vocabulary_computes_what_the_rules_read_of_a_new_word():
    # Only the attributes that patterns and grading read are computed for words new to the vocabulary.
    from policy_audit.nlp import pipeline

    doc = pipeline().tokenizer("Qwertyuiop ZXCVB-Lkjh ; 12.5")
    assert [t.lower_ for t in doc] == ["qwertyuiop", "zxcvb", "-", "lkjh", ";", "12.5"]
    assert [t.is_punct for t in doc] == [False, False, True, False, True, False]


def test_the_matchers_patterns_name_only_attributes_the_vocabulary_computes():
    from policy_audit.match.phrase_matcher import compile_rules
    from policy_audit.nlp import PATTERN_ATTRS
    from policy_audit.rulebook import load_rules

    compiled = compile_rules(tuple(load_rules(())))
    named = set()
    for buckets in compiled.buckets.values():
        for bucket in buckets:
            for _, variants in bucket.matcher.patterns:  # a key's token patterns, one per variant
                for pattern in variants:
                    for token in pattern:
                        named.update(key for key in token if key != "OP")
    assert named and named <= PATTERN_ATTRS, named - PATTERN_ATTRS
