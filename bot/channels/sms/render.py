"""SMS rendering: each SMS within the route profile's budget, the rest behind MAS.

Choices become a numbered list answered with a digit. Every segment costs the person money, so
the turn's replies are joined into as few SMS as the profile allows. On `gsm7` (default) a turn
is one SMS of at most two segments; accents outside GSM-7 are folded (á->a, while ñ, é, ü, ¿ and
¡ stay) and anything still outside GSM-7 (emoji) is dropped: one such character would switch
the whole SMS to UCS-2 and cut a segment from 160 to 70 characters. On `ascii1` (local short
codes: 160 plain ASCII characters, no concatenation) a turn is up to two one-segment SMS.

An answer is paged (`pages.py`): its first page shares the SMS with the offer of a person and
the first-contact privacy line, whose room is taken from the short answer (cut at a sentence,
the rest opens page 2), so a first answer costs two segments on gsm7. MAS then sends the pages.

Other turns that do not fit keep whole replies together where possible and leave the rest for
MAS (`Rendering.remember["more"]`, which the engine stores; `render` and `render_answer` are the
dict forms that put it in a caller's `state`). A notice that closes the turn (the first-contact
privacy line) is never put behind MAS: it joins the message when both fit, else it goes as its
own short SMS.
SDK-free: the engine renders before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from bot.channels.render import Continuation, Rendered, Rendering, apply, choice_dicts
from bot.channels.sms import pages
from bot.channels.sms.profile import GSM7, SmsProfile
from bot.knowledge.models import Article, KnowledgeBase
from bot.messages import OutboundMessage

MORE = "more"  # the rest of a long turn, for MAS

MAX_SEGMENTS = 2
MORE_MARK = {"es": "(MAS)", "en": "(MORE)"}
# SMS per ordinary turn: one concatenated SMS on gsm7, two single ones on ascii1 (about the
# same 306-320 characters).
TURN_MESSAGES = {"gsm7": 1, "ascii1": 2}


def block(reply: OutboundMessage, profile: SmsProfile = GSM7) -> str:
    """One reply as SMS text: the short version, then its choices as `N label` lines."""
    lines = [reply.short or reply.text]
    lines += [f"{i} {c.label}" for i, c in enumerate(reply.choices, 1)]
    return profile.clean("\n".join(line.strip() for line in lines if line.strip()))


def compose(replies: list[OutboundMessage], profile: SmsProfile = GSM7) -> str:
    """The whole turn as one text: short versions, numbered choices, in the route's characters."""
    return "\n".join(b for b in (block(r, profile) for r in replies) if b)


def pack(text: str, lang: str, profile: SmsProfile = GSM7, count: int = 1) -> tuple[list[str], str]:
    """Up to `count` SMS of the text (the last with a MAS mark when something is left), and the
    rest."""
    text = profile.clean(text)
    parts: list[str] = []
    mark = MORE_MARK.get(lang, MORE_MARK["es"])
    while text and len(parts) < count:
        if profile.fits(text):
            parts.append(text)
            return parts, ""
        last = len(parts) == count - 1
        budget = profile.budget - (len(mark) + 1 if last else 0)
        head, rest = _whole_blocks(text, budget, profile)
        if not head:
            head, rest = profile.cut(text, budget)
        parts.append(f"{head}\n{mark}" if last else head)
        text = rest
    return parts, text


def fit(text: str, lang: str, profile: SmsProfile = GSM7) -> tuple[str, str]:
    """The part that fits one SMS (with a MAS mark when something is left) and the rest."""
    parts, rest = pack(text, lang, profile)
    return (parts[0] if parts else ""), rest


def _whole_blocks(text: str, budget: int, profile: SmsProfile) -> tuple[str, str]:
    """As many whole lines as fit the budget, if that fills at least half of it."""
    lines = text.split("\n")
    taken: list[str] = []
    for line in lines:
        candidate = "\n".join([*taken, line])
        if profile.units(candidate) > budget:
            break
        taken.append(line)
    head = "\n".join(taken)
    if profile.units(head) < budget // 2:
        return "", text
    return head, "\n".join(lines[len(taken) :])


def _more(rest: str) -> dict[str, Any]:
    """What to remember for MAS: the rest, or nothing (None forgets an older rest)."""
    return {MORE: rest or None}


def render_text(
    text: str, *, lang: str, state: dict[str, Any], profile: SmsProfile = GSM7
) -> Rendered:
    """Fit one text, keeping the remainder in the state for MAS."""
    rendered, rest = _fit_text(text, lang=lang, profile=profile)
    apply(_more(rest), state)
    return rendered


def _fit_text(text: str, *, lang: str, profile: SmsProfile) -> tuple[Rendered, str]:
    head, rest = fit(text, lang, profile)
    return sms(head, profile), rest


def sms(text: str, profile: SmsProfile = GSM7) -> Rendered:
    """One SMS as sent, with its cost."""
    return Rendered(text, [], {"body": text}, profile.segments(text), profile.encoding(text))


_sms = sms


def _urgent(reply: OutboundMessage, *, lang: str, profile: SmsProfile) -> tuple[Rendered, str]:
    rendered, rest = _fit_text(block(reply, profile), lang=lang, profile=profile)
    rendered.choices = choice_dicts(reply)
    return rendered, rest


def split_trailing_notices(
    replies: list[OutboundMessage],
) -> tuple[list[OutboundMessage], list[OutboundMessage]]:
    """The turn's body and the notices that close it (which must reach the person whole)."""
    end = len(replies)
    while end > 0 and replies[end - 1].kind == "notice":
        end -= 1
    if end == 0:
        return list(replies), []
    return replies[:end], replies[end:]


def _finish(replies: list[OutboundMessage], rendered: list[Rendered]) -> list[Rendered]:
    if rendered:
        rendered[0].choices = [c for reply in replies for c in choice_dicts(reply)]
        if any(reply.kind == "optout" for reply in replies):
            # the one message an opted-out number may still receive (see sender.py)
            rendered[0].payload["optout_confirmation"] = True
    return rendered


def render(
    replies: list[OutboundMessage],
    *,
    lang: str,
    state: dict[str, Any],
    profile: SmsProfile = GSM7,
) -> list[Rendered]:
    """The turn in as few SMS as the profile allows (the dict form: `state` receives the rest
    for MAS)."""
    rendering = render_turn(replies, lang=lang, profile=profile)
    apply(rendering.remember, state)
    return rendering.rendered


def render_turn(
    replies: list[OutboundMessage], *, lang: str, profile: SmsProfile = GSM7
) -> Rendering:
    """The turn in as few SMS as the profile allows; a closing notice that does not fit beside
    it goes as its own short SMS. Remembers the rest for MAS (nothing to say: nothing changes)."""
    if not replies:
        return Rendering([])
    if any(reply.kind == "urgent" for reply in replies):
        # Danger: every part reaches the person whole (911 and the lines first, then what
        # happens next), never behind MAS: one SMS per reply, each within the profile's budget.
        urgent = [_urgent(reply, lang=lang, profile=profile) for reply in replies]
        return Rendering([r for r, _ in urgent], _more(urgent[-1][1]))
    count = TURN_MESSAGES.get(profile.name, 1)
    body, notices = split_trailing_notices(replies)
    parts, rest = pack(compose(replies, profile), lang, profile, count)
    extra: list[str] = []
    if notices and rest:
        # The notice would fall behind MAS, where it is never read: send it on its own.
        parts, rest = pack(compose(body, profile), lang, profile, count)
        extra = [compose(notices, profile)]
    return Rendering(
        _finish(replies, [sms(text, profile) for text in [*parts, *extra]]), _more(rest)
    )


def render_answer(
    replies: list[OutboundMessage],
    article: Article,
    *,
    lang: str,
    state: dict[str, Any],
    profile: SmsProfile = GSM7,
    today: date | None = None,
) -> tuple[list[Rendered], pages.Paging | None]:
    """A turn that answers with `article`: page 1 with whatever else the turn says, and the
    paging cursor for MAS (None when the answer is one page); the dict form."""
    rendering, cursor = render_answer_turn(
        replies, article, lang=lang, profile=profile, today=today
    )
    apply(rendering.remember, state)
    return rendering.rendered, cursor


def render_answer_turn(
    replies: list[OutboundMessage],
    article: Article,
    *,
    lang: str,
    profile: SmsProfile = GSM7,
    today: date | None = None,
) -> tuple[Rendering, pages.Paging | None]:
    """A turn that answers with `article`: page 1 with whatever else the turn says, what to
    remember for MAS, and the paging cursor (None when the answer is one page)."""
    remember: dict[str, Any] = {}
    index = next(i for i, r in enumerate(replies) if r.kind == "answer")
    answer = replies[index]
    before = compose(replies[:index], profile)
    after = "\n".join(
        part
        for part in (
            profile.clean("\n".join(f"{i} {c.label}" for i, c in enumerate(answer.choices, 1))),
            compose(replies[index + 1 :], profile),
        )
        if part
    )
    around = [part for part in (before, after) if part]
    room = profile.budget - sum(profile.units(part) + 1 for part in around)
    built = pages.build(article, profile, today=today, room=room)
    whole = "\n".join(part for part in (before, built.first, after) if part)
    if profile.fits(whole) and profile.units(built.first) <= room:
        texts = [whole]
    else:
        # Too much around the answer to share one SMS: page 1 alone, then the rest.
        built = pages.build(article, profile, today=today)
        count = TURN_MESSAGES.get(profile.name, 1)
        others, rest = pack("\n".join(around), lang, profile, count)
        texts = [built.first, *others]
        remember = _more(rest)
    if not texts[1:]:
        remember[MORE] = None
    cursor = pages.cursor(article, built) if built.total > 1 else None
    return Rendering(_finish(replies, [sms(text, profile) for text in texts]), remember), cursor


class SmsChannel:
    """SMS on one route profile: each turn within its budget, the rest and the pages of a long
    answer behind MAS. Remembers the rest (`more`) and the paging cursor (`paging`)."""

    name = "sms"
    notice_apart = True  # an SMS answer already fills its segments

    def __init__(self, route: Callable[[], SmsProfile] = lambda: GSM7):
        self._route = route

    @property
    def profile(self) -> SmsProfile:
        """The route profile, read at each turn (the setting may change under a running app)."""
        return self._route()

    def render(
        self,
        replies: list[OutboundMessage],
        *,
        lang: str,
        memory: Mapping[str, Any],
        article: Article | None,
        today: date,
        continuing: bool,
    ) -> Rendering:
        """The turn as SMS; a turn that is not MAS leaves the pages of the last answer."""
        before: dict[str, Any] = {MORE: None} if continuing else {pages.PAGING_KEY: None}
        if article is None:
            rendering = render_turn(replies, lang=lang, profile=self.profile)
            rendering.remember = before | rendering.remember
            return rendering
        rendering, cursor = render_answer_turn(
            replies, article, lang=lang, profile=self.profile, today=today
        )
        rendering.remember = before | rendering.remember
        if cursor is not None:
            rendering.remember[pages.PAGING_KEY] = dict(cursor)
        return rendering

    def continuation(
        self, memory: Mapping[str, Any], kb: KnowledgeBase, today: date
    ) -> Continuation:
        """The next page of the last answer, else the rest of the last turn."""
        cursor = memory.get(pages.PAGING_KEY)
        if isinstance(cursor, dict):
            article = kb.article(str(cursor.get("article")), str(cursor.get("lang")))
            number = int(cursor.get("next") or 0)
            page = None
            if article is not None:
                built = pages.build(article, self.profile, today=today, head=cursor.get("head"))
                page = built.page(number)
                if page is not None and number < built.total:
                    return Continuation(
                        page, "page", {pages.PAGING_KEY: cursor | {"next": number + 1}}
                    )
            if page is not None:
                return Continuation(page, "page", {pages.PAGING_KEY: None})
            forget = {pages.PAGING_KEY: None}
        else:
            forget = {}
        rest = memory.get(MORE)
        return Continuation(str(rest) if rest else None, "more", forget)

    def resolve_choice(self, choice_id: str, memory: Mapping[str, Any]) -> str:
        """A digit was already read as its choice; ids arrive as they are."""
        return choice_id
