"""The quality loop: people rate answers, caseworkers flag them, supervisors read the figures."""
