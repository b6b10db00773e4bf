"""The dialogue engine: store, understand, route, apply effects, store replies, in that order.

Every inbound message is committed before it is processed; every reply is committed before a
channel sends it. One turn at a time per conversation: the conversation row is locked for the
turn (PostgreSQL `FOR UPDATE`; SQLite serialises writers anyway).

A turn costs two transactions (#19): the inbound message (one look-up, one insert), then the
turn itself: one statement reads what it needs, the flows run in memory, and its writes (the
message marked processed, the replies in one insert, state, effects, counters) commit together.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.channels.render import ChannelProfile, Rendered, apply
from bot.config import Settings
from bot.dialogue.state import DialogueState
from bot.dialogue.texts import format_wait
from bot.dialogue.thread import Thread
from bot.dialogue.turn import Turn
from bot.engine import reading, router
from bot.engine.hours import hours_in_words, parse_days
from bot.flows import attachments, conversation_thread, rating
from bot.flows import safety as safety_flow
from bot.flows.handoff import add_also_person
from bot.flows.registry import FLOWS
from bot.handoff import caps
from bot.knowledge.models import KnowledgeBase
from bot.messages import InboundMessage, OutboundMessage, TurnResult
from bot.quality import hooks as quality_hooks
from bot.storage import media as media_store
from bot.storage import repository as repo
from bot.storage.crypto import Protector
from bot.storage.db import Database
from bot.storage.models import Contact, Conversation, Ticket, utcnow
from bot.textcache import forget_texts
from bot.understanding import language, pleasantries
from bot.understanding.base import URGENT_INTENT, ParseResult, Understanding
from bot.understanding.birthplace import by_birthplace
from bot.understanding.danger import (
    DangerSignal,
    danger_lean,
    danger_of,
    feared_next,
    in_thread,
)
from bot.understanding.gloss import gloss
from bot.understanding.normalize import has_letters
from bot.understanding.place_aside import place_aside

log = logging.getLogger(__name__)
# The kind of danger whose help each safety article gives (the thread after a danger reply).
_DANGER_OF_ARTICLE = {article: kind for kind, article in safety_flow.ARTICLES.items()}

MAX_STORED_CHARS = 20_000
CONTROL = {c: None for c in range(32) if c not in (9, 10, 13)}


class _Duplicate(Exception):  # noqa: N818 - control flow, never leaves the engine
    """Another process finished this message first: the turn's writes are rolled back."""


@dataclass(slots=True)
class TurnObserver:
    """Hooks for metrics; the web app plugs Prometheus counters in here."""

    on_turn: Callable[[str, TurnResult, float], None] | None = None


def clean_text(text: str) -> str:
    """Drop control characters and bound the stored size; the message itself is kept."""
    return text.translate(CONTROL)[:MAX_STORED_CHARS]


class Engine:
    """Runs turns. Built once at start-up with everything it needs passed in."""

    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        kb: KnowledgeBase,
        nlu: Understanding,
        protector: Protector,
        channels: Mapping[str, ChannelProfile],
        clock: Callable[[], datetime] = utcnow,
        observer: TurnObserver | None = None,
    ):
        """`channels`: how each channel renders and what it remembers (from the wiring); an
        unknown channel renders as the web chat."""
        if "web" not in channels:
            raise ValueError("the channels need a web profile (the default rendering)")
        self.channels = dict(channels)
        self.settings = settings
        self.db = db
        self.kb = kb
        self.nlu = nlu
        self.protector = protector
        self.clock = clock
        self.observer = observer or TurnObserver()

    async def handle(
        self, inbound: InboundMessage, *, inline: bool = False, lang: str | None = None
    ) -> TurnResult:
        """Process one inbound message; `inline` replies are delivered by the caller (web, CLI).

        `lang` fixes the language (the CLI's --lang); otherwise it is read from the messages.
        """
        started = time.perf_counter()
        inbound.text = clean_text(inbound.text)
        stored = await self._store_inbound(inbound)
        if stored is None:
            return TurnResult(duplicate=True)
        conversation_id, message_id, created = stored
        parse = await self._understand(inbound)
        result = await self._run_turn(
            inbound, conversation_id, message_id, parse, created, inline=inline, lang=lang
        )
        if result.duplicate:
            return result
        elapsed = time.perf_counter() - started
        # Labels and counts only: never the text, the address or the replies.
        log.debug(
            "turn",
            extra={
                "channel": inbound.channel,
                "intent": result.intent,
                "replies": len(result.rendered),
                "ms": round(elapsed * 1000, 1),
            },
        )
        if self.observer.on_turn:
            self.observer.on_turn(inbound.channel, result, elapsed)
        return result

    async def _store_inbound(self, inbound: InboundMessage) -> tuple[int, int, bool] | None:
        payload: dict[str, Any] = {"kind": inbound.kind}
        if inbound.choice_id:
            payload["choice_id"] = inbound.choice_id
        if inbound.location:
            # A shared position answers one services question (nearest city); it is not kept.
            payload["location"] = "shared"
        async with self.db.sessions.begin() as session:
            created = False
            found = await repo.find_thread(session, self.protector, inbound.channel, inbound.user)
            if found is not None:
                contact_id, conversation_id = found
            else:
                # New (or under a rotated-out secret): the careful path, once per person.
                contact, created = await repo.get_or_create_contact(
                    session, self.protector, inbound.channel, inbound.user
                )
                conversation, _ = await repo.get_or_create_conversation(session, contact)
                contact_id, conversation_id = contact.id, conversation.id
            message_id = await repo.insert_inbound(
                session,
                conversation_id,
                channel=inbound.channel,
                text=inbound.text,
                external_id=inbound.external_id,
                payload=payload,
            )
            if message_id is not None and inbound.attachments:
                # (#17) hook: the voice notes, photos and documents that came with it, sealed.
                stored = media_store.StoredInbound(message_id, conversation_id, contact_id, payload)
                await media_store.attach(session, self.protector, stored, inbound.attachments)
            if message_id is None:
                # A repeat. If its first delivery was stored but its turn never finished (the
                # process died in between), this delivery finishes it; _run_turn re-checks
                # under the conversation lock, so a turn still running elsewhere is not doubled.
                unfinished = await repo.unfinished_inbound(
                    session,
                    conversation_id,
                    channel=inbound.channel,
                    external_id=inbound.external_id,
                )
                return None if unfinished is None else (conversation_id, unfinished.id, False)
            return conversation_id, message_id, created

    async def _understand(self, inbound: InboundMessage) -> ParseResult | None:
        if inbound.kind != "text" or not has_letters(inbound.text):
            return None
        if inbound.text.strip().startswith("/"):
            return None
        # Issue 16: "hola buenas, como saco la visa?" is read without its pleasantries, a town
        # named beside a question does not make it a question about the town's services, and where
        # a child was born decides between the two articles on registering a birth.
        text = inbound.text
        if language.unsupported(text):
            # "bonjou kijan pou m mande refugio?": the Creole, French or Portuguese words we
            # know are read in Spanish; the router still decides whether to answer (#16).
            text = gloss(text)
        parse = await pleasantries.parse_question(self.nlu, text)
        return by_birthplace(text, await place_aside(self.nlu, text, parse))

    async def _run_turn(
        self,
        inbound: InboundMessage,
        conversation_id: int,
        message_id: int,
        parse: ParseResult | None,
        created: bool,
        *,
        inline: bool,
        lang: str | None = None,
    ) -> TurnResult:
        try:
            return await self._turn_unit(
                inbound, conversation_id, message_id, parse, created, inline=inline, lang=lang
            )
        except _Duplicate:
            return TurnResult(duplicate=True)

    async def _turn_unit(
        self,
        inbound: InboundMessage,
        conversation_id: int,
        message_id: int,
        parse: ParseResult | None,
        created: bool,
        *,
        inline: bool,
        lang: str | None,
    ) -> TurnResult:
        async with self.db.sessions.begin() as session:
            # One read: conversation (locked), contact, state, open ticket, the message's status.
            rows = await repo.load_turn(session, conversation_id, message_id)
            if rows.message_status != "received":
                return TurnResult(duplicate=True)  # another process finished this message
            conversation, contact = rows.conversation, rows.contact
            state = DialogueState.from_json(rows.state or {})
            if lang in ("es", "en"):
                state.lang, state.lang_locked = lang, True
            turn = await self._build_turn(
                session, inbound, parse, state, conversation, contact, created, rows.ticket
            )
            # Issue 16: pleasantries, thread, several problems, read before routing.
            await reading.read(turn, self.nlu, now=self.clock())
            flow_name, arg = router.route(turn)
            was_opted_out = contact.opted_out
            if was_opted_out and flow_name == "erase_request":
                # Nothing may be sent to an unsubscribed person, so the confirmation question
                # cannot be asked: their explicit BORRAR deletes at once, silently.
                flow_name, arg = "erase_answer", "yes"
            self._run_flow(turn, flow_name, arg)
            # The writes start here. This message is ours only if nobody finished it meanwhile.
            if not await repo.claim_inbound(
                session, message_id, turn.intent if turn.intent else flow_name
            ):
                raise _Duplicate
            await self._apply_effects(session, turn, conversation, contact)
            spec = router.ROUTER.spec(flow_name)
            # Opted out: only START and a danger message get replies (they wrote to us, so they
            # get the emergency reply; everything else stays opted out).
            if inbound.provider_answered or (was_opted_out and not spec.opted_out):
                turn.replies.clear()
            rendered = self._render(turn, flow_name)
            result = self._result(turn, conversation_id)
            status = "sent" if inline else "queued"
            payloads = [
                r.payload | {"erase_after_send": True} if turn.effects.erase else r.payload
                for r in rendered
            ]
            if spec.emergency:
                # The outbox sends these even after an opt-out (the emergency reply, and the
                # shelters it asked the city for).
                for item, payload in zip(rendered, payloads, strict=True):
                    item.payload["emergency"] = payload["emergency"] = True
            result.outbound_ids = await repo.insert_outbound(
                session,
                conversation,
                [
                    (item.text, payload, item.segments)
                    for item, payload in zip(rendered, payloads, strict=True)
                ],
                status=status,
            )
            result.replies = [OutboundMessage(r.text) for r in rendered]
            result.rendered = rendered
            # (#18) hook: the quality loop's labels and ratings, before the state is saved.
            await quality_hooks.after_turn(
                session,
                self.protector,
                turn,
                channel=conversation.channel,
                contact_id=contact.id,
                flow_name=flow_name,
                now=self.clock(),
            )
            await self._finish(session, turn, conversation, contact, flow_name)
            erased = turn.effects.erase
            purged = erased and (inline or not rendered)
            if purged:
                await session.flush()  # the erasure's own writes, before its rows go
                await repo.purge_contact(session, contact.id)
        if purged:
            await self.db.settle_erasure()
        if erased:
            forget_texts()  # the caches of message texts hold none of theirs either
        return result

    async def _build_turn(
        self,
        session: Any,
        inbound: InboundMessage,
        parse: ParseResult | None,
        state: DialogueState,
        conversation: Conversation,
        contact: Contact,
        created: bool,
        ticket: Ticket | None = None,
    ) -> Turn:
        now = self.clock()
        returning = (
            not created
            and conversation.turns > 0
            and now - conversation.last_activity_at
            > timedelta(minutes=self.settings.session_timeout_minutes)
        )
        if returning:
            state = state.new_session()
        lang = self._language(inbound, state, contact)
        state.lang = lang
        if inbound.kind == "text" and inbound.text:
            # For the ticket: a caseworker who speaks it can take the case (issue 16).
            state.written_lang = language.unsupported(inbound.text) or state.written_lang
        wait = await repo.median_wait(session, now=now) if ticket is not None else None
        within, _ = self.working_hours(now)
        days = parse_days(self.settings.working_days)
        start, end = self.settings.working_hours_start, self.settings.working_hours_end
        turn = Turn(
            inbound=inbound,
            parse=parse,
            danger=self._danger(inbound.text, state, now) if inbound.text else None,
            state=state,
            lang=lang,
            kb=self.kb,
            today=now.date(),
            first_contact=conversation.turns == 0,
            returning=returning,
            ticket_open=ticket is not None,
            ticket_claimed=ticket is not None and ticket.status == "assigned",
            ticket_urgent=ticket is not None and ticket.priority == "urgent",
            within_hours=within,
            hours_text={code: hours_in_words(days, start, end, code) for code in ("es", "en")},
            expected_wait=format_wait(wait, lang),
            province=state.province or contact.province,
        )
        if parse is not None:
            turn.intent, turn.confidence = parse.intent.name, parse.intent.confidence
            if parse.intent.name == URGENT_INTENT:
                turn.danger_lean = danger_lean(inbound.text, self.nlu)
        if inbound.choice_id:
            inbound.choice_id = self._channel(inbound.channel).resolve_choice(
                inbound.choice_id, state.channel
            )
        return turn

    def _danger(self, text: str, state: DialogueState, now: datetime) -> DangerSignal | None:
        """The danger in a message, and in the thread of the help for a kind of danger a fear
        of what the aggressor does next ("y si me encuentra?", `danger.feared_next`)."""
        found = danger_of(text, self.nlu)
        thread = Thread.load(state)
        if thread.article is None or not thread.alive(now):
            return found
        kind = _DANGER_OF_ARTICLE.get(thread.article)
        if found is None:
            return feared_next(text, kind)
        # "y si me mata?" after the help for violence at home: that violence, not a gang's threat.
        return in_thread(found, text, kind)

    def _channel(self, name: str) -> ChannelProfile:
        return self.channels.get(name) or self.channels["web"]

    def _language(self, inbound: InboundMessage, state: DialogueState, contact: Contact) -> str:
        current = state.lang or contact.lang or inbound.lang_hint
        detected = language.identify(inbound.text) if inbound.kind == "text" else None
        if current is None:
            return str(detected) if language.is_supported(detected) else self.settings.default_lang
        if (
            language.is_supported(detected)
            and detected != current
            and len(inbound.text.split()) >= 3
            and not state.lang_locked
        ):
            return str(detected)
        return str(current)

    def _run_flow(self, turn: Turn, flow_name: str, arg: str | None) -> None:
        if flow_name == "more":
            self._more(turn)
            return
        pending = turn.state.pending
        FLOWS[flow_name](turn, arg)
        # Issue 16: greet back a polite question; keep the thread for follow-ups.
        conversation_thread.after_flow(turn, flow_name, now=self.clock())
        add_also_person(turn, flow_name)
        if (
            pending
            and turn.state.pending == pending
            and not router.ROUTER.keeps(flow_name, pending)
        ):
            # MENU, HUMANO, a button...: the person left the question; do not hold on to it.
            turn.state.pending = None
        if turn.first_contact and turn.replies and flow_name not in ("optout", "safety"):
            notice, short = turn.t("privacy_notice"), turn.t("privacy_notice_short")
            first = turn.replies[0]
            if flow_name == "greet":
                first.text = f"{first.text}\n{notice}"
                first.short = f"{first.short or first.text}\n{short}"
            elif not self._channel(turn.inbound.channel).notice_apart:
                # One message: the notice closes the answer (its first line stays the title).
                first.text = f"{first.text}\n\n{notice}"
            else:
                # An SMS answer already fills its segments: the notice is its own short SMS.
                turn.replies.append(OutboundMessage(notice, short=short, kind="notice"))
        elif turn.returning and turn.replies and flow_name not in ("safety",):
            turn.replies.insert(0, OutboundMessage(turn.t("welcome_back"), kind="notice"))
        # (#18) hook: "¿Te sirvió? 👍 👎" joins the answer's list, after the privacy notice.
        rating.offer(turn, flow_name)
        # (#17) hook: a file that could not be received is said first.
        attachments.note_refused(turn, flow_name)
        if turn.topic:
            turn.state.last_topic = turn.topic
        if not turn.fallback and flow_name not in ("fallback", "waiting"):
            turn.state.fallbacks = (
                0 if turn.article_ids or flow_name != "empty" else turn.state.fallbacks
            )

    def _more(self, turn: Turn) -> None:
        """MAS: what the channel held back (the next page, the rest of the last turn)."""
        channel = self._channel(turn.inbound.channel)
        found = channel.continuation(turn.state.channel, self.kb, turn.today)
        apply(found.remember, turn.state.channel)
        if found.text is None:
            turn.say(turn.t("more_none"))
            return
        turn.say(found.text, short=found.text, kind=found.kind)

    def _render(self, turn: Turn, flow_name: str) -> list[Rendered]:
        answer = next((r for r in turn.replies if r.kind == "answer" and r.article_id), None)
        article = self.kb.article(answer.article_id or "", turn.lang) if answer else None
        rendering = self._channel(turn.inbound.channel).render(
            turn.replies,
            lang=turn.lang,
            memory=turn.state.channel,
            article=article,
            today=turn.today,
            continuing=flow_name == "more",
        )
        apply(rendering.remember, turn.state.channel)
        return rendering.rendered

    async def _apply_effects(
        self, session: Any, turn: Turn, conversation: Conversation, contact: Contact
    ) -> None:
        effects = turn.effects
        now = self.clock()
        if effects.ticket is not None:
            ticket = await caps.request_ticket(
                session,
                conversation,
                priority=effects.ticket.priority,
                reason=effects.ticket.reason,
                topic=effects.ticket.topic,
                lang=turn.lang,
                danger=turn.danger_category,
                source=turn.inbound.source,
                per_hour=self.settings.urgent_tickets_per_source_per_hour,
                written_lang=turn.state.written_lang,
            )
            if contact.opted_out and ticket.priority == "urgent":
                # Danger after BAJA/STOP: a caseworker may answer this ticket (and only this).
                await repo.mark_danger_after_optout(session, ticket)
            await repo.count(
                session,
                channel=conversation.channel,
                metric="handoff",
                label=effects.ticket.priority,
            )
        if effects.leave_queue:
            await repo.close_open_tickets(session, conversation, "left_queue")
        if effects.optout:
            contact.opted_out, contact.opted_out_at = True, now
            await repo.count(session, channel=conversation.channel, metric="optout")
        if effects.optin:
            contact.opted_out, contact.opted_out_at = False, None
        if effects.erase:
            await repo.erase_conversation(session, conversation, contact)
            await repo.count(session, channel=conversation.channel, metric="erasure")

    async def _finish(
        self,
        session: Any,
        turn: Turn,
        conversation: Conversation,
        contact: Contact,
        flow_name: str,
    ) -> None:
        now = self.clock()
        contact_values: dict[str, Any] = {"last_seen_at": now}
        conversation_values: dict[str, Any] = {"last_activity_at": now}
        if not turn.effects.erase:
            contact_values["lang"] = turn.lang
            contact_values["province"] = turn.state.province or contact.province
            conversation_values["turns"] = conversation.turns + 1
        await repo.update_row(session, contact, contact_values)
        await repo.update_row(session, conversation, conversation_values)
        if not turn.effects.erase:
            await repo.write_state(session, conversation.id, turn.state.to_json())
        await repo.count(
            session, channel=conversation.channel, metric="turn", label=turn.topic or flow_name
        )

    def _result(self, turn: Turn, conversation_id: int) -> TurnResult:
        return TurnResult(
            lang=turn.lang,
            intent=turn.intent,
            confidence=round(turn.confidence, 4),
            topic=turn.topic,
            article_ids=list(turn.article_ids),
            urgent=turn.urgent,
            danger=turn.danger_category if turn.urgent else None,
            handoff=turn.handoff,
            fallback=turn.fallback,
            clarify=turn.clarify,
            optout=turn.optout,
            erasure=turn.erasure,
            conversation_id=conversation_id,
        )

    def working_hours(self, now: datetime, lang: str = "es") -> tuple[bool, str]:
        """Whether caseworkers are at work now, and the days and hours in words in `lang`."""
        local = now.astimezone(ZoneInfo(self.settings.timezone))
        days = parse_days(self.settings.working_days)
        start, end = self.settings.working_hours_start, self.settings.working_hours_end
        within = local.weekday() in days and start <= local.time() < end
        return within, hours_in_words(days, start, end, lang)
