"""The screens' regular expressions, compiled once per machine rather than once per run.

A rule set's screens are some 300 regular expressions of 150,000 characters. Python parses and
compiles a pattern in Python code: on every `check` that cost 0.3 s of the process that also
imports spaCy and loads the rules, all of it on the path to the first graded sentence. What the
parser produces (the ``_sre`` engine's code, a list of integers) is plain data: kept in the cache
(:mod:`policy_audit.cache.prepared`) and handed back to the engine, a pattern costs microseconds.

This leans on CPython's regex internals (``re._parser``, ``re._compiler``, ``_sre.compile``). They
change between versions, so :func:`environment` (implementation, version, engine magic) is part of
the cache key, and anything that does not fit is not an error but a pattern compiled the usual way.
A record that was planted or damaged cannot run code: ``_sre.compile`` validates the code it is given
(and refuses it with RuntimeError). A planted record that is valid code could make a screen pass other
sentences than its pattern says, as a planted entry of the result cache could change a scan's rows:
the cache folder is trusted as its owner's (``--no-cache`` uses none).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

# [pattern, flags, code, groups, groupindex, indexgroup]: what _sre.compile takes.
Record = list[Any]

_seeded: dict[str, tuple[re.Pattern[str], Record]] = {}
_seeded_last: set[str] = set()  # the patterns the last seed took
# Records of the patterns asked for since the last seed: what the next run will need.
_asked: dict[str, Record] = {}
_compiled_here = 0  # patterns this process had to parse since the last seed


def environment() -> str:
    """What a record's code depends on besides its pattern."""
    try:
        import _sre  # type: ignore[import-not-found]  # CPython's regex engine: no stubs

        engine = f"{_sre.MAGIC}/{_sre.CODESIZE}"
    except (ImportError, AttributeError):
        engine = "none"
    return f"{sys.implementation.name}-{sys.version}-{engine}"


def compile_regex(pattern: str) -> re.Pattern[str]:
    """``re.compile(pattern)``, from a seeded record when there is one."""
    global _compiled_here
    seeded = _seeded.get(pattern)
    if seeded is not None:
        _asked[pattern] = seeded[1]
        return seeded[0]
    _compiled_here += 1
    record = _record(pattern)
    if record is None:
        return re.compile(pattern)
    compiled = _from_record(record)
    if compiled is None:
        return re.compile(pattern)
    _asked[pattern] = record
    return compiled


@contextmanager
def in_re_cache(compiled: Mapping[str, re.Pattern[str]]) -> Iterator[None]:
    """While another library compiles these patterns with ``re.compile`` (spaCy's Matcher its REGEX
    predicates: 300 of them, a tenth of a second), it finds them in ``re``'s own cache. They are taken
    out again afterwards, so that ``re``'s cache is left as it was. A Python whose ``re`` keeps no
    such cache, or keys it otherwise, compiles them as usual."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):
        yield
        return
    added = [key for key in ((str, pattern, 0) for pattern in compiled) if key not in cache]
    for key in added:
        cache[key] = compiled[key[1]]
    try:
        yield
    finally:
        for key in added:
            cache.pop(key, None)


def seed(records: object) -> int:
    """Take records kept by an earlier run; those that do not fit are skipped. How many fit."""
    global _compiled_here
    _asked.clear()
    _seeded_last.clear()
    _compiled_here = 0
    if not isinstance(records, list):
        return 0
    fit = 0
    for record in records:
        compiled = _from_record(record)
        if compiled is not None:
            _seeded[record[0]] = (compiled, record)
            _seeded_last.add(record[0])
            fit += 1
    return fit


def asked_since_seed() -> tuple[list[Record], int]:
    """The records of every pattern asked for since the last :func:`seed`, and how many of them
    had to be compiled here (none: what is kept already holds them all)."""
    return list(_asked.values()), _compiled_here


def asked_beyond_seed() -> bool:
    """Whether a pattern asked for since the last :func:`seed` was not among the records it took: what
    is kept under that seed's key is then short of what its run needs."""
    return any(pattern not in _seeded_last for pattern in _asked)


def _record(pattern: str) -> Record | None:
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern, 0)
        code = _compiler._code(parsed, 0)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        # The code holds named int constants (opcodes): plain ints, as JSON gives them back.
        return [pattern, parsed.state.flags, [int(c) for c in code], parsed.state.groups - 1, groupindex, indexgroup]
    except Exception:  # noqa: BLE001 - another Python's internals: compile the usual way
        return None


def _from_record(record: object) -> re.Pattern[str] | None:
    if not (isinstance(record, list) and len(record) == 6 and isinstance(record[0], str)):
        return None
    pattern, flags, code, groups, groupindex, indexgroup = record
    if not (
        isinstance(flags, int)
        and flags & re.UNICODE
        and isinstance(code, list)  # of ints: _sre.compile refuses anything else
        and isinstance(groups, int)
        and isinstance(groupindex, dict)
        and isinstance(indexgroup, list)
    ):
        return None
    try:
        import _sre

        compiled = _sre.compile(pattern, flags, code, groups, groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - refused by the engine's validator, or another signature
        return None
    return compiled if isinstance(compiled, re.Pattern) and compiled.pattern == pattern else None
