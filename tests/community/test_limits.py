"""community.limits.clean_text: the one cleaning of posted text (comments, annotations,
leadership questions), with the site's limit or the caller's own."""

import pytest
from django.core.exceptions import ValidationError

from brand.leadership.services import clean_details, clean_title
from community.limits import clean_text


def test_text_is_trimmed_and_nul_bytes_dropped():
    assert clean_text("  a\x00b  ") == "ab"


def test_empty_required_text_is_refused_with_the_callers_message():
    with pytest.raises(ValidationError) as caught:
        clean_text("   ", empty="Write the answer first.")
    assert caught.value.messages == ["Write the answer first."]
    assert caught.value.code == "empty"


def test_a_callers_limit_replaces_the_sites(settings):
    settings.HEARTH_POST_MAX_CHARS = 100
    with pytest.raises(ValidationError) as caught:
        clean_text("x" * 11, limit=10)
    assert caught.value.code == "too_long"
    assert "11" in caught.value.messages[0]
    assert clean_text("x" * 200, limit=300) == "x" * 200


def test_leadership_questions_clean_their_text_the_same_way():
    with pytest.raises(ValidationError) as caught:
        clean_title("")
    assert caught.value.messages == ["Write your question first: the question is empty."]
    assert clean_details(None) == ""
    with pytest.raises(ValidationError) as caught:
        clean_title("x" * 10_000)
    assert caught.value.code == "too_long"
