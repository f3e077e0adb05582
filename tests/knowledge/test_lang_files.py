"""The generic language files: every word a string, as written."""

from pathlib import Path
from typing import Any

import pytest
import yaml

LANG_DIR = Path(__file__).parents[2] / "knowledge" / "lang"


def _leaves(node: Any, path: str) -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in _leaves(value, f"{path}/{key}")]
    if isinstance(node, list):
        return [leaf for value in node for leaf in _leaves(value, path)]
    return [(path, node)]


@pytest.mark.parametrize("name", ["en.yaml", "fr.yaml"])
def test_no_word_is_read_as_a_boolean(name: str) -> None:
    # YAML reads a bare on, off, yes or no as true or false: "on" would stop being a word
    data = yaml.safe_load((LANG_DIR / name).read_text(encoding="utf-8"))
    booleans = [(path, value) for path, value in _leaves(data, "") if isinstance(value, bool)]
    assert booleans == []
