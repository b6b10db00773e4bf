"""The trailing-slash redirect (`/console/` to `/console`), without trusting `Host`."""

from __future__ import annotations

from starlette.responses import RedirectResponse
from starlette.routing import Match, Router
from starlette.types import ASGIApp, Receive, Scope, Send


def slash_redirect(router: Router, public_url: str | None) -> ASGIApp:
    """The router's fallback: redirect to the same path with(out) its trailing slash when that
    path is a route, else 404. The target is relative, or on the configured public URL."""
    base = public_url.rstrip("/") if public_url else ""

    async def fallback(scope: Scope, receive: Receive, send: Send) -> None:
        target = _other_path(router, scope) if scope["type"] == "http" else None
        if target is None:
            await router.not_found(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        url = base + target + (f"?{query}" if query else "")
        await RedirectResponse(url, status_code=307)(scope, receive, send)

    return fallback


def _other_path(router: Router, scope: Scope) -> str | None:
    path: str = scope["path"]
    if path == "/":
        return None
    other = path.rstrip("/") if path.endswith("/") else path + "/"
    if not other or other.startswith("//"):
        return None  # "//host" would be a protocol-relative URL to another site
    probe = {**scope, "path": other}
    if any(route.matches(probe)[0] != Match.NONE for route in router.routes):
        return other
    return None
