"""Escalation policy, tickets, and the caseworker side of a conversation."""
