"""The neutral dialogue core: Turn, Effects, the handoff policy and the fixed texts.

Engine, flows, handoff and console depend on it; it depends on none of them (nor on channels,
storage or web), which tests/test_import_graph.py checks.
"""
