"""Loads, validates and searches the knowledge base (articles and services)."""

from bot.knowledge.models import TOPICS, Article, KnowledgeBase, Service, Source

__all__ = ["TOPICS", "Article", "KnowledgeBase", "Service", "Source"]
