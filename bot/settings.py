"""Tally's settings: one pydantic-settings class, read from the environment or a `.env` file."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY_URL = "wss://gateway.discord.gg/"


def _id_list(value: object) -> object:
    """Accept `1,2,3` (or a list) for id and shard lists."""
    if isinstance(value, str):
        return [int(part) for part in value.replace(" ", "").split(",") if part]
    if isinstance(value, int):
        return [value]
    return value


class Settings(BaseSettings):
    """Everything Tally can be configured with; see docs/configuration.md for each variable."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(default=None, description="The bot's token.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; unset means the embedded SQLite file."
    )
    owner_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    question_cooldown_seconds: float = Field(default=3.0, ge=0)
    questions_per_cooldown: int = Field(default=5, ge=1)
    conversation_ttl_seconds: float = Field(default=300.0, gt=0)
    answer_memo_size: int = Field(default=4096, ge=0)
    shard_count: int | None = Field(default=None, ge=1)
    shard_ids: Annotated[list[int] | None, NoDecode] = None
    discord_api_base: str = DISCORD_API_BASE
    discord_gateway_url: str = DISCORD_GATEWAY_URL
    question_log_salt: SecretStr = SecretStr("tally")
    guild_ready_timeout: float = Field(default=2.0, ge=0)
    identify_delay_seconds: float = Field(default=5.0, ge=0)
    defer_after_seconds: float = Field(default=1.5, ge=0)
    presence_text: str = "/ask · DM me a question"
    knowledge_poll_seconds: float = Field(default=1.0, gt=0)
    question_log_flush_seconds: float = Field(default=5.0, gt=0)
    question_log_days: float = Field(
        default=90.0, ge=0, description="Days a logged question is kept; 0 keeps them all."
    )
    fact_history_days: float = Field(
        default=0.0, ge=0, description="Days a recorded fact change is kept; 0 keeps them all."
    )

    @field_validator("owner_ids", "shard_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        return _id_list(value)

    @field_validator("log_level")
    @classmethod
    def _upper_level(cls, value: str) -> str:
        return value.upper()
