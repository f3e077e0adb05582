"""Names and labels as a sentence says them, with their article (`with_article: {fr: le Brésil}`,
`label_with_article: {fr: la part de marché}`): checked against the name or label they write."""

from __future__ import annotations

from knowledge.model import Language


def article_problems(
    field: str, written: dict[Language, str], said: dict[Language, str]
) -> list[tuple[Language, str]]:
    """What is wrong with each language's text of `field`: it must be that language's name or
    label (`written`, its case aside) with words (the article) before it, "l'" joined or not."""
    problems: list[tuple[Language, str]] = []
    for language, text in said.items():
        display = written.get(language, "")
        ends = bool(display) and text.casefold().endswith(display.casefold())
        if not ends or not text[: len(text) - len(display)].strip():
            message = f"{field}.{language} {text!r} must be {display!r} with its article before it"
            problems.append((language, message))
    return problems
