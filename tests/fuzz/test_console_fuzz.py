"""Console forms and ids at the edge, signed in with a valid CSRF token: never a 500."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import ALLOWED
from tests.fuzz.strategies import odd_ids

ACTIONS = ["claim", "reply", "note", "transfer", "close", "other"]
FIELDS = ["text", "to", "outcome", "tell_person", "lang", "title", "csrf"]
form_values = st.text(max_size=80) | odd_ids


@given(
    ticket=odd_ids,
    action=st.sampled_from(ACTIONS),
    form=st.dictionaries(st.sampled_from(FIELDS), form_values, max_size=5),
)
async def test_ticket_actions_get_an_allowed_status(supervisor, ticket, action, form) -> None:
    console, csrf = supervisor
    response = await console.post(
        f"/console/tickets/{quote(ticket, safe='')}/{action}",
        data=form | {"csrf": csrf},
        follow_redirects=True,
    )
    assert response.status_code in ALLOWED


@given(
    path=st.sampled_from(
        ["/console/tickets/{}", "/console/conversations/{}", "/console/audit?before={}"]
    ),
    value=odd_ids,
)
async def test_pages_get_an_allowed_status(supervisor, path, value) -> None:
    console, _ = supervisor
    response = await console.get(path.format(quote(value, safe="")), follow_redirects=True)
    assert response.status_code in ALLOWED


@given(form=st.dictionaries(st.sampled_from(FIELDS), form_values, max_size=5), reply=odd_ids)
async def test_canned_forms_get_an_allowed_status(supervisor, form, reply) -> None:
    console, csrf = supervisor
    added = await console.post("/console/canned", data=form | {"csrf": csrf}, follow_redirects=True)
    deleted = await console.post(
        f"/console/canned/{quote(reply, safe='')}/delete",
        data={"csrf": csrf},
        follow_redirects=True,
    )
    assert {added.status_code, deleted.status_code} <= ALLOWED
