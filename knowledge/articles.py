"""An entity's name as a sentence says it (`with_article: {fr: le Brésil}`): checked against its
display name, so that only the article is added."""

from __future__ import annotations

from knowledge.model import Language


def article_problems(
    name: str, names: dict[Language, str], said: dict[Language, str]
) -> list[tuple[Language, str]]:
    """What is wrong with each language's `with_article` text: it must be the display name in
    that language with words (the article) before it, "l'" joined or not."""
    problems: list[tuple[Language, str]] = []
    for language, text in said.items():
        display = names.get(language, name)
        before = text[: -len(display)] if text.endswith(display) else ""
        if not before.strip():
            message = (
                f"with_article.{language} {text!r} must be {display!r} with its article before it"
            )
            problems.append((language, message))
    return problems
