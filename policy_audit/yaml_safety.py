"""YAML written by users (rule files, standards profiles), read safely: one place for the dangers.

Anchors and aliases: a few lines of nested aliases (a "billion laughs") load as shared objects but grow
to gigabytes wherever the data is written out (``rules -f json``), and these files have nothing to
share. Deep nesting: libyaml's composer recurses in C, and a file of 50,000 nested brackets crashed the
process. The event stream is flat, so reading it first is safe from both (and costs half a load).
"""

from __future__ import annotations

from typing import Any


class YamlRefused(Exception):
    """The file is not YAML the tool will load; ``reason`` is one line, without the file's name (the
    caller names the file in its own error)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def load_yaml(raw: bytes, *, kind: str, kinds: str, max_depth: int, alias_hint: str = "") -> Any:
    """The data of ``raw``. ``kind``/``kinds`` name the file in messages ("rule file", "rule files");
    ``alias_hint`` says what to write instead of an alias."""
    import yaml

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise YamlRefused(f"{kind} is not UTF-8 text") from None
    # libyaml's parser when present: the pure-Python one is most of the cost of loading the rules.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        _refuse_aliases_and_depth(yaml, text, loader, kinds, max_depth, alias_hint)
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise YamlRefused(f"invalid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None


def _refuse_aliases_and_depth(yaml: Any, text: str, loader: Any, kinds: str, max_depth: int, hint: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            what = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
            raise YamlRefused(
                f"YAML {what} {anchor!r} at line {event.start_mark.line + 1}: {kinds} may not use anchors "
                f"or aliases; write the value out{hint}"
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                raise YamlRefused(f"YAML nested more than {max_depth} levels deep at line {event.start_mark.line + 1}")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
