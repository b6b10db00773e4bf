"""Conversation flows: plain functions over a Turn; they never import channels, storage or web."""
