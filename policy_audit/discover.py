"""Which files a scan audits: named files, folders walked recursively, and globs.

Every input the user gave ends up as at least one :class:`Input`: a document to audit, or a row that
says why it could not be reached (missing path, dangling symlink, symlink loop, unreadable folder).
A folder walk takes the policy-document formats, files without an extension and the document formats
we cannot read (``.doc``, ``.odt``, ``.zip``, images: the reader sniffs each and says what to do with
it). It leaves out, silently, hidden files and folders and Office ``~$`` lock files; and, each listed in
:attr:`Discovery.skipped` with its reason, everything else: files that are not policies by name
(README, LICENSE...), other formats (spreadsheets, code), pipes, sockets and devices, policy-audit's
own output folders, and symlinks that leave the scanned folders (unless ``follow_links``).
A file named explicitly (or matched by a glob) is audited whatever its name; the reader sniffs its content.

Order is deterministic (sorted by path) and each file appears once, by its resolved path.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from policy_audit.errors import DocumentProblem
from policy_audit.extract.sniff import SUPPORTED_SUFFIXES

_GLOB_CHARS = frozenset("*?[")

# Formats a records request holds that are documents we cannot read: a folder walk gives each a row,
# so that the reader can say what the file is and how to convert it, rather than leave it out unseen.
DOCUMENT_LIKE_SUFFIXES = frozenset(
    {
        ".doc", ".dot", ".odt", ".ott", ".wpd", ".pages", ".epub", ".xps", ".oxps",
        ".zip", ".7z", ".rar", ".gz", ".tgz", ".tar",
        ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp", ".heic",
    }
)  # fmt: skip

# Files that sit beside policies in a repository or a download and are never one: a folder walk
# skips them, whatever their case or extension (README.md, license.txt, CHANGELOG). Named, they are read.
NOT_POLICY_NAMES = frozenset({"readme", "license", "licence", "changelog", "contributing", "code_of_conduct"})

# policy-audit's own ``scan -o`` folder: a scan of a folder that holds one must not grade last run's
# reports (and their model language) as policy.
_OUTPUT_SUMMARY = "summary.csv"
_OUTPUT_REPORTS = "reports"
_OUTPUT_CSV_HEADER = "path,department,status,"


@dataclass(frozen=True)
class Input:
    """One thing to audit. ``problem`` is set when it cannot even be opened."""

    path: str  # as the user would recognise it: the argument, or the argument joined with the walk
    problem: DocumentProblem | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class Skipped:
    """A file or folder a walk left out on purpose, and why (shown on stderr and counted in JSON)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Discovery:
    inputs: tuple[Input, ...]
    notes: tuple[str, ...] = ()  # one-line remarks for stderr ("no documents in FOLDER")
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True)
class _Walk:
    """What one folder walk needs to know besides the folder."""

    roots: tuple[str, ...]  # real paths of every folder the user named
    follow_links: bool
    skipped: list[Skipped]


def _skipped_name(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")


def not_a_policy_by_name(name: str) -> bool:
    """README, LICENSE, CHANGELOG... in any case, with any extension (README.md, License.txt)."""
    return name.split(".", 1)[0].casefold().replace("-", "_") in NOT_POLICY_NAMES


def _is_glob(arg: str) -> bool:
    return any(c in arg for c in _GLOB_CHARS)


def _stat_problem(path: str, exc: OSError) -> Input:
    if exc.errno == errno.ELOOP:
        return Input(path, DocumentProblem.NOT_FOUND, "symlink loop: the link points back to itself")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Input(path, DocumentProblem.PERMISSION, "permission denied")
    if exc.errno == errno.ENOENT and os.path.islink(path):
        target = os.readlink(path)
        return Input(path, DocumentProblem.NOT_FOUND, f"dangling symlink: its target {target} does not exist")
    if exc.errno == errno.ENOENT:
        return Input(path, DocumentProblem.NOT_FOUND, "no such file or folder")
    return Input(path, DocumentProblem.NOT_FOUND, f"cannot open: {exc.strerror or exc}")


def _inside(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _is_output_folder(folder: str, names: set[str]) -> bool:
    """True when ``folder`` is a ``scan -o`` folder: summary.csv (with our header) beside reports/."""
    if _OUTPUT_SUMMARY not in names or _OUTPUT_REPORTS not in names:
        return False
    try:
        with open(os.path.join(folder, _OUTPUT_SUMMARY), "rb") as fh:
            head = fh.read(len(_OUTPUT_CSV_HEADER) + 3)
    except OSError:
        return False
    return head.decode("utf-8", "replace").lstrip("\ufeff").startswith(_OUTPUT_CSV_HEADER)


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _walk(folder: str, ancestors: tuple[tuple[int, int], ...], walk: _Walk) -> Iterator[Input]:
    """Documents under ``folder``, following symlinks inside the scanned roots but never around a loop."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield _stat_problem(folder, exc)
        return
    names = {e.name for e in entries}
    if _is_output_folder(folder, names):
        for name in sorted(n for n in names if n == _OUTPUT_REPORTS or n.startswith("summary.")):
            why = "policy-audit's own output (a scan -o folder): its reports quote model language, not policy"
            walk.skipped.append(Skipped(os.path.join(folder, name), why))
        names = {n for n in names if n != _OUTPUT_REPORTS and not n.startswith("summary.")}
        entries = [e for e in entries if e.name in names]
    for entry in entries:
        if _skipped_name(entry.name):
            continue
        path = os.path.join(folder, entry.name)
        try:
            st = entry.stat(follow_symlinks=True)
        except OSError as exc:
            # Dangling links and loops are reported when they could be documents (or folders of them).
            suffix = Path(entry.name).suffix.lower()
            if exc.errno == errno.ELOOP or suffix in SUPPORTED_SUFFIXES or not suffix:
                yield _stat_problem(path, exc)
            continue
        if entry.is_symlink() and not walk.follow_links:
            target = os.path.realpath(path)
            if not _inside(target, walk.roots):
                walk.skipped.append(
                    Skipped(path, f"symlink to {target}, outside the scanned folders (--follow-links follows it)")
                )
                continue
        if stat.S_ISDIR(st.st_mode):
            ident = (st.st_dev, st.st_ino)
            if ident in ancestors:
                yield Input(
                    path,
                    DocumentProblem.NOT_FOUND,
                    f"symlink loop: points back to the folder {os.path.realpath(path)} it is in",
                )
                continue
            yield from _walk(path, ancestors + (ident,), walk)
        elif not stat.S_ISREG(st.st_mode):
            # Opening a FIFO waits for a writer forever, and a device never ends.
            walk.skipped.append(Skipped(path, f"{_special_kind(st.st_mode)}, not a file"))
        elif not_a_policy_by_name(entry.name):
            walk.skipped.append(Skipped(path, "not a policy by its name (name the file to audit it)"))
        else:
            suffix = Path(entry.name).suffix.lower()
            if suffix in SUPPORTED_SUFFIXES or suffix in DOCUMENT_LIKE_SUFFIXES or not suffix:
                yield Input(path)
            else:
                walk.skipped.append(Skipped(path, f"not a policy-document format ({suffix}; name the file to try it)"))


def _expand(arg: str, walk: _Walk) -> tuple[list[Input], list[str]]:
    """The inputs one command-line argument stands for, and notes about it."""
    notes: list[str] = []
    if os.path.lexists(arg) or not _is_glob(arg):
        return _named(arg, notes, walk), notes
    matches = sorted(glob.glob(arg, recursive=True))
    if not matches:
        return [Input(arg, DocumentProblem.NOT_FOUND, "no file matches this pattern")], notes
    out: list[Input] = []
    for m in matches:
        if _skipped_name(os.path.basename(m)):
            continue
        out.extend(_named(m, notes, walk))
    return out, notes


def _named(arg: str, notes: list[str], walk: _Walk) -> list[Input]:
    try:
        st = os.stat(arg)
    except OSError as exc:
        return [_stat_problem(arg, exc)]
    if os.path.isdir(arg):
        before = len(walk.skipped)
        found = list(_walk(arg, ((st.st_dev, st.st_ino),), walk))
        if not found and len(walk.skipped) == before:
            notes.append(f"{arg}: no documents ({', '.join(sorted(SUPPORTED_SUFFIXES))}) in this folder")
        return found
    return [Input(arg)]


def _skip_notes(skipped: Iterable[Skipped]) -> list[str]:
    """One stderr line per reason: how many were skipped, and the first few names."""
    by_reason: dict[str, list[str]] = {}
    for item in skipped:
        key = item.reason if "symlink to" not in item.reason else "symlinks that leave the scanned folders"
        key = (
            key
            if not key.startswith(("a named pipe", "a socket", "a device", "not a regular"))
            else ("pipes, sockets or devices, not files")
        )
        key = (
            key
            if not key.startswith("not a policy-document format")
            else ("not a policy-document format (name a file to try it)")
        )
        by_reason.setdefault(key, []).append(item.path)
    notes = []
    for reason, paths in by_reason.items():
        shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        notes.append(f"skipped {len(paths)}: {reason}: {shown}")
    return notes


def discover(args: Iterable[str | os.PathLike[str]], follow_links: bool = False) -> Discovery:
    """Expand the command-line paths into sorted, de-duplicated inputs."""
    names = [os.fspath(arg) for arg in args]
    roots = tuple(os.path.realpath(a) for a in names if os.path.isdir(a))
    walk = _Walk(roots=roots, follow_links=follow_links, skipped=[])
    found: list[Input] = []
    notes: list[str] = []
    for arg in names:
        inputs, arg_notes = _expand(arg, walk)
        found.extend(inputs)
        notes.extend(arg_notes)
    seen: set[str] = set()
    unique: list[Input] = []
    for item in sorted(found, key=lambda i: (i.path, i.problem is not None)):
        key = os.path.realpath(item.path) if item.ok else f"{item.path}\0problem"
        if key in seen:
            continue
        seen.add(key)
        unique.append(item)
    skipped = sorted({s.path: s for s in walk.skipped}.values(), key=lambda s: s.path)
    return Discovery(tuple(unique), tuple(notes + _skip_notes(skipped)), tuple(skipped))
