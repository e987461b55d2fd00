"""Late slots (core.late): a rendering shared by many readers, each reader's bits filled in."""

import pytest
from django.template import Context, Template
from django.test import override_settings

from core import late


@late.filler("test-greeting")
def _greeting(reader: late.Reader, arg: str) -> str:
    reader.memo["calls"] = reader.memo.get("calls", 0) + 1
    return f"<b>{arg or 'hello'} {reader.get('name')}</b>{late.slot(late.CSRF)}"


def test_slots_are_filled_for_the_reader_and_unknown_ones_show_nothing():
    html = f"a {late.slot('test-greeting', 'hi')} b {late.slot('nobody-fills-this', 3)} c"
    reader = late.Reader({"name": "Ann", "csrf_token": "TOKEN"})
    filled = late.fill(html, None, reader)
    assert filled == "a <b>hi Ann</b>TOKEN b  c"  # the filler's own slot (CSRF) filled too
    assert late.marker() not in filled


def test_the_marker_depends_on_the_secret_key():
    late.marker.cache_clear()
    late._pattern.cache_clear()
    try:
        with override_settings(SECRET_KEY="another-secret-for-this-test-only-000000000000"):
            other = late.marker()
        late.marker.cache_clear()
        late._pattern.cache_clear()
        assert late.marker() != other
    finally:
        late.marker.cache_clear()
        late._pattern.cache_clear()


def test_a_name_has_one_filler():
    with pytest.raises(ValueError, match="already has a filler"):
        late.filler("test-greeting")(lambda reader, arg: "")


class _Kept(late.Fragment):
    stored: list = []

    def store(self, html: str) -> None:
        self.stored.append(html)


def test_a_fragment_is_stored_with_the_token_as_a_slot_and_filled_every_time():
    template = Template(
        "{% load hearth_late %}{% late_fragment spec %}<form>{% csrf_token %}"
        '{% late "test-greeting" %}</form>{% endlate_fragment %}'
    )
    miss = _Kept("k", None)
    html = template.render(Context({"spec": miss, "csrf_token": "REAL1", "name": "Ann"}))
    assert 'value="REAL1"' in html and "hello Ann" in html
    stored = _Kept.stored[-1]
    assert "REAL1" not in stored and "Ann" not in stored and late.marker() in stored
    hit = _Kept("k", stored)
    html = template.render(Context({"spec": hit, "csrf_token": "REAL2", "name": "Bob"}))
    assert 'value="REAL2"' in html and "hello Bob" in html and "Ann" not in html
    # No spec (a preview): rendered afresh, nothing kept, still filled.
    count = len(_Kept.stored)
    html = template.render(Context({"spec": None, "csrf_token": "REAL3", "name": "Cy"}))
    assert 'value="REAL3"' in html and "hello Cy" in html and len(_Kept.stored) == count
