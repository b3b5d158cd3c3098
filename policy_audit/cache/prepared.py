"""What preparing the matcher costs, kept from one run to the next: the validated rule set (as
:mod:`policy_audit.cache.rules` keeps it for scan) and the screens' compiled regular expressions (see
:mod:`policy_audit.match.compiled_regexes`). A warm `check` decodes the rules from JSON instead of
reading and validating their YAML, and hands the regex engine its code instead of parsing 150,000
characters of patterns again.

The regexes: one row per rule set, standard and Python: the records of every pattern that preparing the matcher
asked for, as JSON. Only the last ``KEEP`` rows are kept, so editing rules does not grow the file.
Like every entry of the cache, a row that does not decode is a miss, and a folder that cannot be
written is a cache that keeps nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from policy_audit import __version__
from policy_audit.cache.database import CacheDatabase
from policy_audit.match import compiled_regexes

if TYPE_CHECKING:
    from policy_audit.rulebook import RuleSet  # not imported here: a warm scan reads the cache without it

KEEP = 8


def _key(rules: RuleSet, standard: str) -> str:
    parts = (__version__, compiled_regexes.environment(), rules.digest, standard)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@contextmanager
def kept_regexes(cache_dir: str | os.PathLike[str] | None, rules: RuleSet, standard: str) -> Iterator[None]:
    """Around preparing the matcher for ``rules`` under ``standard``: the kept patterns are there
    before, and any pattern compiled during it is kept after (no cache_dir: neither)."""
    if cache_dir is None:
        yield
        return
    key = _key(rules, standard)
    db = CacheDatabase(cache_dir)
    try:
        row = db.read("SELECT regexes FROM compiled_regexes WHERE key = ?", (key,))
        try:
            kept = json.loads(row[0]) if row is not None and isinstance(row[0], str) else None
        except (ValueError, RecursionError):
            kept = None  # damaged (or nested too deep to decode): a miss, rewritten below
        compiled_regexes.seed(kept)
        yield
        if compiled_regexes.asked_beyond_seed():
            records, _ = compiled_regexes.asked_since_seed()
            db.write(
                "INSERT OR REPLACE INTO compiled_regexes (key, regexes) VALUES (?, ?)",
                [(key, json.dumps(records))],
                then="DELETE FROM compiled_regexes WHERE rowid NOT IN "
                "(SELECT rowid FROM compiled_regexes ORDER BY rowid DESC LIMIT ?)",
                then_params=(KEEP,),
            )
    finally:
        db.close()


def prepared_rules(cache_dir: str | os.PathLike[str] | None, rules_dirs: tuple[str, ...], standard: str) -> RuleSet:
    """``audit.load_and_prepare`` with what the cache keeps (no cache_dir: nothing kept)."""
    from policy_audit.cache.rules import load_rules_cached
    from policy_audit.match.grader import prepare

    rules = load_rules_cached(cache_dir, rules_dirs)
    with kept_regexes(cache_dir, rules, standard):
        prepare(rules.select(standard))
    return rules
