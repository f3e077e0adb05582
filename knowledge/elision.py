"""French elision at the seams of a template: "plus que Amazon" is written "plus qu'Amazon",
"de les entreprises" "des entreprises", and "de le Brésil" "du Brésil"."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from knowledge.fields import Names

if TYPE_CHECKING:
    from knowledge.templating import Compiled  # (which uses this module)

# "de" and "que" (ending a template's text) lose their e before a vowel; not before "h" or "y",
# where names differ ("de Huawei", "de Yahoo"), so those are left as written
_ELIDABLE = re.compile(r"(?:^|(?<=[\s(«]))([Dd]|[Qq]u)e $")
_SEAMS = re.compile(r"(?:^|(?<=[\s(«]))(?:[Dd]e|[Qq]ue|en|à) $")
_TO = re.compile(r"(?:^|(?<=[\s(«]))à $")
_OF = re.compile(r"(?:^|(?<=[\s(«]))[Dd]e $")
# "en 2024" but "au T4 2024", "au S1 2024": a quarter or a half takes "au"
_IN = re.compile(r"(?:^|(?<=[\s(«]))en $")
_PART_OF_YEAR = re.compile(r"[TS]\d ")
_VOWELS = frozenset("aeiouàâäéèêëîïôöùûüAEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜ")


def elidable(texts: tuple[str, ...]) -> tuple[int, ...]:
    """The fields (by position) a "de " or "que " comes right before."""
    return tuple(i for i, text in enumerate(texts[:-1]) if _SEAMS.search(text))


def elide(texts: tuple[str, ...], names: tuple[str, ...], values: dict[str, str]) -> str:
    """The template filled, "de " / "que " elided where the field's value starts with a vowel."""
    out = []
    for i, name in enumerate(names):
        text, value = texts[i], values.get(name, f"{{{name}}}")
        if value[:1] in _VOWELS and _ELIDABLE.search(text):
            text = text[:-2] + "'"  # "de " -> "d'", "que " -> "qu'"
        elif value.startswith("le ") and _OF.search(text):
            text, value = text[:-2] + "u ", value[3:]  # "de le Brésil" -> "du Brésil"
        elif value.startswith("le ") and _TO.search(text):
            text, value = text[:-2] + "au ", value[3:]  # "à le Pérou" -> "au Pérou"
        elif value.startswith("les ") and _OF.search(text):
            text, value = text[:-2] + "es ", value[4:]  # "de les " -> "des "
        elif value.startswith("les ") and _TO.search(text):
            text, value = text[:-2] + "aux ", value[4:]  # "à les " -> "aux "
        elif _PART_OF_YEAR.match(value) and _IN.search(text):
            text = text[:-3] + "au "  # "en T4 2024" -> "au T4 2024"
        out.append(text + value)
    out.append(texts[-1])
    return "".join(out)


def of_each(
    found: Compiled,
    values: dict[str, str],
    fields: Mapping[str, object],
    say: tuple[Callable[[str], str], Callable[[list[str]], str]],
    most: int,
) -> tuple[str, ...]:
    """« de le Brésil, le Viêt Nam et la Colombie » is « du Brésil, du Viêt Nam et de la
    Colombie »: a "de " before a list of names is said before each (their value set here)."""
    named, joined = say
    out = list(found.texts)
    for i, name in enumerate(found.names):
        listed = fields.get(name)
        several = isinstance(listed, Names) and 1 < len(listed.keys) <= most
        if isinstance(listed, Names) and several and _OF.search(out[i]):
            de = out[i][-3:]  # "de " or "De "
            each = [elide((de, ""), ("n",), {"n": named(k)}) for k in listed.keys]
            values[name], out[i] = joined(each), out[i][:-3]
    return tuple(out)
