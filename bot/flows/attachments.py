"""Voice notes, photos and documents (issue 17). Many people cannot or will not type.

A voice note goes to a person: nothing here can listen to it (bot/media/speech.py is the seam
for that), so it opens a ticket of normal priority and the person is told when someone will
listen, with the emergency line. Words that signal danger (a caption, a transcript, or the next
text) never reach this flow: the router's danger stage runs first and the ticket is raised to
urgent. A photo or document is kept in the conversation for the caseworker; its caption, when
there is one, is understood like any message (the router never sends it here). A file that
could not be received gets a kind answer saying why; the rest of the message is handled as
usual (`note_refused`, called by the engine after every other flow).

```mermaid
flowchart LR
  voice[voice note] --> open{ticket open?}
  open -->|no| ticket[ticket: normal, voice_note] --> told[a person will listen: hours + 911]
  open -->|yes| added[added to your case: hours + 911]
  photo[photo / PDF without words] --> kept[kept for the caseworker + choices]
  caption[photo + caption] --> understood[the caption is a message like any other]
  bad[too big / unsupported / failed] --> why[kind answer: why, what works]
  sticker[sticker, contact] --> words[we read words]
```
"""

from __future__ import annotations

from bot.dialogue import policy
from bot.dialogue.triggers import FlowSpec
from bot.dialogue.turn import Turn
from bot.flows.input_problems import media as no_words
from bot.flows.safety import emergency_number
from bot.media.policy import MAX_BYTES, TOO_BIG, UNAVAILABLE
from bot.messages import Attachment, Choice, OutboundMessage

PROBLEM_TEXTS = {TOO_BIG: "file_too_big", UNAVAILABLE: "file_unavailable"}


def received(turn: Turn, _arg: str | None = None) -> None:
    """A message of files without words (or a voice note, with or without them)."""
    files = turn.inbound.attachments
    kept = [a for a in files if a.ok]
    if any(a.kind == "audio" for a in kept):
        voice_note(turn)
    elif kept:
        picture(turn, kept[0])
    elif files:
        turn.say(refusal(turn, files), choices=_choices(turn))
        turn.remember_choices(_choices(turn))
    else:
        no_words(turn)


def voice_note(turn: Turn) -> None:
    """Hand the voice note to a person and say when they will listen, with the 911 line."""
    turn.handoff = True
    hours = turn.working_hours()
    if turn.ticket_open:
        lines = [turn.t("voice_added", hours=hours)]
    else:
        decision = policy.decide(policy.Signals(voice_note=True))
        turn.effects.ticket = decision.ticket(turn.state.last_topic)
        key = "voice_received" if turn.within_hours else "voice_received_after_hours"
        lines = [turn.t(key, hours=hours)]
    lines.append(turn.t("voice_danger_line", emergency=emergency_number(turn.kb)))
    turn.say("\n".join(lines), kind="handoff")
    turn.state.choices = []


def picture(turn: Turn, first: Attachment) -> None:
    """A photo or document without a caption: kept for the caseworker; ask what they need."""
    if turn.ticket_open:
        turn.handoff = True
        turn.say(turn.t("file_added"), kind="handoff")
        return
    key = "document_received" if first.kind == "document" else "picture_received"
    turn.say(turn.t(key), choices=_choices(turn))
    turn.remember_choices(_choices(turn))


def refusal(turn: Turn, files: tuple[Attachment, ...] | list[Attachment]) -> str:
    """Why a file was not received, and what can be sent instead."""
    problems = [a.problem for a in files if not a.ok]
    problem = next((p for p in problems if p in PROBLEM_TEXTS), None)
    key = PROBLEM_TEXTS.get(problem or "", "file_unsupported")
    return turn.t(key, limit=MAX_BYTES // (1024 * 1024))


def note_refused(turn: Turn, flow_name: str) -> None:
    """A file that was not received, in a message whose words another flow answered: the
    answer opens with why (the emergency reply is never preceded by anything)."""
    files = turn.inbound.attachments
    if flow_name in (NAME, "safety") or not turn.replies or all(a.ok for a in files):
        return
    turn.replies.insert(0, OutboundMessage(refusal(turn, files), kind="notice"))


def _choices(turn: Turn) -> list[Choice]:
    return [Choice("human", turn.t("choice_human")), Choice("menu", turn.t("choice_menu"))]


NAME = "media"
SPECS = (FlowSpec(NAME, received, kinds=("media",), while_claimed=True),)
