"""Finding 7: the web chat cannot be framed and has a CSP; redirects never follow `Host`."""

from __future__ import annotations

import pytest

JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize("path", ["/", "/static/chat.js", "/chat/updates"])
async def test_web_chat_has_csp_and_frame_options(web_app, path: str) -> None:
    async with web_app() as (client, _):
        response = await client.get(path)
    assert response.status_code == 200
    csp = response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert response.headers.get("x-frame-options") == "DENY"
    assert response.headers.get("x-content-type-options") == "nosniff"


async def test_chat_message_response_has_the_headers(web_app) -> None:
    async with web_app() as (client, _):
        response = await client.post("/chat/message", json={"text": "hola"}, headers=JSON)
    assert "frame-ancestors 'none'" in response.headers.get("content-security-policy", "")
    assert response.headers.get("x-frame-options") == "DENY"


@pytest.mark.parametrize("public_url", [None, "https://rumbo.example.org"])
async def test_trailing_slash_redirect_ignores_a_forged_host(web_app, public_url) -> None:
    async with web_app(public_url=public_url) as (client, _):
        response = await client.get("/console/login/", headers={"Host": "evil.example"})
    assert response.status_code in (301, 302, 307, 308)
    location = response.headers["location"]
    assert "evil.example" not in location
    assert location in ("/console/login", f"{public_url}/console/login")
