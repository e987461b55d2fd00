"""README's table of variables stays complete: every variable settings read is in it."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_every_environment_variable_is_documented():
    settings_source = "\n".join(p.read_text() for p in (REPO / "hearth" / "settings").glob("*.py"))
    read = set(re.findall(r'env\.\w+\("([A-Z_]+)"', settings_source)) | {"SECRET_KEY"}
    readme = (REPO / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.MULTILINE))
    assert read, "no variables found: the pattern no longer matches the settings"
    assert read - documented == set()


def test_readme_shows_the_two_commands_first():
    readme = (REPO / "README.md").read_text()
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    assert "make run" in first_block
    assert "make test" in first_block
