"""A button from an old message naming a topic or article that no longer exists (issue 17):
the web chat answers with the menu instead of a 500."""

from __future__ import annotations

import httpx
import pytest

from bot.web.app import create_app


@pytest.mark.parametrize("choice", ["topic:no_longer_a_topic", "article:no-longer-an-article"])
async def test_web_chat_answers_a_stale_button_with_the_menu(sqlite_runtime, choice: str) -> None:
    app = create_app(sqlite_runtime.settings, runtime=sqlite_runtime, migrate=False)
    app.state.runtime = sqlite_runtime
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        response = await client.post("/chat/message", json={"choice_id": choice})
    assert response.status_code == 200
    (reply,) = response.json()["replies"]
    assert reply["kind"] == "menu"
    assert "topic:health" in [c["id"] for c in reply["choices"]]
