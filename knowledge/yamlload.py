"""YAML loading that remembers line numbers and keeps numbers exact."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from knowledge.errors import Problem


class LineDict(dict[str, Any]):
    """A mapping from a YAML file that knows the line of itself and of each key."""

    line: int
    key_lines: dict[str, int]


class LineList(list[Any]):
    """A sequence from a YAML file that knows the line of each item."""

    line: int
    item_lines: list[int]


# libyaml's parser (when PyYAML was built with it) reads large files several times faster;
# the constructors below, which keep line numbers and exact numbers, work on either.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader that records lines, reports duplicate keys and reads floats as Decimal."""

    def __init__(self, stream: str, name: str) -> None:
        super().__init__(stream)
        self.file_name = name
        self.problems: list[Problem] = []


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            loader.problems.append(Problem(loader.file_name, line, f"key {key!r} is not text"))
            key = str(key)
        if key in result:
            loader.problems.append(Problem(loader.file_name, line, f"duplicate key {key!r}"))
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_decimal(loader: _Loader, node: yaml.ScalarNode) -> Decimal | str:
    # Floats would lose digits: keep the written number exactly.
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    return number if number.is_finite() else text


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def load_yaml(text: str, name: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document; return it with the problems found (syntax, duplicate keys)."""
    loader = _Loader(text, name)
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        reason = error.problem or error.context or "invalid YAML"
        return None, [Problem(name, line, f"YAML syntax error: {reason}")]
    except yaml.YAMLError as error:
        return None, [Problem(name, 1, f"YAML error: {error}")]
    finally:
        loader.dispose()
    return document, loader.problems
