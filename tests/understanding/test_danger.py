"""Danger detection: every phrasing of a real danger is caught; ordinary questions are not."""

from __future__ import annotations

import pytest

from bot.understanding.danger import detect

DANGER: dict[str, list[str]] = {
    "violence": [
        "mi esposo me pega",
        "mi marido me pega todos los dias",
        "mi pareja me golpeo anoche y tengo miedo",
        "me estan golpeando ayuda",
        "mi ex me amenaza con matarme",
        "my husband hits me",
        "my boyfriend beat me last night",
        "he is hurting me please help",
        "mi esposo me pegaa xfa ayuda",
        "el me maltrata y no me deja salir",
        "me quiere matar",
        "he said he will kill me",
        "tengo miedo de mi marido",
        "sufro violencia en mi casa",
    ],
    "sexual_violence": [
        "me violaron",
        "me violaron ayer y no se q hacer",
        "i was raped",
        "my boss forces me to have sex",
        "mi jefe me acosa sexualmente",
        "un hombre abuso de mi",
        "me tocaron a la fuerza",
        "el jefe me toca y me da miedo decir algo",
        "me manosean en el bus todos los dias",
        "el dueño del cuarto me pide sexo para no botarme",
    ],
    "trafficking": [
        "me quitaron el pasaporte y no me dejan salir",
        "el jefe tiene mi pasaporte y no me deja ir",
        "my employer took my passport",
        "they won't let me leave the house",
        "no me dejan salir de la casa donde trabajo",
        "me tienen encerrada",
        "nos obligan a trabajar sin paga",
        "me trajeron con una oferta de trabajo y ahora me obligan a prostituirme",
        "i am forced to work and can't leave",
        "the boss keeps our documents and we cannot leave",
        "me retienen los documentos en el trabajo",
    ],
    "detention": [
        "me detuvo migracion",
        "estoy detenido en el aeropuerto",
        "a mi esposo lo detuvo la policia y lo van a deportar",
        "me van a deportar mañana",
        "i am detained at the airport",
        "immigration arrested my brother",
        "they are going to deport me tomorrow",
        "me agarro la policia sin papeles y estoy en la upc",
        "mi hermano esta preso en migracion",
        "me quieren deportar hoy",
    ],
    "self_harm": [
        "me quiero matar",
        "ya no quiero vivir",
        "quiero morirme",
        "pienso en suicidarme",
        "i want to kill myself",
        "i want to die",
        "i don't want to live anymore",
        "no aguanto mas, me voy a quitar la vida",
        "kiero morir",
        "me quiero suisidar",
    ],
    "child_risk": [
        "mi hijo esta perdido",
        "se llevaron a mi hija",
        "my child is missing",
        "my daughter was taken",
        "hay un niño solo en la calle sin nadie",
        "el padrastro le pega a mi hija",
        "abusan de mi hija",
        "mi nena desaparecio",
    ],
    "no_shelter": [
        "no tengo donde dormir esta noche",
        "no tenemos donde dormir",
        "estamos durmiendo en la calle con mis hijos",
        "me botaron del cuarto y no tengo a donde ir",
        "i have nowhere to sleep tonight",
        "we are sleeping on the street",
        "we got kicked out and have nowhere to go",
        "nos desalojaron hoy y estamos en la calle",
        "no tngo dnd dormir hoy",
        "they kicked us out and we are on the street",
    ],
    "armed_threat": [
        "un hombre con pistola me amenazo",
        "me apuntaron con un cuchillo",
        "someone threatened me with a gun",
        "la pandilla me cobra vacuna y me amenaza",
        "me piden vacuna pa dejarme trabajar",
        "me estan extorsionando",
        "a man with a knife is following me",
    ],
    "distress": [
        "socorro",
        "auxilio por favor",
        "ayuda urgente",
        "estoy en peligro",
        "i am in danger",
        "help me now",
        "emergencia, por favor ayuda",
    ],
    "abroad_but_now_here": [
        "en colombia me amenazaron y hui, y ahora aqui me estan siguiendo",
    ],
    "negation_elsewhere": [
        "no se que hacer, mi esposo me pega",
        "no entiendo nada, me van a deportar mañana",
        "que hago si me quitaron el pasaporte y no me dejan salir",
        "what is happening, my husband is hitting me",
        "how do i report my boss, he took my passport",
    ],
}

SAFE = [
    "no me han pegado nunca, solo quiero saber mis derechos",
    "que pasa si alguien es detenido sin papeles",
    "what happens if someone is detained by immigration",
    "que es la trata de personas",
    "what is human trafficking",
    "como se denuncia la violencia de genero",
    "how do i report domestic violence",
    "mi pasaporte esta vencido puedo sacar la visa",
    "perdi mi pasaporte que hago",
    "me pueden deportar por no tener papeles?",
    "can they deport me for working without papers",
    "hace años sufri violencia pero ya estoy bien, quiero trabajar",
    "donde hay un albergue en quito para la proxima semana",
    "mi hijo necesita vacunas",
    "mi hija no tiene cupo en la escuela",
    "como saco la cedula",
    "quiero trabajar de noche",
    "el trabajo me mata de cansancio jaja",
    "se me murio el celular",
    "hola buenas noches",
    "i want to work legally",
    "my child needs a school",
    "is it legal for my boss to keep my contract",
    "puedo ir al medico sin cedula",
    "necesito un abogado para mi visa",
    "cuanto cuesta la multa por quedarme mas tiempo",
    "en caso de violencia a donde llamo",
    "el refugio es para quien huye de la violencia?",
    "si no tengo papeles me pueden detener?",
    "info sobre trata de personas",
    "hace dos años me golpeaba mi ex, ya estoy bien, necesito trabajo",
    "me amenazaron en venezuela y hui, quiero pedir refugio",
    "in my country they threatened to kill me so i fled, can i get asylum",
    "ayuda con la visa",
    "necesito ayuda para sacar la cedula",
    "emergencias medicas sin seguro, me atienden?",
    "mi esposo nunca me pega, pero me grita",
    "he doesn't hit me but he yells",
    "que pasaria si me detiene la policia sin visa",
    "my daughter is missing some vaccines",
    "soy colombiano q visa me toca pa quedarme",
    "que documentos me toca llevar al registro",
    "vacuna para mi bebe",
    "they kicked me out of the job without my pay",
    "emergencia medica y no tengo papeles",
    "help me with my visa",
    "armed groups in colombia threatened me, do i qualify as a refugee",
    "can they send me back if people in my country want to kill me",
]


@pytest.mark.parametrize(
    ("category", "text"),
    [(category, text) for category, texts in DANGER.items() for text in texts],
)
def test_danger_is_detected(category: str, text: str) -> None:
    signal = detect(text)
    assert signal is not None, text
    assert signal.urgent


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_questions_are_not_alarms(text: str) -> None:
    assert detect(text) is None, text


def test_danger_wins_inside_a_long_message() -> None:
    text = "hola buenas, queria preguntar por la visa y el trabajo. " * 5 + "mi esposo me pega"
    assert detect(text) is not None


def test_empty_and_emoji_are_not_danger() -> None:
    assert detect("") is None
    assert detect("🙂🙂") is None
