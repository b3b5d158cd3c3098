"""Rule files: loading, strict validation, and the Rule data the matcher and the reports use.

A rule file is ``rules/<family>/<id>.yaml`` and holds data only: identity and prose (title, summary,
rationale, sources, model language), a ``match`` block in the small pattern language of
``policy_audit.match.patterns``, and ``examples`` that the test suite runs. All behaviour lives in
code; an unknown key, a missing key or a pattern that does not compile is a :class:`RuleError`
naming the file and the key, raised at load time rather than mid-audit.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

from policy_audit.errors import RuleError
from policy_audit.findings import SECTION_TOPICS, Grade, Scale

# The profiles a user can pick with --standard: which families each one audits.
STANDARDS: dict[str, tuple[str, ...]] = {
    "core": ("intervene", "medical"),
    "8cantwait": ("8cw",),
    "all": ("intervene", "medical", "8cw"),
}
DEFAULT_STANDARD = "core"

MODALITIES = ("obligation", "prohibition", "any", "mention")

_TOP_KEYS = {
    "id": str,
    "family": str,
    "title": str,
    "scale": str,
    "summary": str,
    "rationale": str,
    "sources": list,
    "model_language": str,
    "match": dict,
    "examples": dict,
}
_OPTIONAL_TOP_KEYS = {"severity": str, "aliases": list, "notes": str, "order": int}
_MATCH_KEYS = {
    "require": dict,  # group name -> phrases; every group must occur in the sentence itself
    "context": dict,  # group name -> phrases; in the sentence, its list lead-in, nearby sentences or heading
    "exclude": list,  # phrases that disqualify the sentence (false friends, disclaimers)
    "exclude_section": list,  # phrases that disqualify a whole section by its heading
    "narrow": list,  # phrases that cap the grade at weak (one weapon, only off-duty ...)
    "broad": list,  # phrases that show the sentence is general after all ("any use of force"): narrow is void
    "modality": str,  # obligation (default) | prohibition | any (default for elements) | mention
    "met_when": str,  # for scale met: "strong" (default) or "weak" grade is enough
    "window": int,  # how many sentences before the match count as its context (default 2)
    "window_after": int,  # how many sentences after it count as its context (default 0): an exception stated next
    "definitions": list,  # phrases that make a sentence of a definitions section count (default: none does)
    # Topics of the section or policy a sentence sits in (match/topics.py):
    "context_topics": dict,  # context group -> topics that meet it ("a Taser section is about force")
    "exclude_topics": list,  # not evidence in such a section unless the sentence states every context itself
    "exclude_topics_unless": list,  # ... or, when given, unless the sentence or its lead-in says one of these
    "narrow_topics": list,  # a duty stated in such a section is narrow (capped at weak), as the narrow words
}
_SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class MatchSpec:
    require: tuple[tuple[str, tuple[str, ...]], ...]
    context: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    exclude_section: tuple[str, ...] = ()
    narrow: tuple[str, ...] = ()
    broad: tuple[str, ...] = ()
    modality: str = "obligation"
    met_when: Grade = Grade.STRONG
    window: int = 2
    window_after: int = 0
    # Definitions sections describe words and bind nobody, so their sentences are skipped; a rule that
    # looks for a structure (a force continuum laid out as the definitions of its levels) names the
    # phrases that make such a sentence count.
    definitions: tuple[str, ...] = ()
    context_topics: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude_topics: tuple[str, ...] = ()
    exclude_topics_unless: tuple[str, ...] = ()
    narrow_topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    title: str
    scale: Scale
    summary: str
    rationale: str
    sources: tuple[str, ...]
    model_language: str
    match: MatchSpec
    examples: tuple[tuple[Grade, tuple[str, ...]], ...]  # expected grade -> passages
    severity: str = "medium"
    aliases: tuple[str, ...] = ()
    notes: str = ""
    order: int = 100  # position within its family in reports (the headline duty first)
    path: str = ""

    def examples_for(self, grade: Grade) -> tuple[str, ...]:
        for g, passages in self.examples:
            if g is grade:
                return passages
        return ()


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    digest: str  # hash of every rule file's bytes: part of the cache key

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.id == rule_id or rule_id in r.aliases:
                return r
        return None

    def families(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for r in self.rules:
            seen.setdefault(r.family, None)
        return tuple(seen)

    def select(self, standard: str) -> RuleSet:
        """The rules of one profile, plus every family a user added (--rules), which no profile names."""
        families = standard_families(standard)
        builtin = STANDARDS["all"]
        return RuleSet(
            tuple(r for r in self.rules if r.family in families or r.family not in builtin), self.digest
        )


def standard_families(standard: str) -> tuple[str, ...]:
    if standard in STANDARDS:
        return STANDARDS[standard]
    from policy_audit.errors import UsageError

    raise UsageError(f"unknown standard {standard!r}; choose one of: {', '.join(STANDARDS)}")


def _scale_grades(scale: Scale) -> tuple[Grade, ...]:
    return {
        Scale.OBLIGATION: (Grade.STRONG, Grade.WEAK, Grade.ABSENT),
        Scale.ELEMENT: (Grade.PRESENT, Grade.ABSENT),
        Scale.MET: (Grade.MET, Grade.NOT_MET),
    }[scale]


def _topics(path: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise RuleError(path, f"key {key!r} must be a list of topics")
    for topic in value:
        if topic not in SECTION_TOPICS:
            raise RuleError(path, f"key {key!r}: {topic!r} is not a topic; topics are {list(SECTION_TOPICS)}")
    return tuple(value)


def _check_type(path: str, key: str, value: Any, expected: type) -> None:
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise RuleError(path, f"key {key!r} must be a {expected.__name__}, not {type(value).__name__}")


PhraseLists = Mapping[str, tuple[str, ...]]
_LIST_NAME = re.compile(r"^[a-z][a-z0-9_]{0,60}$")


def _phrases(path: str, key: str, value: Any, lists: PhraseLists | None = None) -> tuple[str, ...]:
    """A non-empty list of phrases; with ``lists``, an item "@name" stands for a shared phrase list."""
    if not isinstance(value, list) or not value:
        raise RuleError(path, f"key {key!r} must be a non-empty list of phrases")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise RuleError(path, f"key {key!r} holds a non-text or empty phrase: {item!r}")
        item = item.strip()
        if lists is not None and item.startswith("@"):
            if item[1:] not in lists:
                known = ", ".join("@" + n for n in sorted(lists)) or "none"
                raise RuleError(path, f"key {key!r}: unknown phrase list {item!r} (defined: {known})")
            out.extend(lists[item[1:]])
        else:
            out.append(item)
    return tuple(out)


def _groups(path: str, key: str, value: dict, lists: PhraseLists) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for name, phrases in value.items():
        if not isinstance(name, str):
            raise RuleError(path, f"key {key!r}: group names must be text")
        out.append((name, _phrases(path, f"{key}.{name}", phrases, lists)))
    return tuple(out)


def parse_phrase_lists(data: Any, path: str) -> dict[str, tuple[str, ...]]:
    """A family's ``_lists.yaml``: ``lists: {name: [phrases]}``, phrases its rules share as "@name"
    (the exclusions every medical rule needs, for instance), so they are written once."""
    if not isinstance(data, dict) or set(data) != {"lists"} or not isinstance(data["lists"], dict):
        raise RuleError(path, "a phrase-list file must hold one key, 'lists', mapping names to phrases")
    out: dict[str, tuple[str, ...]] = {}
    for name, phrases in data["lists"].items():
        if not isinstance(name, str) or not _LIST_NAME.match(name):
            raise RuleError(path, f"key 'lists.{name}': a list name is lower-case letters, digits and _")
        out[name] = _phrases(path, f"lists.{name}", phrases)
    from policy_audit.match.patterns import compiled_pattern

    for name, phrases in out.items():
        for phrase in phrases:
            try:
                compiled_pattern(phrase)
            except ValueError as exc:
                raise RuleError(path, f"key 'lists.{name}': {exc}")
    return out


def parse_rule(data: Any, path: str, lists: PhraseLists | None = None) -> Rule:
    """Validate one rule file's parsed YAML and build the Rule; raises RuleError naming the key.

    ``lists``: the shared phrase lists a phrase key may name as "@name".
    """
    lists = lists if lists is not None else {}
    if not isinstance(data, dict):
        raise RuleError(path, "a rule file must be a mapping of keys")
    unknown = set(data) - set(_TOP_KEYS) - set(_OPTIONAL_TOP_KEYS)
    if unknown:
        raise RuleError(path, f"unknown key {sorted(unknown)[0]!r}")
    for key, typ in _TOP_KEYS.items():
        if key not in data:
            raise RuleError(path, f"missing key {key!r}")
        _check_type(path, key, data[key], typ)
    for key, typ in _OPTIONAL_TOP_KEYS.items():
        if key in data:
            _check_type(path, key, data[key], typ)

    rule_id = data["id"]
    family = data["family"]
    if not rule_id.startswith(family + "."):
        raise RuleError(path, f"key 'id': {rule_id!r} must start with its family {family!r} and a dot")
    try:
        scale = Scale(data["scale"])
    except ValueError:
        raise RuleError(path, f"key 'scale': {data['scale']!r} is not one of {[s.value for s in Scale]}")

    match = data["match"]
    unknown = set(match) - set(_MATCH_KEYS)
    if unknown:
        raise RuleError(path, f"unknown key 'match.{sorted(unknown)[0]}'")
    for key, typ in _MATCH_KEYS.items():
        if key in match:
            _check_type(path, f"match.{key}", match[key], typ)
    if "require" not in match or not match["require"]:
        raise RuleError(path, "missing key 'match.require'")
    # Elements count "whatever the modality" (audit standard): they only ask whether a topic is addressed.
    modality = match.get("modality", "any" if scale is Scale.ELEMENT else "obligation")
    if modality not in MODALITIES:
        raise RuleError(path, f"key 'match.modality': {modality!r} is not one of {list(MODALITIES)}")
    met_when = match.get("met_when", "strong")
    if met_when not in ("strong", "weak"):
        raise RuleError(path, "key 'match.met_when' must be 'strong' or 'weak'")
    if "met_when" in match and scale is not Scale.MET:
        raise RuleError(path, "key 'match.met_when' only applies to scale 'met'")
    window = match.get("window", 2)
    if not 0 <= window <= 10:
        raise RuleError(path, "key 'match.window' must be between 0 and 10")
    window_after = match.get("window_after", 0)
    if not 0 <= window_after <= 3:
        raise RuleError(path, "key 'match.window_after' must be between 0 and 3")
    spec = MatchSpec(
        require=_groups(path, "match.require", match["require"], lists),
        context=_groups(path, "match.context", match.get("context", {}), lists),
        exclude=_phrases(path, "match.exclude", match["exclude"], lists) if "exclude" in match else (),
        exclude_section=(
            _phrases(path, "match.exclude_section", match["exclude_section"], lists)
            if "exclude_section" in match
            else ()
        ),
        narrow=_phrases(path, "match.narrow", match["narrow"], lists) if "narrow" in match else (),
        broad=_phrases(path, "match.broad", match["broad"], lists) if "broad" in match else (),
        modality=modality,
        met_when=Grade(met_when),
        window=window,
        window_after=window_after,
        definitions=(
            _phrases(path, "match.definitions", match["definitions"], lists) if "definitions" in match else ()
        ),
        context_topics=tuple(
            (name, _topics(path, f"match.context_topics.{name}", topics))
            for name, topics in match.get("context_topics", {}).items()
        ),
        exclude_topics=_topics(path, "match.exclude_topics", match.get("exclude_topics", [])),
        exclude_topics_unless=(
            _phrases(path, "match.exclude_topics_unless", match["exclude_topics_unless"], lists)
            if "exclude_topics_unless" in match
            else ()
        ),
        narrow_topics=_topics(path, "match.narrow_topics", match.get("narrow_topics", [])),
    )
    unknown_groups = {name for name, _ in spec.context_topics} - {name for name, _ in spec.context}
    if unknown_groups:
        raise RuleError(path, f"key 'match.context_topics.{sorted(unknown_groups)[0]}' names no group of 'match.context'")

    allowed = {g.value: g for g in _scale_grades(scale)}
    examples = []
    for name, passages in data["examples"].items():
        if name not in allowed:
            raise RuleError(path, f"key 'examples.{name}' is not a grade of scale {scale.value!r}: {list(allowed)}")
        examples.append((allowed[name], _phrases(path, f"examples.{name}", passages)))
    if not any(g is not _scale_grades(scale)[-1] for g, _ in examples):
        raise RuleError(path, "key 'examples' needs at least one passage that meets the criterion")
    if not any(g is _scale_grades(scale)[-1] for g, _ in examples):
        raise RuleError(path, "key 'examples' needs at least one passage that does not meet it")

    sources = _phrases(path, "sources", data["sources"])
    severity = data.get("severity", "medium")
    if severity not in _SEVERITIES:
        raise RuleError(path, f"key 'severity' must be one of {list(_SEVERITIES)}")
    rule = Rule(
        id=rule_id,
        family=family,
        title=data["title"].strip(),
        scale=scale,
        summary=" ".join(data["summary"].split()),
        rationale=data["rationale"].strip(),
        sources=sources,
        model_language=data["model_language"].strip(),
        match=spec,
        examples=tuple(examples),
        severity=severity,
        aliases=tuple(data.get("aliases", ())),
        notes=data.get("notes", "").strip(),
        order=data.get("order", 100),
        path=path,
    )
    # Compile the patterns now, so that a bad pattern fails at load time with the file named.
    from policy_audit.match.patterns import validate_rule_patterns

    validate_rule_patterns(rule)
    return rule


def _read_yaml(path: Path) -> tuple[Any, bytes]:
    import yaml

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleError(str(path), f"cannot read rule file ({exc.strerror or exc})")
    try:
        # libyaml's parser when present: the pure-Python one is most of the cost of loading the rules.
        data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except UnicodeDecodeError:
        raise RuleError(str(path), "rule file is not UTF-8 text")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise RuleError(str(path), f"invalid YAML{where}: {getattr(exc, 'problem', None) or exc}")
    return data, raw


def _load_file(path: Path, lists: PhraseLists) -> Rule:
    data, _ = _read_yaml(path)
    rule = parse_rule(data, str(path), lists)
    expected_family = path.parent.name
    if rule.family != expected_family:
        raise RuleError(str(path), f"key 'family': {rule.family!r} but the file is in folder {expected_family!r}")
    if path.stem != rule.id.split(".", 1)[1]:
        raise RuleError(str(path), f"key 'id': {rule.id!r} does not match the file name {path.name!r}")
    return rule


def builtin_rules_dir() -> Path:
    return Path(str(resources.files("policy_audit.builtin_rules")))


LISTS_FILE = "_lists.yaml"  # per family folder: shared phrase lists, not a rule


def _source_files(folder: Path) -> list[Path]:
    """Every file that decides the rules of a folder: rule files and phrase-list files."""
    if not folder.is_dir():
        raise RuleError(str(folder), "rules folder does not exist")
    return sorted(p for p in folder.glob("*/*.yaml") if p.is_file())


@lru_cache(maxsize=8)
def _load_cached(folders: tuple[str, ...]) -> RuleSet:
    digest = hashlib.sha256()
    sources: list[tuple[Path, list[Path]]] = []
    for folder in folders:
        files = _source_files(Path(folder))
        if not any(f.name != LISTS_FILE for f in files):
            raise RuleError(folder, "no rule files (expected <family>/<id>.yaml)")
        sources.append((Path(folder), files))
        for f in files:
            digest.update(str(f.relative_to(folder)).encode() + b"\0" + f.read_bytes() + b"\0")

    lists: dict[str, tuple[str, ...]] = {}
    defined_in: dict[str, str] = {}
    for _, files in sources:
        for f in (f for f in files if f.name == LISTS_FILE):
            for name, phrases in parse_phrase_lists(_read_yaml(f)[0], str(f)).items():
                if name in lists:
                    raise RuleError(str(f), f"key 'lists.{name}' is already defined in {defined_in[name]}")
                lists[name], defined_in[name] = phrases, str(f)

    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for _, files in sources:
        for f in (f for f in files if f.name != LISTS_FILE):
            rule = _load_file(f, lists)
            if rule.id in seen:
                raise RuleError(str(f), f"key 'id': {rule.id!r} is already defined in {seen[rule.id]}")
            seen[rule.id] = str(f)
            rules.append(rule)
    return RuleSet(tuple(_family_order(rules)), digest.hexdigest()[:16])


def _family_order(rules: Iterable[Rule]) -> list[Rule]:
    """Built-in families first in the order of the standard, then users' families; then by ``order``."""
    order = {fam: i for i, fam in enumerate(STANDARDS["all"])}
    return sorted(rules, key=lambda r: (order.get(r.family, len(order)), r.family, r.order, r.id))


def load_rules(extra_dirs: Iterable[str | Path] = ()) -> RuleSet:
    """The built-in rules plus any user folders (--rules DIR)."""
    folders = (str(builtin_rules_dir()),) + tuple(str(Path(d).resolve()) for d in extra_dirs)
    return _load_cached(folders)


def rule_sources_digest(extra_dirs: Iterable[str | Path] = ()) -> str:
    """The rules hash without compiling anything: cheap enough for a warm cache check."""
    digest = hashlib.sha256()
    for folder in (builtin_rules_dir(),) + tuple(Path(d).resolve() for d in extra_dirs):
        for f in _source_files(folder):
            digest.update(str(f.relative_to(folder)).encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def rules_by_id(rules: RuleSet) -> Mapping[str, Rule]:
    return {r.id: r for r in rules}
