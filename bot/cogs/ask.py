"""/ask, direct messages and mentions: questions to the question service, answers as embeds."""

from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.cogs.charts import answer_view
from bot.embeds import answer_embed, message_text
from bot.errors import user_message
from bot.i18n import language_of, text
from knowledge.answer import Answer
from knowledge.model import Language

if TYPE_CHECKING:
    from bot.client import Tally

log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
QUESTION_LIMIT = 1000
# Questions answered and replied to at once; the others wait their turn, first come first served.
# Unbounded, a burst interleaves every step of every question, and all replies leave at the end.
ANSWERING_AT_ONCE = 64


class KnownLanguages:
    """The language of each user's Discord client, learnt from their interactions (bounded)."""

    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        self._by_user: OrderedDict[int, Language] = OrderedDict()

    def remember(self, user_id: int, language: Language) -> None:
        """Note a user's language, forgetting the least recent users past the limit."""
        self._by_user[user_id] = language
        self._by_user.move_to_end(user_id)
        while len(self._by_user) > self.limit:
            self._by_user.popitem(last=False)

    def get(self, user_id: int, default: Language) -> Language:
        """The user's language, if known."""
        return self._by_user.get(user_id, default)


async def finished_within(task: asyncio.Task[Answer], seconds: float) -> bool:
    """True when the task is done within `seconds` (at once False for 0 or less: defer)."""
    if seconds <= 0:
        return False
    if not task.done():
        await asyncio.sleep(0)  # answering does no I/O: the task usually ends in its first step
    if task.done():
        return True
    done, _pending = await asyncio.wait({task}, timeout=seconds)
    return bool(done)


class AskCog(commands.Cog):
    """Questions in every form people ask them: the /ask command, DMs, and mentions."""

    def __init__(self, bot: Tally) -> None:
        self.bot = bot
        self.languages = KnownLanguages()
        self.turns = asyncio.Semaphore(ANSWERING_AT_ONCE)

    async def answer(
        self, question: str, user: discord.abc.User, default_language: Language
    ) -> Answer:
        """Ask the question service, with the user's conversation and a hashed id for the log."""
        return await self.bot.questions.ask(
            question[:QUESTION_LIMIT],
            user_key=f"discord:{user.id}",
            default_language=default_language,
            origin="discord",
            user_hash=self.bot.user_hash(user.id),
        )

    @app_commands.command(name="ask")
    @app_commands.rename(question=_("question"), private=_("private"))
    @app_commands.describe(
        question=_("Your question about the figures, in English or French"),
        private=_("Only you see the answer"),
    )
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.allowed_installs(guilds=True, users=True)
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, QUESTION_LIMIT],
        private: bool = False,
    ) -> None:
        """Ask a question about the figures, in English or French."""
        wait = self.bot.cooldowns.hit(interaction.user.id)
        if wait is not None:
            raise app_commands.CommandOnCooldown(wait, wait.get_retry_after())
        language = language_of(interaction.locale)
        loop = asyncio.get_running_loop()
        # Defer only when an answer is slow (or waits long for its turn), to stay within 3 s.
        defer_at = loop.time() + self.bot.settings.defer_after_seconds
        if not await self._turn_before(defer_at):
            await interaction.response.defer(ephemeral=private, thinking=True)
            await self.turns.acquire()
        try:
            task = asyncio.create_task(self.answer(question, interaction.user, language))
            if not interaction.response.is_done() and not await finished_within(
                task, defer_at - loop.time()
            ):
                await interaction.response.defer(ephemeral=private, thinking=True)
            answer = await task
            await self._send_answer(interaction, answer, private)
        finally:
            self.turns.release()

    async def _turn_before(self, deadline: float) -> bool:
        """Take a turn to answer, waiting until `deadline` at most; False when it came too late."""
        if not self.turns.locked():
            await self.turns.acquire()  # free: returns at once
            return True
        try:
            async with asyncio.timeout_at(deadline):
                await self.turns.acquire()
        except TimeoutError:
            return False
        return True

    async def _send_answer(
        self, interaction: discord.Interaction, answer: Answer, private: bool
    ) -> None:
        """The answer as the reply, or as the follow-up of a deferred reply."""
        embed, view = answer_embed(answer), answer_view(answer)
        if interaction.response.is_done():
            await interaction.followup.send(
                embed=embed,
                view=view or discord.utils.MISSING,
                ephemeral=private,
                allowed_mentions=NONE,
            )
        else:
            await interaction.response.send_message(
                embed=embed,
                view=view or discord.utils.MISSING,
                ephemeral=private,
                allowed_mentions=NONE,
            )

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Learn each user's client language, for their messages (which carry none)."""
        self.languages.remember(interaction.user.id, language_of(interaction.locale))

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer DMs, and guild messages that mention the bot, as replies."""
        question = self.question_in(message)
        if question is None:
            return
        # Messages carry no locale: the user's, from their last interaction, else the guild's.
        guild_language = language_of(message.guild.preferred_locale) if message.guild else "en"
        default = self.languages.get(message.author.id, guild_language)
        if not question:
            # A bare mention (or an attachment alone): say how to ask rather than stay silent.
            await self._reply(message, text=text(default, "help_intro"))
            return
        wait = self.bot.cooldowns.hit(message.author.id)
        if wait is not None:
            await self._reply(
                message,
                text=text(default, "cooldown", seconds=max(1, round(wait.get_retry_after()))),
            )
            return
        async with self.turns:
            try:
                answer = await self.answer(question, message.author, default)
            except Exception as error:
                await self._reply(message, text=user_message(error, default, where="a message"))
                return
            view = answer_view(answer)
            await self._reply(message, embed=answer_embed(answer), view=view)

    def question_in(self, message: discord.Message) -> str | None:
        """The question a message asks the bot ("" if none), or None when it is not for the bot."""
        me = self.bot.user
        if message.author.bot or me is None or message.author.id == me.id:
            return None
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return None  # joins, pins and the like
        if message.guild is None:
            return message.content.strip()
        if not any(user.id == me.id for user in message.mentions):
            return None
        # Only this bot's own mention is removed; other mentions stay part of the question.
        stripped = re.sub(rf"<@!?{me.id}>", " ", message.content)
        return " ".join(stripped.split())

    async def _reply(
        self,
        message: discord.Message,
        *,
        text: str | None = None,
        embed: discord.Embed | None = None,
        view: discord.ui.View | None = None,
    ) -> None:
        """Reply to a message without pinging anyone, logging (not raising) a failed send."""
        try:
            await message.reply(
                content=message_text(text) if text else None,
                embed=embed or discord.utils.MISSING,
                view=view or discord.utils.MISSING,
                mention_author=False,
                allowed_mentions=NONE,
            )
        except discord.HTTPException as failure:
            log.error("could not answer message %s: %s", message.id, failure)


async def setup(bot: Tally) -> None:
    """Add the cog to the bot."""
    await bot.add_cog(AskCog(bot))
