"""`python -m bot ask` and `python -m bot unanswered`, run as a person would: in a subprocess."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = sorted(str(p.relative_to(REPO)) for p in (REPO / "knowledge" / "data").glob("*.yaml"))


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DISCORD_TOKEN")}
    env["LOG_LEVEL"] = "WARNING"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def bot(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` from the repository; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        check=False,
        cwd=REPO,
        env=_env(),
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A SQLite database loaded with the shipped figures by `python -m bot load`."""
    path = tmp_path_factory.mktemp("cli") / "tally.db"
    url = f"sqlite+aiosqlite:///{path}"
    done = bot("load", "--db", url, *SEED)
    assert done.returncode == 0, done.stderr
    return url, path


def json_lines(stdout: str) -> list[dict[str, Any]]:
    """Every line of standard output parsed as one JSON object."""
    lines = stdout.splitlines()
    assert lines, "no output"
    return [json.loads(line) for line in lines]


def test_one_question_prints_only_the_answer(db: tuple[str, Path]) -> None:
    url, _ = db
    done = bot("ask", "--db", url, "who", "bought", "the", "most", "Hopper", "chips", "in", "2024?")
    assert done.returncode == 0, done.stderr
    out = done.stdout.replace(",", "").replace("\u202f", " ")
    assert "Microsoft" in out
    assert "485000" in out.replace(" ", "")
    assert "INFO" not in done.stdout and "WARNING" not in done.stdout


def test_json_is_the_answer_with_numbers(db: tuple[str, Path]) -> None:
    url, _ = db
    done = bot("ask", "--db", url, "--json", "how many Hopper chips did Amazon buy in 2024?")
    assert done.returncode == 0, done.stderr
    [answer] = json_lines(done.stdout)
    assert answer["answered"] is True
    assert answer["language"] == "en"
    assert answer["question"] == "how many Hopper chips did Amazon buy in 2024?"
    figure = answer["figures"][0]
    assert (figure["entity"], figure["period"]) == ("amazon", "2024")
    assert figure["value"] == 196000 and isinstance(figure["value"], int)
    assert answer["sources"] and answer["sources"][0]["key"] == figure["source"]


def test_stdin_lines_are_answered_in_order_and_independently(db: tuple[str, Path]) -> None:
    url, _ = db
    questions = "who bought the most Hopper chips in 2023?\n\nhow many Hopper chips did Meta buy in 2024?\nand the fewest?\n"
    done = bot("ask", "--db", url, "--json", "-", stdin=questions)
    assert done.returncode == 0, done.stderr
    answers = json_lines(done.stdout)
    assert [a["question"] for a in answers] == [
        "who bought the most Hopper chips in 2023?",
        "how many Hopper chips did Meta buy in 2024?",
        "and the fewest?",
    ]
    assert {f["entity"] for f in answers[0]["figures"][:2]} == {"microsoft", "meta"}
    assert answers[1]["figures"][0]["value"] == 224000
    # Without --conversation, "and the fewest?" has nothing to follow: no Hopper ranking.
    assert not answers[2]["answered"]


def test_plain_stdin_separates_answers_with_a_blank_line(db: tuple[str, Path]) -> None:
    url, _ = db
    done = bot("ask", "--db", url, "-", stdin="Tesla H100 2023\nMeta MI300\n")
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.rstrip("\n").split("\n\n", 1)
    assert "Tesla" in first and "15" in first
    assert "Meta" in second and "173" in second


def test_conversation_follows_up(db: tuple[str, Path]) -> None:
    url, _ = db
    questions = "who bought the most Hopper chips in 2024?\nand the fewest?\nwhat about 2023?\n"
    done = bot("ask", "--db", url, "--json", "--conversation", "-", stdin=questions)
    assert done.returncode == 0, done.stderr
    answers = json_lines(done.stdout)
    assert len(answers) == 3
    assert answers[0]["figures"][0]["entity"] == "microsoft"
    assert answers[1]["answered"] and answers[1]["figures"][0]["entity"] == "google"
    assert answers[2]["answered"] and answers[2]["figures"][0]["entity"] == "tesla"
    assert answers[2]["figures"][0]["period"] == "2023"


def test_lang_fr_answers_in_french(db: tuple[str, Path]) -> None:
    url, _ = db
    done = bot(
        "ask", "--db", url, "--lang", "fr", "--json", "who bought the most Hopper chips in 2024?"
    )
    assert done.returncode == 0, done.stderr
    [answer] = json_lines(done.stdout)
    assert answer["language"] == "fr"
    assert answer["figures"][0]["entity"] == "microsoft"
    assert "\\u" not in done.stdout  # UTF-8 as is, not escaped
    plain = bot(
        "ask",
        "--db",
        url,
        "--lang",
        "fr",
        "combien de puces Hopper Meta a-t-elle achetées en 2024 ?",
    )
    assert plain.returncode == 0, plain.stderr
    assert (
        "224\u202f000" in plain.stdout
        or "224 000" in plain.stdout
        or "224\u00a0000" in plain.stdout
    )


def test_unanswered_lists_what_was_not_answered(db: tuple[str, Path]) -> None:
    url, path = db
    question = f"how many Blackwell chips did Zorglub{uuid.uuid4().hex[:6]} buy?"
    for _ in range(2):
        done = bot("ask", "--db", url, question)
        assert done.returncode == 0, done.stderr  # not answered is still exit 0
        assert done.stdout.strip()
    listed = bot("unanswered", "--db", url, "--json", "--limit", "50")
    assert listed.returncode == 0, listed.stderr
    rows = {row["text"]: row for row in json_lines(listed.stdout)}
    assert rows[question]["count"] == 2
    assert rows[question]["language"] == "en"
    plain = bot("unanswered", "--db", url)
    assert question in plain.stdout
    with sqlite3.connect(path) as connection:
        logged = connection.execute(
            "select origin, user_hash, answered from question_log where text = ?", (question,)
        ).fetchall()
    assert logged == [("cli", None, 0), ("cli", None, 0)]


@pytest.mark.parametrize(
    "args",
    [
        ["ask"],
        ["ask", "-", "extra"],
        ["ask", "   "],
        ["ask", "--lang", "de", "hello"],
        ["unanswered", "--limit", "0"],
    ],
    ids=["no-question", "dash-with-words", "blank", "bad-lang", "bad-limit"],
)
def test_usage_errors_exit_2(db: tuple[str, Path], args: list[str]) -> None:
    url, _ = db
    done = bot(*args, "--db", url)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert not done.stdout


def test_installed_command_works_outside_the_checkout(tmp_path: Path) -> None:
    """From any folder: every sub-command imports, and the default database is seeded."""
    env = {k: v for k, v in _env().items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "who bought the most Hopper chips?"],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["answered"] is True
    assert answer["figures"][0]["entity"] == "microsoft"
    assert (tmp_path / "var" / "tally.db").exists()


def test_an_empty_database_says_nothing_is_loaded(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    assert bot("db", "upgrade", "--db", url).returncode == 0
    done = bot("ask", "--db", url, "--json", "who bought the most Hopper chips?")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["answered"] is False
    assert "nothing has been loaded" in answer["text"]
