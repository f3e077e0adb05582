""" "Can I see the quote from the article about ByteDance?": the words each source used, as
stored with the figures, rather than the figures again."""

from __future__ import annotations

from knowledge.fields import Block, Statement
from knowledge.intents import Ctx, Part
from knowledge.model import Fact
from knowledge.notesasked import in_scope

QUOTE = "quote"


def quotes(ctx: Ctx) -> Part:
    """The stored quotes of the figures asked, one line for each quote with the figures it gives."""
    quoted = [fact for fact in in_scope(ctx.plan, ctx.view) if fact.quote]
    # "the quote for the 229 billion figure": that figure's, when it is one of them
    said = [fact for fact in quoted if fact.value == ctx.plan.value]
    quoted = said or quoted
    if not quoted:
        return Part(answered=False, blocks=[Block("quotes_none", {})])
    part = Part(answered=True, blocks=[Block("quotes_head", {})])
    by_quote: dict[str, list[Fact]] = {}
    for fact in quoted:
        by_quote.setdefault(fact.quote or "", []).append(fact)
    for quote, found in by_quote.items():
        part.blocks.extend(Block("figure", {"statement": Statement(fact)}) for fact in found)
        part.blocks.append(Block("quote_line", {"quote": quote}))
        part.facts.extend(found)
    return part
