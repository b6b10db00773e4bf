"""Caseworker web console: routes, templates, sign-in."""
