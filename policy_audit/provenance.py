"""What a report was made with and when, so a filed finding can be re-checked.

A monitor files findings with a court: the tool version, the rules' digest, the standard and the run's
date (UTC) travel with every output beside each document's SHA-256 (in DocumentInfo). The run date is
the only field two runs over the same files may differ in; it is taken once per run, by the command.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from policy_audit import __version__


@dataclass(frozen=True)
class Provenance:
    tool_version: str
    rules_digest: str  # RuleSet.digest: a hash of every rule file's bytes
    standard: str  # what the criteria were selected by ("core", "8cantwait", a profile id, ...)
    run_at: str  # ISO 8601, UTC, to the second: "2026-12-06T14:40:00Z"

    @classmethod
    def now(cls, *, rules_digest: str, standard: str, clock: datetime | None = None) -> Provenance:
        moment = (clock or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
        return cls(
            tool_version=__version__,
            rules_digest=rules_digest,
            standard=standard,
            run_at=moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )

    @property
    def run_date(self) -> str:
        return self.run_at[:10]

    def to_dict(self) -> dict[str, Any]:
        return {
            "tool_version": self.tool_version,
            "rules_digest": self.rules_digest,
            "standard": self.standard,
            "run_at": self.run_at,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Provenance:
        return cls(
            tool_version=d["tool_version"], rules_digest=d["rules_digest"], standard=d["standard"], run_at=d["run_at"]
        )
