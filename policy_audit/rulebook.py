"""Rule files: loading, strict validation, and the Rule data the matcher and the reports use.

A rule file is ``rules/<family>/<id>.yaml`` and holds data only: identity and prose (title, summary,
rationale, sources, model language), a ``match`` block in the small pattern language of
``policy_audit.match.patterns``, and ``examples`` that the test suite runs. All behaviour lives in
code. The shape of a file (keys, types, allowed values) is the pydantic models' of
:mod:`policy_audit.rule_schema`; this module checks what spans keys and compiles the phrases. An
unknown key, a missing key, a value of the wrong type or a pattern that does not compile is a
:class:`RuleError` naming the file and the key, raised at load time rather than mid-audit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from policy_audit.errors import RuleError, UsageError
from policy_audit.findings import SCALE_GRADES, Grade, Scale
from policy_audit.match.patterns import check_group_screen, compiled_pattern

if TYPE_CHECKING:
    from pydantic import BaseModel

    _M = TypeVar("_M", bound=BaseModel)

# The profiles a user can pick with --standard: which families each one audits.
STANDARDS: dict[str, tuple[str, ...]] = {
    "core": ("intervene", "medical"),
    "8cantwait": ("8cw",),
    "all": ("intervene", "medical", "8cw"),
    "statutes": ("intervene", "medical"),
}
DEFAULT_STANDARD = "core"
# A rule's tier says which standards audit it. The statute elements (a report's deadline, recipient ...)
# matter to a statute profile, not to an advocate's core report: core and all keep their criteria.
CORE_TIER, STATUTE_TIER = "core", "statute"
_STANDARD_TIERS: dict[str, tuple[str, ...]] = {"statutes": (CORE_TIER, STATUTE_TIER)}


@dataclass(frozen=True)
class ValueReading:
    phrase: str
    value: float | None = None  # fixed words: "immediately" -> 0
    times: float | None = None  # a number before the words: "5 days" -> 5 x 24
    label: str | None = None  # a category, not a number: "the chief of police" -> chief
    soft: bool = False  # vague words ("promptly") yield to firm ones in the same sentence


@dataclass(frozen=True)
class ValueSpec:
    unit: str
    read: tuple[ValueReading, ...]


@dataclass(frozen=True)
class MatchSpec:
    require: tuple[tuple[str, tuple[str, ...]], ...]
    context: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    exclude_unless: tuple[str, ...] = ()
    exclude_section: tuple[str, ...] = ()
    exclude_after: tuple[str, ...] = ()
    narrow: tuple[str, ...] = ()
    broad: tuple[str, ...] = ()
    specific: tuple[str, ...] = ()
    modality: str = "obligation"
    met_when: Grade = Grade.STRONG
    window: int = 2
    window_after: int = 0
    mandatory_words: tuple[str, ...] = ()
    permissive_words: tuple[str, ...] = ()
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
    tier: str = CORE_TIER
    value: ValueSpec | None = None

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
        families, tiers, builtin = standard_families(standard), standard_tiers(standard), STANDARDS["all"]
        keep = tuple(r for r in self.rules if (r.family in families and r.tier in tiers) or r.family not in builtin)
        return RuleSet(keep, self.digest)


def standard_tiers(standard: str) -> tuple[str, ...]:
    parts = standard.split("+")  # several sets at once ("all+statutes"): the tiers of any of them
    return tuple(dict.fromkeys(t for part in parts for t in _STANDARD_TIERS.get(part, (CORE_TIER,))))


def standards_of(rule: Rule) -> tuple[str, ...]:
    """The standards that audit a rule, narrowest first."""
    return tuple(n for n, fams in STANDARDS.items() if rule.family in fams and rule.tier in standard_tiers(n))


def standard_families(standard: str) -> tuple[str, ...]:
    if "+" in standard:  # several sets at once ("all+statutes"): a profile's criteria may span them
        return tuple(dict.fromkeys(f for part in standard.split("+") for f in standard_families(part)))
    if standard in STANDARDS:
        return STANDARDS[standard]
    raise UsageError(f"unknown standard {standard!r}; choose one of: {', '.join(STANDARDS)}")


PhraseLists = Mapping[str, tuple[str, ...]]


def _validated(model: type[_M], data: Any, path: str, whole_file: str, whole_file_depth: int = 0) -> _M:
    from pydantic import ValidationError

    from policy_audit.rule_schema import first_problem

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RuleError(path, first_problem(exc, whole_file, whole_file_depth)) from None


def _expand(path: str, key: str, phrases: Iterable[str], lists: PhraseLists) -> tuple[str, ...]:
    """The phrases of one key with each "@name" replaced by the shared list it names."""
    out: list[str] = []
    for phrase in phrases:
        if phrase.startswith("@"):
            if phrase[1:] not in lists:
                known = ", ".join("@" + n for n in sorted(lists)) or "none"
                raise RuleError(path, f"key {key!r}: unknown phrase list {phrase!r} (defined: {known})")
            out.extend(lists[phrase[1:]])
        else:
            out.append(phrase)
    return tuple(out)


def _compile_phrases(path: str, key: str, phrases: tuple[str, ...]) -> None:
    """Compile each phrase now, so that a bad one fails at load time with the file and key named."""
    try:
        for phrase in phrases:
            compiled_pattern(phrase)
        check_group_screen(phrases, keyed=key.startswith("match.require."))
    except ValueError as exc:
        raise RuleError(path, f"key {key!r}: {exc}") from None


def _topics(path: str, key: str, topics: list[str]) -> tuple[str, ...]:
    if not topics:
        return ()
    from policy_audit.findings import SECTION_TOPICS  # the section topics of match/topics.py

    for topic in topics:
        if topic not in SECTION_TOPICS:
            raise RuleError(path, f"key {key!r}: {topic!r} is not a topic; topics are {list(SECTION_TOPICS)}")
    return tuple(topics)


def parse_phrase_lists(data: Any, path: str) -> dict[str, tuple[str, ...]]:
    """A family's ``_lists.yaml``: ``lists: {name: [phrases]}``, phrases its rules share as "@name"
    (the exclusions every medical rule needs, for instance), so they are written once."""
    from policy_audit.rule_schema import ListsFile

    # Its one key is the whole file: "unknown key 'storage'" would hide what is expected.
    model = _validated(
        ListsFile, data, path, "a phrase-list file must hold one key, 'lists', mapping names to phrases", 1
    )
    out = {name: tuple(phrases) for name, phrases in model.lists.items()}
    for name, phrases in out.items():
        _compile_phrases(path, f"lists.{name}", phrases)
    return out


def parse_rule(data: Any, path: str, lists: PhraseLists | None = None) -> Rule:
    """Validate one rule file's parsed YAML and build the Rule; raises RuleError naming the key.

    ``lists``: the shared phrase lists a phrase key may name as "@name".
    """
    # The models are built on first use: a warm cache check (rule_sources_digest) needs none of them.
    from policy_audit.rule_schema import RuleFile

    lists = lists if lists is not None else {}
    model = _validated(RuleFile, data, path, "a rule file must be a mapping of keys")
    if not model.id.startswith(model.family + "."):
        raise RuleError(path, f"key 'id': {model.id!r} must start with its family {model.family!r} and a dot")
    scale = Scale(model.scale)
    match = model.match
    if match.met_when is not None and scale is not Scale.MET:
        raise RuleError(path, "key 'match.met_when' only applies to scale 'met'")
    if match.exclude_after and not match.window_after:
        raise RuleError(path, "key 'match.exclude_after' reads the sentences after: it needs 'match.window_after'")

    def phrases(key: str, value: Iterable[str]) -> tuple[str, ...]:
        out = _expand(path, key, value, lists)
        _compile_phrases(path, key, out)
        return out

    def groups(key: str, value: Mapping[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((name, phrases(f"{key}.{name}", group)) for name, group in value.items())

    spec = MatchSpec(
        require=groups("match.require", match.require),
        context=groups("match.context", match.context),
        exclude=phrases("match.exclude", match.exclude),
        exclude_unless=phrases("match.exclude_unless", match.exclude_unless),
        exclude_section=phrases("match.exclude_section", match.exclude_section),
        exclude_after=phrases("match.exclude_after", match.exclude_after),
        narrow=phrases("match.narrow", match.narrow),
        broad=phrases("match.broad", match.broad),
        specific=phrases("match.specific", match.specific),
        # Elements count "whatever the modality" (audit standard): they only ask whether a topic is addressed.
        modality=match.modality or ("any" if scale is Scale.ELEMENT else "obligation"),
        met_when=Grade(match.met_when or "strong"),
        window=match.window,
        window_after=match.window_after,
        definitions=phrases("match.definitions", match.definitions),
        context_topics=tuple(
            (name, _topics(path, f"match.context_topics.{name}", topics))
            for name, topics in match.context_topics.items()
        ),
        exclude_topics=_topics(path, "match.exclude_topics", match.exclude_topics),
        exclude_topics_unless=phrases("match.exclude_topics_unless", match.exclude_topics_unless),
        narrow_topics=_topics(path, "match.narrow_topics", match.narrow_topics),
        mandatory_words=phrases("match.mandatory_words", match.mandatory_words),
        permissive_words=phrases("match.permissive_words", match.permissive_words),
    )
    unknown_groups = {name for name, _ in spec.context_topics} - {name for name, _ in spec.context}
    if unknown_groups:
        raise RuleError(
            path, f"key 'match.context_topics.{sorted(unknown_groups)[0]}' names no group of 'match.context'"
        )

    value = None
    if model.value is not None:
        for i, r in enumerate(model.value.read):
            if [r.value, r.times, r.label].count(None) != 2:
                raise RuleError(path, f"key 'value.read.{i}': give one of 'value', 'times' or 'label'")
            phrases(f"value.read.{i}.phrase", [r.phrase])
        read = tuple(ValueReading(r.phrase, r.value, r.times, r.label, r.soft) for r in model.value.read)
        value = ValueSpec(model.value.unit, read)

    grades = SCALE_GRADES[scale]
    allowed = {g.value: g for g in grades}
    examples = []
    for name, passages in model.examples.items():
        if name not in allowed:
            raise RuleError(path, f"key 'examples.{name}' is not a grade of scale {scale.value!r}: {list(allowed)}")
        examples.append((allowed[name], tuple(passages)))
    if not any(g is not grades[-1] for g, _ in examples):
        raise RuleError(path, "key 'examples' needs at least one passage that meets the criterion")
    if not any(g is grades[-1] for g, _ in examples):
        raise RuleError(path, "key 'examples' needs at least one passage that does not meet it")

    return Rule(
        id=model.id,
        family=model.family,
        title=model.title.strip(),
        scale=scale,
        summary=" ".join(model.summary.split()),
        rationale=model.rationale.strip(),
        sources=tuple(model.sources),
        model_language=model.model_language.strip(),
        match=spec,
        examples=tuple(examples),
        severity=model.severity,
        aliases=tuple(model.aliases),
        notes=model.notes.strip(),
        order=model.order,
        path=path,
        tier=model.tier,
        value=value,
    )


def _read_yaml(path: Path) -> tuple[Any, bytes]:
    from policy_audit.yaml_safety import YamlRefused, load_yaml

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleError(str(path), f"cannot read rule file ({exc.strerror or exc})")
    try:
        data = load_yaml(
            raw,
            kind="rule file",
            kinds="rule files",
            max_depth=MAX_YAML_DEPTH,
            alias_hint=" (phrases several rules share go in _lists.yaml as @name)",
        )
    except YamlRefused as exc:
        raise RuleError(str(path), exc.reason) from None
    return data, raw


# A rule file nests four levels deep (match -> require -> group -> phrase).
MAX_YAML_DEPTH = 20


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
