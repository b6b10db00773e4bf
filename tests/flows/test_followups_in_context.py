"""Follow-ups read in context (issue 16): typed one key off, naming the papers they ask about,
after a danger reply, and told apart from a new question that only looks like one."""

from __future__ import annotations

import pytest

from bot.engine import engine as engine_module
from bot.flows import safety
from bot.textcache import _TEXT_CACHES
from bot.understanding import danger
from bot.understanding.followups import body, facet_of, is_condition, is_followup, own_words
from bot.understanding.normalize import normalize
from tests.conftest import Person
from tests.flows.test_safety import urgent_ticket


@pytest.mark.parametrize(
    ("text", "facet"),
    [
        ("cuabto me cobran por eso", "cost"),
        ("que documentso necesito", "documents"),
        ("requsitos pa eso", "documents"),
        ("en el hospital me van a cobrar?", "cost"),
        ("cuanto costa eso", "cost"),
        ("y la address?", "where"),
        ("since when does that apply", "time"),
        ("me sacan del cuarto", None),  # a room, not "cuanto"
        ("cuanto es la cuenta", "cost"),  # "cuenta" stays an account
    ],
)
def test_facet_words_typed_one_key_off(text: str, facet: str | None) -> None:
    assert facet_of(text) == facet


def test_real_words_near_facet_words_are_kept() -> None:
    assert body("me sacan del cuarto") == "me sacan del cuarto"
    assert body("cuantos dias tengo") == "cuantos dias tengo"


@pytest.mark.parametrize(
    "text", ["me piden la cedula?", "do they need passports?", "necesito cedula para denunciar?"]
)
def test_the_papers_asked_for_are_not_a_subject_of_their_own(text: str) -> None:
    assert is_followup(text)
    assert own_words(text) == 0


def test_every_danger_category_has_a_thread_article_in_both_languages(kb) -> None:
    for category, article_id in safety.ARTICLES.items():
        for lang in ("es", "en"):
            assert kb.article(article_id, lang) is not None, (category, lang)
    assert set(safety.ARTICLES) == set(safety.ROUTES)


@pytest.mark.parametrize("channel", ["sms", "telegram"])
async def test_a_follow_up_after_a_danger_reply_reads_that_categorys_article(
    sqlite_runtime, channel: str
) -> None:
    person = Person(sqlite_runtime, channel, f"{channel}-after-danger")
    danger = await person.says("me violaron anoche, que hago")
    assert danger.urgent and danger.danger == "sexual_violence"
    result = await person.says("en el hospital me van a cobrar?")
    assert result.article_ids == ["safety-sexual-violence"]
    # the urgent ticket still waits for a person, and the reply says a person will also write
    ticket = await urgent_ticket(sqlite_runtime, danger.conversation_id)
    assert ticket.status == "queued"
    assert "persona" in " ".join(r.text for r in result.rendered)


async def test_a_question_naming_papers_stays_in_the_thread(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "telegram", "papers-in-thread")
    first = await person.says("voy a ir al centro de salud por un dolor de muela")
    assert first.article_ids == ["health-access"]
    result = await person.says("me piden la cedula?")
    assert result.article_ids == ["health-access"]


@pytest.mark.parametrize(
    ("first", "then", "article"),
    [
        ("como pido refugio", "cuanto es el sueldo basico", "work-minimum-wage"),
        ("como saco la cedula de extranjero", "y mi jefe no me paga que hago", "work-complaints"),
        (
            "necesito atencion medica sin papeles",
            "y cuanto cuesta la visa mercosur",
            "reg-mercosur-visa",
        ),
    ],
)
async def test_a_new_question_shaped_like_a_follow_up_is_answered_as_new(
    sqlite_runtime, first: str, then: str, article: str
) -> None:
    person = Person(sqlite_runtime, "telegram", f"new-{article}")
    await person.says(first)
    result = await person.says(then)
    assert result.article_ids[:1] == [article]


async def test_a_follow_up_the_title_makes_surer_stays(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "telegram", "complaint-where")
    first = await person.says("en el subcentro no me quisieron atender porque no tengo cedula")
    assert first.article_ids == ["health-refused-care"]
    result = await person.says("y donde pongo la queja")
    assert result.article_ids == ["health-refused-care"]


async def test_a_directory_search_after_an_answer_is_a_new_question(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "telegram", "search-after-answer")
    first = await person.says("como saco la visa mercosur?")
    assert first.article_ids == ["reg-mercosur-visa"]
    result = await person.says("donde hay ayuda legal en Quito?")
    assert "reg-mercosur-visa" not in result.article_ids
    assert "Quito" in " ".join(r.text for r in result.rendered)


@pytest.mark.parametrize(
    ("text", "facet"),
    [
        ("y a cual voy?", "where"),
        ("y a cual hospital voy?", "where"),
        ("which hospital should we go to", "where"),
        ("y q tengo q llevar?", "documents"),
        ("y q le llevo el dia del examen?", "documents"),
        ("y q pruebas tengo q llevar pa reclamar?", "documents"),
        ("y si la compro afuera cuanto me sale mas o menos?", "cost"),
        ("hay que pagarle algo al defensor?", "cost"),
        ("y donde la pago?", "where"),  # where to pay, not what it costs
        ("entonces en cuenca tb?", "where"),
        ("me sacan del cuarto, a donde voy", "where"),
    ],
)
def test_facets_as_people_ask_for_them(text: str, facet: str) -> None:
    """Phrasings of the follow-up development sets that named no facet before round 13."""
    assert facet_of(text) == facet


async def test_thanks_then_a_question_about_the_answer_is_a_follow_up(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "telegram", "thanks-then-cost")
    first = await person.says("Hi, can undocumented people get treated at public clinics?")
    assert first.article_ids == ["health-access"]
    result = await person.says("Thanks. Is it really free, or will they charge for the lab tests?")
    assert result.article_ids == ["health-access"]  # not "You are welcome"
    # a thanks alone is still a thanks
    assert (await person.says("thanks!")).intent == "thanks"


@pytest.mark.parametrize(
    ("text", "facet"),
    [
        ("y q tengo q mostrar pa q me las den?", "documents"),
        ("what document do i show the employer", "documents"),
        ("how many extra days do they give?", "time"),
    ],
)
def test_more_facets_as_people_ask_for_them(text: str, facet: str) -> None:
    """From follow-up development set 3."""
    assert facet_of(text) == facet


def test_even_if_is_a_condition_on_the_last_answer() -> None:
    assert is_followup("even if my visa expired?")
    assert is_condition("even if my visa expired?")
    assert is_condition("y aunque no tenga pasaporte?")


async def test_asking_for_the_family_after_an_answer_is_no_emergency(sqlite_runtime) -> None:
    """ "and my wife and kids, same thing?" was heard as a medical emergency by the learned
    danger model (follow-up development set 3)."""
    person = Person(sqlite_runtime, "telegram", "family-same-thing")
    first = await person.says("Can Ecuador send me back to my country even if my life is at risk?")
    assert first.article_ids == ["protection-non-refoulement"]
    result = await person.says("and my wife and kids, same thing?")
    assert not result.urgent
    assert result.article_ids == ["protection-non-refoulement"]
    # a family member in danger is still heard, with or without a word of harm
    assert (await person.says("and my wife is bleeding, she fell")).urgent


@pytest.mark.parametrize(
    "text",
    [
        "y mi hija no contesta",
        "and my kids are missing",
        "y mis hijos no aparecen",
        "y mi esposa? no se mueve",
        "and my wife is not answering",
    ],
)
def test_people_and_a_word_more_are_not_quiet(text: str) -> None:
    """Only a follow-up naming nobody but people is quiet for the learned model (a review of
    round 13 found these silenced by a first version of the rule)."""
    assert not danger.quiet(text)


@pytest.mark.parametrize(
    "text",
    ["and my wife and kids, same thing?", "y mi esposa y mis hijos, lo mismo?", "y mi esposo?"],
)
def test_only_people_after_an_answer_is_quiet(text: str) -> None:
    assert danger.quiet(text)


@pytest.mark.parametrize("text", ["el bus que me lleva a quito", "dice que me lleva"])
def test_a_bring_verb_inside_a_sentence_asks_for_no_documents(text: str) -> None:
    assert facet_of(text) is None


async def test_an_erasure_leaves_no_text_in_the_caches(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "telegram", "erase-caches")
    await person.says("como saco la visa mercosur, vivo en ibarra")
    assert normalize.cache_info().currsize > 0
    await person.says("BORRAR")
    await person.says("SI")
    for cached in _TEXT_CACHES:
        assert cached.cache_info().currsize == 0, cached


def _learned_alarm_on(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """The learned danger model hears danger in `text` (which messages it alarms on moves with
    each retraining: these were the ones of follow-up development set 4)."""
    real = engine_module.danger_of

    def hears(message: str, nlu: object) -> danger.DangerSignal | None:
        if message == text:
            return danger.DangerSignal(("armed_threat",), learned=True)
        return real(message, nlu)  # type: ignore[arg-type]

    monkeypatch.setattr(engine_module, "danger_of", hears)


@pytest.mark.parametrize(
    "text",
    [
        "even if I don't know his name?",
        "y si ya no quiero estar aqui?",
        "y si sabe donde estoy?",
        "y si me saca de la casa hoy?",
    ],
)
async def test_the_learned_alarm_holds_on_a_follow_up(
    sqlite_runtime, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Safety first: a follow-up the learned model hears as danger alarms, even with no word of
    harm. A rule that set such alarms aside (follow-up development set 4 had false alarms on
    harmless conditions) was reviewed and dropped: it also silenced these."""
    _learned_alarm_on(monkeypatch, text)
    person = Person(sqlite_runtime, "whatsapp", f"holds-{len(text)}")
    await person.says("puedo ir al medico sin cedula?")
    assert (await person.says(text)).urgent


async def test_after_the_article_of_a_kind_of_danger_the_learned_alarm_stays(
    sqlite_runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    _learned_alarm_on(monkeypatch, "y si yo ya da el 100 dola?")
    person = Person(sqlite_runtime, "whatsapp", "aside-after-gbv")
    assert (await person.says("como denuncio violencia de genero")).article_ids == [
        "safety-gbv-report"
    ]
    assert (await person.says("y si yo ya da el 100 dola?")).urgent


@pytest.mark.parametrize(
    "text",
    ["y si mi esposo me amenaza con matarme?", "pero mi hija de 8 anos se quedo sin nadie"],
)
async def test_a_word_of_harm_in_a_follow_up_still_alarms(sqlite_runtime, text: str) -> None:
    person = Person(sqlite_runtime, "whatsapp", f"aside-harm-{len(text)}")
    await person.says("mi hijo tiene fiebre y no tenemos papeles, lo atienden?")
    assert (await person.says(text)).urgent


@pytest.mark.parametrize(
    ("first", "text"),
    [
        ("como denuncio violencia de genero", "y si me encuentra?"),
        ("mi esposo me pega", "y si se entera?"),
        ("como denuncio violencia de genero", "y si me mata?"),
    ],
)
async def test_after_the_help_for_violence_a_fear_of_what_comes_next_alarms(
    sqlite_runtime, first: str, text: str
) -> None:
    """A follow-up that asks "what if he finds me?" in a violence thread is danger: the
    emergency information first, and an urgent ticket (follow-up development set 5)."""
    person = Person(sqlite_runtime, "whatsapp", f"feared-{len(first)}-{len(text)}")
    await person.says(first)
    reply = await person.says(text)
    assert reply.urgent and reply.danger == "violence"
    assert "911" in reply.replies[0].text


async def test_after_a_health_answer_what_if_he_finds_me_is_no_alarm(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "whatsapp", "feared-health")
    await person.says("puedo ir al medico sin cedula?")
    assert not (await person.says("y si me encuentra?")).urgent


@pytest.mark.parametrize(
    ("lang", "text", "start"),
    [
        ("es", "ya", "Bien."),
        ("es", "mmm", "Bien."),
        ("es", "ya veo", "Bien."),
        ("en", "ok", "All right."),
    ],
)
async def test_an_acknowledgement_after_an_answer_offers_its_parts(
    sqlite_runtime, lang: str, text: str, start: str
) -> None:
    """ "ya" after an answer got "no tengo información sobre eso", "ok" the main menu."""
    person = Person(sqlite_runtime, "telegram", f"ack-{lang}-{text}")
    question = "como saco la visa mercosur" if lang == "es" else "how do I get the mercosur visa"
    assert (await person.says(question)).article_ids == ["reg-mercosur-visa"]
    result = await person.says(text)
    reply = result.replies[0]
    assert reply.text.startswith(start)
    ids = [choice["id"] for rendered in result.rendered for choice in rendered.choices]
    assert "facet:reg-mercosur-visa:cost" in ids
    assert not result.fallback
    picked = await person.picks("facet:reg-mercosur-visa:cost")
    assert "USD" in picked.replies[0].text


async def test_an_acknowledgement_with_nothing_before_it_is_not_a_follow_up(
    sqlite_runtime,
) -> None:
    result = await Person(sqlite_runtime, "telegram", "ack-alone").says("ok")
    assert not result.replies[0].text.startswith("Bien.")


@pytest.mark.parametrize(
    ("first", "article", "followup", "facet"),
    [
        (
            "a mi primo le abrieron proceso de deportacion, tiene derecho a abogado?",
            "reg-deportation-rights",
            "y ese abogado hay q pagarlo?",
            "cost",
        ),
        (
            "My boss has not paid me for six weeks. Can a foreigner make a complaint to the "
            "Ministry of Labour?",
            "work-complaints",
            "where is their office in Guayaquil?",
            "where",
        ),
    ],
)
async def test_a_follow_up_pointing_back_stays_in_the_thread(
    sqlite_runtime, first: str, article: str, followup: str, facet: str
) -> None:
    """Follow-up development set 4: these went to the Cancillería offices or lost their facet."""
    assert facet_of(followup) == facet
    person = Person(sqlite_runtime, "whatsapp", f"points-back-{article}")
    assert (await person.says(first)).article_ids == [article]
    result = await person.says(followup)
    assert result.article_ids == [article]
    assert result.replies[0].text.startswith(("Sobre «", "About “"))


async def test_a_question_pointing_inside_itself_is_a_new_question(sqlite_runtime) -> None:
    """ "matricularla" is the daughter the message names, not the last answer."""
    person = Person(sqlite_runtime, "whatsapp", "points-inside")
    await person.says("el dueño no me devuelve la garantia del arriendo")
    result = await person.says(
        "hola, my daughter is 10, what documents do I need para matricularla en la escuela?"
    )
    assert result.topic == "education"


async def test_a_question_its_title_makes_surer_is_a_follow_up(sqlite_runtime) -> None:
    """Read alone, it was the Cancillería offices (0.86); with the last article's title, the
    residence visas (follow-up development set 4)."""
    person = Person(sqlite_runtime, "telegram", "surer-in-context")
    first = await person.says(
        "I'm a retired American teacher. What kind of residence visa can I get in Ecuador?"
    )
    assert first.article_ids == ["reg-visas-residence"]
    result = await person.says("can I apply online or do I have to go to an office?")
    assert result.article_ids == ["reg-visas-residence"]
    # the same words with no answer before them are a question of their own
    alone = await Person(sqlite_runtime, "telegram", "surer-alone").says(
        "can I apply online or do I have to go to an office?"
    )
    assert alone.article_ids != ["reg-visas-residence"]


@pytest.mark.parametrize("text", ["ya", "mmm", "ya pues"])
async def test_an_acknowledgement_with_nothing_before_it_gets_the_reply_to_ok(
    sqlite_runtime, text: str
) -> None:
    """ "ya" got "no tengo información sobre eso", then the cédula article (read at 0.32)."""
    result = await Person(sqlite_runtime, "whatsapp", f"ack-nothing-{text}").says(text)
    assert not result.fallback
    assert result.article_ids == []
    assert not result.clarify


async def test_ok_after_a_danger_reply_gets_no_list_of_prices(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "whatsapp", "ok-after-danger")
    assert (await person.says("mi esposo me pega")).urgent
    result = await person.says("ok")
    assert not result.replies[0].text.startswith("Bien.")


async def test_is_it_the_same_for_something_else_is_a_new_question(sqlite_runtime) -> None:
    """ "it" alone does not hold a new question in the thread (review of this round)."""
    person = Person(sqlite_runtime, "telegram", "same-for-visa")
    assert (await person.says("can I see a doctor without a passport?")).topic == "health"
    result = await person.says("is it the same for getting a visa?")
    assert result.article_ids != ["health-access"]


async def test_a_new_question_ends_the_last_answers_thread(sqlite_runtime) -> None:
    """Newcomer check: after an answer, a new question asked back about, then "y si no tengo
    pasaporte?", quoted the older answer's article."""
    person = Person(sqlite_runtime, "sms", "+593990000777")
    assert (await person.says("como saco la visa mercosur")).article_ids == ["reg-mercosur-visa"]
    asked = await person.says("buenas, se me vencio la visa, que hago?")
    # Asked back about, or (since topic development sets 9 and 10) answered from its own article:
    # either way the Mercosur thread is over.
    assert asked.clarify or (asked.article_ids and "reg-mercosur-visa" not in asked.article_ids)
    result = await person.says("y si no tengo pasaporte?")
    assert "reg-mercosur-visa" not in result.article_ids


@pytest.mark.parametrize(
    ("text", "facet"),
    [
        ("y pa ese examen q tiene q llevar", "documents"),
        ("tengo que llevar a mi hijo al hospital", None),  # taking someone, not papers
        ("is that line open at night?", "time"),
        ("desde q mes tengo q empezar los controles?", "time"),
        ("y a q aeropuerto llegan esos vuelos?", "where"),
        ("y a q distrito voy, vivo en la Carolina", "where"),
        ("which Registro Civil, I'm in Loja", "where"),
    ],
)
def test_facets_of_follow_up_set_5(text: str, facet: str | None) -> None:
    assert facet_of(text) == facet


async def test_a_question_for_a_part_that_reads_as_the_same_article_gets_that_part(
    sqlite_runtime,
) -> None:
    """Read alone it is the last answer's article, and it asks what it costs: the cost, not the
    whole article again (follow-up development set 5)."""
    person = Person(sqlite_runtime, "whatsapp", "same-article-part")
    first = await person.says("perdi a mi hermano en el camino, en el darien, como lo busco")
    assert first.article_ids == ["services-family-links"]
    result = await person.says("la cruz roja cobra por buscar?")
    assert result.article_ids == ["services-family-links"]
    assert result.replies[0].text.startswith("Sobre «")
    assert "gratis" in result.replies[0].text


@pytest.mark.parametrize(
    ("first", "text", "kind"),
    [
        # A review of 2026-12-03: each was silent, or got another kind's reply.
        ("mi marido me pega", "y si me quito la vida?", "self_harm"),
        ("my husband beats me", "what if i kill myself?", "self_harm"),
        ("mi esposo me pega", "ok entiendo, y si me encuentra?", "violence"),
        ("my husband beats me", "ok i see, but what if he finds me", "violence"),
        ("me violaron ayer", "ya veo. y si vuelve?", "sexual_violence"),
        (
            "como pongo una denuncia por violencia de genero?",
            "ok entiendo. y si me mata?",
            "violence",
        ),
        (
            "como pongo una denuncia por violencia de genero?",
            "cuanto se demora? el dijo q hoy me mata",
            "violence",
        ),
        (
            "como pongo una denuncia por violencia de genero?",
            "ok entiendo... el me sigue pegando",
            "violence",
        ),
        ("los de la banda me amenazaron", "y si mi esposo me encuentra?", "violence"),
        ("mi esposo me pega", "y si los de la banda me matan?", "armed_threat"),
        ("mi esposo me pega", "y si me consigue?", "violence"),
        (
            "how do i report domestic violence?",
            "where do i report my husband? he has a gun at home",
            "violence",
        ),
    ],
)
async def test_danger_after_the_help_for_danger_gets_the_reply_of_its_kind(
    sqlite_runtime, first: str, text: str, kind: str
) -> None:
    person = Person(sqlite_runtime, "whatsapp", f"kind-{abs(hash((first, text)))}")
    await person.says(first)
    reply = await person.says(text)
    assert reply.urgent and reply.danger == kind


@pytest.mark.parametrize(
    ("first", "text"),
    [
        ("como pongo una denuncia por violencia de genero?", "y si me toca ir en persona?"),
        (
            "como pongo una denuncia por violencia de genero?",
            "y si me lleva mucho tiempo el tramite?",
        ),
        (
            "como pongo una denuncia por violencia de genero?",
            "y si se entera mi jefe de que pedi refugio?",
        ),
    ],
)
async def test_an_errand_asked_after_the_help_for_danger_is_answered(
    sqlite_runtime, first: str, text: str
) -> None:
    person = Person(sqlite_runtime, "whatsapp", f"errand-{abs(hash((first, text)))}")
    await person.says(first)
    assert not (await person.says(text)).urgent


async def test_a_part_asked_after_a_safety_article_gets_the_whole_answer(sqlite_runtime) -> None:
    """After a safety article the whole answer, which opens with the emergency line."""
    person = Person(sqlite_runtime, "whatsapp", "safety-whole")
    await person.says("como pongo una denuncia por violencia de genero?")
    result = await person.says("cuanto cobran por denunciar a mi pareja? ya no aguanto mas")
    assert "911" in result.replies[0].text
