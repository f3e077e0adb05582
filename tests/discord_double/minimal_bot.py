"""A minimal discord.py bot used to test the double itself (also runnable as a subprocess)."""

from __future__ import annotations

import asyncio
import io
import os
import struct
import sys
import zlib
from collections.abc import Sequence
from typing import Any, ClassVar

import discord
from discord import app_commands
from discord.ext import commands

FRUITS = ["apple", "apricot", "banana", "blueberry", "cherry", "grape"]


def tiny_png() -> bytes:
    """Return a valid 1x1 PNG (stands in for a chart)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


class FrenchTranslator(app_commands.Translator):
    """Translate a couple of strings to French so syncs carry localisations."""

    STRINGS: ClassVar[dict[str, str]] = {"Reply with pong": "Répond pong", "ping": "ping"}

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """Return the French text for known strings."""
        if locale is discord.Locale.french:
            return self.STRINGS.get(string.message)
        return None


class ClickView(discord.ui.View):
    """A view with one persistent-id button."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Click", custom_id="minimal:click")
    async def click(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        """Edit the message in place (callback type 7)."""
        await interaction.response.edit_message(content="clicked", view=None)
        self.stop()


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    """A modal with one text input."""

    text: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Text", custom_id="feedback:text")

    def __init__(self) -> None:
        super().__init__(custom_id="minimal:feedback", timeout=None)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Thank the user, quoting the text."""
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


def _bot_of(interaction: discord.Interaction) -> MinimalMixin:
    client = interaction.client
    assert isinstance(client, MinimalMixin)
    return client


@app_commands.command(name="ping", description=app_commands.locale_str("Reply with pong"))
@app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
@app_commands.allowed_installs(guilds=True, users=True)
async def ping(interaction: discord.Interaction) -> None:
    """Reply pong at once."""
    await interaction.response.send_message("pong")


@app_commands.command(name="slow", description="Defer, then follow up twice")
async def slow(interaction: discord.Interaction, ephemeral: bool = False) -> None:
    """Defer (type 5), then send two follow-ups."""
    await interaction.response.defer(thinking=True, ephemeral=ephemeral)
    await asyncio.sleep(0.2)
    await interaction.followup.send("done slowly")
    await interaction.followup.send("second follow-up")


@app_commands.command(name="fruit", description="Pick a fruit")
async def fruit(interaction: discord.Interaction, name: str) -> None:
    """Echo the chosen fruit."""
    await interaction.response.send_message(f"you picked {name}")


@fruit.autocomplete("name")
async def fruit_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Offer fruits starting with what was typed."""
    found = [f for f in FRUITS if f.startswith(current.lower())]
    return [app_commands.Choice(name=f.title(), value=f) for f in found][:25]


kb = app_commands.Group(
    name="kb",
    description="Knowledge base",
    default_permissions=discord.Permissions(manage_guild=True),
    guild_only=True,
)
tag = app_commands.Group(name="tag", description="Tags", parent=kb)


@kb.command(name="set", description="Set a key")
async def kb_set(interaction: discord.Interaction, key: str, value: str) -> None:
    """Reply ephemerally with what was set."""
    await interaction.response.send_message(f"set {key}={value}", ephemeral=True)


@tag.command(name="add", description="Add a tag")
async def tag_add(interaction: discord.Interaction, name: str) -> None:
    """Reply with the tag added (a subcommand group)."""
    await interaction.response.send_message(f"tag {name} added")


@app_commands.command(name="upload", description="Read a file, answer with a PNG")
async def upload(interaction: discord.Interaction, file: discord.Attachment) -> None:
    """Download the attachment from the double's CDN and reply with a PNG file."""
    data = await file.read()
    chart = discord.File(io.BytesIO(tiny_png()), filename="chart.png")
    await interaction.response.send_message(f"{file.filename}: {len(data)} bytes", file=chart)


@app_commands.command(name="button", description="Send a button")
async def button(interaction: discord.Interaction) -> None:
    """Send a message with a button."""
    await interaction.response.send_message("press", view=ClickView())


@app_commands.command(name="say", description="Repeat text without pinging anyone")
async def say(interaction: discord.Interaction, text: str) -> None:
    """Echo with allowed_mentions none."""
    await interaction.response.send_message(text, allowed_mentions=discord.AllowedMentions.none())


@app_commands.command(name="post", description="Post in the channel via the bot's HTTP client")
async def post(interaction: discord.Interaction) -> None:
    """Defer, post with channel.send, and report failures in a follow-up."""
    await interaction.response.defer()
    channel = interaction.channel
    assert isinstance(channel, discord.abc.Messageable)
    try:
        await channel.send("posted")
    except discord.HTTPException as exc:
        _bot_of(interaction).errors.append(exc)
        await interaction.followup.send(f"failed: {exc.status}")
    else:
        await interaction.followup.send("ok")


@app_commands.command(name="feedback", description="Open a modal")
async def feedback(interaction: discord.Interaction) -> None:
    """Answer with a modal (callback type 9)."""
    await interaction.response.send_modal(FeedbackModal())


@app_commands.command(name="edit", description="Reply, read the reply back, then edit it")
async def edit(interaction: discord.Interaction) -> None:
    """Send, GET @original, then PATCH @original."""
    await interaction.response.send_message("first")
    original = await interaction.original_response()
    await interaction.edit_original_response(content=f"edited {original.content}")


COMMANDS: list[app_commands.Command[Any, ..., Any] | app_commands.Group] = [
    ping, slow, fruit, kb, upload, button, say, post, feedback, edit,
]  # fmt: skip


class MinimalMixin:
    """Behaviour shared by the plain and the sharded minimal bot."""

    tree: app_commands.CommandTree[Any]
    user: discord.ClientUser | None

    def _init_minimal(self, sync: bool, sync_guilds: Sequence[int]) -> None:
        self.errors: list[BaseException] = []
        self.sync_on_setup = sync
        self.sync_guilds = list(sync_guilds)
        for command in COMMANDS:
            self.tree.add_command(command)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]

    async def setup_hook(self) -> None:
        """Set the translator and sync commands globally (and to ``sync_guilds``)."""
        await self.tree.set_translator(FrenchTranslator())
        if self.sync_on_setup:
            await self.tree.sync()
            for guild_id in self.sync_guilds:
                await self.tree.sync(guild=discord.Object(guild_id))

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Skip discord.py's 5 s wait between shard IDENTIFYs."""

    async def on_message(self, message: discord.Message) -> None:
        """Answer DMs and mentions; ignore bots (itself included) and other guild chatter."""
        if message.author.bot:
            return
        try:
            if message.guild is None:
                await message.channel.send(f"dm: {message.content}")
            elif self.user is not None and self.user in message.mentions:
                await message.reply(f"mention: {message.content}", mention_author=False)
        except discord.HTTPException as exc:
            self.errors.append(exc)

    async def _on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        self.errors.append(error)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """Record event handler errors instead of printing them."""
        exc = sys.exc_info()[1]
        if exc is not None:
            self.errors.append(exc)


class MinimalBot(MinimalMixin, commands.Bot):
    """The single-connection minimal bot."""

    def __init__(
        self, *, sync: bool = True, sync_guilds: Sequence[int] = (), **kwargs: Any
    ) -> None:
        kwargs.setdefault("intents", discord.Intents.default())
        kwargs.setdefault("guild_ready_timeout", 0.05)
        super().__init__(command_prefix=commands.when_mentioned, help_command=None, **kwargs)
        self._init_minimal(sync, sync_guilds)


class ShardedMinimalBot(MinimalMixin, commands.AutoShardedBot):
    """The auto-sharded minimal bot (asks GET /gateway/bot when shard_count is None)."""

    def __init__(
        self, *, sync: bool = True, sync_guilds: Sequence[int] = (), **kwargs: Any
    ) -> None:
        kwargs.setdefault("intents", discord.Intents.default())
        kwargs.setdefault("guild_ready_timeout", 0.05)
        super().__init__(command_prefix=commands.when_mentioned, help_command=None, **kwargs)
        self._init_minimal(sync, sync_guilds)


def main() -> None:
    """Run the minimal bot from DISCORD_TOKEN / DISCORD_API_BASE / DISCORD_GATEWAY_URL."""
    from .harness import point_discord_at

    point_discord_at(os.environ["DISCORD_API_BASE"], os.environ["DISCORD_GATEWAY_URL"])
    MinimalBot().run(os.environ["DISCORD_TOKEN"], log_handler=None)


if __name__ == "__main__":
    main()
