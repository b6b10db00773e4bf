"""The suite's network guard: a test that reaches outside this machine fails."""

from __future__ import annotations

import asyncio
import socket

import pytest

from tests.conftest import NetworkGuardError


def test_a_connection_outside_the_machine_fails() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        with pytest.raises(NetworkGuardError):
            sock.connect(("192.0.2.1", 443))  # TEST-NET-1: never routed


async def test_an_asyncio_connection_outside_the_machine_fails() -> None:
    with pytest.raises(NetworkGuardError):
        await asyncio.wait_for(asyncio.open_connection("192.0.2.1", 443), 2)


async def test_loopback_is_allowed() -> None:
    server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()
        await writer.wait_closed()
