"""The small-group suppression rules (brand/suppression.py), shared by vision and campaigns."""

import pytest

from brand.suppression import (
    Cell,
    breakdown,
    filter_allowed,
    filters_allowed,
    min_group,
    suppress_one,
)


def rows(*counts, mean=4.0):
    return [
        {"dept": i, "name": f"D{i}", "respondents": n, "avg_agree": mean + i / 10}
        for i, n in enumerate(counts)
    ]


def cells_of(*counts):
    return breakdown(rows(*counts), key="dept", label="name", value_fields=["avg_agree"])


def test_min_group_follows_the_setting(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 7
    assert min_group() == 7


@pytest.mark.parametrize("configured", [0, 1, 2, -5])
def test_min_group_never_goes_below_three(settings, configured):
    settings.HEARTH_FEEDBACK_MIN_GROUP = configured
    assert min_group() == 3


def test_all_large_groups_are_shown(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    cells = cells_of(5, 9, 20)
    assert [c.suppressed for c in cells] == [False, False, False]
    assert cells[1].values == {"avg_agree": pytest.approx(4.1)}
    assert cells[1].shown_respondents == 9


def test_primary_suppression_hides_small_groups_and_their_values(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    cells = cells_of(4, 10, 12, 3)
    assert [c.suppressed for c in cells] == [True, False, False, True]
    assert cells[0].values is None and cells[3].values is None
    assert cells[0].shown_respondents is None


def test_secondary_suppression_when_exactly_one_cell_is_hidden(settings):
    """Total 2+6+20 is shown; hiding only the 2 would let total-6-20 recover it."""
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    cells = cells_of(2, 20, 6)
    assert [c.suppressed for c in cells] == [True, False, True]
    assert cells[2].values is None
    assert cells[1].values is not None


def test_secondary_suppression_when_hidden_cells_add_up_to_a_small_group(settings):
    """Two hidden cells of 1 each: subtracting from the total would expose a group of 2."""
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    cells = cells_of(1, 1, 30, 8, 40)
    assert [c.suppressed for c in cells] == [True, True, False, True, False]


def test_no_secondary_suppression_when_hidden_cells_are_large_together(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    cells = cells_of(3, 4, 30)
    assert [c.suppressed for c in cells] == [True, True, False]


def test_a_single_small_cell_alone_is_just_suppressed(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    cells = cells_of(2)
    assert cells[0].suppressed and cells[0].values is None


def test_secondary_suppression_picks_the_next_smallest_deterministically(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 3
    cells = cells_of(2, 9, 7, 7)
    # 2 hidden; the next-smallest are the two 7s: the one with the lower key goes.
    assert [c.suppressed for c in cells] == [True, False, True, False]


def test_missing_label_reads_not_set(settings):
    cells = breakdown(
        [{"dept": None, "name": None, "respondents": 10, "avg_agree": 3}],
        key="dept",
        label="name",
        value_fields=["avg_agree"],
    )
    assert cells[0].label == "Not set"
    assert cells[0].values == {"avg_agree": 3.0}


def test_custom_count_field(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    cells = breakdown(
        [{"k": "a", "l": "A", "n": 4, "v": 1}, {"k": "b", "l": "B", "n": 50, "v": 2}],
        key="k",
        label="l",
        count="n",
        value_fields=["v"],
    )
    assert all(isinstance(c, Cell) for c in cells)
    assert [c.suppressed for c in cells] == [True, True]


def test_suppress_one(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    assert suppress_one(4, {"agree": 4.0}).suppressed
    assert suppress_one(4, {"agree": 4.0}).values is None
    assert suppress_one(5, {"agree": 4.0}).values == {"agree": 4.0}
    assert suppress_one(0, None).suppressed


@pytest.mark.parametrize(
    ("n_filtered", "n_parent", "allowed"),
    [
        (10, 100, True),
        (0, 100, True),  # empty: "no answers", reveals nothing
        (100, 100, True),  # complement empty
        (4, 100, False),  # the filtered group itself is small
        (98, 100, False),  # its complement is small
        (5, 10, True),
    ],
)
def test_filter_allowed(settings, n_filtered, n_parent, allowed):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    assert filter_allowed(n_filtered, n_parent) is allowed


def test_subtraction_attack_across_two_filters_is_refused(settings):
    """Sales n=12 is fine; Sales & location X n=10 would reveal the other 2 in Sales."""
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    everyone, sales, sales_at_x, at_x = 200, 12, 10, 60
    assert filter_allowed(sales, everyone)
    assert not filter_allowed(sales_at_x, sales)
    # checked against every parent (each filter dropped in turn), it is refused too
    assert not filters_allowed(sales_at_x, [sales, at_x])
    # and allowed when both complements are large enough
    assert filters_allowed(sales_at_x, [sales + 5, at_x])


def test_cells_under_a_filter_are_checked_against_their_parent_cells(settings):
    """Filtered by level=manager, Sales shows 10; unfiltered, Sales shows 12: the other 2
    Sales people could be recovered by subtraction, so the filtered cell is hidden."""
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    cells = breakdown(
        [
            {"dept": 1, "name": "Sales", "respondents": 10, "all_levels": 12, "avg": 4},
            {"dept": 2, "name": "Support", "respondents": 20, "all_levels": 40, "avg": 3},
            {"dept": 3, "name": "Legal", "respondents": 8, "all_levels": 8, "avg": 2},
        ],
        key="dept",
        label="name",
        value_fields=["avg"],
        parents=["all_levels"],
    )
    assert [c.suppressed for c in cells] == [True, False, True]  # Legal: secondary


def test_series_without_a_total_can_skip_secondary_suppression(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    cells = breakdown(
        rows(2, 20, 6), key="dept", label="name", value_fields=["avg_agree"], complementary=False
    )
    assert [c.suppressed for c in cells] == [True, False, False]
