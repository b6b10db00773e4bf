"""Dialogue engine: load the conversation, understand, route to a flow, persist, reply."""
