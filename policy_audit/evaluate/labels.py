"""The JSON labels file, read through a schema: the file's shape is declared once, as pydantic models,
and every way it can be wrong becomes one line naming the file, the place and the key.

``{"labeller": str, "docs": [{"doc": path, "labels": {criterion id: {"grade", "quote", "page"}},
"notes": str, "no_text": bool}], "batch_checked": {folder name: number of files checked}}``;
unknown keys are ignored, as they always were. Whether a criterion id exists, and whether a grade
is on its scale, depends on the rules loaded: :func:`.model.check_criteria` decides that after.
"""

from __future__ import annotations

import json
import reprlib
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from policy_audit.evaluate.model import (
    DocLabels,
    Label,
    LabelsError,
    LabelSet,
    read_labels_bytes,
)
from policy_audit.findings import Grade

# What each key must be, for the one-line error when it is not.
_MUST = {
    "docs": "must be a list",
    "labeller": "must be text",
    "batch_checked": "must map folder names to file counts",
    "doc": "must be a non-empty path",
    "no_text": "must be true or false",
    "labels": "must be an object",
    "notes": "must be text",
    "quote": "must be text",
    "page": "must be a page number or null",
}
_CUSTOM = {"missing_key", "bad_path"}  # errors raised here, whose message is already the whole story


def _no_nul(value: str) -> str:
    # A NUL cannot be in a file name: the operating system would refuse the path (ValueError).
    if not value.strip() or "\x00" in value:
        raise PydanticCustomError("bad_path", "key 'doc' must be a non-empty path without NUL characters")
    return value


_Folder = Annotated[StrictStr, Field(min_length=1, pattern=r"^[^\x00]+$")]
_Count = Annotated[StrictInt, Field(ge=0)]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, hide_input_in_errors=False)


class LabelEntry(_Schema):
    grade: Grade
    quote: StrictStr | None = None
    page: Annotated[StrictInt, Field(ge=1)] | None = None


class DocEntry(_Schema):
    doc: StrictStr
    labels: dict[StrictStr, LabelEntry] = Field(default_factory=dict)
    notes: StrictStr = ""
    no_text: StrictBool = False

    _doc = field_validator("doc")(_no_nul)

    @model_validator(mode="after")
    def _labels_unless_no_text(self) -> DocEntry:
        if "labels" not in self.model_fields_set and not self.no_text:
            raise PydanticCustomError("missing_key", "missing key 'labels'")
        return self


class LabelsFile(_Schema):
    docs: list[DocEntry]
    labeller: StrictStr = ""
    batch_checked: dict[_Folder, _Count] = Field(default_factory=dict)


def read_json(path: Path) -> Any:
    where = str(path)
    raw = read_labels_bytes(path)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise LabelsError(where, "not JSON (not UTF-8 text)")
    except json.JSONDecodeError as exc:
        raise LabelsError(where, f"not JSON (line {exc.lineno} column {exc.colno}: {exc.msg})")
    except RecursionError:
        raise LabelsError(where, "not a labels file (nested too deeply to read)")


def parse_labels(data: Any, where: str, default_root: str = ".") -> LabelSet:
    """Validate parsed JSON labels and build the LabelSet; every problem names its place."""
    try:
        parsed = LabelsFile.model_validate(data)
    except ValidationError as exc:
        raise LabelsError(where, _explain(exc.errors()[0], data))
    except RecursionError:
        raise LabelsError(where, "not a labels file (nested too deeply to read)")
    docs: list[DocLabels] = []
    seen: set[str] = set()
    for i, entry in enumerate(parsed.docs):
        if entry.doc in seen:
            raise LabelsError(where, f"docs[{i}] ({entry.doc}): listed twice")
        seen.add(entry.doc)
        labels = tuple(
            (cid, Label(grade=lab.grade, quote=" ".join((lab.quote or "").split()), page=lab.page))
            for cid, lab in entry.labels.items()
        )
        docs.append(DocLabels(doc=entry.doc, labels=labels, notes=entry.notes, no_text=entry.no_text))
    return LabelSet(
        path=where,
        kind="json",
        labeller=parsed.labeller,
        docs=tuple(docs),
        root=default_root,
        batch_checked=tuple(parsed.batch_checked.items()),
    )


def load_json_labels(path: Path) -> LabelSet:
    return parse_labels(read_json(path), str(path), default_root=str(path.parent))


_short = reprlib.Repr()
_short.maxstring = 60
_short.maxother = 60


def _explain(error: Any, data: Any) -> str:
    """One line for pydantic's first error: where (``docs[3] (a.pdf) labels.medical.aid``) and what."""
    loc, kind = list(error["loc"]), error["type"]
    if not loc:
        return "the top level must be an object with a 'docs' list"
    prefix = ""
    if loc[0] == "docs" and len(loc) >= 2:
        index, loc = loc[1], loc[2:]
        prefix = f"docs[{index}]{_doc_name(data, index)}"
        if not loc:
            return f"{prefix}: {error['msg'] if kind in _CUSTOM else 'must be an object'}"
        if loc[0] == "labels" and len(loc) >= 2:
            prefix, loc = f"{prefix} labels.{loc[1]}", loc[2:]
            if not loc:
                return f"{prefix}: must be an object with 'grade', 'quote', 'page'"
            if loc[0] == "grade" and kind != "missing":
                expected = ", ".join(g.value for g in Grade)
                return f"{prefix}: unknown grade {_short.repr(error['input'])} (expected one of {expected})"
        prefix += ": "
    key = str(loc[0])
    if kind == "missing":
        return f"{prefix}missing key {key!r}"
    if kind in _CUSTOM:
        return f"{prefix}{error['msg']}"
    return f"{prefix}key {key!r} {_MUST.get(key, 'is not valid')}"


def _doc_name(data: Any, index: Any) -> str:
    try:
        doc = data["docs"][index]["doc"]
    except (KeyError, IndexError, TypeError):
        return ""
    return f" ({doc})" if isinstance(doc, str) and doc.strip() and "\x00" not in doc else ""
