"""The names of the sources' publishers ("Omdia", "Financial Times" and its initials "FT"), read
from the knowledge's sources, so that a question can name one."""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.model import Source
from knowledge.parse.lang import Vocabulary
from knowledge.parse.normalize import phrase_key

# a run of capitalised words in a publisher's text: a name ("Financial Times", "Omdia")
_NAME = re.compile(r"[A-Z][\w&-]*(?:[ \t]+[A-Z][\w&-]*)*")


def publisher_index(sources: Iterable[Source], vocab: Vocabulary) -> dict[str, dict[str, str]]:
    """Each word of a publisher's name, and the initials of a name of several words -> the
    sources whose publisher it names -> that name as written."""
    index: dict[str, dict[str, str]] = {}
    for source in sources:
        for match in _NAME.finditer(source.publisher):
            name = match.group(0)
            words = name.split()
            keys = [key for word in words for key in phrase_key(word)[:1]]
            if len(words) > 1:
                keys.append("".join(word[0] for word in words).casefold())  # "FT"
            for key in keys:
                if len(key) > 1 and not vocab.known(key) and not key.isdigit():
                    index.setdefault(key, {}).setdefault(source.key, name)
    return index
