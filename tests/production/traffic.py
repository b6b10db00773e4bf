"""Synthetic webhook traffic: signed Telegram and Twilio deliveries, repeats, provider-like retries.

A plan is a list of conversations, each with its deliveries in order. The driver sends one
conversation's deliveries one after the other (Telegram does the same per chat), conversations
in parallel, spread over the live app processes. A delivery that fails (connection refused, reset,
5xx: a process was killed) is retried on another process, as Telegram and Twilio retry a webhook
that did not answer 2xx. Repeated deliveries carry the same update_id / MessageSid.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from twilio.request_validator import RequestValidator

# Texts whose replies depend only on the conversation so far: menu digits, keywords and
# questions from the knowledge base. Nothing that opens a handoff, signals danger or opts out.
TEXTS = [
    "hola",
    "menu",
    "1",
    "2",
    "3",
    "4",
    "5",
    "ayuda",
    "mas",
    "gracias",
    "puedo ir al medico sin cedula",
    "mis hijos pueden ir a la escuela sin papeles",
    "como saco la visa de residencia",
    "puedo trabajar sin visa",
    "hello",
    "english",
    "español",
    "que es rumbo",
    "0",
]
TELEGRAM_PATH = "/webhooks/telegram"
SMS_PATH = "/webhooks/twilio/sms"


@dataclass(frozen=True, slots=True)
class Delivery:
    """One webhook delivery (a repeat has the same external id as its original)."""

    conversation: str
    channel: str  # telegram | sms
    address: str  # chat id or E.164 number (synthetic)
    external_id: str  # update_id or MessageSid
    seq: int
    text: str


@dataclass(slots=True)
class Step:
    """What the driver does next in a conversation: send, and maybe race a repeat at once."""

    delivery: Delivery
    race_repeat: bool = False


@dataclass(slots=True)
class Plan:
    """Conversations with their steps, and the totals that describe them."""

    conversations: dict[str, list[Step]]
    deliveries: int
    unique: int
    repeats: int


def chat_id(index: int) -> str:
    """A synthetic Telegram chat id."""
    return str(900_000_000 + index)


def phone(index: int) -> str:
    """A synthetic Ecuadorian mobile number (E.164)."""
    return f"+59399{index:07d}"


def make_plan(
    *,
    conversations: int = 200,
    deliveries: int = 2000,
    repeat_share: float = 0.1,
    seed: int = 8,
    channels: tuple[str, ...] = ("telegram", "sms"),
) -> Plan:
    """Conversations take turns over `channels` (half Telegram chats, half phone numbers by
    default); `repeat_share` of the deliveries are repeats of an earlier one."""
    rng = random.Random(seed)
    repeats = round(deliveries * repeat_share)
    unique = deliveries - repeats
    per_conversation = [unique // conversations] * conversations
    for i in range(unique % conversations):
        per_conversation[i] += 1
    plan: dict[str, list[Step]] = {}
    originals: list[tuple[str, int]] = []
    for index, count in enumerate(per_conversation):
        channel = channels[index % len(channels)]
        key = f"{channel}-{index}"
        address = chat_id(index) if channel == "telegram" else phone(index)
        steps = []
        for seq in range(count):
            external = (
                str(10_000_000 + index * 1000 + seq)
                if channel == "telegram"
                else f"SM{index:08d}{seq:04d}{'0' * 20}"
            )
            text = "hola" if seq == 0 else rng.choice(TEXTS)
            steps.append(Step(Delivery(key, channel, address, external, seq, text)))
            originals.append((key, seq))
        plan[key] = steps
    for key, seq in rng.sample(originals, repeats):
        steps = plan[key]
        position = next(
            i for i, s in enumerate(steps) if s.delivery.seq == seq and not s.race_repeat
        )
        if rng.random() < 0.5:
            # Both copies at the same moment, to two processes: the database must reject one.
            steps[position].race_repeat = True
        else:
            # A late copy, after up to two later messages (the provider missed our 200).
            later = min(len(steps), position + 1 + rng.randint(0, 2))
            steps.insert(later, Step(steps[position].delivery))
    return Plan(plan, deliveries, unique, repeats)


@dataclass
class Signer:
    """Builds webhook requests exactly as Telegram and Twilio send them."""

    public_url: str
    telegram_secret: str
    twilio_token: str
    account_sid: str
    twilio_to: str

    def request(self, delivery: Delivery) -> tuple[str, dict[str, str], dict[str, Any]]:
        """(path, headers, httpx keyword arguments) of one delivery."""
        if delivery.channel == "telegram":
            chat = int(delivery.address)
            update = {
                "update_id": int(delivery.external_id),
                "message": {
                    "message_id": delivery.seq + 1,
                    "date": 1_790_000_000 + delivery.seq,
                    "chat": {"id": chat, "type": "private", "first_name": "Prueba"},
                    "from": {"id": chat, "is_bot": False, "first_name": "Prueba"},
                    "text": delivery.text,
                },
            }
            headers = {"X-Telegram-Bot-Api-Secret-Token": self.telegram_secret}
            return TELEGRAM_PATH, headers, {"json": update}
        params = self.sms_params(delivery.external_id, delivery.address, delivery.text)
        return SMS_PATH, {"X-Twilio-Signature": self.sign(SMS_PATH, params)}, {"data": params}

    def sms_params(self, sid: str, sender: str, body: str) -> dict[str, str]:
        """The form fields of an inbound SMS webhook."""
        return {
            "ToCountry": "EC",
            "SmsMessageSid": sid,
            "NumMedia": "0",
            "SmsSid": sid,
            "SmsStatus": "received",
            "Body": body,
            "FromCountry": "EC",
            "To": self.twilio_to,
            "NumSegments": "1",
            "MessageSid": sid,
            "AccountSid": self.account_sid,
            "From": sender,
            "ApiVersion": "2010-04-01",
        }

    def sign(self, path: str, params: dict[str, str]) -> str:
        """X-Twilio-Signature over the public URL, as Twilio computes it."""
        validator = RequestValidator(self.twilio_token)
        return str(validator.compute_signature(self.public_url + path, params))


@dataclass
class DriveReport:
    """What the driver did."""

    sent: int = 0  # HTTP requests that got a 2xx
    retried: int = 0  # requests that failed (process down) and were sent again
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0


class Driver:
    """Sends a plan to whichever processes are up, retrying like a provider does."""

    def __init__(
        self,
        signer: Signer,
        targets: Callable[[], list[str]],
        *,
        concurrency: int = 32,
        retry_pause: float = 0.25,
        give_up_after: float = 120.0,
    ):
        self.signer = signer
        self.targets = targets
        self.concurrency = concurrency
        self.retry_pause = retry_pause
        self.give_up_after = give_up_after
        self.report = DriveReport()
        self._turn = 0
        self.progress = 0  # steps finished, for callers that act "in the middle"
        self._milestones: dict[int, asyncio.Event] = {}

    def reached(self, steps: int) -> asyncio.Event:
        """An event set once `steps` steps of the plan are done."""
        event = self._milestones.setdefault(steps, asyncio.Event())
        if self.progress >= steps:
            event.set()
        return event

    def _next_target(self) -> str:
        live = self.targets()
        if not live:
            return ""
        self._turn += 1
        return live[self._turn % len(live)]

    async def deliver(self, client: httpx.AsyncClient, delivery: Delivery) -> None:
        """Send one delivery until a process answers 2xx; a 4xx is a bug and raises."""
        path, headers, body = self.signer.request(delivery)
        deadline = time.monotonic() + self.give_up_after
        while True:
            target = self._next_target()
            started = time.perf_counter()
            try:
                if not target:
                    raise httpx.ConnectError("no live process")
                response = await client.post(target + path, headers=headers, **body)
            except httpx.TransportError:
                status = 0
            else:
                status = response.status_code
            if 200 <= status < 300:
                self.report.sent += 1
                self.report.latencies.append(time.perf_counter() - started)
                return
            if 400 <= status < 500:
                raise AssertionError(f"{delivery.channel} webhook answered {status}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"delivery {delivery.external_id} never accepted")
            self.report.retried += 1
            await asyncio.sleep(self.retry_pause)

    async def _conversation(
        self, client: httpx.AsyncClient, steps: list[Step], gate: asyncio.Semaphore
    ) -> None:
        for step in steps:
            async with gate:
                if step.race_repeat:
                    await asyncio.gather(
                        self.deliver(client, step.delivery), self.deliver(client, step.delivery)
                    )
                else:
                    await self.deliver(client, step.delivery)
            self.progress += 1
            for steps, event in self._milestones.items():
                if self.progress >= steps:
                    event.set()

    async def run(self, plan: Plan) -> DriveReport:
        """Drive every conversation of the plan to the end."""
        gate = asyncio.Semaphore(self.concurrency)
        started = time.perf_counter()
        limits = httpx.Limits(max_connections=self.concurrency * 2)
        async with httpx.AsyncClient(timeout=30.0, limits=limits) as client:
            await asyncio.gather(
                *(self._conversation(client, steps, gate) for steps in plan.conversations.values())
            )
        self.report.seconds = time.perf_counter() - started
        return self.report
