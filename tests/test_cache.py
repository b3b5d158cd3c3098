"""The result cache: keyed by content and options, one SQLite file shared safely, forgiving of
corrupt or planted entries (a miss, never an error), and never a pickle."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import pickle
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import policy_audit.cache.results as cache_module
from policy_audit import __version__
from policy_audit.cache import DB_NAME, ResultCache, file_sha256, load_rules_cached, options_fingerprint
from policy_audit.findings import AuditResult, DocumentInfo, Evidence, Finding, Grade, Scale, Status
from policy_audit.rulebook import load_rules, rule_sources_digest


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


def set_column(folder, table, column, value):
    """Overwrite one column of every row of a table, as someone with write access to the folder could."""
    with sqlite3.connect(folder / DB_NAME) as db:
        db.execute(f"UPDATE {table} SET {column} = ?", (value,))
    db.close()


DEEP = "[" * 100_000 + "]" * 100_000  # json.loads: RecursionError


def test_corrupt_entries_are_misses_and_get_rewritten(tmp_path):
    cache = ResultCache(tmp_path, fingerprint())
    cache.put("abc", ok_result())
    for damage in (
        '{"document": {"pa',
        '{"unexpected": 1}',
        DEEP,
        '{"document": ' * 50_000,
        b"\x00\xff garbage",
        7,
        "null",
    ):
        set_column(tmp_path, "results", "result", damage)
        assert cache.get("abc", "a/x.pdf", "a") is None, damage
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


def remembered_hashes(folder):
    with sqlite3.connect(folder / DB_NAME) as db:
        rows = [row[0] for row in db.execute("SELECT sha256 FROM file_hashes")]
    db.close()
    return rows


@pytest.mark.parametrize("damage", ["{not json", DEEP, "0" * 64 + "x", b"\x80\x04garbage", 12345, "A" * 64])
def test_a_damaged_remembered_hash_is_ignored_and_rewritten(tmp_path, damage):
    doc = _settled_file(tmp_path / "a.pdf", b"%PDF-1.4")
    first = ResultCache(tmp_path / "cache", "fp")
    first.file_hash(doc)
    first.save_hashes()
    set_column(tmp_path / "cache", "file_hashes", "sha256", damage)
    cache = ResultCache(tmp_path / "cache", "fp")
    assert cache.file_hash(doc) == cache_module.file_sha256(doc)
    cache.save_hashes()
    assert remembered_hashes(tmp_path / "cache") == [cache_module.file_sha256(doc)]


def test_the_remembered_hashes_are_bounded_oldest_first(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "_MAX_REMEMBERED", 3)
    docs = [_settled_file(tmp_path / f"{n}.pdf", b"%PDF-1.4 " + bytes([65 + n])) for n in range(5)]
    for doc in docs:
        cache = ResultCache(tmp_path / "cache", "fp")
        cache.file_hash(doc)
        cache.save_hashes()
    assert sorted(remembered_hashes(tmp_path / "cache")) == sorted(cache_module.file_sha256(d) for d in docs[2:])


def test_a_file_name_that_is_not_utf8_is_cached(tmp_path):
    doc = _settled_file(tmp_path / os.fsdecode(b"caf\xe9.txt"), b"Officers shall intervene.")
    cache = ResultCache(tmp_path / "cache", "fp")
    digest = cache.file_hash(doc)
    cache.save_hashes()
    assert cache.put(digest, ok_result(path=str(doc)))
    again = ResultCache(tmp_path / "cache", "fp")
    assert again.file_hash(doc) == digest
    assert again.get(digest, str(doc), "").document.path == str(doc)


# -- a database that is not one ------------------------------------------------------------------


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    "damage, not_a_database",
    [
        (lambda p: p.write_bytes(b"\x00\xffnot a database at all" * 100), True),
        (lambda p: p.write_bytes(pickle.dumps({"planted": True})), True),
        (lambda p: p.write_text("[" * 100_000), True),
        (lambda p: p.write_bytes(b""), False),  # SQLite's empty database
        (_truncated, False),  # damaged pages are found (and the file moved aside) only when read
    ],
    ids=["garbage", "pickle", "nested-json", "empty", "truncated"],
)
def test_a_damaged_database_file_is_a_miss_and_is_started_afresh(tmp_path, damage, not_a_database):
    cache = ResultCache(tmp_path, fingerprint())
    for n in range(200):  # enough pages that half the file loses some
        cache.put(f"k{n}", ok_result())
    cache.close()
    damage(tmp_path / DB_NAME)
    damaged = ResultCache(tmp_path, fingerprint())
    for n in range(200):
        hit = damaged.get(f"k{n}", "a/x.pdf", "a")
        assert hit is None or hit.findings == ok_result().findings  # what survives is sound
    assert damaged.put("fresh", ok_result())
    assert damaged.get("fresh", "a/x.pdf", "a") is not None
    assert ResultCache(tmp_path, fingerprint()).get("fresh", "a/x.pdf", "a") is not None
    if not_a_database:
        assert (tmp_path / (DB_NAME + ".corrupt")).exists()  # moved aside, not deleted


def test_a_folder_in_place_of_the_database_is_no_cache(tmp_path):
    (tmp_path / DB_NAME).mkdir()
    cache = ResultCache(tmp_path, fingerprint())
    assert cache.get("abc", "a/x.pdf", "a") is None
    assert not cache.put("abc", ok_result())
    doc = _settled_file(tmp_path / "a.pdf", b"%PDF-1.4")
    assert cache.file_hash(doc) == file_sha256(doc)
    cache.save_hashes()  # no error


# -- two scans at once -------------------------------------------------------------------------


def _writer(folder: str, name: str, n: int) -> None:
    cache = ResultCache(folder, fingerprint())
    for i in range(n):
        assert cache.put(f"{name}{i}", ok_result(path=f"{name}/{i}.pdf"))
        assert cache.get(f"{name}{i}", "x", "") is not None
    cache.close()


def test_two_processes_write_the_same_cache_at_once(tmp_path):
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    writers = [ctx.Process(target=_writer, args=(str(tmp_path), name, 150)) for name in ("a", "b")]
    for w in writers:
        w.start()
    for w in writers:
        w.join(60)
    assert [w.exitcode for w in writers] == [0, 0]
    cache = ResultCache(tmp_path, fingerprint())
    assert all(cache.get(f"{name}{i}", "x", "") is not None for name in "ab" for i in range(150))


# -- the rule set: JSON, never a pickle ------------------------------------------------------------


class _Payload:
    """Unpickling this runs code: it creates the file named by ``marker``."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _old_pickle_path(cache: Path) -> Path:
    digest = rule_sources_digest(())
    key = hashlib.sha256(f"{__version__}\n{digest}\n{sorted(map(str, ()))}".encode()).hexdigest()
    return cache / "rules" / f"{key}.pickle"


def test_a_planted_pickle_is_never_loaded(tmp_path):
    marker = tmp_path / "code-ran"
    planted = pickle.dumps(_Payload(marker))
    old = _old_pickle_path(tmp_path / "cache")
    old.parent.mkdir(parents=True)
    old.write_bytes(planted)  # where the tool once looked
    assert load_rules_cached(tmp_path / "cache") == load_rules()
    set_column(tmp_path / "cache", "rule_sets", "rules", planted)
    assert load_rules_cached(tmp_path / "cache") == load_rules()
    set_column(tmp_path / "cache", "rule_sets", "rules", planted.decode("latin-1"))
    assert load_rules_cached(tmp_path / "cache") == load_rules()
    assert not marker.exists()
    assert list((tmp_path / "cache").rglob("*.pickle")) == [old]  # nothing new was pickled


def test_the_cached_rule_set_round_trips_and_damage_is_a_miss(tmp_path):
    first = load_rules_cached(tmp_path)
    assert load_rules_cached(tmp_path) == first == load_rules()
    for damage in (DEEP, '{"rules": []}', '{"rules": [], "digest": "x"}', "nonsense", b"\x00"):
        set_column(tmp_path, "rule_sets", "rules", damage)
        assert load_rules_cached(tmp_path) == first
    assert load_rules_cached(None) == first


def test_a_rule_set_cached_for_other_rule_files_is_not_used(tmp_path):
    load_rules_cached(tmp_path)
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        (text,) = db.execute("SELECT rules FROM rule_sets").fetchone()
        forged = json.loads(text)
        forged["rules"] = forged["rules"][:1]
        db.execute("UPDATE rule_sets SET rules = ?", (json.dumps(forged),))
    db.close()
    assert load_rules_cached(tmp_path) != load_rules()  # the same key: the entry is trusted ...
    forged["digest"] = "another digest"
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("UPDATE rule_sets SET rules = ?", (json.dumps(forged),))
    db.close()
    assert load_rules_cached(tmp_path) == load_rules()  # ... but only for the rule files it names


# -- the command line: a hostile cache folder changes nothing but a miss --------------------------


def test_scan_with_a_hostile_cache_folder_gives_the_same_rows(tmp_path):
    from scan_helpers import STRONG_TEXT

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "p.txt").write_text(STRONG_TEXT)
    marker = tmp_path / "code-ran"
    cache = tmp_path / "cache"
    old = _old_pickle_path(cache)
    old.parent.mkdir(parents=True)
    old.write_bytes(pickle.dumps(_Payload(marker)))
    (cache / DB_NAME).write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # a header, then garbage

    def run(*extra):
        args = ["scan", str(tmp_path / "d"), "--format", "json", "--quiet", "--exit-zero", "--ocr", "never", *extra]
        return subprocess.run([sys.executable, "-m", "policy_audit", *args], capture_output=True, text=True)

    plain = run("--no-cache")
    cold, warm = run("--cache", str(cache)), run("--cache", str(cache), "--timings")  # --timings: the cache count
    assert [plain.returncode, cold.returncode, warm.returncode] == [0, 0, 0], cold.stderr + warm.stderr
    docs = [scrub(json.loads(r.stdout)["documents"]) for r in (plain, cold, warm)]
    assert docs[0] == docs[1] == docs[2]
    assert json.loads(warm.stdout)["cached"] == 1
    assert not marker.exists()


def scrub(value):
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items() if k not in ("seconds", "cached", "generated")}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value
