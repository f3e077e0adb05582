"""The one error handler of the command tree: a clear ephemeral message, and a log line."""

from __future__ import annotations

import logging
import secrets

import discord
from discord import app_commands

from bot.i18n import language_of, text
from knowledge.errors import DatabaseUnavailableError, StaleEditError, TallyError
from knowledge.model import Language

log = logging.getLogger(__name__)


def new_reference() -> str:
    """A short reference that ties an apology to its log line."""
    return secrets.token_hex(4)


def unwrap(error: BaseException) -> BaseException:
    """The error a command raised, out of discord.py's wrappers."""
    while isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        if error.__cause__ is None:
            break
        error = error.__cause__
    return error


def user_message(error: BaseException, language: Language, *, where: str) -> str:
    """What to tell the user about an error; unexpected ones are logged with a reference."""
    error = unwrap(error)
    if isinstance(error, DatabaseUnavailableError):
        log.warning("knowledge base unavailable during %s: %s", where, error)
        return text(language, "db_unavailable")
    if isinstance(error, StaleEditError):
        return text(language, "refused", value=error.current_value, who=error.changed_by or "?")
    if isinstance(error, TallyError):
        # Tally's own errors are written for people; the bot's are already in their language.
        return discord.utils.escape_mentions(str(error))
    if isinstance(error, app_commands.CommandOnCooldown):
        return text(language, "cooldown", seconds=max(1, round(error.retry_after)))
    if isinstance(error, app_commands.NoPrivateMessage):
        return text(language, "guild_only")
    if isinstance(error, app_commands.MissingPermissions):
        return text(language, "missing_permissions")
    if isinstance(error, app_commands.CheckFailure):
        return text(language, "check_failed")
    reference = new_reference()
    log.error("unexpected error in %s (reference %s)", where, reference, exc_info=error)
    return text(language, "unexpected", reference=reference)


class TallyTree(app_commands.CommandTree[discord.Client]):
    """The command tree, with the bot's one error handler."""

    async def on_error(
        self, interaction: discord.Interaction[discord.Client], error: app_commands.AppCommandError
    ) -> None:
        """Reply to the user ephemerally (expected errors plainly, others with a reference)."""
        command = interaction.command.qualified_name if interaction.command else "an interaction"
        if interaction.type is discord.InteractionType.autocomplete:
            # Autocomplete cannot show a message; an empty list of choices is all the user sees.
            log.warning("autocomplete for /%s failed: %s", command, unwrap(error))
            return
        message = user_message(error, language_of(interaction.locale), where=f"/{command}")
        await send_ephemeral(interaction, message)


async def send_ephemeral(interaction: discord.Interaction[discord.Client], message: str) -> None:
    """Send an ephemeral message, as the reply or as a follow-up when the reply is already out."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException as failure:
        # The interaction may have expired; the error is logged above, nothing more to do.
        log.warning("could not report an error to the user: %s", failure)
