"""Telegram channel (python-telegram-bot as transport and renderer)."""
