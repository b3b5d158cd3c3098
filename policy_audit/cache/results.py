"""Audit results by the bytes of the document and the options, so that re-scanning a folder where
little changed costs little.

Key: sha256 of the file's bytes, the rules digest, the tool version, and every option that changes
a result (standard, engine, OCR mode, page limit, and whether an OCR program is installed when OCR
may run). Value: ``AuditResult.to_dict()`` as JSON.

Only ``ok`` and ``no_text`` results are kept: ``no_text`` follows from the bytes and the OCR mode
alone (the key notes whether OCR was possible), while an error (corrupt, timeout, crashed reader,
too large) is cheap to find again, and a timeout or a crash may not recur.

This module imports nothing heavy: a warm re-scan reads the cache without loading spaCy or a PDF
library. An entry that cannot be parsed, whatever it holds, is a miss and is overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

from policy_audit import __version__
from policy_audit.cache.database import CacheDatabase
from policy_audit.findings import AuditResult, DocumentInfo, Status

CACHEABLE = (Status.OK, Status.NO_TEXT)
_CHUNK = 1 << 20
_HEX = frozenset("0123456789abcdef")


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("policy-audit"))


def file_sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def options_fingerprint(*, rules_digest: str, standard: str, engine: str, ocr: str, max_pages: int) -> str:
    """Everything except the file's bytes that decides a result."""
    ocr_available = ocr != "never" and shutil.which("tesseract") is not None
    parts = [
        f"version={__version__}",
        f"rules={rules_digest}",
        f"standard={standard}",
        f"engine={engine}",
        f"ocr={ocr}",
        f"ocr_available={ocr_available}",
        f"max_pages={max_pages}",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _is_sha256(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX


# A file whose modification time is this recent may still be changing within the clock's
# granularity: its hash is computed but not remembered (git's "racily clean" rule).
_SETTLED_SECONDS = 2.0
_MAX_REMEMBERED = 100_000


class ResultCache:
    def __init__(self, folder: str | os.PathLike[str], fingerprint: str):
        self.folder = Path(folder)
        self.fingerprint = fingerprint
        self.hits = 0
        self.writes = 0
        self._db = CacheDatabase(self.folder)
        self._learned: dict[bytes, str] = {}  # file identity -> sha256, see file_hash

    # -- content hashes, remembered by file identity ------------------------------------------

    def file_hash(self, path: str | os.PathLike[str]) -> str:
        """sha256 of the file's bytes, without reading them again when the file is unchanged.

        Hashing was half of a warm re-scan (docs/design/cache.md). The key is the file's identity as ``stat`` sees it (resolved path, size, modification time
        in ns, inode), as git's index does: a changed file gets a new key and is hashed again.
        """
        st = os.stat(path)
        # bytes: a file name that is not valid UTF-8 is still a key
        identity = os.fsencode(f"{os.path.realpath(path)}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}")
        row = self._db.read("SELECT sha256 FROM file_hashes WHERE identity = ?", (identity,))
        if row is not None and _is_sha256(row[0]):
            self._learned[identity] = row[0]  # seen again: kept when the oldest are dropped
            return row[0]
        digest = file_sha256(path)
        if time.time() - st.st_mtime_ns / 1e9 > _SETTLED_SECONDS:
            self._learned[identity] = digest
        return digest

    def save_hashes(self) -> None:
        """Remember the hashes of this scan (plus earlier ones, up to a bound). Never raises."""
        if not self._learned:
            return
        now = time.time()
        self._db.write(
            "INSERT OR REPLACE INTO file_hashes (identity, sha256, seen) VALUES (?, ?, ?)",
            [(identity, digest, now) for identity, digest in self._learned.items()],
            then="DELETE FROM file_hashes WHERE identity IN (SELECT identity FROM file_hashes ORDER BY seen"
            " LIMIT max(0, (SELECT count(*) FROM file_hashes) - ?))",
            then_params=(_MAX_REMEMBERED,),
        )
        self._learned.clear()

    # -- results ------------------------------------------------------------------------------

    def _key(self, sha256: str) -> str:
        return hashlib.sha256(f"{sha256}\n{self.fingerprint}".encode()).hexdigest()

    def get(self, sha256: str, path: str, group: str) -> AuditResult | None:
        """The cached result for these bytes, with the current path and group; None on a miss."""
        row = self._db.read("SELECT result FROM results WHERE key = ?", (self._key(sha256),))
        if row is None or not isinstance(row[0], str):
            return None
        try:
            result = AuditResult.from_dict(json.loads(row[0]))
        except Exception:  # noqa: BLE001 - whatever the entry holds (deep nesting: RecursionError), a miss
            return None
        if not isinstance(result, AuditResult) or result.status not in CACHEABLE:
            return None
        self.hits += 1
        document = replace(result.document, path=path) if isinstance(result.document, DocumentInfo) else result.document
        return replace(result, document=document, group=group)

    def put(self, sha256: str, result: AuditResult) -> bool:
        """Store a result (if it is worth keeping). Never raises: a cache that can't write is no cache."""
        if result.status not in CACHEABLE:
            return False
        try:
            text = json.dumps(result.to_dict())  # ASCII: a file name with surrogate escapes survives
        except (TypeError, ValueError):
            return False
        if not self._db.write(
            "INSERT OR REPLACE INTO results (key, result) VALUES (?, ?)", [(self._key(sha256), text)]
        ):
            return False
        self.writes += 1
        return True

    def close(self) -> None:
        self._db.close()
