"""The result cache: keyed by content and options, atomic, forgiving of corrupt entries."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import policy_audit.cache as cache_module
from policy_audit.cache import ResultCache, file_sha256, options_fingerprint
from policy_audit.findings import AuditResult, DocumentInfo, Evidence, Finding, Grade, Scale, Status


def fingerprint(**over):
    args = dict(rules_digest="r1", standard="core", engine="pdfium", ocr="never", max_pages=5000)
    args.update(over)
    return options_fingerprint(**args)


def ok_result(path="a/x.pdf", group="a"):
    ev = Evidence(page=2, section="300.2 DUTY TO INTERCEDE", quote="Officers shall intervene.", grade=Grade.STRONG)
    return AuditResult(
        DocumentInfo(path, pages=4, format="pdf", engine="pdfium"),
        "core",
        findings=(Finding("intervene.duty", Scale.OBLIGATION, Grade.STRONG, (ev,)),),
        group=group,
    )


def test_a_hit_round_trips_and_takes_the_current_path_and_group(tmp_path):
    cache = ResultCache(tmp_path, fingerprint())
    assert cache.get("abc", "a/x.pdf", "a") is None
    assert cache.put("abc", ok_result())
    hit = cache.get("abc", "b/copy.pdf", "b")
    assert hit.document.path == "b/copy.pdf" and hit.group == "b"
    assert hit.findings == ok_result().findings
    assert not list(tmp_path.rglob(".tmp-*"))  # the temporary file was renamed into place


def test_every_option_that_changes_a_result_changes_the_key(tmp_path):
    ResultCache(tmp_path, fingerprint()).put("abc", ok_result())
    for change in ({"rules_digest": "r2"}, {"standard": "all"}, {"engine": "pdfplumber"}, {"ocr": "always"}):
        assert ResultCache(tmp_path, fingerprint(**change)).get("abc", "a/x.pdf", "a") is None
    assert ResultCache(tmp_path, fingerprint()).get("abd", "a/x.pdf", "a") is None
    assert ResultCache(tmp_path, fingerprint()).get("abc", "a/x.pdf", "a") is not None


def test_corrupt_entries_are_misses_and_get_rewritten(tmp_path):
    cache = ResultCache(tmp_path, fingerprint())
    cache.put("abc", ok_result())
    (entry,) = list(tmp_path.rglob("*.json"))
    entry.write_text('{"document": {"pa')
    assert cache.get("abc", "a/x.pdf", "a") is None
    entry.write_text('{"unexpected": 1}')
    assert cache.get("abc", "a/x.pdf", "a") is None
    cache.put("abc", ok_result())
    assert cache.get("abc", "a/x.pdf", "a") is not None


def test_errors_are_not_cached_but_no_text_is(tmp_path):
    cache = ResultCache(tmp_path, fingerprint())
    err = AuditResult(DocumentInfo("x.pdf"), "core", status=Status.ERROR, problem="timeout", reason="slow")
    assert not cache.put("e", err)
    assert cache.get("e", "x.pdf", "") is None
    scanned = AuditResult(DocumentInfo("s.pdf"), "core", status=Status.NO_TEXT, problem="no_text", reason="scanned")
    assert cache.put("s", scanned)
    assert cache.get("s", "s.pdf", "").status is Status.NO_TEXT


def test_file_hash_is_of_the_bytes(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"same")
    b.write_bytes(b"same")
    assert file_sha256(a) == file_sha256(b)
    b.write_bytes(b"other")
    assert file_sha256(a) != file_sha256(b)


# -- content hashes remembered by file identity -------------------------------------------------


def _settled_file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    old = time.time() - 60
    os.utime(path, (old, old))  # older than the racy-clean window
    return path


def test_an_unchanged_file_is_not_hashed_again(tmp_path, monkeypatch):
    doc = _settled_file(tmp_path / "a.pdf", b"%PDF-1.4 version one")
    first = ResultCache(tmp_path / "cache", "fp")
    digest = first.file_hash(doc)
    assert digest == cache_module.file_sha256(doc)
    first.save_hashes()

    def no_reading(path):
        raise AssertionError("hashed an unchanged file again")

    monkeypatch.setattr(cache_module, "file_sha256", no_reading)
    assert ResultCache(tmp_path / "cache", "other-fingerprint").file_hash(doc) == digest


def test_a_changed_file_is_hashed_again(tmp_path):
    doc = _settled_file(tmp_path / "a.pdf", b"%PDF-1.4 version one")
    first = ResultCache(tmp_path / "cache", "fp")
    old = first.file_hash(doc)
    first.save_hashes()
    _settled_file(doc, b"%PDF-1.4 version two, longer")
    assert ResultCache(tmp_path / "cache", "fp").file_hash(doc) == cache_module.file_sha256(doc) != old


def test_a_file_modified_just_now_is_not_remembered(tmp_path, monkeypatch):
    doc = tmp_path / "fresh.pdf"
    doc.write_bytes(b"%PDF-1.4 still being written")
    cache = ResultCache(tmp_path / "cache", "fp")
    cache.file_hash(doc)
    cache.save_hashes()
    calls = []
    real = cache_module.file_sha256
    monkeypatch.setattr(cache_module, "file_sha256", lambda p: calls.append(p) or real(p))
    ResultCache(tmp_path / "cache", "fp").file_hash(doc)
    assert calls == [doc]


def test_a_damaged_hash_file_is_ignored_and_rewritten(tmp_path):
    doc = _settled_file(tmp_path / "a.pdf", b"%PDF-1.4")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "file-hashes.json").write_text("{not json")
    cache = ResultCache(tmp_path / "cache", "fp")
    assert cache.file_hash(doc) == cache_module.file_sha256(doc)
    cache.save_hashes()
    assert list(json.loads((tmp_path / "cache" / "file-hashes.json").read_text()).values()) == [
        cache_module.file_sha256(doc)
    ]
