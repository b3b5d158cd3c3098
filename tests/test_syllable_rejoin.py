"""Text layers split at hyphenation points ("po lice of fi cers") are rejoined; ordinary text never is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_document

from policy_audit.document import Page
from policy_audit.extract import ReadOptions, read_document
from policy_audit.extract.syllable_rejoin import _counts, rejoin_line, rejoin_split_words, split_pages

REPO = Path(__file__).resolve().parents[1]

# Written for these tests in the style of a typeset manual whose extraction kept every syllable break.
SPLIT_POLICY = """\
300.1 DU TY TO IN TER VENE
Any of fi cer who ob serves an other of fi cer us ing ex ces sive force shall in ter vene to stop it,
and shall re port the in ci dent to a su per vi sor as soon as prac ti cal.
300.2 MED I CAL AID
Af ter any use of force, of fi cers shall ren der first aid and sum mon med i cal as sis tance for
any per son who is in jured or com plains of pain. Force may be used to ef fect an ar rest only when
oth er means have failed, and the of fi cer's su per vi sor shall be no ti fied with out de lay.
"""

ORDINARY_POLICY = """\
300.1 DUTY TO INTERVENE
(a) Any officer who observes another officer using excessive force shall intervene to stop it.
(b) The officer shall report the incident, e.g. by radio, to a supervisor as soon as practical.
(c) See Ill. Adm. Code 720.25 (i) and (ii); Sec. 4 of the act, and the U.S. Const. amend. IV.
300.2 MEDICAL AID
After any use of force, officers shall render first aid and summon medical assistance for any
person who is injured or complains of pain. An officer may be asked to ride in the ambulance.
"""


@pytest.fixture(scope="module")
def counts():
    return _counts()


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "The use of force by po lice of fi cers is a mat ter of crit i cal con cern.",
            "The use of force by police officers is a matter of critical concern.",
        ),
        (
            "Af ter any use of force, of fi cers shall ren der aid.",
            "After any use of force, officers shall render aid.",
        ),
        # a possessive and a hyphenated compound whose last piece is split
        ("the of fi cer's neck-re strain ing hold", "the officer's neck-restraining hold"),
        # Two common words are never fused: "may be" is a modal and a verb, not "maybe".
        ("Force may be used to ef fect an ar rest.", "Force may be used to effect an arrest."),
        ("Any one of the su per vi sors", "Any one of the supervisors"),
        # punctuation ends a word: nothing is fused across a comma
        ("in jured, or com plains", "injured, or complains"),
    ],
)
def test_lines_are_rejoined_into_words(counts, line, expected):
    assert rejoin_line(line, *counts) == expected


def test_split_pages_are_found_and_ordinary_pages_are_not():
    pages = (Page(1, SPLIT_POLICY), Page(2, ORDINARY_POLICY), Page(3, SPLIT_POLICY + SPLIT_POLICY))
    assert split_pages(pages) == [0, 2]


def test_an_ordinary_document_is_returned_untouched():
    doc = make_document(ORDINARY_POLICY, ORDINARY_POLICY.upper())
    assert rejoin_split_words(doc) is doc


def test_a_split_page_is_repaired_and_named_in_a_warning():
    doc = make_document(ORDINARY_POLICY, SPLIT_POLICY)
    fixed = rejoin_split_words(doc)
    assert fixed.pages[0] == doc.pages[0]
    assert "Any officer who observes an other officer using excessive force shall intervene" in fixed.pages[1].text
    assert fixed.warnings[-1].startswith("page 2: words split at hyphenation points")


def test_the_sample_policies_are_not_touched():
    for source in sorted((REPO / "sample_policies").glob("*.pdf")):
        doc = read_document(source, ReadOptions(ocr="never"))
        assert not any("hyphenation points" in w for w in doc.warnings), source.name


def test_check_grades_a_split_manual_as_it_would_the_whole_words(tmp_path):
    path = tmp_path / "typeset.txt"
    path.write_text(SPLIT_POLICY, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "policy_audit", "check", str(path), "--format", "json", "--exit-zero"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    grades = {f["criterion"]: f for f in result["findings"]}
    assert grades["intervene.duty"]["grade"] == "strong"
    assert "shall intervene" in grades["intervene.duty"]["evidence"][0]["quote"]
    assert grades["medical.aid"]["grade"] == "strong"
    assert any("hyphenation points" in w for w in result["document"]["warnings"])
