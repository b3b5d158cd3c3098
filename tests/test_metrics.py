"""Agreement figures on tables small enough to check by hand."""

from __future__ import annotations

import pytest

from policy_audit.evaluate import metrics


def table(cells: dict[tuple[str, str], int]) -> dict[str, dict[str, int]]:
    pairs = [pair for pair, count in cells.items() for _ in range(count)]
    return metrics.confusion_matrix(pairs)


# The textbook 2x2 example (Wikipedia, "Cohen's kappa"): 50 proposals, two readers.
# Both yes 20, A yes / B no 5, A no / B yes 10, both no 15: po = 0.7, pe = 0.5*0.6 + 0.5*0.4 = 0.5.
TEXTBOOK = {("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15}


def test_confusion_matrix_counts_and_fills_zero_cells_in_label_order():
    m = metrics.confusion_matrix([("strong", "weak"), ("absent", "absent")], ["strong", "weak", "absent"])
    assert list(m) == ["strong", "weak", "absent"]
    assert m["strong"] == {"strong": 0, "weak": 1, "absent": 0}
    assert m["absent"]["absent"] == 1
    assert metrics.total(m) == 2


def test_confusion_matrix_appends_categories_outside_the_labels():
    m = metrics.confusion_matrix([("present", "no_text")], ["present", "absent"])
    assert list(m) == ["present", "absent", "no_text"]
    assert m["present"]["no_text"] == 1


def test_textbook_kappa_is_0_4():
    m = table(TEXTBOOK)
    assert metrics.accuracy(m) == pytest.approx(0.7)
    assert metrics.cohen_kappa(m) == pytest.approx(0.4)


def test_textbook_precision_and_recall_of_yes():
    m = table(TEXTBOOK)
    assert metrics.precision(m, "yes") == pytest.approx(20 / 30)
    assert metrics.recall(m, "yes") == pytest.approx(20 / 25)


def test_three_grade_kappa_by_hand():
    # expected strong/weak/absent once each; found strong, strong, absent.
    # po = 2/3; rows 1,1,1; columns strong 2, weak 0, absent 1: pe = (2 + 0 + 1) / 9 = 1/3.
    m = table({("strong", "strong"): 1, ("weak", "strong"): 1, ("absent", "absent"): 1})
    assert metrics.cohen_kappa(m) == pytest.approx((2 / 3 - 1 / 3) / (1 - 1 / 3))


def test_perfect_agreement_on_two_categories_is_kappa_1():
    m = table({("present", "present"): 3, ("absent", "absent"): 2})
    assert metrics.cohen_kappa(m) == pytest.approx(1.0)
    assert metrics.accuracy(m) == 1.0


def test_kappa_is_undefined_when_chance_agreement_is_1():
    # Everything absent on both sides: po = pe = 1, kappa = 0/0.
    m = table({("absent", "absent"): 5})
    assert metrics.accuracy(m) == 1.0
    assert metrics.cohen_kappa(m) is None


def test_kappa_is_zero_when_one_side_is_constant_but_the_other_is_not():
    # All expected absent; found absent 3, strong 1: po = pe = 3/4.
    m = table({("absent", "absent"): 3, ("absent", "strong"): 1})
    assert metrics.cohen_kappa(m) == pytest.approx(0.0)


def test_zero_denominators_give_none():
    m = table({("absent", "absent"): 2, ("strong", "absent"): 1})
    assert metrics.precision(m, "strong") is None  # the tool never said strong
    assert metrics.recall(m, "strong") == 0.0
    m = table({("absent", "strong"): 1, ("absent", "absent"): 1})
    assert metrics.recall(m, "strong") is None  # nothing was expected strong
    assert metrics.precision(m, "strong") == 0.0


def test_empty_table_has_no_figures():
    m = metrics.confusion_matrix([], ["strong", "weak", "absent"])
    assert metrics.total(m) == 0
    assert metrics.accuracy(m) is None
    assert metrics.precision(m, "strong") is None
    assert metrics.recall(m, "strong") is None
    assert metrics.cohen_kappa(m) is None


def test_merge_adds_cells_and_squares_the_table():
    a = metrics.confusion_matrix([("strong", "weak")], ["strong", "weak", "absent"])
    b = metrics.confusion_matrix([("present", "absent"), ("absent", "absent")], ["present", "absent"])
    m = metrics.merge([a, b])
    assert metrics.total(m) == 3
    assert m["strong"]["weak"] == 1
    assert m["absent"]["absent"] == 1
    assert set(m) == set(m["strong"]) == {"strong", "weak", "absent", "present"}
