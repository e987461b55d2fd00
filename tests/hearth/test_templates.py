"""Every template of the project parses, and none leaves a {# … #} comment open.

Django's {# … #} comment ends on its own line; one that spans lines is not a comment at
all, and its text shows to readers (as it did on every knowledge page's sidebar).
Multi-line notes use {% comment %}. Both checks walk the project's template folders
(templates/ and each app's templates/), never the virtualenv."""

import re
from pathlib import Path

import pytest
from django.template import engines
from django.template.base import Lexer, TokenType
from django.template.loader import get_template

REPO = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "static", "media", ".git"}
SUFFIXES = {".html", ".txt", ".xml", ".svg", ".md", ".json", ".js", ".css"}


def project_templates() -> list[tuple[str, Path]]:
    """(template name, file) for every file under a templates/ folder of the project."""
    found = []
    for folder in REPO.rglob("templates"):
        relative = folder.relative_to(REPO).parts
        if not folder.is_dir() or SKIP & set(relative) or relative[0] == "tests":
            continue
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in SUFFIXES:
                found.append((path.relative_to(folder).as_posix(), path))
    return sorted(found)


TEMPLATES = project_templates()


def test_the_walk_finds_the_project_templates():
    names = {name for name, _ in TEMPLATES}
    assert "base.html" in names
    assert "brand/ideas/improve_link.html" in names
    assert len(names) > 100
    assert not any(".venv" in path.parts for _, path in TEMPLATES)


@pytest.mark.parametrize(("name", "path"), TEMPLATES, ids=[name for name, _ in TEMPLATES])
def test_template_parses(name, path):
    # Through Django's engine, as a view would load it (its own {% load %}s, tags, filters).
    get_template(name)


def open_comments(source: str) -> list[int]:
    """Lines where a {# starts that Django's lexer reads as plain text (it did not close)."""
    return [
        token.lineno
        for token in Lexer(source).tokenize()
        if token.token_type == TokenType.TEXT and "{#" in token.contents
    ]


def test_no_template_comment_spans_lines():
    engines["django"]  # the engine is configured (settings loaded) before reading sources
    problems = [
        f"{path.relative_to(REPO)}:{line}"
        for _, path in TEMPLATES
        for line in open_comments(path.read_text())
    ]
    assert problems == []


def test_the_comment_check_catches_an_open_comment():
    assert open_comments("{% load i18n %}{# a note\nthat goes on #}\n<p>x</p>") == [1]
    assert open_comments("{# one line #}<p>x</p>{% comment %}\nlong\n{% endcomment %}") == []


# Machine values only: `<time datetime>`, ISO dates for inputs and exports, a month alone
# (answers shown by month so nobody is told apart), an event's end time beside its start.
MACHINE_DATE_FORMATS = {"c", "Y-m-d", "Y-m-d H:iO", "F Y", "H:i"}
DATE_FILTER = re.compile(r"\|date:(?:\"([^\"]*)\"|'([^']*)')")


def test_dates_shown_to_people_use_the_shared_filters():
    """One date format per context: short in lists, long in page meta and sentences
    (core.dates); a human format written into a template would start another."""
    written = [
        f"{path.relative_to(REPO)}: {double or single}"
        for _, path in TEMPLATES
        for double, single in DATE_FILTER.findall(path.read_text())
        if (double or single) not in MACHINE_DATE_FORMATS
    ]
    assert written == []
