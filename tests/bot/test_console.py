"""`python -m bot chat`: the local console, driven through a pipe like a newcomer's first run."""

from __future__ import annotations

from pathlib import Path

from tests.bot.e2e_support import run_cli

QUESTIONS = "\n".join([
    "who bought the most Hopper chips?",
    "and Meta?",
    "",
    "qui a acheté le plus de puces Hopper ?",
    "et Google ?",
    "quit",
    "how many Hopper chips did Amazon buy?",
]).encode() + b"\n"  # fmt: skip


def answers(output: str) -> list[str]:
    """The console's answers: blocks separated by a blank line."""
    # French writes thousands with a narrow no-break space; compare with a plain one.
    plain = output.replace("\u202f", " ").replace("\xa0", " ")
    return [block for block in plain.strip().split("\n\n") if block.strip()]


async def test_chat_answers_piped_questions_in_one_conversation(tmp_path: Path) -> None:
    status, out, err = await run_cli("chat", cwd=tmp_path, stdin=QUESTIONS)
    assert status == 0, err
    blocks = answers(out)
    assert len(blocks) == 4, out  # the blank line is skipped, nothing after "quit" is read
    most, meta, plus, google = blocks
    assert "Microsoft" in most and "485,000" in most
    assert "Meta" in meta and "224,000" in meta  # the follow-up kept the metric and period
    assert "Microsoft" in plus and "485 000" in plus and "acheté" in plus
    assert "Google" in google and "169 000" in google and "acheté" in google
    assert "Amazon" not in out
    assert (tmp_path / "var" / "tally.db").exists()  # the embedded database, seeded on first use


async def test_chat_ends_at_end_of_input_and_keeps_no_prompt_when_piped(tmp_path: Path) -> None:
    status, out, err = await run_cli("chat", cwd=tmp_path, stdin=b"Meta\n")
    assert status == 0, err
    assert not out.startswith(">") and "Tally console" not in out
    assert "Meta" in out


async def test_chat_lang_decides_for_questions_in_neither_language(tmp_path: Path) -> None:
    _, english, _ = await run_cli("chat", cwd=tmp_path, stdin=b"Meta\n")
    _, french, _ = await run_cli("chat", "--lang", "fr", cwd=tmp_path, stdin=b"Meta\n")
    assert "bought" in english
    assert "acheté" in french


async def test_chat_with_empty_input_exits_cleanly(tmp_path: Path) -> None:
    status, out, err = await run_cli("chat", cwd=tmp_path, stdin=b"")
    assert status == 0, err
    assert out == ""
