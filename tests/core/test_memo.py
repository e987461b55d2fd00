"""core.memo.per_request: an answer computed once per key while its owner (the request's
user object) lives; another user object, as the next request builds, computes afresh."""

from django.contrib.auth import get_user_model

from core.memo import per_request


def test_two_calls_compute_once_and_another_user_object_computes_again():
    User = get_user_model()
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    first = User(pk=7, username="ana")
    assert per_request(first, ("rule", 1), compute) == 1
    assert per_request(first, ("rule", 1), compute) == 1
    assert len(calls) == 1

    # Another question is its own answer.
    assert per_request(first, ("rule", 2), compute) == 2
    # The same person in the next request: a new user object, asked afresh.
    again = User(pk=7, username="ana")
    assert per_request(again, ("rule", 1), compute) == 3
    assert per_request(first, ("rule", 1), compute) == 1
    assert len(calls) == 3


def test_a_false_or_none_answer_is_kept_too():
    User = get_user_model()
    calls = []
    user = User(pk=8, username="ben")
    for _ in range(3):
        assert per_request(user, "may see", lambda: calls.append(1)) is None
    assert calls == [1]
