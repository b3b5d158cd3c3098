"""Which files a scan audits: named files, folders walked recursively, and globs.

Every input the user gave ends up as at least one :class:`Input`: a document to audit, or a row that
says why it could not be reached (missing path, dangling symlink, symlink loop, unreadable folder).
Nothing is dropped silently except what a folder walk skips on purpose: hidden files and folders,
Office ``~$`` lock files, and files whose extension is not a policy-document format. A file named
explicitly (or matched by a glob) is audited whatever its extension; the reader sniffs its content.

Order is deterministic (sorted by path) and each file appears once, by its resolved path.
"""

from __future__ import annotations

import errno
import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from policy_audit.errors import DocumentProblem
from policy_audit.extract.sniff import SUPPORTED_SUFFIXES

_GLOB_CHARS = frozenset("*?[")


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
class Discovery:
    inputs: tuple[Input, ...]
    notes: tuple[str, ...] = ()  # one-line remarks for stderr ("no documents in FOLDER")


def _skipped_name(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")


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


def _walk(folder: str, ancestors: tuple[tuple[int, int], ...]) -> Iterator[Input]:
    """Supported documents under ``folder``, following symlinks but never around a loop."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield _stat_problem(folder, exc)
        return
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
        if entry.is_dir(follow_symlinks=True):
            ident = (st.st_dev, st.st_ino)
            if ident in ancestors:
                yield Input(
                    path,
                    DocumentProblem.NOT_FOUND,
                    f"symlink loop: points back to the folder {os.path.realpath(path)} it is in",
                )
                continue
            yield from _walk(path, ancestors + (ident,))
        elif entry.is_file(follow_symlinks=True) and Path(entry.name).suffix.lower() in SUPPORTED_SUFFIXES:
            yield Input(path)


def _expand(arg: str) -> tuple[list[Input], list[str]]:
    """The inputs one command-line argument stands for, and notes about it."""
    notes: list[str] = []
    if os.path.lexists(arg) or not _is_glob(arg):
        return _named(arg, notes), notes
    matches = sorted(glob.glob(arg, recursive=True))
    if not matches:
        return [Input(arg, DocumentProblem.NOT_FOUND, "no file matches this pattern")], notes
    out: list[Input] = []
    for m in matches:
        if _skipped_name(os.path.basename(m)):
            continue
        out.extend(_named(m, notes))
    return out, notes


def _named(arg: str, notes: list[str]) -> list[Input]:
    try:
        st = os.stat(arg)
    except OSError as exc:
        return [_stat_problem(arg, exc)]
    if os.path.isdir(arg):
        found = list(_walk(arg, ((st.st_dev, st.st_ino),)))
        if not found:
            notes.append(f"{arg}: no documents ({', '.join(sorted(SUPPORTED_SUFFIXES))}) in this folder")
        return found
    return [Input(arg)]


def discover(args: Iterable[str | os.PathLike[str]]) -> Discovery:
    """Expand the command-line paths into sorted, de-duplicated inputs."""
    found: list[Input] = []
    notes: list[str] = []
    for arg in args:
        inputs, arg_notes = _expand(os.fspath(arg))
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
    return Discovery(tuple(unique), tuple(notes))
