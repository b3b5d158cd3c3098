"""The screens' compiled regular expressions, kept from one run to the next (see
:mod:`policy_audit.match.compiled_regexes`): a warm `check` hands them to the regex engine instead of
parsing 150,000 characters of patterns again.

One row per rule set, standard and Python: the records of every pattern that preparing the matcher
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
        records, _ = compiled_regexes.asked_since_seed()
        have = (
            {r[0] for r in kept if isinstance(r, list) and r and isinstance(r[0], str)}
            if isinstance(kept, list)
            else set()
        )
        if any(r[0] not in have for r in records):
            db.write(
                "INSERT OR REPLACE INTO compiled_regexes (key, regexes) VALUES (?, ?)",
                [(key, json.dumps(records))],
                then="DELETE FROM compiled_regexes WHERE rowid NOT IN "
                "(SELECT rowid FROM compiled_regexes ORDER BY rowid DESC LIMIT ?)",
                then_params=(KEEP,),
            )
    finally:
        db.close()
