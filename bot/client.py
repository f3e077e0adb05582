"""The Discord client: one process, one knowledge base and question service, every cog."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.awaiting import maybe_await
from bot.discord_endpoints import describe_endpoints
from bot.errors import TallyTree
from bot.settings import Settings
from bot.translator import TallyTranslator
from bot.warmup import settle_after_refresh
from knowledge.service import QuestionService
from knowledge.store import KnowledgeBase
from knowledge.sync import KnowledgeSync

log = logging.getLogger(__name__)
# REST connections kept open at once (discord.py's default is unbounded, so a burst of replies
# opens a new TCP connection per reply instead of reusing kept-alive ones).
HTTP_CONNECTIONS = 100
PRUNE_EVERY_SECONDS = 3600.0  # the question log's retention is applied hourly


def bot_intents() -> discord.Intents:
    """Guilds, guild messages and DM messages; no privileged intent."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    return intents


def is_sharded(settings: Settings) -> bool:
    """True when the settings ask for more than one shard (or name the shards to run)."""
    return (settings.shard_count or 1) > 1 or bool(settings.shard_ids)


class QuestionCooldowns:
    """Per-user cooldown on questions, shared by /ask, DMs and mentions."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate, self.per = rate, per
        self._buckets: dict[int, app_commands.Cooldown] = {}

    def hit(self, user_id: int) -> app_commands.Cooldown | None:
        """Count one question; return the exhausted cooldown when the user must wait."""
        if self.per <= 0:
            return None
        if len(self._buckets) > 10_000:
            self._forget_idle()
        bucket = self._buckets.setdefault(user_id, app_commands.Cooldown(self.rate, self.per))
        return bucket if bucket.update_rate_limit() else None

    def _forget_idle(self) -> None:
        # A full bucket is the same as no bucket: drop those to bound memory.
        now = time.time()
        self._buckets = {
            user: bucket
            for user, bucket in self._buckets.items()
            if bucket.get_tokens(now) < bucket.rate
        }


class TallyMixin:
    """What both bot classes share: settings, knowledge base, service, cogs and start-up."""

    settings: Settings
    kb: KnowledgeBase | None
    service: QuestionService | None
    sync: KnowledgeSync | None
    cooldowns: QuestionCooldowns
    tree: app_commands.CommandTree[Any]

    def _init_tally(
        self, settings: Settings, kb: KnowledgeBase | None, *, commands_only: bool = False
    ) -> None:
        self.settings = settings
        # `sync` needs the commands only: no knowledge base, no service, no dev-guild sync.
        self.commands_only = commands_only
        self.kb = kb
        self.service = None
        self.sync = None
        self._flusher: asyncio.Task[None] | None = None
        self._owns_kb = kb is None
        self.cooldowns = QuestionCooldowns(
            settings.questions_per_cooldown, settings.question_cooldown_seconds
        )

    @property
    def knowledge(self) -> KnowledgeBase:
        """The open knowledge base (set up before any event is handled)."""
        assert self.kb is not None, "setup_hook has not run"
        return self.kb

    @property
    def questions(self) -> QuestionService:
        """The question service (set up before any event is handled)."""
        assert self.service is not None, "setup_hook has not run"
        return self.service

    def user_hash(self, user_id: int) -> str:
        """The salted hash the question log stores instead of a Discord user id."""
        salt = self.settings.question_log_salt.get_secret_value()
        return hashlib.sha256(f"{salt}{user_id}".encode()).hexdigest()

    def is_owner_id(self, user_id: int) -> bool:
        """True for a user named in OWNER_IDS."""
        return user_id in self.settings.owner_ids

    async def login(self, token: str) -> None:
        """Log in over a bounded, kept-alive connection pool (see HTTP_CONNECTIONS)."""
        client: Any = self
        if client.http.connector is discord.utils.MISSING:
            client.http.connector = aiohttp.TCPConnector(limit=HTTP_CONNECTIONS)
        parent: Any = super()
        await parent.login(token)

    async def setup_hook(self) -> None:
        """Set the translator, load the cogs, open the knowledge, sync the dev guild."""
        from bot.cogs import ask, browse, charts, curation

        endpoints = describe_endpoints(self.settings)
        if endpoints:
            log.info("%s", endpoints)
        await self.tree.set_translator(TallyTranslator())
        bot: Any = self
        for module in (ask, browse, charts, curation):
            await module.setup(bot)
        if self.commands_only:
            return
        if self.kb is None:
            self.kb = await KnowledgeBase.open(self.settings.database_url)
        self.service = QuestionService(
            self.kb,
            ttl_seconds=self.settings.conversation_ttl_seconds,
            memo_size=self.settings.answer_memo_size,
        )
        # Warm the answering caches and freeze the built heap, now and after every refresh.
        self.kb.add_refresh_hook(settle_after_refresh)
        # Changes made elsewhere (`load` from a shell, another process) reach the view too.
        self.sync = KnowledgeSync(self.kb, poll_seconds=self.settings.knowledge_poll_seconds)
        await self.sync.start()
        self._flusher = asyncio.create_task(self._flush_question_log(), name="tally-question-log")
        # Commands are synced explicitly (`python -m bot sync`); only a dev guild syncs on start.
        if self.settings.dev_guild_id is not None:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to the development guild", len(synced))

    async def _flush_question_log(self) -> None:
        """Write the queued question log every few seconds (answering itself does no I/O)."""
        pruned_at: float | None = None
        settings = self.settings
        questions, history = self.questions.prune_log, self.knowledge.prune_history
        while True:
            await asyncio.sleep(self.settings.question_log_flush_seconds)
            try:
                await maybe_await(self.questions.flush())
            except Exception as error:
                # The log is best effort; the service keeps the entries for the next try.
                log.warning("could not write the question log: %s", error)
            now = time.monotonic()
            if pruned_at is None or now - pruned_at >= PRUNE_EVERY_SECONDS:
                pruned_at = now
                await self._prune("logged questions", settings.question_log_days, questions)
                # 0 by default: the fact history is an audit trail, kept whole
                await self._prune("recorded fact changes", settings.fact_history_days, history)

    async def _prune(
        self, what: str, days: float, prune: Callable[[float], Awaitable[int]]
    ) -> None:
        """Drop entries older than a retention setting (none when it is 0)."""
        if not days:
            return
        try:
            removed = await prune(days)
        except Exception as error:
            log.warning("could not prune the %s: %s", what, error)
            return
        if removed:
            log.info("removed %d %s older than %g days", removed, what, days)

    async def on_ready(self) -> None:
        """Say what the bot does in its presence, and log that it is connected."""
        client: Any = self
        # IDENTIFY carried the presence already; setting it again covers every shard after
        # a re-identify and makes it explicit.
        await client.change_presence(activity=presence(self.settings), status=discord.Status.online)
        log.info("ready as %s in %d guilds", client.user, len(client.guilds))

    async def on_message(self, message: discord.Message, /) -> None:
        """Messages are questions for the ask cog, never prefix commands."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Wait between identifies as configured (Discord asks for 5 s)."""
        if not initial:
            await asyncio.sleep(self.settings.identify_delay_seconds)

    async def close(self) -> None:
        """Disconnect, then release the service and the knowledge base."""
        parent: Any = super()
        await parent.close()
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
            self._flusher = None
        if self.sync is not None:
            await self.sync.stop()
            self.sync = None
        if self.service is not None:
            await maybe_await(self.service.close())
            self.service = None
        if self.kb is not None:
            self.kb.remove_refresh_hook(settle_after_refresh)
        if self.kb is not None and self._owns_kb:
            await self.kb.close()
            self.kb = None


def presence(settings: Settings) -> discord.Activity:
    """The bot's activity: how to ask it a question."""
    return discord.Activity(type=discord.ActivityType.listening, name=settings.presence_text)


def _bot_options(settings: Settings) -> dict[str, Any]:
    return {
        "command_prefix": commands.when_mentioned,
        "help_command": None,
        "intents": bot_intents(),
        "allowed_mentions": discord.AllowedMentions.none(),
        "tree_cls": TallyTree,
        "activity": presence(settings),
        "status": discord.Status.online,
        "guild_ready_timeout": settings.guild_ready_timeout,
        "chunk_guilds_at_startup": False,
    }


class TallyBot(TallyMixin, commands.Bot):
    """Tally on one gateway connection."""

    def __init__(
        self, settings: Settings, kb: KnowledgeBase | None = None, *, commands_only: bool = False
    ) -> None:
        super().__init__(**_bot_options(settings))
        self._init_tally(settings, kb, commands_only=commands_only)


class TallyShardedBot(TallyMixin, commands.AutoShardedBot):
    """Tally on several shards in one process."""

    def __init__(
        self, settings: Settings, kb: KnowledgeBase | None = None, *, commands_only: bool = False
    ) -> None:
        options = _bot_options(settings)
        if settings.shard_ids:
            options["shard_ids"] = settings.shard_ids
        super().__init__(shard_count=settings.shard_count, **options)
        self._init_tally(settings, kb, commands_only=commands_only)


Tally = TallyBot | TallyShardedBot


def create_bot(
    settings: Settings, kb: KnowledgeBase | None = None, *, commands_only: bool = False
) -> Tally:
    """The bot class the settings call for: sharded when asked for more than one shard."""
    bot_type = TallyShardedBot if is_sharded(settings) else TallyBot
    return bot_type(settings, kb, commands_only=commands_only)
