"""SQLAlchemy 2 models: the knowledge, its history, and the question log."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeEngine

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class ExactDecimal(TypeDecorator[Decimal]):
    """An exact decimal: NUMERIC on PostgreSQL, text on SQLite, whose NUMERIC is a float."""

    impl = String(64)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Use NUMERIC where the database stores it exactly."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(asdecimal=True))
        return dialect.type_descriptor(String(64))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        """Store the decimal as it is written, without exponent noise."""
        if value is None or dialect.name == "postgresql":
            return value
        return format(value, "f")

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        """Read back an exact Decimal on every database."""
        return None if value is None else Decimal(str(value))


class Base(DeclarativeBase):
    """Declarative base with a naming convention Alembic can rely on."""

    metadata = MetaData(naming_convention=NAMING)


class SourceRow(Base):
    """A source of figures."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str] = mapped_column(Text)
    publisher_fr: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(Text)


class GroupRow(Base):
    """A named set of entities."""

    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)


class GroupNameRow(Base):
    """One way to name a group in one language."""

    __tablename__ = "group_names"
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)


class EntityRow(Base):
    """Something figures are about."""

    __tablename__ = "entities"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    name_fr: Mapped[str | None] = mapped_column(Text)
    aggregate: Mapped[bool] = mapped_column(Boolean, default=False)
    # the name as a sentence says it, with its article ("le Brésil"), when it takes one
    with_article_en: Mapped[str | None] = mapped_column(Text)
    with_article_fr: Mapped[str | None] = mapped_column(Text)


class EntityAliasRow(Base):
    """Another name people use for an entity."""

    __tablename__ = "entity_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    alias: Mapped[str] = mapped_column(Text)


class EntityGroupRow(Base):
    """An entity's membership of a group."""

    __tablename__ = "entity_groups"
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class MetricRow(Base):
    """What is measured, with its localised statement and label."""

    __tablename__ = "metrics"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    unit: Mapped[str] = mapped_column(String(50))
    statement_en: Mapped[str] = mapped_column(Text)
    statement_fr: Mapped[str] = mapped_column(Text)
    label_en: Mapped[str] = mapped_column(Text)
    label_fr: Mapped[str] = mapped_column(Text)
    # the label as a sentence says it, with its article ("la part de marché")
    label_with_article_en: Mapped[str | None] = mapped_column(Text)
    label_with_article_fr: Mapped[str | None] = mapped_column(Text)


class MetricTermRow(Base):
    """One name or verb for a metric in one language."""

    __tablename__ = "metric_terms"
    id: Mapped[int] = mapped_column(primary_key=True)
    metric_id: Mapped[int] = mapped_column(ForeignKey("metrics.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(8))  # "name", "verb" or "narrower"
    position: Mapped[int] = mapped_column(Integer)
    term: Mapped[str] = mapped_column(Text)


class FactRow(Base):
    """One figure. `sort_value` is a float copy of `value` so SQL can rank without casting."""

    __tablename__ = "facts"
    __table_args__ = (
        UniqueConstraint("entity_id", "metric_id", "period", "source_id"),
        Index("ix_facts_metric_period_sort_value", "metric_id", "period", "sort_value"),
        Index("ix_facts_entity_metric_period", "entity_id", "metric_id", "period"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    metric_id: Mapped[int] = mapped_column(ForeignKey("metrics.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="RESTRICT"), index=True
    )
    value: Mapped[Decimal] = mapped_column(ExactDecimal())
    sort_value: Mapped[float] = mapped_column(Float)
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    quote: Mapped[str | None] = mapped_column(Text)
    note_en: Mapped[str | None] = mapped_column(Text)
    note_fr: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(Text)


class FactHistoryRow(Base):
    """One change to a fact (or a refused attempt), with what made it."""

    __tablename__ = "fact_history"
    __table_args__ = (Index("ix_fact_history_entity_metric", "entity_key", "metric_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_key: Mapped[str] = mapped_column(String(100))
    metric_key: Mapped[str] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(10))
    source_key: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(16))  # added, updated, removed, refused
    old_value: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    new_value: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    version: Mapped[int | None] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    changed_by: Mapped[str] = mapped_column(Text)


class KnowledgeStateRow(Base):
    """A single row whose version increases with every committed change to the knowledge."""

    __tablename__ = "knowledge_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class KnowledgeChangeRow(Base):
    """What one knowledge version changed: one fact cell, or everything (a load).

    Other processes read these to patch their views instead of rebuilding them; old rows are
    pruned, and a process that finds a gap rebuilds in full.
    """

    __tablename__ = "knowledge_changes"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entity_key: Mapped[str | None] = mapped_column(String(100))  # all three None: everything
    metric_key: Mapped[str | None] = mapped_column(String(100))
    period: Mapped[str | None] = mapped_column(String(10))


class QuestionLogRow(Base):
    """A question asked, how it was read and whether it was answered; no personal data."""

    __tablename__ = "question_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    text: Mapped[str] = mapped_column(Text)
    normalized: Mapped[str] = mapped_column(Text, index=True)
    language: Mapped[str] = mapped_column(String(8))
    intent: Mapped[str] = mapped_column(String(32))
    answered: Mapped[bool] = mapped_column(Boolean, index=True)
    latency_ms: Mapped[float] = mapped_column(Float)
    origin: Mapped[str] = mapped_column(String(16))  # cli, console, discord
    user_hash: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
