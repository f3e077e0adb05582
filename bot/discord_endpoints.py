"""Point discord.py at the configured REST base and gateway (a rate-limit proxy, a test double)."""

from __future__ import annotations

import discord
import yarl

from bot.settings import DISCORD_API_BASE, DISCORD_GATEWAY_URL, Settings


def apply_endpoints(settings: Settings) -> None:
    """Set discord.py's REST base and default gateway, before any client starts."""
    # Both are class attributes read when each request or connection is made, so setting them
    # here reaches every client (and every shard) this process creates afterwards.
    discord.http.Route.BASE = settings.discord_api_base.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def describe_endpoints(settings: Settings) -> str | None:
    """A line naming the endpoints when they are not Discord's own, else None."""
    api = settings.discord_api_base.rstrip("/")
    gateway = settings.discord_gateway_url
    if api == DISCORD_API_BASE and gateway == DISCORD_GATEWAY_URL:
        return None
    return f"Discord endpoints: REST {api}, gateway {gateway}"
