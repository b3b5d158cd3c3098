"""The matcher of quotes: does a quote the tool shows contain the one a labeller wrote down?"""

from __future__ import annotations

import pytest

from policy_audit.evaluate.quotes import contains, pieces, words

SHOWN = (
    "Any officer present and observing another officer using force that is clearly beyond that which is "
    "objectively reasonable under the circumstances shall, when in a position to do so, intercede to prevent "
    "the use of unreasonable force."
)


@pytest.mark.parametrize(
    "labelled",
    [
        SHOWN,
        "shall, when in a position to do so, intercede",  # a fragment
        "SHALL,  WHEN IN A\nPOSITION TO DO SO, INTERCEDE",  # case and line breaks
        "Any officer present ... shall, when in a position to do so, intercede ... unreasonable force.",
        "Any officer present \u2026 intercede to prevent",  # a typographic ellipsis
        "Any officer present . . . intercede",
        "... clearly beyond that which is objectively reasonable ...",  # elisions at both ends
        "clearly be- yond that which is objec-\ntively reasonable",  # words broken at line ends
        "shall when in a position to do so intercede",  # punctuation left out
    ],
)
def test_a_labelled_quote_in_the_shown_quote_matches(labelled):
    assert contains(SHOWN, labelled)


@pytest.mark.parametrize(
    "labelled",
    [
        "intercede to prevent ... Any officer present",  # pieces out of order
        "shall intercede",  # words the labeller did not skip with "..."
        "officers shall, when in a position",  # "officer" is not "officers"
        "cer present",  # part of a word is not a word
        "",
        "...",
        "Officers shall report excessive force.",
    ],
)
def test_other_quotes_do_not_match(labelled):
    assert not contains(SHOWN, labelled)


def test_quote_styles_and_dashes_are_the_same():
    shown = "Based upon the officer\u2019s initial assessment \u2013 \u201cmedical assistance\u201d may consist of re-evaluation."
    assert contains(
        shown, 'Based upon the officer\'s initial assessment - "medical assistance" may consist of re\u2010evaluation.'
    )
    assert contains(shown, "officer\u2019s initial assessment \u2014 \u201cmedical")
    assert contains("B. RENDERING MEDICAL AID \u2013 After employing any force", "RENDERING MEDICAL AID - After")


def test_a_hyphen_inside_a_word_or_at_a_line_break_joins_it():
    assert (
        words("re-\nevaluate") == words("re- evaluate") == words("re-evaluate") == words("reevaluate") == "reevaluate"
    )
    assert words("12-31-87") == "123187"
    assert words("medical aid \u2013 After") == "medical aid after"  # a dash between words stays a break


def test_ligatures_and_soft_hyphens_do_not_decide():
    assert contains("Officers shall render first aid.", "render \ufb01rst aid")
    assert contains("Officers shall render first aid.", "ren\u00adder first aid")


def test_pieces_split_on_elisions_and_drop_empty_ones():
    assert pieces("A b ... c d\u2026 e") == ("a b", "c d", "e")
    assert pieces("... a ...") == ("a",)
    assert pieces(" ... ") == ()


def test_a_repeated_piece_needs_two_occurrences():
    assert contains("the duty to report and the duty to report again", "the duty to report ... the duty to report")
    assert not contains("the duty to report, once", "the duty to report ... the duty to report")
