"""The shape of a standards profile (``standards/<id>.yaml``), as pydantic models, and its JSON Schema.

A profile is data: a statute, policy or decree, and per requirement the criteria that meet it. The
models check keys, types and allowed values; what needs the rule set (a criterion that exists, a grade
of its scale) is checked by :mod:`policy_audit.standards.profiles` after these accept the file.
``schemas/standard.schema.json`` is :func:`standard_json_schema` written out; a test keeps it current.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from policy_audit.rule_schema import _drop_null_defaults

PROFILE_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,40}$"
REQUIREMENT_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,40}\.[a-z0-9][a-z0-9_.-]{0,60}$"
# The grades a requirement can ask of a criterion: strong and weak (obligation scale), present
# (element scale), met (Campaign Zero's scale).
EFFECTIVE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
NEEDED_GRADES = ("strong", "weak", "present", "met")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ValueSpec(_Strict):
    """What a criterion's extracted value must be: a number within bounds, or one of some words."""

    max: Annotated[float, Field(ge=0, strict=False)] | None = Field(
        default=None, description="The largest value that meets it (a report deadline in hours: 120 = 5 days)."
    )
    min: Annotated[float, Field(ge=0, strict=False)] | None = Field(
        default=None, description="The smallest value that meets it (hours of training)."
    )
    in_: Annotated[list[Text], Field(min_length=1)] | None = Field(
        default=None, alias="in", description="The words that meet it (a report's recipient: designated)."
    )
    unit: str = Field(default="", description="What the number counts, for the report: hours, months.")

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        populate_by_name=False,
        json_schema_extra={"anyOf": [{"required": ["max"]}, {"required": ["min"]}, {"required": ["in"]}]},
    )

    @model_validator(mode="after")
    def _one_condition(self) -> ValueSpec:
        if self.max is None and self.min is None and self.in_ is None:
            raise ValueError("a value needs max, min or in")
        if self.in_ is not None and (self.max is not None or self.min is not None):
            raise ValueError("a value is either words (in) or a number (max, min), not both")
        return self


class Meets(_Strict):
    """One criterion a requirement needs, and how well."""

    criterion: Text = Field(description="A criterion id (`policy-audit rules`), e.g. intervene.duty.")
    grade: Literal[NEEDED_GRADES] = Field(  # type: ignore[valid-type]
        description="The grade needed: strong or weak (obligation criteria), present (elements), met (8cw)."
    )
    value: ValueSpec | None = Field(default=None, description="What the criterion's extracted value must be.")
    missing: str = Field(default="", description="What the manual lacks when nothing meets it, in the statute's terms.")


class RequirementEntry(_Strict):
    """One clause of the standard."""

    id: Annotated[str, StringConstraints(pattern=REQUIREMENT_ID_PATTERN)] = Field(
        description='"<profile id>.<name>", e.g. il.report_deadline.'
    )
    citation: Text = Field(description="The clause, e.g. 720 ILCS 5/7-16(d).")
    text: Text = Field(description="What the clause requires, in plain words (a paraphrase unless verified).")
    verified: bool = Field(description="True only when the clause was read in its primary source.")
    meets: Annotated[list[Meets], Field(min_length=1)] = Field(description="Every criterion the clause needs.")
    notes: str = ""


class ProfileFile(_Strict):
    """A standards profile: ``standards/<id>.yaml`` or a user's file."""

    model_config = ConfigDict(title="policy-audit standard")

    id: Annotated[str, StringConstraints(pattern=PROFILE_ID_PATTERN)] = Field(
        description="Short id used with --standard (il, ncp, my-decree)."
    )
    title: Text
    jurisdiction: Text = Field(description="A state, the nation, a court, a programme.")
    citation: Text = Field(description="The statute, policy or decree as a whole.")
    effective: Annotated[str, StringConstraints(pattern=EFFECTIVE_PATTERN)] | None = Field(
        default=None,
        description="When it took effect, as precisely as known: YYYY, YYYY-MM or YYYY-MM-DD; null when unknown.",
    )
    superseded_by: str = Field(default="", description="What replaced or revoked it, with the date; empty if in force.")
    source_url: str = Field(default="", description="Where the text can be read.")
    verified: bool = Field(description="True only when every requirement was checked in the primary source.")
    notes: str = ""
    requirements: Annotated[list[RequirementEntry], Field(min_length=1)]

    @field_validator("effective", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        # YAML reads 2021-07-01 as a date and 2021 as a number; both mean the text written
        if isinstance(value, date) or (isinstance(value, int) and not isinstance(value, bool)):
            return value.isoformat() if isinstance(value, date) else str(value)
        return value


def standard_json_schema() -> dict[str, Any]:
    """The JSON Schema of a profile file, for editors (draft 2020-12, as pydantic writes it)."""
    schema = ProfileFile.model_json_schema(by_alias=True)
    _drop_null_defaults(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "description": "A policy-audit standards profile (standards/<id>.yaml). See docs/standards.md.",
    }


__all__ = [
    "NEEDED_GRADES",
    "Meets",
    "ProfileFile",
    "RequirementEntry",
    "ValueSpec",
    "standard_json_schema",
    "standard_schema_text",
]


def standard_schema_text() -> str:
    """``schemas/standard.schema.json`` as written (a test compares the file with this)."""
    import json

    return json.dumps(standard_json_schema(), indent=2, ensure_ascii=False) + "\n"
