"""The conversation state: typed, versioned, and stored as JSON (`conversation_states.data`).

One field per thing a conversation remembers between turns. A new field is one line with a
default; rows stored before it simply get the default, so adding one needs no migration:

```python
    last_time: datetime | None = None  # when the person last wrote (follow-ups)
```

The stored JSON is flat: `{"version": 1, "lang": "es", "pending": "erase", "channel": {...}}`.
Fields equal to their default are left out. `channel` is the channel's own memory (what a
`ChannelProfile` asked to remember: Telegram's short button keys, the SMS text and pages behind
MAS); the engine stores it without reading it.

Reading a row (`from_json`), deliberately:
- no `version`: the shape before 0004 (channel keys at the top); it is upgraded here as the
  migration `0004_typed_state` does, so a database not yet migrated still reads right;
- a key no field names (written by a newer version, or by a branch not merged yet): kept as it
  is and written back, never read; a session reset or an erasure drops it with the rest;
- a value of the wrong type: that field gets its default (logged by field name, never the
  value), the other fields are kept.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError

log = logging.getLogger(__name__)

STATE_VERSION = 1
# Where the channels kept their memory before version 1: at the top of the state.
V0_CHANNEL_KEYS = ("callbacks", "more", "paging")


class DialogueState(BaseModel):
    """What a conversation remembers between turns."""

    # Assigning a name that is not a field fails (a typo must not store a new key).
    model_config = ConfigDict(extra="forbid")

    version: int = STATE_VERSION
    lang: str | None = None  # the conversation's language
    lang_locked: bool = False  # chosen by the person (or --lang): not re-detected
    written_lang: str | None = None  # a language we do not speak they wrote in (ht, fr, pt)
    province: str | None = None  # from a typed city or a shared location
    pending: str | None = None  # the question asked ("erase", "guide:nat"...), see FlowSpec
    choices: list[tuple[str, str]] = []  # the last offered (id, label) list, for digits
    fallbacks: int = 0  # misunderstandings in a row
    last_topic: str | None = None  # the topic of the last answer (a ticket's topic)
    last_article: str | None = None  # the last article answered with
    waiting_told: bool = False  # the expected wait was said while this ticket waits
    guide: dict[str, str] = {}  # the regularisation guide's answers so far (sensitive)
    channel: dict[str, Any] = {}  # the channel's own memory (ChannelProfile), opaque here
    thread: dict[str, Any] = {}  # the last answer and recent lists (bot/dialogue/thread.py)
    rating_prompted: bool = False  # the last turn asked "¿Te sirvió?" (bot/flows/rating.py)
    answers_unrated: int = 0  # SMS answers since the rating was last asked
    rated: dict[str, Any] | None = None  # this turn's rating, taken by bot/quality/hooks.py

    _unknown: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_json(cls, data: object) -> DialogueState:
        """The state stored as `data` (any version; see the module docstring)."""
        stored = dict(data) if isinstance(data, dict) else {}
        if "version" not in stored:
            stored = upgrade_v0(stored)
        known = {k: v for k, v in stored.items() if k in cls.model_fields}
        try:
            state = cls.model_validate(known)
        except ValidationError as exc:
            bad = sorted({str(error["loc"][0]) for error in exc.errors() if error["loc"]})
            log.warning("conversation state: invalid fields reset", extra={"fields": bad})
            state = cls.model_validate({k: v for k, v in known.items() if k not in bad})
        state.version = max(state.version, STATE_VERSION)
        state._unknown = {k: v for k, v in stored.items() if k not in cls.model_fields}
        return state

    def to_json(self) -> dict[str, Any]:
        """The JSON stored for this state: the version, every field not at its default, and
        the keys kept from a newer version."""
        fields = self.model_dump(mode="json", exclude_defaults=True, exclude={"version"})
        return {"version": self.version, **fields, **self._unknown}

    def new_session(self) -> DialogueState:
        """The state a returning person starts from after a session timeout: who they are (their
        language and province), not what they were doing."""
        return DialogueState(
            lang=self.lang,
            lang_locked=self.lang_locked,
            written_lang=self.written_lang,
            province=self.province,
        )


def upgrade_v0(data: dict[str, Any]) -> dict[str, Any]:
    """The state of before version 1 in the version-1 shape: the channel keys move under
    `channel`. (The migration 0004_typed_state holds its own copy of this rule.)"""
    upgraded = {k: v for k, v in data.items() if k not in V0_CHANNEL_KEYS}
    channel = {k: data[k] for k in V0_CHANNEL_KEYS if k in data}
    if channel:
        upgraded["channel"] = channel
    upgraded["version"] = STATE_VERSION
    return upgraded
