"""Reading the data files under demo/content/: one place that names the file when one
cannot be read, so a typo in the demo content says where it is."""

from pathlib import Path
from typing import Any

import yaml

CONTENT = Path(__file__).resolve().parent / "content"


class DemoContentError(Exception):
    """A demo data file is missing or malformed; the message names the file."""


def read_yaml(name: str, *, root: Path = CONTENT) -> Any:
    path = root / name
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except OSError as error:
        raise DemoContentError(f"{path}: cannot be read ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise DemoContentError(f"{path}: not valid YAML: {error}") from error
