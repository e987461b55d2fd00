"""core.htmx.is_htmx: a request htmx made gets a fragment, any other the whole page."""

from django.test import RequestFactory

from core.htmx import is_htmx


def test_a_request_htmx_made_is_told_apart_from_a_page_load():
    factory = RequestFactory()
    assert is_htmx(factory.get("/", headers={"HX-Request": "true"}))
    assert not is_htmx(factory.get("/"))
    assert not is_htmx(factory.get("/", headers={"HX-Request": "false"}))
