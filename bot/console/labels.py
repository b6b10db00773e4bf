"""The console's words for stored codes (priority, status, reason, outcome, channel, danger
category, topic), marked for the catalogue and translated where they are shown."""

from __future__ import annotations

from bot.i18n import N_, gettext

LABELS: dict[str, dict[str, str]] = {
    "priority": {"urgent": N_("urgent"), "normal": N_("normal")},
    "status": {
        "queued": N_("waiting"),
        "assigned": N_("assigned"),
        "closed": N_("closed"),
        "bot": N_("with the assistant"),
        "handoff": N_("with a person"),
    },
    "reason": {
        "asked": N_("asked for a person"),
        "danger": N_("danger"),
        "fallbacks": N_("not understood several times"),
        "escalate": N_("the answer needs a person"),
        "outdated": N_("the answer may be outdated"),
        "voice_note": N_("sent a voice note"),
    },
    "media_problem": {
        "too_big": N_("A file that was too big to receive (over 10 MB)"),
        "unsupported": N_("A kind of file Rumbo does not receive"),
        "unavailable": N_("A file that could not be downloaded"),
    },
    "outcome": {
        "resolved": N_("resolved"),
        "referred": N_("referred"),
        "no_response": N_("no response"),
        "duplicate": N_("duplicate"),
        "other": N_("other"),
        "left_queue": N_("left the queue"),
    },
    "channel": {
        "telegram": N_("Telegram"),
        "sms": N_("SMS"),
        "whatsapp": N_("WhatsApp"),
        "web": N_("web chat"),
    },
    "lang": {
        "es": N_("Spanish"),
        "en": N_("English"),
        "ht": N_("Haitian Creole"),
        "fr": N_("French"),
        "pt": N_("Portuguese"),
    },
    "danger": {
        "violence": N_("violence"),
        "sexual_violence": N_("sexual violence"),
        "child_risk": N_("child at risk"),
        "trafficking": N_("trafficking"),
        "detention": N_("detention"),
        "armed_threat": N_("armed threat"),
        "self_harm": N_("self-harm"),
        "no_shelter": N_("no shelter tonight"),
        "medical": N_("medical emergency"),
        "distress": N_("distress"),
    },
    "topic": {
        "rights": N_("rights"),
        "regularisation": N_("regularisation"),
        "protection": N_("protection"),
        "health": N_("health"),
        "education": N_("education"),
        "work": N_("work"),
        "housing": N_("housing"),
        "services": N_("services"),
        "safety": N_("safety"),
        "returnees": N_("returnees"),
    },
    "flag": {
        "wrong": N_("wrong"),
        "outdated": N_("outdated"),
        "missing": N_("missing information"),
    },
    "delivery": {
        "queued": N_("queued"),
        "sending": N_("sending"),
        "sent": N_("sent"),
        "delivered": N_("delivered"),
        "read": N_("read"),
        "failed": N_("failed"),
        "undelivered": N_("not delivered"),
    },
    "author": {"person": N_("person"), "bot": N_("assistant")},
    "event": {
        "created": N_("created"),
        "claimed": N_("claimed"),
        "transferred": N_("transferred"),
        "note": N_("note"),
        "reply": N_("reply"),
        "closed": N_("closed"),
        "joined": N_("joined"),
        "announced": N_("announced to the group"),
        "announce_failed": N_("announcement failed"),
    },
}


def label(lang: str | None, kind: str, code: str | None) -> str:
    """The word for a code in `lang`; an unknown code is shown as it is, a missing one as `-`."""
    if not code:
        return "-"
    known = LABELS.get(kind, {}).get(code)
    return gettext(lang, known) if known else code
