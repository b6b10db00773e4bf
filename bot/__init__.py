"""Rumbo: a chat and SMS assistant for people on the move in Ecuador."""

__version__ = "0.1.0"
