"""The one place that decides the process exit status.

Documented in the README. Precedence, highest first: usage/rule error, unreadable document,
gaps found, clean. Printers never decide this; commands return results and this module judges them.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

from policy_audit.findings import AuditResult, Status


class ExitCode(IntEnum):
    OK = 0  # every selected criterion strong / present / met
    GAPS = 1  # at least one criterion weak, absent or not met
    USAGE = 2  # bad command line, invalid rule file, bad labels file
    UNREADABLE = 3  # a document could not be read (missing, corrupt, encrypted, over a limit, no text)
    INTERNAL = 4  # a bug in policy-audit: the message asks for a report
    INTERRUPTED = 130  # Ctrl-C; finished results were still written


def for_results(results: Iterable[AuditResult], fail_on_gaps: bool = True) -> ExitCode:
    results = list(results)
    if any(r.status is not Status.OK for r in results):
        return ExitCode.UNREADABLE
    if fail_on_gaps and any(r.gaps for r in results):
        return ExitCode.GAPS
    return ExitCode.OK
