""" "How many H200s did Meta buy?": a name of a part of what a metric measures is read as the
metric; the answer says so, and that there are no separate figures for that part."""

from __future__ import annotations

from knowledge.fields import Block, Label, UserText
from knowledge.lexicon import Lexicon
from knowledge.model import Fact
from knowledge.parse.normalize import fold
from knowledge.parse.question import Query


def narrower_notes(query: Query, lexicon: Lexicon, facts: list[Fact]) -> list[Block]:
    """One note for each narrower name the question used for a metric the answer gives."""
    if not lexicon.narrower:
        return []  # (knowledge with no narrower names: nothing to look for)
    answered = {fact.metric for fact in facts}
    said: dict[str, str] = {}
    for item in query.items:
        if item.kind != "metric" or item.value not in answered:
            continue
        tokens = query.said[item.start : item.end]
        found = lexicon.narrower.get(tuple(token.key for token in tokens))
        if found is not None and found[0] == item.value:
            # the name as the knowledge writes it ("H800"), in the form the question used
            text = " ".join(token.text for token in tokens)
            name = next((n for n in found[1] if fold(n) == text), found[1][0])
            said.setdefault(name, found[0])
    return [
        Block("narrower_name", {"word": UserText(name), "label_lower": Label(metric, lower=True)})
        for name, metric in said.items()
    ]
