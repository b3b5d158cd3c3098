"""What preparing the matcher costs, kept between runs: the screens' compiled regular expressions (a
kept pattern matches exactly as ``re.compile`` would, a record that does not fit is compiled the
usual way, one set per rule set and standard) and the rule set, never needed (a damaged or
unwritable cache is a miss) and never stale (an edited rule file is read again)."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_rulebook import valid_rule, write_rule

from policy_audit.cache import DB_NAME, kept_regexes
from policy_audit.match import compiled_regexes
from policy_audit.match.patterns import keyed_groups, phrase_regex
from policy_audit.rulebook import load_rules

SAMPLE = Path(__file__).resolve().parents[1] / "sample_policies"

# Sentences of the kind the screens see, lowercased as the screen searches them.
TEXTS = [
    "officers shall intervene to prevent or stop the use of excessive force by another officer.",
    "a member who observes force that is clearly beyond what is objectively reasonable shall report it.",
    "crisis intervention team members respond to calls involving mental illness.",
    "render first aid as soon as it is safe to do so, and summon ems (paramedics) without delay.",
    "the sergeant-in-charge will be notified immediately; report-report-report forms are filed.",
    "officer_____ shall, regardless of rank, step in; no retaliation against a member who reports.",
    "",
]


@pytest.fixture
def fresh_store(monkeypatch):
    """A store with nothing seeded, as at the start of a run (the suite's own patterns stay apart)."""
    monkeypatch.setattr(compiled_regexes, "_seeded", {})
    monkeypatch.setattr(compiled_regexes, "_asked", {})
    monkeypatch.setattr(compiled_regexes, "_compiled_here", 0)


def rule_screens(count: int = 40) -> list[str]:
    """Screen patterns as the rule set builds them (the same text group_regex compiles)."""
    out = []
    for rule in load_rules():
        for _, phrases in rule.match.require:
            for _, members in keyed_groups(phrases):
                bodies = (phrase_regex(p).removeprefix("(?<![a-z0-9])") for p in members)
                out.append("(?<![a-z0-9])(?:" + "|".join(bodies) + ")")
    return out[:count]


def matches(regex: re.Pattern[str]) -> list[tuple[int, int] | None]:
    return [(m.span() if (m := regex.search(t)) else None) for t in TEXTS]


def test_a_kept_pattern_matches_as_re_compile_does(fresh_store):
    patterns = rule_screens() + [r"(?P<rank>sergeant|lieutenant)s?\b", r"a{2,5}+b|(?<=x)y"]
    for pattern in patterns:
        compiled_regexes.compile_regex(pattern)
    records, compiled_here = compiled_regexes.asked_since_seed()
    assert compiled_here == len(patterns) and len(records) == len(patterns)
    # Through JSON, as the cache keeps them, into a store that has compiled nothing.
    kept = json.loads(json.dumps(records))
    assert compiled_regexes.seed(kept) == len(patterns)
    for pattern in patterns:
        regex = compiled_regexes.compile_regex(pattern)
        expected = re.compile(pattern)
        assert (regex.pattern, regex.flags, regex.groupindex) == (expected.pattern, expected.flags, expected.groupindex)
        assert matches(regex) == matches(expected), pattern
    assert compiled_regexes.asked_since_seed()[1] == 0  # every one came from the records


def test_the_rule_screens_find_what_they_should():
    # Not a tautology of the test above: a kept screen must still find the words it screens for.
    screens = [re.compile(p) for p in rule_screens(400)]
    assert any(s.search(TEXTS[0]) for s in screens)


@pytest.mark.parametrize(
    "damaged",
    [
        "not a list",
        ["x"],
        ["(?:planted)", 32, [1, 2, 3, 999999], 0, {}, [None]],  # code the engine's validator refuses
        ["(?:planted)", 32, ["17"], 0, {}, [None]],
        ["(?:planted)", 0, [], 0, {}, [None]],  # not a str pattern's flags
        ["(?:planted)", 32, [], "0", {}, [None]],
        [None, 32, [], 0, {}, [None]],
    ],
)
def test_a_record_that_does_not_fit_is_compiled_the_usual_way(fresh_store, damaged):
    records = damaged if damaged == "not a list" else [damaged]
    assert compiled_regexes.seed(records) == 0
    regex = compiled_regexes.compile_regex("(?:planted)")
    assert regex.search("a planted word").group() == "planted"
    assert compiled_regexes.asked_since_seed()[1] == 1


def test_patterns_lent_to_re_are_what_re_compile_returns_and_are_taken_back(fresh_store):
    pattern = r"^(?:interven\S*|intercede)$"  # a prefix word's REGEX predicate, as spaCy's Matcher compiles it
    re.purge()
    lent = compiled_regexes.compile_regex(pattern)
    with compiled_regexes.in_re_cache({pattern: lent}):
        assert re.compile(pattern) is lent
    assert re.compile(pattern) is not lent  # re's own cache holds no pattern of ours afterwards
    assert re.compile(pattern).search("intervening") and lent.search("intervening")


def test_a_matcher_built_with_its_patterns_lent_compiles_no_regex_and_matches_the_same(monkeypatch):
    from re import _compiler  # type: ignore[attr-defined]

    from policy_audit.match.phrase_matcher import compile_rules
    from policy_audit.nlp import pipeline

    rules = tuple(load_rules().select("core"))
    compiled = compile_rules.__wrapped__(rules)  # a fresh compile: the suite's cached one may be built
    buckets = [b for made in compiled.buckets.values() for b in made if b.matcher._regexes]
    assert buckets, "the rule set has prefix words (interven*, ...)"
    compiles = []
    real = _compiler.compile
    monkeypatch.setattr(_compiler, "compile", lambda *a, **k: compiles.append(a) or real(*a, **k))
    re.purge()
    for bucket in buckets:
        bucket.matcher.build()
    assert compiles == []
    monkeypatch.undo()
    # the same hits as a matcher that compiles its own predicates
    from spacy.matcher import Matcher

    doc = pipeline()("Members shall intervene and intercede, and keep intervening, to stop it.")
    for bucket in buckets[:50]:
        own = Matcher(compiled.vocab, validate=False)
        for key, pattern in bucket.matcher.patterns:
            own.add(key, pattern)
        assert sorted(bucket.matcher(doc)) == sorted(own(doc))


def test_the_environment_names_the_regex_engine():
    assert compiled_regexes.environment().startswith(f"cpython-{__import__('sys').version}")


def test_the_cache_keeps_a_set_per_rule_set_and_standard(tmp_path, fresh_store):
    rules = load_rules()
    patterns = rule_screens(10)
    with kept_regexes(tmp_path, rules, "core"):
        first = [compiled_regexes.compile_regex(p) for p in patterns]
    assert compiled_regexes.asked_since_seed()[1] == len(patterns)
    with kept_regexes(tmp_path, rules, "core"):
        again = [compiled_regexes.compile_regex(p) for p in patterns]
    assert compiled_regexes.asked_since_seed()[1] == 0  # a warm run parses nothing
    assert [matches(r) for r in again] == [matches(r) for r in first]
    with kept_regexes(tmp_path, rules, "8cantwait"):
        compiled_regexes.compile_regex(patterns[0])
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM compiled_regexes").fetchone() == (2,)
    db.close()


def test_the_cache_keeps_only_the_last_sets(tmp_path, fresh_store, monkeypatch):
    import policy_audit.cache.prepared as cached

    monkeypatch.setattr(cached, "KEEP", 2)
    rules = load_rules()
    for standard in ("a", "b", "c"):
        with kept_regexes(tmp_path, rules, standard):
            compiled_regexes.compile_regex(rf"(?:{standard}1)")
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM compiled_regexes").fetchone() == (2,)
    db.close()


@pytest.mark.parametrize(
    "damage",
    ["{not json", "[[[1], 32]]", '{"a": 1}', "[null]", "[" * 5000],
    ids=["not-json", "unhashable", "object", "null", "deep"],
)
def test_a_damaged_row_is_a_miss_and_is_rewritten(tmp_path, fresh_store, damage):
    rules = load_rules()
    with kept_regexes(tmp_path, rules, "core"):
        compiled_regexes.compile_regex("(?:damage)")
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("UPDATE compiled_regexes SET regexes = ?", (damage,))
    db.close()
    with kept_regexes(tmp_path, rules, "core"):
        assert compiled_regexes.compile_regex("(?:damage)").search("damage")
    assert compiled_regexes.asked_since_seed()[1] == 1
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        (text,) = db.execute("SELECT regexes FROM compiled_regexes").fetchone()
    db.close()
    assert json.loads(text)[0][0] == "(?:damage)"


def test_a_folder_that_cannot_hold_a_cache_keeps_nothing(tmp_path, fresh_store):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with kept_regexes(blocked, load_rules(), "core"):
        assert compiled_regexes.compile_regex("(?:blocked)").search("blocked")
    with kept_regexes(None, load_rules(), "core"):
        assert compiled_regexes.compile_regex("(?:none)").search("none")


def test_check_keeps_its_screens_in_the_cache_folder_and_no_cache_keeps_none(tmp_path):
    # In a process of its own, as a user runs it: this one has compiled every screen already.
    policy = SAMPLE / "strong_policy.md"
    cache = tmp_path / "cache"

    def check(*options: str) -> list:
        done = subprocess.run(
            [sys.executable, "-m", "policy_audit", "check", str(policy), "-f", "json", "--exit-zero", *options],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["findings"]

    cold, warm = check("--cache", str(cache)), check("--cache", str(cache))
    with sqlite3.connect(cache / DB_NAME) as db:
        (kept,) = db.execute("SELECT regexes FROM compiled_regexes").fetchone()
    db.close()
    assert len(json.loads(kept)) > 100  # the rule set's screens
    assert warm == cold
    elsewhere = tmp_path / "unused"
    assert check("--no-cache", "--cache", str(elsewhere)) == cold
    assert not elsewhere.exists()


def test_scan_keeps_its_screens_beside_its_results(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "p.md").write_text((SAMPLE / "strong_policy.md").read_text())
    cache = tmp_path / "cache"
    done = subprocess.run(
        [sys.executable, "-m", "policy_audit", "scan", str(folder), "-f", "csv", "--exit-zero", "--cache", str(cache)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(cache / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM compiled_regexes").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM results").fetchone() == (1,)
    db.close()


def test_check_reads_an_edited_rule_file_again_whatever_the_cache_holds(tmp_path):
    policy = tmp_path / "policy.md"
    policy.write_text("# Cameras\n\nOfficers shall activate their body-worn camera before any use of force.\n")

    def bodycam_grade() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "policy_audit", "check", str(policy), "-f", "json", "--exit-zero"]
            + ["--rules", str(tmp_path / "rules"), "--cache", str(tmp_path / "cache")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return {f["criterion"]: f["grade"] for f in json.loads(done.stdout)["findings"]}["local.bodycam"]

    rule = valid_rule()
    write_rule(tmp_path / "rules", rule)
    assert [bodycam_grade(), bodycam_grade()] == ["strong", "strong"]  # cold, then from the cache
    rule["match"]["require"] = {"camera": ["activat*|start* ...3 dash camera|cameras"]}
    rule["examples"]["strong"] = ["Officers shall activate their dash camera before any pursuit."]
    rule["examples"]["weak"] = ["Officers should activate their dash camera when practical."]
    write_rule(tmp_path / "rules", rule)
    assert bodycam_grade() == "absent"
