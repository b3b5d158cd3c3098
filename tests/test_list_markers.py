"""The list-marker variants in policy_audit.list_markers: what each accepts, and where they differ."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import policy_audit
from policy_audit.list_markers import (
    ITEM_START,
    LEADING_MARKER,
    MARKER_AT_START,
    MARKER_ONLY,
    MARKER_WITH_STUB,
    marker_kind,
)


@pytest.mark.parametrize("text", ["(a) Call EMS", "a) x", "1. x", "iv) x", "(12) x", "• x", "\u2013 x", "\u25cf x"])
def test_marker_at_start_accepts_what_readers_leave_alone(text):
    assert MARKER_AT_START.match(text)


@pytest.mark.parametrize("text", ["(viii) x", "abcd. x"])
def test_marker_at_start_is_loose_up_to_four_characters(text):
    assert MARKER_AT_START.match(text)
    assert not MARKER_ONLY.match(text.split()[0])  # the other enumerators stop at three


@pytest.mark.parametrize("text", ["Plain words", "(a)Call", "12345. x", "\u25e6 x"])
def test_marker_at_start_refuses(text):
    assert not MARKER_AT_START.match(text)


@pytest.mark.parametrize("line", ["(a) None", "1. Yes", "• Yes", "- N/A", "iv)"])
def test_marker_with_stub(line):
    assert MARKER_WITH_STUB.match(line)


@pytest.mark.parametrize("line", ["(a) Officers shall intervene", "Use of Force", "\u25aa Yes"])
def test_marker_with_stub_refuses_sentences_and_other_bullets(line):
    assert not MARKER_WITH_STUB.match(line)


@pytest.mark.parametrize("piece", ["1.", " (a)", "iv)", "ABC."])
def test_marker_only(piece):
    assert MARKER_ONLY.match(piece)


@pytest.mark.parametrize("piece", ["1. Involved", "1234.", "(a"])
def test_marker_only_refuses(piece):
    assert not MARKER_ONLY.match(piece)


@pytest.mark.parametrize(
    "line", ["(a) x", "a) x", "(iv) x", "viii) x", "(12) x", "12. x", "a. x", "B. x", "• x", "\u25e6 x", "\u00b7 x"]
)
def test_item_start(line):
    assert ITEM_START.match(line)


@pytest.mark.parametrize("line", ["(ab) x", "123) x", "123. x", "1.5 x", "e.g. x", "\u25cf x", "(a)x"])
def test_item_start_refuses(line):
    assert not ITEM_START.match(line)


@pytest.mark.parametrize(
    ("sentence", "body"),
    [
        ("(a) Officers shall", "Officers shall"),
        ("(ab) Officers shall", "Officers shall"),  # looser than ITEM_START
        ("12. Officers shall", "Officers shall"),
        ("B.  Officers shall", "Officers shall"),
        ("\u2013 Officers shall", "Officers shall"),
        ("(A) Officers shall", "(A) Officers shall"),  # parenthesised capitals are not stripped
        ("viii) Officers shall", "viii) Officers shall"),
        ("[ ] 2. Call for an ambulance", "Call for an ambulance"),  # a checklist's box and its number
        ("[x] Call for an ambulance", "Call for an ambulance"),
        ("\u2610 Notify a supervisor", "Notify a supervisor"),
    ],
)
def test_leading_marker_strips_one_marker(sentence, body):
    assert LEADING_MARKER.sub("", sentence, count=1) == body


@pytest.mark.parametrize(
    "line, kind",
    [("[ ] 2. Call for an ambulance", ("", "digit", ".")), ("\u2611 b) Notify", ("", "lower", ")"))],
)
def test_a_checklist_box_opens_an_item_of_its_enumerators_kind(line, kind):
    assert ITEM_START.match(line)
    assert marker_kind(line) == kind


def test_list_markers_is_model_layer():
    source = Path(policy_audit.__file__).with_name("list_markers.py").read_text(encoding="utf-8")
    imported = [node.module or "" for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)] + [
        alias.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Import) for alias in node.names
    ]
    assert not [name for name in imported if name.startswith("policy_audit")]
