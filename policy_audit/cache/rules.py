"""The validated rule set, kept in the cache as JSON: a warm scan skips compiling the patterns
(which needs spaCy's tokenizer) without unpickling anything.

It used to be a pickle under a predictable name in the cache folder: whoever could write that folder
ran code as the next user to scan (issue #12). JSON decoded into the rule dataclasses, field by
field and type by type, cannot: a planted or damaged entry fails to decode and is a miss, after
which the rules are loaded and validated from their files and the entry rewritten. The key holds the
rule files' digest (a hash of their bytes) and the tool version: any change means a full load.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import os
import types
import typing
from typing import Any

from policy_audit import __version__
from policy_audit.cache.database import CacheDatabase


def load_rules_cached(cache_dir: str | os.PathLike[str] | None, extra_dirs=()):
    """``load_rules(extra_dirs)``, from the cache when its entry is sound (no cache_dir: no cache)."""
    from policy_audit.rulebook import RuleSet, load_rules, rule_sources_digest

    if cache_dir is None:
        return load_rules(extra_dirs)
    digest = rule_sources_digest(extra_dirs)
    key = hashlib.sha256(f"{__version__}\n{digest}\n{sorted(map(str, extra_dirs))}".encode()).hexdigest()
    db = CacheDatabase(cache_dir)
    try:
        row = db.read("SELECT rules FROM rule_sets WHERE key = ?", (key,))
        if row is not None and isinstance(row[0], str):
            try:
                rules = decode(RuleSet, json.loads(row[0]))
            except Exception:  # noqa: BLE001 - a damaged or planted entry: load and rewrite it
                rules = None
            if rules is not None and rules.digest == digest:
                return rules
        rules = load_rules(extra_dirs)
        try:
            text = json.dumps(encode(rules))
        except (TypeError, ValueError):
            return rules  # a rule field this codec does not know: no cache, but still the rules
        db.write("INSERT OR REPLACE INTO rule_sets (key, rules) VALUES (?, ?)", [(key, text)])
        return rules
    finally:
        db.close()


def encode(value: Any) -> Any:
    """A frozen dataclass tree (str, int, float, bool, None, enums, tuples) as JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot encode {type(value).__name__}")


_hints: dict[type, dict[str, Any]] = {}


def decode(hint: Any, data: Any) -> Any:
    """``data`` as the type ``hint`` names; TypeError or ValueError when it does not fit."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if hint not in _hints:
            _hints[hint] = typing.get_type_hints(hint)
        fields = {f.name for f in dataclasses.fields(hint) if f.init}
        if not isinstance(data, dict) or set(data) != fields:
            raise ValueError(f"{hint.__name__}: fields differ")
        return hint(**{name: decode(_hints[hint][name], data[name]) for name in fields})
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        if not isinstance(data, list):
            raise TypeError("expected a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], item) for item in data)
        if len(args) != len(data):
            raise ValueError("wrong length")
        return tuple(decode(a, item) for a, item in zip(args, data))
    if origin in (typing.Union, types.UnionType):
        for option in args:
            try:
                return decode(option, data)
            except (TypeError, ValueError):
                continue
        raise TypeError("fits no member of the union")
    if hint is type(None):
        if data is not None:
            raise TypeError("expected null")
        return None
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(data)
    if hint in (str, int, float, bool):
        if type(data) is not hint and not (hint is float and type(data) is int):
            raise TypeError(f"expected {hint.__name__}")
        return data
    raise TypeError(f"cannot decode {hint!r}")
