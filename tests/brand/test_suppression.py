"""The small-group suppression rules (brand.vision.suppression), for vision and campaigns."""

import pytest

from brand.vision.suppression import Cell, breakdown, min_group, pool, suppress_one


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


def sales_and_support():
    """(department, level, location) -> people: Sales has 10 ICs in Leeds, 2 in York and
    3 executives; Support 20 ICs and 5 managers, all in Leeds."""
    return pool(
        {
            ("sales", "ic", "leeds"): 10,
            ("sales", "ic", "york"): 2,
            ("sales", "executive", "leeds"): 3,
            ("support", "ic", "leeds"): 20,
            ("support", "manager", "leeds"): 5,
        }
    )


def test_pool_keeps_large_groups_whole_and_shows_them(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    partition = sales_and_support()
    sales = [key for key in partition.atom_size if key[0] == "sales"]
    support = [key for key in partition.atom_size if key[0] == "support"]
    assert partition.shows(sales) and partition.shows(support)
    assert partition.shows([("support", "manager", "leeds")])
    assert partition.shows([("support", "ic", "leeds")])


def test_pool_never_shows_a_set_that_cuts_a_block(settings):
    """Sales' 3 executives are pooled with its 12 ICs: neither shows, nor does Sales in
    Leeds (13), nor the company's ICs (32), since each minus something shown is small."""
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    partition = sales_and_support()
    assert not partition.shows([("sales", "executive", "leeds")])
    assert not partition.shows([("sales", "ic", "leeds"), ("sales", "ic", "york")])
    assert not partition.shows([("sales", "ic", "leeds"), ("sales", "executive", "leeds")])
    assert not partition.shows([key for key in partition.atom_size if key[1] == "ic"])


def test_pool_of_a_population_under_the_threshold_shows_nothing(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    partition = pool({("a",): 2, ("b",): 2})
    assert not partition.shows([("a",), ("b",)])
    assert not partition.shows([])


def test_pool_pools_small_groups_together_when_they_are_large_enough(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    partition = pool({("a",): 3, ("b",): 3, ("c",): 9})
    assert partition.shows([("c",)]) and partition.shows([("a",), ("b",)])
    assert not partition.shows([("a",)])
