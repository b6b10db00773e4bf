"""The `Understanding` protocol: what the engine and the danger detector ask of a backend is typed
(parse, danger with its category, fallback, stats, aclose), and Rasa answers danger questions
with its fallback's model. Messages are synthetic."""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from bot.understanding.base import NO_STATS, DangerReading, Intent, ParseResult, Understanding
from bot.understanding.danger import GENERAL, danger_lean, danger_of, detect
from bot.understanding.embedded import EmbeddedUnderstanding
from bot.understanding.rasa import RasaUnderstanding

HEARD = "el señor de la casa no nos deja salir y nos quito los telefonos a todos"
ORDINARY = "como saco la visa de residencia temporal"


class Scripted:
    """A backend whose danger model reads what the test says (nothing else is asked)."""

    name = "scripted"

    def __init__(self, reading: DangerReading | None):
        self.reading = reading
        self.closed = False

    @property
    def fallback(self) -> Understanding | None:
        return None

    @property
    def stats(self) -> Mapping[str, int]:
        return NO_STATS

    async def parse(self, text: str) -> ParseResult:
        return ParseResult(text, Intent("greet", 1.0))

    def danger(self, text: str) -> DangerReading | None:
        return self.reading

    async def aclose(self) -> None:
        self.closed = True


def test_danger_of_takes_the_learned_reading_and_its_category() -> None:
    plain = "no se que hacer"  # no pattern, no cue word: the reading alone decides
    assert detect(plain) is None and detect(HEARD) is None
    signal = danger_of(plain, Scripted(DangerReading(1.2, True, "trafficking")))
    assert signal is not None and signal.categories == ("trafficking",) and signal.learned
    unnamed = danger_of(plain, Scripted(DangerReading(1.2, True, "not-a-category")))
    assert unnamed is not None and unnamed.categories == (GENERAL,)
    # the reading's category (the embedded model weighs the cue words into it) acts; the cue
    # words alone name it when the reading names none
    read = danger_of(HEARD, Scripted(DangerReading(1.2, True, "violence")))
    assert read is not None and read.categories == ("violence",)
    cued = danger_of(HEARD, Scripted(DangerReading(1.2, True, None)))
    assert cued is not None and cued.categories == ("trafficking",)
    assert danger_of(plain, Scripted(DangerReading(-0.4, False))) is None
    assert danger_of(plain, Scripted(None)) is None
    assert danger_lean(plain, Scripted(DangerReading(-0.4, False))) == -0.4
    assert danger_lean(plain, Scripted(None)) is None


def test_the_embedded_reading_agrees_with_its_model(nlu: EmbeddedUnderstanding) -> None:
    for text in (HEARD, ORDINARY):
        reading = nlu.danger(text)
        assert reading is not None
        assert reading.heard == nlu.sounds_dangerous(text)
        assert reading.margin == nlu.danger_margin(text)
        assert reading.category == (nlu.danger_category(text) if reading.heard else None)
    assert nlu.danger("!!!") is None, "nothing to read"
    assert nlu.fallback is None and dict(nlu.stats) == {}


async def test_rasa_reads_danger_with_its_fallback_and_closes_it(
    nlu: EmbeddedUnderstanding,
) -> None:
    inner = Scripted(DangerReading(0.9, True, "violence"))
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda _: httpx.Response(500)))
    rasa = RasaUnderstanding("http://rasa.test", inner, client=client)
    assert rasa.fallback is inner and rasa.danger(HEARD) == inner.reading
    await rasa.parse("hola")
    assert rasa.stats == {"fallback": 1}
    await rasa.aclose()
    assert inner.closed and client.is_closed
    with_embedded = RasaUnderstanding("http://rasa.test", nlu)
    assert with_embedded.danger(HEARD) == nlu.danger(HEARD)
    assert danger_of(HEARD, with_embedded) == danger_of(HEARD, nlu)
    await with_embedded.aclose()
