"""A URLconf with a view that fails, for the 500 page test (tests/hearth/test_prod_check.py)."""

from django.urls import path

from hearth.urls import handler404, handler500  # noqa: F401 - Hearth's error views


def broken(request):
    raise RuntimeError("a bug, for the test")


urlpatterns = [path("broken/", broken)]
