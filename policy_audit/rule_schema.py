"""The shape of rule files and phrase-list files, as pydantic models, and the JSON Schema built from them.

The models check what a schema can say: which keys exist, which are required, each value's type and
its allowed values. What needs more than one key at a time (an id that starts with its family, example
grades that belong to the rule's scale, "@name" lists that exist, phrases that compile) is checked by
:mod:`policy_audit.rulebook` after these models accept the file. Every model is strict: YAML's
``yes`` is not a string, ``true`` is not a number, and nothing is coerced.

``schemas/rule.schema.json`` at the top of the repository is :func:`rule_json_schema` written out
(``python scripts/gen_rule_schema.py``); a test keeps it up to date.
"""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from policy_audit.findings import SCALE_GRADES, Scale

MODALITIES = ("obligation", "prohibition", "any", "mention")
SEVERITIES = ("high", "medium", "low")
LIST_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,60}$"

Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Phrases = Annotated[list[Phrase], Field(min_length=1)]
Groups = dict[str, Phrases]
ListName = Annotated[str, StringConstraints(pattern=LIST_NAME_PATTERN)]

_PHRASES_HELP = (
    'Phrases: words separated by spaces; "a|b" alternatives, "interven*" a prefix, "the?" optional, '
    '"..." or "...6" up to 4 or 6 words of anything; "@name" stands for a list of the family\'s _lists.yaml.'
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class MatchBlock(_Strict):
    """What a sentence must say to be evidence for the rule."""

    require: Annotated[Groups, Field(min_length=1)] = Field(
        description="Groups of phrases (group name -> phrases) that must all occur in the sentence itself; "
        "the first group is the action whose modal decides the grade. " + _PHRASES_HELP
    )
    context: Groups = Field(
        default_factory=dict,
        description="Groups that must occur in the sentence, its list lead-in, the previous `window` sentences "
        "of its section, its headings or the document's opening lines.",
    )
    exclude: Phrases = Field(
        default_factory=list, description="Phrases that disqualify the sentence (false friends, disclaimers)."
    )
    exclude_unless: Phrases = Field(
        default_factory=list,
        description="Phrases that lift `exclude` for a sentence that says them: a run-on sentence whose other "
        "clause is a false friend states the duty all the same.",
    )
    exclude_section: Phrases = Field(
        default_factory=list, description="Phrases that disqualify a whole section by its heading."
    )
    exclude_after: Phrases = Field(
        default_factory=list,
        description="Phrases that disqualify the sentence when one of the `window_after` sentences after it "
        "says them (an exception stated next: 'Officers should not fire at a moving vehicle. An officer may "
        "fire when the vehicle itself is used as a weapon.').",
    )
    narrow: Phrases = Field(
        default_factory=list, description="Phrases that cap the grade at weak (one weapon, off duty only)."
    )
    broad: Phrases = Field(
        default_factory=list, description="Phrases that show the sentence is general after all: narrow is void."
    )
    specific: Phrases = Field(
        default_factory=list,
        description="Phrases that state the criterion in its own words (first aid, CPR): among evidence of one "
        "grade, a sentence that says them heads the finding.",
    )
    modality: Literal[MODALITIES] = Field(  # type: ignore[valid-type]
        default=None,
        description="What grades the sentence: obligation (default), prohibition, any (default for scale element) "
        "or mention.",
    )
    met_when: Literal["strong", "weak"] = Field(
        # None means "not given" (the loader supplies "strong"); an explicit null stays refused.
        default=None,  # type: ignore[arg-type]
        description='Scale met only: the grade that is enough to meet the criterion (default "strong").',
    )
    window: Annotated[int, Field(ge=0, le=10)] = Field(
        default=2, description="How many sentences before the match count as its context."
    )
    window_after: Annotated[int, Field(ge=0, le=3)] = Field(
        default=0,
        description="How many sentences after the match count as its context (an exception stated next).",
    )
    definitions: Phrases = Field(
        default_factory=list,
        description="Phrases that let a sentence of a definitions section count (without them, none does).",
    )
    # Topics of the section or policy a sentence sits in (match/topics.py); rulebook checks the names.
    context_topics: dict[str, list[str]] = Field(
        default_factory=dict,
        description='Context group -> section topics that meet it ("a Taser section is about force").',
    )
    exclude_topics: list[str] = Field(
        default_factory=list,
        description="Section topics where a sentence is not evidence unless it states every context itself.",
    )
    exclude_topics_unless: Phrases = Field(
        default_factory=list,
        description="... or, when given, unless the sentence or its lead-in says one of these phrases.",
    )
    narrow_topics: list[str] = Field(
        default_factory=list,
        description="Section or policy topics where a duty is narrow (capped at weak), as the narrow words.",
    )
    # Grading words of this rule on top of the shared ones (match/modality.py): what binds differs by
    # family ("are authorized to intervene" is permission; in a deadly-force rule it is not a requirement).
    mandatory_words: Phrases = Field(
        default_factory=list, description="Phrases that bind (strong) for this rule, on top of the shared ones."
    )
    permissive_words: Phrases = Field(
        default_factory=list, description="Phrases that only permit (weak) for this rule, on top of the shared ones."
    )


class ValueReading(_Strict):
    """One way a value is said: fixed words ("immediately": 0) or a number before words ("24 hours")."""

    phrase: Phrase = Field(description="Words that say the value, in the phrase language. " + _PHRASES_HELP)
    value: float = Field(default=None, description="The value these words mean (give one of value, times, label).")  # type: ignore[assignment]
    times: float = Field(  # type: ignore[assignment]
        default=None,
        description="The value is the number just before the words (digits or words: 5, five, ten (10)) times this.",
    )
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(  # type: ignore[assignment]
        default=None,
        description='A category these words name ("supervisor"), for values that are not numbers: the finding\'s '
        "value_text is the label and its value null.",
    )
    soft: bool = Field(
        default=False,
        description='Vague words ("as soon as practicable", "promptly"): used only when no firm reading is in the sentence.',
    )


class ValueBlock(_Strict):
    """How a rule reads a number from the sentence that decides its finding (Finding.value)."""

    unit: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        description='What the number counts ("hours", "months").'
    )
    read: Annotated[list[ValueReading], Field(min_length=1)] = Field(
        description="The readings; of those in the sentence the least firm value wins (the strictest deadline)."
    )


def _examples_follow_the_scale(schema: dict[str, Any]) -> None:
    # Editors can then offer, and check, the grades of the rule's own scale as the keys of `examples`.
    schema["allOf"] = [
        {
            "if": {"properties": {"scale": {"const": scale.value}}, "required": ["scale"]},
            "then": {"properties": {"examples": {"propertyNames": {"enum": [g.value for g in grades]}}}},
        }
        for scale, grades in SCALE_GRADES.items()
    ]


class RuleFile(_Strict):
    """One rule: ``rules/<family>/<id>.yaml``."""

    model_config = ConfigDict(json_schema_extra=_examples_follow_the_scale, title="policy-audit rule")

    id: str = Field(description='"<family>.<name>"; the file is <family>/<name>.yaml.')
    family: str = Field(description="The folder the rule file is in.")
    title: str
    scale: Literal[tuple(s.value for s in Scale)] = Field(  # type: ignore[valid-type]
        description="obligation: strong / weak / absent; element: present / absent; met: met / not_met."
    )
    summary: str
    rationale: str
    sources: Phrases = Field(description="Where the criterion comes from, one source an item.")
    model_language: str = Field(description="Policy wording that meets the criterion, for the report.")
    match: MatchBlock
    examples: dict[str, Phrases] = Field(
        description="Grade -> passages that must get it (the test suite runs them): at least one that meets "
        "the criterion and one that does not. The grades are those of the rule's scale."
    )
    severity: Literal[SEVERITIES] = "medium"  # type: ignore[valid-type]
    aliases: list[str] = Field(default_factory=list, description="Former ids that still select this rule.")
    notes: str = ""
    order: int = Field(default=100, description="Position within its family in reports (the headline duty first).")
    tier: Literal["core", "statute"] = Field(
        default="core",
        description="core: audited by the standards core and all; statute: an element only statute profiles "
        "need, audited by a profile or --standard statutes.",
    )
    value: ValueBlock = Field(  # type: ignore[assignment]
        default=None, description="Read a value (a deadline, an interval) from the deciding sentence."
    )


class ListsFile(_Strict):
    """A family's ``_lists.yaml``: phrase lists its rules share as "@name"."""

    model_config = ConfigDict(title="policy-audit phrase lists")

    lists: dict[ListName, Phrases] = Field(
        json_schema_extra={"propertyNames": {"pattern": LIST_NAME_PATTERN}},
        description='Name -> phrases; a rule names a list as "@name" in any of its phrase lists.',
    )


# --- one line per problem ----------------------------------------------------------------------------

_TYPE_NAMES = {
    "string_type": "str",
    "list_type": "list",
    "dict_type": "dict",
    "model_type": "dict",
    "int_type": "int",
}
# Unknown and missing keys first, as the hand-written checks did: they explain the other errors.
_FIRST = {"extra_forbidden": 0, "missing": 1}


def _key(loc: tuple) -> str:
    return ".".join(str(part) for part in loc)


def first_problem(exc: ValidationError, whole_file: str, whole_file_depth: int = 0) -> str:
    """The first of a validation's errors as one line naming the key. ``whole_file`` says what the
    file must be when it is wrong at most ``whole_file_depth`` keys deep (0: not a mapping at all)."""
    errors = sorted(exc.errors(include_url=False), key=lambda e: _FIRST.get(e["type"], 2))
    error = errors[0]
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    if len(loc) <= whole_file_depth:
        return whole_file
    if loc[-1] == "[key]":
        key = _key(loc[:-2])
        if kind == "string_pattern_mismatch":
            return f"key '{key}.{loc[-2]}': a list name is lower-case letters, digits and _"
        return f"key {key!r}: names must be text, not {type(loc[-2]).__name__}"
    if kind == "extra_forbidden":
        return f"unknown key {_key(loc)!r}"
    if kind == "missing":
        return f"missing key {_key(loc)!r}"
    if isinstance(loc[-1], int):  # one item of a list
        return f"key {_key(loc[:-1])!r} holds a non-text or empty entry: {value!r}"
    key = _key(loc)
    if kind == "too_short":
        if isinstance(value, dict):
            return f"key {key!r} needs at least one group of phrases"
        return f"key {key!r} must be a non-empty list of phrases"
    if kind in _TYPE_NAMES:
        return f"key {key!r} must be a {_TYPE_NAMES[kind]}, not {type(value).__name__}"
    if kind == "literal_error":
        return f"key {key!r}: {value!r} is not one of {error['ctx']['expected']}"
    message = error["msg"]
    return f"key {key!r}: {message[:1].lower()}{message[1:]}"


def rule_json_schema() -> dict[str, Any]:
    """The JSON Schema of a rule file, for editors (draft 2020-12, as pydantic writes it)."""
    return _json_schema(RuleFile, "A policy-audit rule file (rules/<family>/<id>.yaml). See docs/rules.md.")


def lists_json_schema() -> dict[str, Any]:
    """The JSON Schema of a family's shared phrase lists."""
    return _json_schema(ListsFile, "A policy-audit phrase-list file (rules/<family>/_lists.yaml). See docs/rules.md.")


def _json_schema(model: type[BaseModel], description: str) -> dict[str, Any]:
    schema = model.model_json_schema()
    _drop_null_defaults(schema)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "description": description}


def _drop_null_defaults(node: Any) -> None:
    # A key left out takes a default that depends on other keys (modality on the scale): say nothing.
    if isinstance(node, dict):
        if node.get("default", ...) is None:
            del node["default"]
        for value in node.values():
            _drop_null_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _drop_null_defaults(value)


__all__ = [
    "ListsFile",
    "MatchBlock",
    "MODALITIES",
    "RuleFile",
    "SEVERITIES",
    "ValueBlock",
    "ValueReading",
    "first_problem",
    "lists_json_schema",
    "rule_json_schema",
]
