"""Round 8 of the danger detector (issue 12), from the fourth development set: self-harm in
slang ("kms", "unalive") or as a whole bottle asked about, a child who writes about a man
coming into their room at night or about being left alone with younger children, are alarms
of their kind; rent that "chokes", a cry about a form, violence long over and a question asked
"en general" are not. Written for these tests, not copied from any set."""

from __future__ import annotations

import pytest

from bot.understanding.danger import DangerSignal, danger_of, detect, feared_next, quiet


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("honestly i might kms tonight", "self_harm"),
        ("ando con pensamientos de unalive otra vez", "self_harm"),
        ("si me tomo toda la caja de pastillas cuanto tarda", "self_harm"),
        ("que pasa si alguien se toma todo el frasco de clonazepam, cuanto demora", "self_harm"),
        ("ya estoy cansada de despertar cada dia", "self_harm"),
        ("tengo 12 y el novio de mi mama se mete a mi cuarto cuando ella no esta", "child_risk"),
        ("my stepdad comes into my room at night, im 13", "child_risk"),
        ("tengo 10, mi papa se fue ayer y nos dejo solos, no hay comida", "child_risk"),
        ("pero mi hija de 8 anos se quedo sin nadie", "child_risk"),
        ("my 8 year old daughter is alone, nobody is with her", "child_risk"),
        ("my son was left alone at the border", "child_risk"),
        # Afraid of being killed: a threat to life, whoever it comes from.
        ("tengo miedo que me mate", "armed_threat"),
        ("y si me mata?", "armed_threat"),
        ("what if he kills me?", "armed_threat"),
        ("me da miedo que me mate mi ex", "violence"),
        # Portuguese, French, Creole: the learned model knows few of their words.
        ("ajuda por favor, fui estuprada", "sexual_violence"),
        ("on m'a violée hier", "sexual_violence"),
        ("ele me bate todo dia", "violence"),
        ("li bat mwen chak jou", "violence"),
        ("yo vle touye mwen", "armed_threat"),
        ("y si me quito la vida?", "self_harm"),
        ("what if i kill myself?", "self_harm"),
        ("tengo miedo que los pandilleros me maten", "armed_threat"),
        ("my children are alone", "child_risk"),
        ("my kids have been alone for 3 days", "child_risk"),
        ("my 6 year old is alone at home", "child_risk"),
        ("mis chamos se quedaron sin nadie", "child_risk"),
        ("mi padrastro toca a mi hermanita", "child_risk"),
        ("my stepdad touches my little sister", "child_risk"),
        ("violaron a mi hija", "child_risk"),
        ("violaron a mi hermanita", "sexual_violence"),
    ],
)
def test_danger_in_slang_or_told_by_a_child_is_an_alarm_of_its_kind(
    text: str, category: str
) -> None:
    signal = detect(text)
    assert signal is not None, text
    assert category in signal.categories


@pytest.mark.parametrize(
    "text",
    [
        "el arriendo que me subieron me esta ahorcando, hay ayuda para pagar?",
        "con las deudas del banco nos estan asfixiando, que podemos hacer",
        "ayudaaaa la pagina de la cita de la visa no abre",
        "hace dos años mi ex me pegaba, ya no vivo con el y estoy bien, como pido la pension",
        "pregunto en general, que hace una mujer si el esposo la maltrata? es para una amiga",
        "tengo 12 años viviendo en ecuador y nunca saque la cedula",
        "my son is alone for an hour after school, can he get a place in after-school care?",
        "y si me mata de risa con sus chistes?",
        "mi hijo esta sin nadie que le ayude con las tareas",
        "tengo miedo que me mate el frio en quito, donde compro ropa barata",
        "my 30 year old is alone at home and bored, can he take a free course?",
        "my 6 year old is alone for an hour after school, is there after-school care?",
        "mis chamos estan sin nadie que les ayude con las tareas",
        "mi hermanita quiere estudiar, la reciben sin cedula?",
        "my little sister needs a school place in Quito",
        "el lunes toca a mis hermanitos la segunda dosis de la vacuna",
        "le violaron los derechos a mi hija en la escuela, donde me quejo?",
        "los chamos viven solos en un cuarto en la floresta, el arriendo sin contrato es legal?",
        "mis chamos estan solos en venezuela, ya son mayores, tienen 20 y 22, les saco la visa?",
        "en las guaguas de guayaquil hay mucho robo, es seguro ir en metrovia?",
    ],
)
def test_the_same_words_about_something_else_are_no_alarm(text: str) -> None:
    assert detect(text) is None, detect(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # A partner or a relative with a weapon is violence at home, not a gang.
        ("mi ex esta afuera de mi casa con un cuchillo gritando", "violence"),
        ("mi hermano me amenazo con un machete porque sali con mi novio", "violence"),
        ("unos de la banda me amenazaron con un machete por la vacuna", "armed_threat"),
        # Sold to clients and held: trafficking acts; with a rape told besides, sexual violence.
        ("me trajeron de cali y me obligan a estar con clientes, no me dejan salir", "trafficking"),
        ("me obligan a atender clientes, anoche uno me violo, no me dejan ir", "sexual_violence"),
        # A small child who swallowed something: a medical emergency, not self-harm.
        ("mi hijo de 3 años se tomo el cloro de la botella y esta vomitando", "medical"),
        # An adult victim is not a child at risk; a teenage cousin with a man of 40 is.
        ("a mi prima de 25 la violaron anoche en el parque, esta sangrando", "sexual_violence"),
        ("a mi prima de 13 la tiene un señor de 45 encerrada en su casa", "child_risk"),
        ("me obliga a tener relaciones sexuales aunque le digo que me duele", "sexual_violence"),
        ("soy asmatica, me quede sin inhalador y me estoy ahogando", "medical"),
        ("tengo 14 y me corto los brazos para no sentir nada", "self_harm"),
    ],
)
def test_who_acts_and_who_is_at_risk_settle_the_category(text: str, category: str) -> None:
    signal = detect(text)
    assert signal is not None, text
    assert signal.category == category, signal


@pytest.mark.parametrize(
    "text",
    [
        "me estoy ahogando en deudas con el arriendo, hay ayuda?",
        "the gang left a note at the shop saying they want 300 a month",
    ],
)
def test_neither_debts_nor_a_gangs_note_are_self_harm_or_medical(text: str) -> None:
    signal = detect(text)
    assert signal is None or signal.category not in {"self_harm", "medical"}, signal


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        ("they turned off the power in our rented room so we leave, i have a baby", False),
        ("el dueño nos corto el agua para que nos vayamos del cuarto", False),
        ("el dueño nos corto la luz y me pego, tengo miedo", True),
    ],
)
def test_water_or_power_cut_by_a_landlord_is_a_housing_question(text: str, alarm: bool) -> None:
    """Issue 12: a landlord who cuts the water gets its answer; harm told besides alarms."""
    assert (not quiet(text) or detect(text) is not None) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        ("SALIR", False),
        ("me subieron el arriendo y me esta ahorcando", False),
        ("no me dejan salir", True),
        ("mi marido me ahorca cuando toma", True),
    ],
)
def test_leaving_the_chat_or_an_idiom_alone_is_no_alarm_of_the_learned_model(
    nlu, text: str, alarm: bool
) -> None:
    """Found trying the SMS chat as a newcomer: "SALIR" got the trafficking reply, and rent
    that "chokes" the violence reply, from the learned model (the patterns already knew)."""
    assert (danger_of(text, nlu) is not None) is alarm


@pytest.mark.parametrize(
    "text",
    [
        "y si me encuentra?",
        "y si se entera?",
        "y si me vuelve a tocar?",
        "pero y si me sigue?",
        "what if he finds me?",
        "and if they come back?",
    ],
)
def test_in_the_thread_of_a_kind_of_danger_fearing_what_comes_next_is_that_danger(
    text: str,
) -> None:
    assert detect(text) is None  # alone, none of these names a danger
    assert feared_next(text, "violence") == DangerSignal(("violence",))
    assert feared_next(text, "detention") is None  # its follow-ups ask about the procedure
    assert feared_next(text, None) is None


@pytest.mark.parametrize(
    "text", ["y cuanto cuesta la denuncia?", "y si no tengo cedula?", "where is the office?"]
)
def test_in_that_thread_a_question_about_the_procedure_is_no_new_alarm(text: str) -> None:
    assert feared_next(text, "violence") is None
