"""The review file (``policy-audit.review.yaml``): per document (its path and SHA-256) and criterion,
a reviewer's decision. Strict: an unknown key or a bad value is refused with the key named (exit 2).

```yaml
version: 1
documents:
  - path: policies/use-of-force.pdf   # relative to the review file's folder
    sha256: 3f5a...                   # the document the decisions were made on
    decisions:
      intervene.duty:
        decision: override            # or accept
        grade: strong                 # override only: the reviewed grade
        note: "4.10.2 binds through the chapter's 'shall' lead-in"
        reviewer: J. Rivera
        date: 2026-12-06
```
"""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from policy_audit.findings import Grade

SHA256_PATTERN = r"^[0-9a-f]{64}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Decision(_Strict):
    decision: Literal["accept", "override"]
    grade: Grade | None = None
    note: str = ""
    reviewer: str = Field(min_length=1)
    date: datetime.date

    @model_validator(mode="after")
    def _grade_goes_with_override(self) -> Decision:
        # an accepted finding keeps the tool's grade; an override without a grade would change nothing
        if self.decision == "override" and self.grade is None:
            raise ValueError("an override needs a grade (strong, weak, absent, present, met, not_met)")
        if self.decision == "accept" and self.grade is not None:
            raise ValueError("an accepted finding keeps the tool's grade: remove grade, or make it an override")
        return self


class DocumentReview(_Strict):
    path: str = Field(min_length=1)
    sha256: str = Field(pattern=SHA256_PATTERN)
    decisions: dict[str, Decision] = Field(default_factory=dict)


class ReviewFile(_Strict):
    version: Literal[1] = 1
    documents: list[DocumentReview] = Field(default_factory=list)
