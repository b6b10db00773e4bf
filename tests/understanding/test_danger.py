"""Danger detection: every phrasing of a real danger is caught; ordinary questions are not."""

from __future__ import annotations

import pytest

from bot.understanding.danger import detect
from tests.conftest import Person

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
        "mi marido me dio una paliza",
        "mi esposo me cayo a golpes anoche",
        "el papa de mis hijos me agarro a patadas",
        "me dejo el ojo morado y tengo miedo de volver",
        "mi pareja me jalo del pelo y me tiro al piso",
        "mi marido me ahorco hasta q casi me desmayo",
        "mi ex dice q si no vuelvo con el me mata",
        "me amenazo de muerte el dueño del cuarto",
        "mi cuñado me dio una cachetada delante de todos",
        "my husband punched me in the face",
        "he choked me last night",
        "my boyfriend beat me up again",
        "my ex is stalking me and knows where i live",
        "he said he'd kill me if i leave",
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
        "mi papa toca a mi hija",
        "mi tio manoseaba a mi sobrina",
        "el profe le toca sus partes a mi hijo",
        "me drogaron en una fiesta y desperte sin ropa",
        "mi jefe intento violarme en la bodega",
        "my uncle touches my daughter",
        "my stepdad keeps touching me at night",
        "the landlord tried to rape me",
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
        "el jefe se quedo con mi pasaporte",
        "my boss locked us in",
        "la señora donde trabajo guarda mi pasaporte y no me lo devuelve",
        "no me quieren devolver el pasaporte en el trabajo",
        "nos encierran en la finca x la noche",
        "dicen q debo 2000 dolares del viaje y no me dejan irme",
        "trabajo pa pagar la deuda y cada vez es mas",
        "me obligan a atender clientes en el bar",
        "el coyote nos tiene en una casa y pide mas plata",
        "my employer won't give back my passport",
        "we are locked in the house every night",
        "they say i owe them for the trip and the debt keeps growing",
        "the smuggler is holding us in a house and wants more money",
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
        "tengo miedo q me deporten mañana",
        "la policia me llevo detenido",
        "im being held by immigration",
        "me agarro la migra en la calle",
        "mi esposo esta en la upc detenido",
        "la policia se llevo a mi hijo",
        "estoy en el aeropuerto y me quieren devolver",
        "me tienen detenida en migracion",
        "my husband was arrested by immigration today",
        "they are deporting me tonight",
        "i'm scared they deport me tomorrow",
        "picked up by immigration this morning",
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
        "cutting myself again",
        "ya no quiero despertar",
        "quisiera dormirme y no despertar",
        "todos estarian mejor sin mi",
        "no le encuentro sentido a la vida",
        "me voy a tirar del puente",
        "me tome todas las pastillas",
        "me estoy cortando otra vez",
        "me volvi a cortar",
        "i've been cutting myself",
        "everyone would be better off without me",
        "i took a bunch of pills",
        "i wish i was dead",
        "i can't go on anymore",
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
        "mi hija de 14 esta embarazada de un señor de 30",
        "mi hija de 12 esta embarazada",
        "mi sobrina de 15 sale con un hombre de 35",
        "no encuentro a mi hijo desde la tarde",
        "mi nena no regreso de la escuela",
        "la banda quiere reclutar a mi hijo",
        "my 13 year old is pregnant",
        "a 30 year old man got my 15 year old daughter pregnant",
        "my son didn't come home last night",
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
        "nos botaron del arriendo y hoy dormimos en la calle",
        "no tengo donde pasar la noche",
        "necesito albergue para esta noche con mis hijos",
        "hoy nos desalojan y no tenemos a donde ir",
        "we have no place to stay tonight",
        "we're on the street with the kids",
        "i need a place to sleep tonight",
    ],
    "armed_threat": [
        "un hombre con pistola me amenazo",
        "me apuntaron con un cuchillo",
        "someone threatened me with a gun",
        "la pandilla me cobra vacuna y me amenaza",
        "me piden vacuna pa dejarme trabajar",
        "me estan extorsionando",
        "a man with a knife is following me",
        "la pandilla me esta buscando para matarme",
        "los de la banda me dieron plazo para irme del barrio",
        "me piden plata o si no me queman el local",
        "me cobran vacuna pa vender en el mercado",
        "la mara me amenazo x whatsapp",
        "gang members are looking for me",
        "they make me pay protection money",
        "a gang is threatening my family",
    ],
    "medical": [
        "mi bebe no respira",
        "mi papa no puede respirar",
        "mi esposa esta embarazada y esta sangrando",
        "se me rompio la fuente y estoy sola",
        "a mi mama le esta dando un infarto",
        "mi hijo tomo cloro",
        "mi hermano esta inconsciente",
        "my baby is not breathing",
        "my wife is having a seizure",
        "my water broke and i'm alone",
        "chest pain and can't breathe",
    ],
    "distress": [
        "socorro",
        "auxilio por favor",
        "ayuda urgente",
        "estoy en peligro",
        "i am in danger",
        "help me now",
        "emergencia, por favor ayuda",
        "corro peligro",
        "me quieren hacer daño",
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
    # Near misses: the same words in an ordinary question, an idiom or something long over.
    "me deportaron hace 5 años puedo volver",
    "la policia me pidio papeles en la calle que hago si pasa otra vez",
    "el tramite me esta matando jaja",
    "quiero matar el tiempo",
    "me muero de ganas de ver a mi familia",
    "trabajo de noche en un bar es legal",
    "busco albergue para la proxima semana",
    "se me pego la gripe de mi hijo",
    "me agarro la tarde y no llegue al consulado",
    "mi jefe dice que me toca trabajar el domingo",
    "le toca a mi hija la vacuna de los 5 años",
    "tengo que pagar la vacuna de mi bebe?",
    "donde puedo cortarme el pelo barato",
    "no puedo salir del pais sin pasaporte?",
    "i can't leave the country without a passport right?",
    "me pueden deportar si trabajo sin papeles",
    "can i be deported for overstaying",
    "mi hija de 16 esta embarazada donde hago los controles",
    "estoy embarazada y quiero saber si me atienden gratis",
    "mi esposo estuvo preso hace años en colombia puede sacar visa",
    "mi hermano fue detenido hace 3 años y ya salio",
    "tengo una orden de deportacion de hace 4 años puedo regularizarme",
    "el jefe me dijo que me va a pagar el viernes",
    "mi hija de 14 quiere estudiar, que papeles necesito",
    "me voy a morir de la risa con este bot",
    "quiero desaparecer mis datos de aqui",
    "no quiero seguir con el tramite de la visa",
    "no quiero vivir en quito, mejor guayaquil?",
    "la pandilla del barrio es peligrosa? es seguro vivir ahi",
    "how do gangs work in ecuador",
    "i got kicked out of my job, can i get unemployment",
    "el coyote cuanto cobra para ir a chile",
    "my son lost his phone",
    "i hit my head at work do i have insurance",
    "me golpee la rodilla en el trabajo tengo seguro",
    "no papers can they lock me up",
    "me llevan a la carcel solo x estar indocumentado?",
    "me tienen trabajando sin papeles y sin afiliar",
    "tengo una deuda con el banco, no puedo pagar q hago",
    "la migra me pidio el pasaporte en la frontera es normal",
    "mi bebe tiene convulsiones, le dan la medicina gratis?",
    "can i go to the emergency room without insurance",
    "i'm dying to see my family",
    "me mata el calor de guayaquil",
    "me pueden devolver a mi pais si alla me quieren matar",
    "el albergue de quito esta lleno?",
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


def test_still_going_on_years_later_is_danger() -> None:
    assert detect("hace años que mi marido me pega") is not None
    assert detect("desde hace 2 años me tienen encerrada") is not None
    assert detect("hace un año me quitaron el pasaporte y todavia no me lo devuelven") is not None


@pytest.mark.parametrize(
    "text",
    [
        "sali de colombia xq me amenazaron y ahora aqui me encontraron",
        "sali de colombia xq me amenazaron y aqui en quito tambien me estan buscando",
        "hui de venezuela porque me amenazaron y aca en ecuador me siguen amenazando",
        "tengo miedo de ser devuelta a colombia, donde me amenazaron, y aqui tambien me buscan",
    ],
)
def test_threatened_back_home_and_here_too_is_danger(text: str) -> None:
    """A review found a first rule for "threatened back home" silencing these (not landed)."""
    assert detect(text) is not None


@pytest.mark.parametrize(
    "text",
    ["cutting myself again", "tengo miedo q me deporten mañana", "my boss locked us in"],
)
async def test_engine_puts_safety_first(sqlite_runtime, text: str) -> None:
    """Whatever the keyword router or the NLU make of it, danger gets the safety answer."""
    result = await Person(sqlite_runtime, "sms", "p-danger").says(text)
    assert result.urgent and result.handoff, text


@pytest.mark.parametrize(
    "text",
    [
        "socorro, meu marido me bate",
        "meu marido me bate todo dia, o que eu faço",
        "estão me ameaçando de morte",
        "au secours",
        "mon mari me frappe",
        "il veut me tuer",
        "anmwe",
        "mari mwen bat mwen",
        "yo vle touye m",
    ],
)
def test_danger_in_portuguese_french_or_creole_is_heard(text: str) -> None:
    signal = detect(text)
    assert signal is not None and signal.urgent


@pytest.mark.parametrize(
    "text",
    [
        "o que eu faço para trabalhar no equador",
        "je veux travailler en equateur",
        "mwen bezwen travay",
        "mon mari a un visa de travail",
        "meu marido trabalha em quito",
    ],
)
def test_ordinary_portuguese_french_or_creole_is_not_danger(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "mi jefe me mata si llego tarde otra vez",
        "me van a matar a preguntas en la entrevista de refugio, como me preparo",
        "my boss will kill me if i miss another shift",
        "que hago si me quieren deportar, es solo una pregunta",
        "hace 10 años mi ex me pegaba, ahora quiero saber si eso me sirve pa la visa",
        "auxilio con este formulario jaja no entiendo nada",
        "im writing an essay on gangs and extortion in guayaquil, any official data",
    ],
)
def test_idioms_questions_and_the_past_are_not_alarms(text: str) -> None:
    assert detect(text) is None, text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("me dejaron una nota q si no me voy del barrio me matan", "armed_threat"),
        ("los de la banda me dijeron q me van a matar si no pago", "armed_threat"),
        ("mi ex me dijo q me va a matar si lo dejo", "violence"),
        ("me quieren hacer daño", "distress"),
        ("im 13 and my stepdad hits me, i dont want to go home", "child_risk"),
        ("el vecino deja a su hijo de 5 años encerrado solo todo el dia", "child_risk"),
        (
            "the police stopped me and took my passport, they say i have to go with them",
            "detention",
        ),
    ],
)
def test_the_category_follows_who_is_behind_it(text: str, category: str) -> None:
    signal = detect(text)
    assert signal is not None and signal.category == category, (text, signal)
