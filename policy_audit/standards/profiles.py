"""Standards profiles: reading a profile file, checking it against the rule set, and the Profile data.

A profile is named on the command line by a built-in id (``il``) or a path (``decree.yaml``). Reading
is strict: YAML loaded safely, anchors and aliases refused (as in rule files), every key checked by
:mod:`.profile_schema`, and every criterion a requirement names must exist in the loaded rules with
the grade asked for belonging to its scale. Every problem is a :class:`UsageError` of one line naming
the file, the key and the reason (exit 2), raised before any document is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policy_audit.errors import UsageError
from policy_audit.findings import SCALE_GRADES, Grade
from policy_audit.rulebook import RuleSet

MAX_YAML_DEPTH = 12  # a profile nests four levels (requirements -> meets -> value -> in)


@dataclass(frozen=True)
class ValueCondition:
    """What a criterion's extracted value must be: at most / at least a number, or one of some words."""

    max: float | None = None
    min: float | None = None
    one_of: tuple[str, ...] = ()
    unit: str = ""

    def amount(self, number: float) -> str:
        return f"{number:g} {self.unit}".strip()

    def describe(self) -> str:
        if self.one_of:
            return " or ".join(self.one_of)
        parts = []
        if self.min is not None:
            parts.append(f"at least {self.amount(self.min)}")
        if self.max is not None:
            parts.append(f"at most {self.amount(self.max)}")
        return " and ".join(parts)

    def accepts(self, number: float | None, words: str) -> bool:
        if self.one_of:
            return words.strip().lower() in {w.lower() for w in self.one_of}
        if number is None:
            return False
        return (self.max is None or number <= self.max) and (self.min is None or number >= self.min)


@dataclass(frozen=True)
class Need:
    """One criterion a requirement needs: the grade, and the value where the clause fixes one."""

    criterion: str
    grade: Grade
    value: ValueCondition | None = None
    missing: str = ""  # what the manual lacks when nothing meets it, in the statute's terms


@dataclass(frozen=True)
class Requirement:
    id: str
    citation: str
    text: str
    verified: bool
    needs: tuple[Need, ...]
    notes: str = ""

    @property
    def criteria(self) -> tuple[str, ...]:
        return tuple(n.criterion for n in self.needs)


@dataclass(frozen=True)
class Profile:
    id: str
    title: str
    jurisdiction: str
    citation: str
    effective: str  # YYYY, YYYY-MM or YYYY-MM-DD; "" when unknown
    superseded_by: str
    source_url: str
    verified: bool
    notes: str
    requirements: tuple[Requirement, ...]
    path: str = ""

    @property
    def criteria(self) -> tuple[str, ...]:
        """Every criterion the profile's requirements need, in order of first use."""
        seen: dict[str, None] = {}
        for req in self.requirements:
            for c in req.criteria:
                seen.setdefault(c, None)
        return tuple(seen)

    def requirement(self, requirement_id: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == requirement_id), None)


# --- reading -----------------------------------------------------------------------------------------


def builtin_standards_dir() -> Path:
    """``standards/`` of a source checkout, or the package the wheel ships it as."""
    try:
        from importlib import resources

        return Path(str(resources.files("policy_audit.builtin_standards")))
    except ModuleNotFoundError:
        import policy_audit

        return Path(policy_audit.__file__).resolve().parent.parent / "standards"


def builtin_profile_paths() -> tuple[Path, ...]:
    folder = builtin_standards_dir()
    return tuple(sorted(p for p in folder.glob("*.yaml") if p.is_file()))


def builtin_profile_ids() -> tuple[str, ...]:
    return tuple(p.stem for p in builtin_profile_paths())


def looks_like_path(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name


def profile_path(name: str) -> Path:
    """The file a --standard value names: a built-in id or a path to a YAML file."""
    if looks_like_path(name):
        path = Path(name)
        if not path.is_file():
            raise UsageError(f"--standard {name}: no such profile file")
        return path
    path = builtin_standards_dir() / f"{name}.yaml"
    if not path.is_file():
        from policy_audit.rulebook import STANDARDS
        from policy_audit.suggest import did_you_mean

        known = ", ".join(builtin_profile_ids())
        hint = did_you_mean(name, tuple(dict.fromkeys((*STANDARDS, *builtin_profile_ids()))))
        raise UsageError(
            f"unknown standard {name!r}{hint}; choose {', '.join(STANDARDS)}, a profile ({known}) or a file"
        )
    return path


def read_profile_data(path: Path) -> Any:
    from policy_audit.yaml_safety import YamlRefused, load_yaml

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read profile ({exc.strerror or exc})")
    try:
        return load_yaml(raw, kind="profile", kinds="profiles", max_depth=MAX_YAML_DEPTH)
    except YamlRefused as exc:
        raise UsageError(f"{path}: {exc.reason}") from None


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part == "in_":
            out += ".in" if out else "in"
        else:
            out += f".{part}" if out else str(part)
    return out


def _schema_problem(exc: Any) -> str:
    order = {"extra_forbidden": 0, "missing": 1}
    error = sorted(exc.errors(include_url=False), key=lambda e: order.get(e["type"], 2))[0]
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    if not loc:
        return "a profile must be a mapping of keys (id, title, citation, requirements, ...)"
    key = _where(loc)
    if kind == "extra_forbidden":
        return f"unknown key {key!r}"
    if kind == "missing":
        return f"missing key {key!r}"
    if kind == "literal_error":
        return f"key {key!r}: {value!r} is not one of {error['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        what = (
            "<profile>.<name>, lower case"
            if loc[-1] == "id" and len(loc) > 1
            else "lower-case letters, digits, - and _"
        )
        return f"key {key!r}: {value!r} is not an id ({what})"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"key {key!r}: {message[:1].lower()}{message[1:]} (got {value!r})"


def parse_profile(data: Any, path: str, rules: RuleSet | None = None) -> Profile:
    """Validate a profile's parsed YAML and build the Profile. With ``rules``, every criterion must
    exist there and the grade asked of it must belong to its scale."""
    from pydantic import ValidationError

    from policy_audit.standards.profile_schema import ProfileFile

    try:
        model = ProfileFile.model_validate(data)
    except ValidationError as exc:
        raise UsageError(f"{path}: {_schema_problem(exc)}") from None
    seen: set[str] = set()
    requirements = []
    for i, entry in enumerate(model.requirements):
        if not entry.id.startswith(model.id + "."):
            raise UsageError(
                f"{path}: key 'requirements[{i}].id': {entry.id!r} must start with the profile id {model.id!r} and a dot"
            )
        if entry.id in seen:
            raise UsageError(f"{path}: key 'requirements[{i}].id': {entry.id!r} appears twice")
        seen.add(entry.id)
        needs = tuple(_need(m, f"requirements[{i}].meets[{j}]", path, rules) for j, m in enumerate(entry.meets))
        requirements.append(
            Requirement(
                entry.id, entry.citation, " ".join(entry.text.split()), entry.verified, needs, entry.notes.strip()
            )
        )
    return Profile(
        id=model.id,
        title=model.title,
        jurisdiction=model.jurisdiction,
        citation=model.citation,
        effective=model.effective or "",
        superseded_by=model.superseded_by.strip(),
        source_url=model.source_url.strip(),
        verified=model.verified,
        notes=" ".join(model.notes.split()),
        requirements=tuple(requirements),
        path=path,
    )


def _need(meets: Any, key: str, path: str, rules: RuleSet | None) -> Need:
    grade = Grade(meets.grade)
    criterion = meets.criterion
    if rules is not None:
        rule = rules.get(meets.criterion)
        if rule is None:
            raise UsageError(
                f"{path}: key '{key}.criterion': unknown criterion {meets.criterion!r} (see `policy-audit rules`)"
            )
        allowed = SCALE_GRADES[rule.scale][:-1]
        if grade not in allowed:
            raise UsageError(
                f"{path}: key '{key}.grade': {grade.value!r} is not a grade of {rule.id} "
                f"(scale {rule.scale.value}: {', '.join(g.value for g in allowed)})"
            )
        criterion = rule.id  # a former id (alias) names the rule its findings carry
    value = None
    if meets.value is not None:
        v = meets.value
        value = ValueCondition(max=v.max, min=v.min, one_of=tuple(v.in_ or ()), unit=v.unit.strip())
    return Need(criterion, grade, value, " ".join(meets.missing.split()))


def load_profile(name: str, rules: RuleSet | None = None) -> Profile:
    """One profile by built-in id or path, checked against ``rules`` when given."""
    path = profile_path(name)
    profile = parse_profile(read_profile_data(path), str(path), rules)
    if not looks_like_path(name) and profile.id != name:
        raise UsageError(f"{path}: key 'id': {profile.id!r} does not match the file name {path.name!r}")
    return profile


def load_profiles(names: Iterable[str], rules: RuleSet | None = None) -> tuple[Profile, ...]:
    """Several profiles at once, in the order given; the same id twice is refused."""
    out: list[Profile] = []
    for name in names:
        profile = load_profile(name, rules)
        if any(p.id == profile.id for p in out):
            raise UsageError(f"{profile.path}: key 'id': profile {profile.id!r} is selected twice")
        out.append(profile)
    return tuple(out)


def load_builtin_profiles(rules: RuleSet | None = None) -> tuple[Profile, ...]:
    return tuple(load_profile(p.stem, rules) for p in builtin_profile_paths())
