"""core.ids: ids from addresses and forms never reach a query out of the database's range."""

import pytest
from django.http import Http404

from core.ids import MAX_ID, id_or_404, parse_id


@pytest.mark.parametrize("value", ["12", " 12 ", 12])
def test_a_positive_integer_is_an_id(value):
    assert parse_id(value) == 12
    assert id_or_404(value) == 12


@pytest.mark.parametrize("value", ["0", "-3", "x", "", None, "1.5", str(MAX_ID + 1)])
def test_anything_else_is_none_or_a_404(value):
    assert parse_id(value) is None
    with pytest.raises(Http404):
        id_or_404(value)


def test_the_largest_id_is_the_databases_bigint():
    assert parse_id(str(MAX_ID)) == MAX_ID == 2**63 - 1
