"""The command tree's one error handler: what users are told, and what is logged."""

from __future__ import annotations

import logging
import re

import pytest
from discord import app_commands

from bot.errors import user_message
from knowledge.errors import DatabaseUnavailableError, NotFoundError


def invoke_error(original: Exception) -> app_commands.CommandInvokeError:
    """An error as discord.py hands it to the tree: wrapped around what the command raised."""
    try:
        raise original
    except Exception as error:
        wrapped = app_commands.CommandInvokeError.__new__(app_commands.CommandInvokeError)
        Exception.__init__(wrapped, "wrapped")
        wrapped.original = error
        wrapped.__cause__ = error
        return wrapped


def test_database_outage_is_a_plain_message(caplog: pytest.LogCaptureFixture) -> None:
    error = invoke_error(DatabaseUnavailableError("connection refused"))
    assert user_message(error, "en", where="/kb export") == (
        "The knowledge base is unavailable right now. Please try again in a moment."
    )
    assert user_message(error, "fr", where="/kb export").startswith(
        "La base de connaissances est indisponible"
    )
    assert "connection refused" in caplog.text


def test_tally_errors_are_shown_as_written() -> None:
    message = user_message(invoke_error(NotFoundError("I do not know @everyone.")), "en", where="x")
    assert message == "I do not know @\u200beveryone."


def test_expected_discord_errors() -> None:
    cooldown = app_commands.CommandOnCooldown(app_commands.Cooldown(1, 10), 7.4)
    assert user_message(cooldown, "en", where="/ask") == "Easy there! You can ask again in 7 s."
    assert "Gérer le serveur" in user_message(
        app_commands.MissingPermissions(["manage_guild"]), "fr", where="/kb set"
    )
    assert "only in a server" in user_message(app_commands.NoPrivateMessage(), "en", where="/kb")
    assert user_message(app_commands.CheckFailure(), "en", where="/x") == (
        "You cannot use this command here."
    )


def test_unexpected_errors_get_a_reference_that_is_logged_with_the_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        message = user_message(invoke_error(ZeroDivisionError("boom")), "en", where="/top")
    match = re.search(r"Reference: `([0-9a-f]{8})`", message)
    assert match and message.startswith("Sorry")
    [record] = caplog.records
    assert match.group(1) in record.getMessage() and "/top" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError
    assert "boom" not in message
