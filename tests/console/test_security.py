"""Console security: sign-in required, CSRF, roles, lockout, cookie flags, no full numbers."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, text

from bot.console.auth import COOKIE, FIRST_LOCKOUT, LOCKOUT, MAX_FAILURES
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
    assert locked.status_code == 401 and "bloqueada" in locked.text
    async with sqlite_runtime.db.sessions.begin() as session:
        luis = await session.scalar(
            select(Caseworker).where(Caseworker.email == "luis@example.org")
        )
        assert luis is not None and luis.locked_until is not None
        assert luis.locked_until - utcnow() > FIRST_LOCKOUT - timedelta(seconds=30)
        luis.locked_until = utcnow() - timedelta(seconds=1)  # fifteen minutes later
    assert (await sign_in(console, "luis@example.org")).status_code == 303
    # Another account is not affected by someone guessing at Luis's.
    console.cookies.clear()
    assert (await sign_in(console, "ana@example.org")).status_code == 303


async def test_unknown_email_gets_the_same_answer(console, accounts) -> None:
    unknown = await sign_in(console, "nobody@example.org")
    wrong = await sign_in(console, "ana@example.org", "not the password")
    assert unknown.status_code == wrong.status_code == 401
    assert "Correo o contraseña incorrectos" in unknown.text
    assert "Correo o contraseña incorrectos" in wrong.text


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


# --- Hardening (#14): sign-in under attack, server-side sign-out, need-to-know -------------


def client_from(app_client: httpx.AsyncClient, address: str) -> httpx.AsyncClient:
    """Another browser on the same app, from its own address."""
    transport = app_client._transport  # the running app's ASGI transport
    app = transport.app  # type: ignore[attr-defined]
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(address, 40000)),
        base_url="http://testserver",
    )


async def audit_actions(runtime: Runtime) -> list[str]:
    from bot.storage.models import AuditEntry

    async with runtime.db.sessions() as session:
        return list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


async def test_concurrent_wrong_passwords_all_count(console, accounts, sqlite_runtime) -> None:
    import asyncio

    clients = [client_from(console, f"10.0.0.{n}") for n in range(29)]
    try:
        forms = [await client.get("/console/login") for client in clients]
        answers = await asyncio.gather(
            *(
                client.post(
                    "/console/login",
                    data={
                        "csrf": csrf_of(form.text),
                        "email": "luis@example.org",
                        "password": "no",
                    },
                )
                for client, form in zip(clients, forms, strict=True)
            )
        )
        assert all(answer.status_code in (401, 429) for answer in answers)
    finally:
        for client in clients:
            await client.aclose()
    async with client_from(console, "10.0.1.1") as fresh:
        right = await sign_in(fresh, "luis@example.org")
    assert right.status_code == 401, "29 wrong passwords at once must lock the account"


async def test_password_hashing_runs_off_the_event_loop(console, accounts, monkeypatch) -> None:
    import threading

    from bot.console import auth
    from bot.handoff.accounts import verify_password

    threads: list[str] = []

    def watched(password_hash: str, password: str) -> bool:
        threads.append(threading.current_thread().name)
        return verify_password(password_hash, password)

    monkeypatch.setattr(auth, "verify_password", watched)
    assert (await sign_in(console, "ana@example.org")).status_code == 303
    console.cookies.clear()
    assert (await sign_in(console, "nobody@example.org")).status_code == 401
    assert len(threads) == 2 and threading.main_thread().name not in threads


async def test_login_attempts_are_throttled_per_client(console, accounts, sqlite_runtime) -> None:
    from bot.console.auth import CLIENT_ATTEMPTS

    answers = [
        (await sign_in(console, f"guess{n}@example.org", "guess")).status_code
        for n in range(CLIENT_ATTEMPTS + 2)
    ]
    assert answers[:CLIENT_ATTEMPTS] == [401] * CLIENT_ATTEMPTS
    assert answers[-1] == 429
    throttled = await sign_in(console, "ana@example.org")  # even the right password waits
    assert throttled.status_code == 429 and "Demasiados intentos" in throttled.text
    async with client_from(console, "10.9.9.9") as other:  # another client is not slowed
        assert (await sign_in(other, "ana@example.org")).status_code == 303
    async with sqlite_runtime.db.engine.connect() as conn:  # state lives in the database
        rows = (await conn.execute(text("SELECT count(*) FROM login_attempts"))).scalar()
    assert rows and rows >= CLIENT_ATTEMPTS
    assert "login_throttled" in await audit_actions(sqlite_runtime)


async def test_logout_ends_the_session_on_the_server(console, accounts) -> None:
    await sign_in(console, "ana@example.org")
    saved = console.cookies[COOKIE]
    page = await console.get("/console")
    assert page.status_code == 200
    await console.post("/console/logout", data={"csrf": csrf_of(page.text)})
    console.cookies.clear()
    console.cookies.set(COOKIE, saved, path="/console")
    assert (await console.get("/console")).status_code == 303, "a saved cookie outlived logout"


async def test_failed_logins_and_lockouts_are_audited(console, accounts, sqlite_runtime) -> None:
    for _ in range(MAX_FAILURES):
        await sign_in(console, "luis@example.org", "wrong password!")
    await sign_in(console, "nobody@example.org", "wrong password!")
    actions = await audit_actions(sqlite_runtime)
    assert actions.count("login_failed") == MAX_FAILURES + 1
    assert actions.count("lockout") == 1
    from bot.storage.models import AuditEntry

    async with sqlite_runtime.db.sessions() as session:
        details = " ".join(filter(None, await session.scalars(select(AuditEntry.detail))))
    assert "wrong password" not in details and "nobody@example.org" not in details


async def test_lockout_is_short_and_backs_off(console, accounts, sqlite_runtime) -> None:
    async def lock_luis(address: str) -> timedelta:
        async with client_from(console, address) as client:
            for _ in range(MAX_FAILURES):
                await sign_in(client, "luis@example.org", "wrong password!")
        async with sqlite_runtime.db.sessions.begin() as session:
            luis = await session.scalar(
                select(Caseworker).where(Caseworker.email == "luis@example.org")
            )
            assert luis is not None and luis.locked_until is not None
            left = luis.locked_until - utcnow()
            luis.locked_until = utcnow() - timedelta(seconds=1)  # time passes
        return left

    first = await lock_luis("10.1.0.1")
    second = await lock_luis("10.1.0.2")
    assert first <= FIRST_LOCKOUT < LOCKOUT, "five wrong passwords lock only briefly"
    assert FIRST_LOCKOUT < second <= LOCKOUT, "a second lockout lasts longer"


async def test_locked_and_unknown_accounts_cost_a_real_check(
    console, accounts, sqlite_runtime, monkeypatch
) -> None:
    from bot.console import auth
    from bot.handoff.accounts import verify_password

    calls: list[str] = []

    def counted(password_hash: str, password: str) -> bool:
        calls.append(password)
        return verify_password(password_hash, password)

    async with sqlite_runtime.db.sessions.begin() as session:
        luis = await session.scalar(
            select(Caseworker).where(Caseworker.email == "luis@example.org")
        )
        assert luis is not None
        luis.locked_until = utcnow() + timedelta(minutes=5)
    monkeypatch.setattr(auth, "verify_password", counted)
    locked = await sign_in(console, "luis@example.org")
    unknown = await sign_in(console, "nobody@example.org")
    assert locked.status_code == unknown.status_code == 401
    assert len(calls) == 2, "a locked or unknown account must still hash the password"


async def test_notes_only_by_the_owner_or_a_supervisor_and_never_on_closed(
    console, accounts, sqlite_runtime
) -> None:
    await Person(sqlite_runtime, "web", "w-notes").says("HUMANO")

    async def act(email: str, action: str, **fields: str) -> str:
        async with client_from(console, f"10.2.0.{len(email)}") as client:
            await sign_in(client, email)
            page = await client.get("/console")
            posted = await client.post(
                f"/console/tickets/1/{action}", data={"csrf": csrf_of(page.text), **fields}
            )
            return posted.headers["location"].rsplit("?m=", 1)[-1]

    assert await act("luis@example.org", "note", text="before anyone claimed") == "not_yours"
    assert await act("ana@example.org", "claim") == "claimed"
    assert await act("luis@example.org", "note", text="not my ticket") == "not_yours"
    assert await act("ana@example.org", "note", text="my own ticket") == "noted"
    assert await act("sofia@example.org", "note", text="supervisor note") == "noted"
    assert await act("ana@example.org", "close", outcome="resolved") == "closed"
    assert await act("ana@example.org", "note", text="after closing") == "not_open"


async def test_transcripts_only_on_a_need_to_know(console, accounts, sqlite_runtime) -> None:
    never_asked = await Person(sqlite_runtime, "web", "w-private").says("Tengo miedo Pumapungo")
    queued = await Person(sqlite_runtime, "web", "w-queued").says("HUMANO")
    luis_own = await Person(sqlite_runtime, "web", "w-luis").says("HUMANO")
    async with sqlite_runtime.db.sessions() as session:
        luis_ticket = await session.scalar(
            select(Ticket.id).where(Ticket.conversation_id == luis_own.conversation_id)
        )
    async with client_from(console, "10.3.0.1") as luis:
        await sign_in(luis, "luis@example.org")
        page = await luis.get(f"/console/conversations/{luis_own.conversation_id}")
        await luis.post(f"/console/tickets/{luis_ticket}/claim", data={"csrf": csrf_of(page.text)})

    async def sees(email: str, conversation_id: int) -> bool:
        async with client_from(console, f"10.3.1.{len(email)}") as client:
            await sign_in(client, email)
            page = await client.get(f"/console/conversations/{conversation_id}")
            return page.status_code == 200

    assert not await sees("ana@example.org", never_asked.conversation_id)
    assert not await sees("sofia@example.org", never_asked.conversation_id)
    assert await sees("ana@example.org", queued.conversation_id)
    assert not await sees("ana@example.org", luis_own.conversation_id)
    assert await sees("luis@example.org", luis_own.conversation_id)
    assert await sees("sofia@example.org", luis_own.conversation_id)
    assert "conversation_refused" in await audit_actions(sqlite_runtime)


async def run_cli(runtime: Runtime, *args: str) -> tuple[int, str]:
    import asyncio

    from typer.testing import CliRunner

    from bot.cli import app

    env = {
        "RUMBO_DATABASE_URL": runtime.settings.database_url,
        "RUMBO_VAR_DIR": str(runtime.settings.var_dir),
        "RUMBO_SECRET_KEY": runtime.settings.resolved_secret_key(),
        "RUMBO_NEW_PASSWORD": "another long password",
    }
    result = await asyncio.to_thread(CliRunner().invoke, app, list(args), env=env)
    return result.exit_code, result.output + repr(result.exception or "")


async def test_caseworker_add_with_an_existing_email_in_other_case_fails_cleanly(
    accounts, sqlite_runtime
) -> None:
    code, output = await run_cli(
        sqlite_runtime, "caseworker", "add", "Ana@Example.ORG", "--name", "A"
    )
    assert code == 1 and "exists already" in output
    assert "argon2" not in output and "Traceback" not in output and "IntegrityError" not in output
    code, output = await run_cli(sqlite_runtime, "caseworker", "add", "not-an-email", "--name", "N")
    assert code == 2 and "not a valid e-mail" in output
    code, _ = await run_cli(sqlite_runtime, "caseworker", "add", " New@Example.org ", "--name", "N")
    assert code == 0
    async with sqlite_runtime.db.sessions() as session:
        emails = set(await session.scalars(select(Caseworker.email)))
    assert "new@example.org" in emails


async def test_caseworker_deactivate_ends_access_and_sessions_at_once(
    console, accounts, sqlite_runtime
) -> None:
    await sign_in(console, "ana@example.org")
    assert (await console.get("/console")).status_code == 200
    code, output = await run_cli(sqlite_runtime, "caseworker", "deactivate", "ANA@example.org")
    assert code == 0, output
    assert (await console.get("/console")).status_code == 303
    console.cookies.clear()
    assert (await sign_in(console, "ana@example.org")).status_code == 401
    assert "deactivated" in await audit_actions(sqlite_runtime)
    code, output = await run_cli(sqlite_runtime, "caseworker", "deactivate", "ghost@example.org")
    assert code == 1 and "no account" in output
