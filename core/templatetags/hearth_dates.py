"""The date filters of `core.dates`: one format per context (see there). The template
check (tests/hearth/test_templates.py) refuses a human date format written in a template,
so a new date goes through one of these."""

from django import template

from core import dates

register = template.Library()

for _name in ("short_date", "long_date", "short_datetime", "long_datetime"):
    register.filter(_name, getattr(dates, _name), expects_localtime=True)
