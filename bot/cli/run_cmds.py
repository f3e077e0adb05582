"""Placeholder: sub-commands to come."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register this module's sub-commands (none yet)."""
