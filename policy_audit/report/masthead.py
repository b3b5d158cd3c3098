"""Who a check report is about and what made it: its title and its footer.

A report is forwarded to people who never saw the auditor's machine: the title is the department
(``--department``) or the document's file name, never the folder it sat in, and the footer gives what
anyone needs to re-check it (date, tool version, standard, rules digest, the document's SHA-256 and
pages). Untrusted text: formats escape both like any quote.
"""

from __future__ import annotations

from pathlib import PurePath, PurePosixPath, PureWindowsPath

from policy_audit.findings import AuditResult
from policy_audit.provenance import Provenance


def file_name(path: str) -> str:
    """The last part of a path written on any system; the path itself when it has no name ("/")."""
    pure: PurePath = PureWindowsPath(path) if "\\" in path and "/" not in path else PurePosixPath(path)
    return pure.name or path


def shown_path(path: str) -> str:
    """The path as the auditor typed it when relative ("manuals/x.pdf"); an absolute one names the
    auditor's folders (and often their user name), so it is cut to the file's name."""
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute() or path.startswith("~"):
        return file_name(path)
    return path


def document_title(result: AuditResult, department: str = "") -> str:
    return department.strip() or file_name(result.document.path)


def footer_items(result: AuditResult, provenance: Provenance | None) -> list[tuple[str, str]]:
    """[(label, value), ...] for the footer; [] without provenance (a report built outside a run)."""
    if provenance is None:
        return []
    doc = result.document
    items = [
        ("audited", provenance.run_date),
        ("tool", f"policy-audit {provenance.tool_version}"),
        ("standard", provenance.standard),
        ("rules", provenance.rules_digest),
        ("pages", str(doc.pages)),
    ]
    if doc.sha256:
        items.append(("SHA-256", doc.sha256))
    return items


def footer_line(result: AuditResult, provenance: Provenance | None) -> str:
    """ "audited 2026-12-06 · tool policy-audit 0.9 · ... · SHA-256 ab12..."; "" without provenance."""
    return " \u00b7 ".join(f"{label} {value}" for label, value in footer_items(result, provenance))
