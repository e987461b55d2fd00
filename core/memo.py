"""Answers kept for the rest of a request, on the object that lives exactly that long.

The user object Django attaches to a request (`request.user`, or the user a service was
handed) is built for one request and dropped after it, so what it keeps cannot go stale
across requests, and each person's answers stay with them. Several questions asked many
times while drawing one page ("may this person review this page at this step?", "may they
open the list behind this figure?") are answered once this way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

_ATTRIBUTE = "_hearth_per_request"


def per_request(owner: object, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`'s answer for `key`, computed at most once while `owner` lives.

    Kept in `owner.__dict__` (not an attribute a model field or property could shadow);
    a key should name its question, e.g. `("reviewer", task.pk, page.pk)`."""
    answers = owner.__dict__.setdefault(_ATTRIBUTE, {})
    if key not in answers:
        answers[key] = compute()
    return answers[key]
