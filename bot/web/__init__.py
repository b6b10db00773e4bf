"""ASGI app factory: webhooks, console, web chat, health, metrics."""
