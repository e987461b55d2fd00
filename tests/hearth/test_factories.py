"""The factories give a test the same names on every run (a random surname once matched a
search fragment and failed CI)."""

from tests.factories import UserFactory, reseed


def test_a_test_gets_the_same_names_on_every_run(request):
    first = [UserFactory.build() for _ in range(3)]
    reseed(request.node.nodeid)  # as the autouse fixture did before this test began
    again = [UserFactory.build() for _ in range(3)]
    assert [(u.first_name, u.last_name) for u in first] == [
        (u.first_name, u.last_name) for u in again
    ]


def test_another_test_gets_other_names(request):
    reseed("tests/hearth/test_factories.py::test_a_test_gets_the_same_names_on_every_run")
    theirs = UserFactory.build()
    reseed(request.node.nodeid)
    mine = UserFactory.build()
    assert (theirs.first_name, theirs.last_name) != (mine.first_name, mine.last_name)
