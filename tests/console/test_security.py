"""Console security: sign-in required, CSRF, roles, lockout, cookie flags, no full numbers."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from bot.console.auth import COOKIE, LOCKOUT, MAX_FAILURES
from bot.handoff import audit
from bot.runtime import Runtime
from bot.storage.models import Caseworker, Ticket, utcnow
from tests.conftest import Person
from tests.console.conftest import PASSWORD, csrf_of, sign_in

GET_PAGES = [
    "/console",
    "/console/queue/fragment",
    "/console/conversations/1",
    "/console/tickets/1",
    "/console/audit",
    "/console/canned",
]
POSTS = [
    "/console/tickets/1/claim",
    "/console/tickets/1/reply",
    "/console/tickets/1/note",
    "/console/tickets/1/transfer",
    "/console/tickets/1/close",
    "/console/canned",
    "/console/canned/1/delete",
    "/console/logout",
]


@pytest.mark.parametrize("path", GET_PAGES)
async def test_no_page_without_sign_in(console: httpx.AsyncClient, path: str) -> None:
    response = await console.get(path)
    assert response.status_code in (303, 401)
    if response.status_code == 303:
        assert response.headers["location"] == "/console/login"
    assert "Ticket" not in response.text


@pytest.mark.parametrize("path", POSTS)
async def test_no_action_without_sign_in(console: httpx.AsyncClient, path: str) -> None:
    response = await console.post(path, data={"csrf": "x", "text": "hola"})
    assert response.status_code == 401


async def test_forged_or_tampered_cookie_is_refused(console, accounts) -> None:
    await sign_in(console, "ana@example.org")
    genuine = console.cookies[COOKIE]
    console.cookies.clear()
    console.cookies.set(COOKIE, genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB"))
    assert (await console.get("/console")).status_code == 303
    console.cookies.clear()
    console.cookies.set(COOKIE, '{"uid": 1, "csrf": "x"}')
    assert (await console.get("/console")).status_code == 303


async def test_csrf_is_required_on_every_action(console, accounts, sqlite_runtime) -> None:
    asked = await Person(sqlite_runtime, "web", "w-csrf").says("HUMANO")
    await sign_in(console, "ana@example.org")
    page = await console.get(f"/console/conversations/{asked.conversation_id}")
    token = csrf_of(page.text)
    for sent in ({}, {"csrf": ""}, {"csrf": token[:-1] + ("a" if token[-1] != "a" else "b")}):
        refused = await console.post("/console/tickets/1/claim", data=sent)
        assert refused.status_code == 403
    async with sqlite_runtime.db.sessions() as session:
        assert await session.scalar(select(Ticket.status)) == "queued"  # nothing happened
    accepted = await console.post("/console/tickets/1/claim", data={"csrf": token})
    assert accepted.status_code == 303


async def test_login_form_needs_its_csrf_token(console, accounts) -> None:
    await console.get("/console/login")
    response = await console.post(
        "/console/login",
        data={"csrf": "forged", "email": "ana@example.org", "password": PASSWORD},
    )
    assert response.status_code == 403
    assert (await console.get("/console")).status_code == 303


async def test_caseworker_cannot_read_audit_log_or_manage_canned(console, accounts) -> None:
    await sign_in(console, "ana@example.org")
    page = await console.get("/console")
    assert "Audit log" not in page.text
    assert (await console.get("/console/audit")).status_code == 403
    assert (await console.get("/console/canned")).status_code == 403
    posted = await console.post(
        "/console/canned",
        data={"csrf": csrf_of(page.text), "lang": "es", "title": "x", "text": "y"},
    )
    assert posted.status_code == 403


async def test_supervisor_reads_who_opened_which_conversation(
    console, accounts, sqlite_runtime
) -> None:
    asked = await Person(sqlite_runtime, "sms", "+593990001111").says("HUMANO")
    await sign_in(console, "ana@example.org")
    page = await console.get(f"/console/conversations/{asked.conversation_id}")
    await console.post("/console/logout", data={"csrf": csrf_of(page.text)})
    await sign_in(console, "sofia@example.org")
    audit = await console.get("/console/audit")
    assert audit.status_code == 200
    assert "ana@example.org" in audit.text and "open_conversation" in audit.text
    assert f'href="/console/conversations/{asked.conversation_id}"' in audit.text


async def test_the_audit_log_pages_back_to_the_first_entry(
    console, accounts, sqlite_runtime: Runtime
) -> None:
    async with sqlite_runtime.db.sessions.begin() as session:
        for number in range(audit.PAGE + 30):
            await audit.record(session, None, "test_entry", detail=f"entry-{number:03d}")
    await sign_in(console, "sofia@example.org")
    newest = await console.get("/console/audit")
    assert "entry-229<" in newest.text and "entry-029<" not in newest.text
    older = re.search(r'href="(/console/audit\?before=\d+)"', newest.text)
    assert older, "a link to older entries"
    page = await console.get(older.group(1))
    assert "entry-029<" in page.text and "entry-000<" in page.text
    assert "entry-229<" not in page.text and "?before=" not in page.text


async def test_lockout_after_five_failures(console, accounts, sqlite_runtime: Runtime) -> None:
    for _ in range(MAX_FAILURES):
        failed = await sign_in(console, "luis@example.org", "wrong password!")
        assert failed.status_code == 401
    locked = await sign_in(console, "luis@example.org")  # the right password, too late
    assert locked.status_code == 401 and "locked" in locked.text
    async with sqlite_runtime.db.sessions.begin() as session:
        luis = await session.scalar(
            select(Caseworker).where(Caseworker.email == "luis@example.org")
        )
        assert luis is not None and luis.locked_until is not None
        assert luis.locked_until - utcnow() > LOCKOUT - timedelta(minutes=1)
        luis.locked_until = utcnow() - timedelta(seconds=1)  # fifteen minutes later
    assert (await sign_in(console, "luis@example.org")).status_code == 303
    # Another account is not affected by someone guessing at Luis's.
    console.cookies.clear()
    assert (await sign_in(console, "ana@example.org")).status_code == 303


async def test_unknown_email_gets_the_same_answer(console, accounts) -> None:
    unknown = await sign_in(console, "nobody@example.org")
    wrong = await sign_in(console, "ana@example.org", "not the password")
    assert unknown.status_code == wrong.status_code == 401
    assert "Wrong email or password" in unknown.text and "Wrong email or password" in wrong.text


async def test_session_cookie_flags_and_security_headers(console, accounts) -> None:
    signed = await sign_in(console, "ana@example.org")
    cookie = signed.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/console" in cookie
    page = await console.get("/console")
    assert page.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert "http://" not in page.text.replace("http://testserver", "")  # nothing from a CDN
    assert "https://" not in page.text


async def test_full_numbers_never_reach_the_page(console, accounts, sqlite_runtime) -> None:
    number = "+593987654321"
    asked = await Person(sqlite_runtime, "sms", number).says("HUMANO")
    await sign_in(console, "ana@example.org")
    page = await console.get(f"/console/conversations/{asked.conversation_id}")
    assert "•••321" in page.text
    for piece in (number, number[1:], "987654321", "87654321"):
        assert piece not in page.text
    queue = await console.get("/console")
    assert "321" not in queue.text.replace("•••321", "")
