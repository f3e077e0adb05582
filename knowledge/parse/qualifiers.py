"""What a question says around its names: the entity a bar is taken from, whether the entities
are counted, and unknown words next to a metric word ("Blackwell chips": a qualifier)."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from knowledge.parse.comparatives import choice_at
from knowledge.parse.items import Item
from knowledge.parse.lang import Vocabulary, vocabulary
from knowledge.parse.normalize import Token

if TYPE_CHECKING:
    from knowledge.parse.question import Query


def find_qualifiers(query: Query, tokens: list[Token], vocab: Vocabulary) -> None:
    """Unknown words right before or after a metric word ("Blackwell chips", "puces Blackwell")."""
    _settle_bar(query)
    _find_counted(query, tokens, vocab)
    unknown = {item.start: item for item in query.items if item.kind == "unknown"}
    covered = {
        at for item in query.items if item.kind != "unknown" for at in range(item.start, item.end)
    }
    for item in query.items:
        said: list[str | None] = []
        if item.kind == "how_many":
            said.append(_counted_word(tokens, unknown, item.end, vocab))  # "how much tea"
            said.append(_of_measure(query, tokens, unknown, item.end, vocab))  # "tonnes of tea"
        if item.kind == "verb":
            said.append(_object_of(tokens, item, unknown, vocab))  # "spend on marketing"
        if item.kind == "entity" and item.end + 1 < len(tokens) and tokens[item.end].key == "s":
            said.append(_unknown_word(tokens, unknown, item.end + 1, vocab))  # "Meta's revenue"
        if (
            item.kind in ("entity", "partial")  # "le CA de Nvidia": of a metric's word too
            and item.start >= 2
            and tokens[item.start - 1].key in vocab.fraction_of
        ):
            said.append(_measure_of(tokens, unknown, item.start - 2, vocab, covered))
        if item.kind == "partial":
            said += [_unknown_word(tokens, unknown, at, vocab) for at in (item.start - 1, item.end)]
        query.qualifiers += [w for w in dict.fromkeys(said) if w and w not in query.qualifiers]


def _settle_bar(query: Query) -> None:
    """Whose figure a bar is taken from, once every name of the question is known."""
    if query.relative_to == "pending":
        # "who bought more than Meta?": one entity, named after "more"; two make a comparison
        # "more than half of the world's exports": the bar is a part of the whole, not a figure
        # "who bought more, Microsoft or the Chinese companies?": a choice, not a bar
        one = len(query.entities) == 1 and query.fraction is None and not choice_at(query.items)
        query.relative_to = query.entities.pop() if one else None
    if query.factor is not None and query.relative_to is None and not query.groups:
        # "twice as many as Meta and Google": no one figure to multiply; a whole multiple is
        # still said ("did they double?"); "US companies twice as many as China": two sums
        whole = query.factor == query.factor.to_integral_value() and query.factor >= 2
        query.multiple = int(query.factor) if whole else query.multiple
        query.factor = None


def _find_counted(query: Query, tokens: list[Token], vocab: Vocabulary) -> None:
    """Whether the entities themselves are counted ("how many companies bought…")."""
    items = [x for x in query.items if not _of_word(x, tokens, vocab) and x.kind != "filler"]
    for item, following in pairwise(items):
        if item.kind == "how_many" and following.kind == "verb":
            query.counted = query.counted or _counts_doers(query, tokens, item, following, vocab)
        if item.kind == "how_many" and following.kind in ("entity_noun", "group"):
            # "how many companies", "combien d'entreprises", "how many of the firms" count them;
            # "how much did US companies spend", "combien les entreprises ont" ask their amount
            # ("combien y a-t-il de sociétés": the filler said between is no word of the gap)
            said = [x for x in query.items if x.kind == "filler" and x.start >= item.end]
            end = said[0].end if said and said[0].start == item.end else item.end
            gap = tokens[end : following.start]
            if gap and gap[0].key not in vocab.fraction_of:
                continue
            query.counted = following.kind == "entity_noun" or query.entity_noun


def _counted_word(
    tokens: list[Token], unknown: dict[int, Item], at: int, vocab: Vocabulary
) -> str | None:
    """The unknown word counted by "how many", also past a joining "de" ("combien de b200")."""
    if at not in unknown and at < len(tokens) and tokens[at].key in vocab.fraction_of:
        at += 1
    return str(unknown[at].value) if at in unknown else None


def _of_measure(
    query: Query, tokens: list[Token], unknown: dict[int, Item], at: int, vocab: Vocabulary
) -> str | None:
    """ "how many tonnes of tea", "combien de tonnes de thé": the unknown word said of the
    measure counted is what is asked, not the measure."""
    if at < len(tokens) and tokens[at].key in vocab.fraction_of:
        at += 1  # "combien de tonnes"
    measure = next((x for x in query.items if x.start == at and x.kind == "metric"), None)
    if measure is None or measure.end + 1 >= len(tokens):
        return None
    if tokens[measure.end].key not in vocab.fraction_of:
        return None
    return str(unknown[measure.end + 1].value) if measure.end + 1 in unknown else None


def _of_word(item: Item, tokens: list[Token], vocab: Vocabulary) -> bool:
    """ "de" read as a range word ("de 2023 à 2024") where it only joins ("combien de …")."""
    return item.end - item.start == 1 and tokens[item.start].key in vocab.fraction_of


def _object_of(
    tokens: list[Token], verb: Item, unknown: dict[int, Item], vocab: Vocabulary
) -> str | None:
    """ "How much did Meta spend on marketing?", "on R&D": what the verb is about is something
    Tally has no figures on, not the metric the verb belongs to."""
    at = verb.end
    if at + 1 >= len(tokens) or tokens[at].key not in vocab.object_prepositions:
        return None
    at += 2 if tokens[at + 1].key in vocab.articles and at + 2 < len(tokens) else 1
    word = _unknown_word(tokens, unknown, at, vocab)
    # a capitalised word is a name (perhaps misspelt: a did-you-mean), not what is bought
    return None if word is None or tokens[at].upper else word


def _unknown_word(
    tokens: list[Token], unknown: dict[int, Item], at: int, vocab: Vocabulary
) -> str | None:
    """The unknown word at token `at`; lone letters count ("R&D" is read as "r", "d")."""
    if at in unknown:
        return str(unknown[at].value)
    if not 0 <= at < len(tokens) or not _letter(tokens[at]):
        return None
    if at > 0 and tokens[at - 1].number is not None:
        return None  # "485k": a multiplier
    if at > 0 and _letter(tokens[at - 1]) and tokens[at - 1].key not in vocab.stopwords:
        return f"{tokens[at - 1].text}&{tokens[at].text}"  # "r&d", "m&a"
    if at + 1 < len(tokens) and _letter(tokens[at + 1]):
        return f"{tokens[at].text}&{tokens[at + 1].text}"
    return None if vocab.known(tokens[at].key) else tokens[at].text


def _measure_of(
    tokens: list[Token], unknown: dict[int, Item], at: int, vocab: Vocabulary, covered: set[int]
) -> str | None:
    """ "the revenue of Meta", "le chiffre d'affaires de Microsoft": the unknown word said of a
    name, with the plain words joined to it by "of" before it ("chiffre d'" + "affaires")."""
    at = _past_fragment(tokens, unknown, at, -1, vocab, covered)  # "affaires cloud de"
    word = _unknown_word(tokens, unknown, at, vocab)
    if word is None or tokens[at].upper:
        return None  # a capitalised word is a name (perhaps misspelt: a did-you-mean)
    while at >= 2 and tokens[at - 1].key in vocab.fraction_of and _plain(tokens[at - 2], vocab):
        if at - 2 in covered:
            break
        joint = tokens[at - 1].text
        # an elided "d'" is glued to what follows; "de" is a word of its own
        joint = f"{joint}'" if len(joint) == 1 else f"{joint} "
        word = f"{tokens[at - 2].text} {joint}{word}"
        at -= 2
    return word


def measure_lacking(query: Query) -> bool:
    """ "How many employees does X have?", "Meta revenue": an unknown measure asked of a name."""
    return bool(query.unknown) and (query.has("how_many") or measure_after_name(query))


def measure_after_name(query: Query) -> bool:
    """ "Microsoft revenue", "Meta cloud profits": whether a lower-case unknown word is said right
    after a name (what is asked of it, when nothing else is asked: a measure Tally lacks)."""
    tokens, vocab = query.said, vocabulary()
    unknown = {item.start: item for item in query.items if item.kind == "unknown"}
    covered = {
        at for item in query.items if item.kind != "unknown" for at in range(item.start, item.end)
    }
    return any(
        _measure_after(tokens, unknown, item.end, vocab, covered) is not None
        for item in query.items
        if item.kind == "entity"
    )


def _measure_after(
    tokens: list[Token], unknown: dict[int, Item], at: int, vocab: Vocabulary, covered: set[int]
) -> str | None:
    """The lower-case unknown word right after a name, past a word of a longer name."""
    at = _past_fragment(tokens, unknown, at, 1, vocab, covered)
    if at not in unknown or tokens[at].upper:
        return None  # a capitalised word is a name (perhaps misspelt: a did-you-mean)
    # one word, not the start of a phrase Tally cannot read ("Tencent include h800s?")
    return None if at + 1 in unknown else str(unknown[at].value)


def _past_fragment(
    tokens: list[Token],
    unknown: dict[int, Item],
    at: int,
    step: int,
    vocab: Vocabulary,
    covered: set[int],
) -> int:
    """Past a word known only as part of a longer name ("cloud" of "Google Cloud"), said alone:
    it names nothing, so the measure asked is the word beyond it."""
    if not 0 <= at < len(tokens) or at in covered or at in unknown:
        return at
    token = tokens[at]
    plain = token.text.isalpha() and len(token.text) > 1
    return at + step if plain and not vocab.known(token.key) and not vocab.known(token.text) else at


def _plain(token: Token, vocab: Vocabulary) -> bool:
    """A lower-case word that is no article, number or letter: part of a noun said."""
    text = token.text
    return text.isalpha() and len(text) > 1 and not token.upper and text not in vocab.articles


def _letter(token: Token) -> bool:
    return len(token.text) == 1 and token.text.isalpha()


def _counts_doers(
    query: Query, tokens: list[Token], how_many: Item, verb: Item, vocab: Vocabulary
) -> bool:
    """ "how many bought exactly 50,000?", "combien ont acheté…": those who did, counted; not
    "how much was spent" (an amount) nor "combien ont acheté les 2 premiers" (theirs)."""
    said = {t.key for t in tokens[how_many.start : how_many.end]}
    gap = [t.key for t in tokens[how_many.end : verb.start]]
    if said & vocab.amount_words or query.top_n is not None:
        return False
    return all(key in vocab.counting_gap for key in gap)
