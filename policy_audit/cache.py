"""A result cache, so that re-scanning a folder where little changed costs little.

Key: sha256 of the file's bytes, the rules digest, the tool version, and every option that changes
a result (standard, engine, OCR mode, page limit, and whether an OCR program is installed when OCR
may run). Value: ``AuditResult.to_dict()`` as JSON, one file per key, written atomically
(temporary file + ``os.replace``), so two scans sharing a cache never read half a file.

What is cached: results with status ``ok`` and ``no_text``. A ``no_text`` result follows from the
bytes and the OCR mode alone (and the key notes whether OCR was possible), so re-reading a
scanned manual every run would buy nothing. Errors (corrupt, timeout, crashed reader, too large)
are never cached: they are cheap to find again, and a timeout or a crash may not recur.

This module imports nothing heavy: a warm re-scan reads the cache without loading spaCy or a PDF
library. A cache entry that cannot be parsed is treated as a miss and overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from policy_audit import __version__
from policy_audit.findings import AuditResult, DocumentInfo, Status

CACHEABLE = (Status.OK, Status.NO_TEXT)
_CHUNK = 1 << 20


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
        self._known: dict[str, str] | None = None  # file identity -> sha256, see file_hash
        self._learned: dict[str, str] = {}

    # -- content hashes, remembered by file identity ------------------------------------------

    @property
    def _known_path(self) -> Path:
        return self.folder / "file-hashes.json"

    def file_hash(self, path: str | os.PathLike[str]) -> str:
        """sha256 of the file's bytes, without reading them again when the file is unchanged.

        A warm re-scan of a hundred files spent as long hashing them as everything else it did.
        The key is the file's identity as ``stat`` sees it (resolved path, size, modification time
        in ns, inode), as git's index does: a changed file gets a new key and is hashed again.
        """
        st = os.stat(path)
        identity = f"{os.path.realpath(path)}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}"
        if self._known is None:
            self._known = self._load_known()
        found = self._known.get(identity)
        if found is not None:
            self._learned[identity] = found
            return found
        digest = file_sha256(path)
        if time.time() - st.st_mtime_ns / 1e9 > _SETTLED_SECONDS:
            self._learned[identity] = digest
        return digest

    def _load_known(self) -> dict[str, str]:
        try:
            data = json.loads(self._known_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str) and len(v) == 64}

    def save_hashes(self) -> None:
        """Remember the hashes of this scan (plus earlier ones, up to a bound). Never raises."""
        if not self._learned:
            return
        merged = dict(self._load_known())
        for key in list(merged)[: max(0, len(merged) + len(self._learned) - _MAX_REMEMBERED)]:
            del merged[key]  # oldest first: dicts keep insertion order
        merged.update(self._learned)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(merged, fh)
            os.replace(tmp, self._known_path)
        except OSError:
            pass

    def _entry(self, sha256: str) -> Path:
        key = hashlib.sha256(f"{sha256}\n{self.fingerprint}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key}.json"

    def get(self, sha256: str, path: str, group: str) -> AuditResult | None:
        """The cached result for these bytes, with the current path and group; None on a miss."""
        entry = self._entry(sha256)
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            result = AuditResult.from_dict(data)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # unreadable or corrupt: a miss, and the next put() rewrites it
        if result.status not in CACHEABLE:
            return None
        self.hits += 1
        document = replace(result.document, path=path) if isinstance(result.document, DocumentInfo) else result.document
        return replace(result, document=document, group=group)

    def put(self, sha256: str, result: AuditResult) -> bool:
        """Store a result (if it is worth keeping). Never raises: a cache that can't write is no cache."""
        if result.status not in CACHEABLE:
            return False
        entry = self._entry(sha256)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=entry.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(result.to_dict(), fh, ensure_ascii=False)
                os.replace(tmp, entry)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            return False
        self.writes += 1
        return True


def load_rules_cached(cache_dir: str | os.PathLike[str] | None, extra_dirs=()):
    """``load_rules``, but a warm cache skips compiling the patterns (which needs spaCy's tokenizer).

    The validated RuleSet is pickled under the cache folder, keyed by the rule files' digest
    (``rule_sources_digest``, a hash of their bytes) and the tool version; any change to a rule file
    means a new key and a full, validating load. An unreadable entry is ignored and rewritten.
    """
    import pickle

    from policy_audit.rulebook import load_rules, rule_sources_digest

    if cache_dir is None:
        return load_rules(extra_dirs)
    digest = rule_sources_digest(extra_dirs)
    key = hashlib.sha256(f"{__version__}\n{digest}\n{sorted(map(str, extra_dirs))}".encode()).hexdigest()
    entry = Path(cache_dir) / "rules" / f"{key}.pickle"
    try:
        with open(entry, "rb") as fh:
            rules = pickle.load(fh)
        if getattr(rules, "digest", None) == digest:
            return rules
    except FileNotFoundError:
        pass
    except Exception:  # a stale or damaged entry: load and rewrite it
        pass
    rules = load_rules(extra_dirs)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".pickle", dir=entry.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(rules, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
    except OSError:
        pass
    return rules
