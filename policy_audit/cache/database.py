"""The cache's one SQLite file: results, remembered file hashes, validated rule sets and compiled
screens, as text.

Two scans may share a folder: the file is in WAL mode (readers never wait for a writer) and a
writer waits up to ``BUSY_SECONDS`` for another's lock. Nothing here raises: a folder that cannot
be written, a locked or damaged file is a cache that answers nothing. A file that is not a SQLite
database, or one SQLite finds damaged, is moved aside (``<name>.corrupt``) once and started afresh.
Values are text (JSON) only: nothing read from this file can carry code.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

DB_NAME = "policy-audit-cache.sqlite3"
BUSY_SECONDS = 10.0

_SCHEMA = {
    "results": "CREATE TABLE results (key TEXT PRIMARY KEY, result TEXT NOT NULL)",
    "file_hashes": "CREATE TABLE file_hashes (identity BLOB PRIMARY KEY, sha256 TEXT NOT NULL, seen REAL NOT NULL)",
    "rule_sets": "CREATE TABLE rule_sets (key TEXT PRIMARY KEY, rules TEXT NOT NULL)",
    "compiled_regexes": "CREATE TABLE compiled_regexes (key TEXT PRIMARY KEY, regexes TEXT NOT NULL)",
}
_DAMAGED = {getattr(sqlite3, "SQLITE_NOTADB", 26), getattr(sqlite3, "SQLITE_CORRUPT", 11)}


def _is_damage(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code in _DAMAGED
    text = str(exc)
    return "not a database" in text or "malformed" in text


class CacheDatabase:
    """A lazily opened connection to ``folder/DB_NAME``; every method answers None/False on failure."""

    def __init__(self, folder: str | os.PathLike[str]):
        self.path = Path(folder) / DB_NAME
        self._conn: sqlite3.Connection | None = None
        self._unusable = False
        self._moved_aside = False

    def _connection(self) -> sqlite3.Connection | None:
        if self._conn is None and not self._unusable:
            try:
                self._conn = self._open()
            except sqlite3.Error as exc:
                self._failed(exc)
                if self._conn is None and not self._unusable:
                    try:
                        self._conn = self._open()  # afresh, after moving the damaged file aside
                    except (sqlite3.Error, OSError):
                        self._unusable = True
            except OSError:
                self._unusable = True
        return self._conn

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: each statement commits by itself; a batch says BEGIN IMMEDIATE.
        conn = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")  # reads sqlite_master: a non-database fails here
            conn.execute("PRAGMA synchronous=NORMAL")  # in WAL: durable at checkpoints, never corrupt
            have = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            for name, create in _SCHEMA.items():
                if name not in have:
                    conn.execute(create.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))
        except BaseException:
            conn.close()
            raise
        return conn

    def _failed(self, exc: sqlite3.Error) -> None:
        """After an error: a damaged file is moved aside once (and reopened on the next use)."""
        if not _is_damage(exc):
            return  # locked past the busy timeout, read-only, full disk: a miss, and try again later
        self.close()
        if self._moved_aside:
            self._unusable = True
            return
        self._moved_aside = True
        try:
            os.replace(self.path, self.path.with_name(self.path.name + ".corrupt"))
            for suffix in ("-wal", "-shm"):  # meaningless without their database
                try:
                    os.unlink(self.path.with_name(self.path.name + suffix))
                except FileNotFoundError:
                    pass
        except OSError:
            self._unusable = True

    def read(self, sql: str, params: tuple) -> tuple | None:
        """The first row of a query, or None (no row, or no usable database)."""
        conn = self._connection()
        if conn is None:
            return None
        try:
            return conn.execute(sql, params).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc)
            return None
        except (ValueError, OverflowError):  # a value that SQLite cannot bind
            return None

    def write(self, sql: str, rows: Iterable[tuple], *, then: str | None = None, then_params: tuple = ()) -> bool:
        """Run ``sql`` for every row (and ``then`` once) in one transaction; False if it did not commit."""
        conn = self._connection()
        if conn is None:
            return False
        try:
            conn.execute("BEGIN IMMEDIATE")  # take the write lock now: no upgrade deadlock with another scan
            try:
                conn.executemany(sql, rows)
                if then is not None:
                    conn.execute(then, then_params)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            self._failed(exc)
            return False
        except (ValueError, OverflowError, UnicodeError):
            return False
        return True

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None
