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


class _KeysOnce(yaml.SafeLoader):
    """A loader that records keys said twice in one mapping (plain YAML keeps the last)."""

    repeated: list[str]


def _mapping(loader: _KeysOnce, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    loader.repeated += [str(key) for n, key in enumerate(keys) if key in keys[:n]]
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_KeysOnce.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
TEMPLATE_DIR = LANG_DIR.parent / "templates"


@pytest.mark.parametrize(
    "path",
    [
        LANG_DIR / "en.yaml",
        LANG_DIR / "fr.yaml",
        TEMPLATE_DIR / "en.yaml",
        TEMPLATE_DIR / "fr.yaml",
    ],
)
def test_no_key_is_said_twice(path: Path) -> None:
    # a concept or template said twice loses its first words silently: merges can do that
    loader = _KeysOnce(path.read_text(encoding="utf-8"))
    loader.repeated = []
    try:
        loader.get_single_data()
    finally:
        loader.dispose()
    assert loader.repeated == []
