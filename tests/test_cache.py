"""The result cache: keyed by content and options, atomic, forgiving of corrupt entries."""

from __future__ import annotations

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
