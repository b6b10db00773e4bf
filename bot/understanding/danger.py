"""Danger detection, independent of the top intent: a missed case is the worst error we can make.

Patterns run on normalised text (lowercase, no accents, SMS shorthand expanded). A hit is dropped
only when it is clearly negated ("no me han pegado") or clearly hypothetical or general ("que pasa
si alguien es detenido", "what is trafficking"); when in doubt, it stays a hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understanding.normalize import normalize

CATEGORIES: dict[str, tuple[str, ...]] = {
    "violence": (
        r"\b(husband|wife|partner|boyfriend|girlfriend|ex|boss|father|stepfather|dad|mother|"
        r"he|she|they|someone|somebody|man|men) (is |are |keeps |keep )?(hitting|beating|hurting|"
        r"abusing|threatening|choking|attacking) (me|us|my)\b",
        r"\b(will|going to|gonna|would|wants? to) kill (me|us)\b",
        r"\bthreat\w* to (kill|hurt) (me|us)",
        r"\b(me|nos) (va|van) a hacer (algo|dano)",
        r"\b(le|les) (pega|pegan|golpea|golpean)\w* (todos los dias|siempre|ahorita|ahora)",
        r"\b(mi )?(ex|esposo|marido|pareja) (esta )?(afuera|en la puerta)\b.{0,40}\b(machete|"
        r"cuchillo|pistola|arma)",
        r"\bme (esta|estan)? ?(pega|pegan|pego|golpea|golpean|golpeo|maltrata|maltratan|agrede|"
        r"agreden|agredio|lastima|lastiman|ahorca|ahorcan|patea|patean|amenaza|amenazan)\w*",
        r"\b(pega|golpea|maltrata|agrede)\w* (a mi|a mis|a la|al) (hij|bebe|nin|herman|mama)",
        r"\b(violencia|maltrato) (domestica|intrafamiliar|de genero|familiar)?\s?(en casa|ahora|"
        r"todos los dias|siempre|hoy)",
        r"\bsufro (de )?(violencia|maltrato|abuso)",
        r"\b(hits|hit|beats|beat|beating|hurts|hurt|abuses|abusing|attacked|attacks|chokes|kicks)"
        r" (me|my|us)\b",
        r"\b(he|she|they) (is|are|keeps)? ?(hitting|beating|hurting|abusing|threatening) (me|us)\b",
        r"\bmiedo (de|a) (mi|el|que) (esposo|marido|pareja|novio|ex|jefe|papa|padrastro)",
        r"\b(afraid|scared) of my (husband|partner|boyfriend|ex|boss|father|stepfather)",
        r"\bme quiere matar|\bnos quiere matar|\bme va a matar|\bwants to kill (me|us)|"
        r"\bgoing to kill (me|us)|\bthreatened to kill",
        r"\bme (esta|estan) siguiendo|\bsomeone is following me",
    ),
    "sexual_violence": (
        r"\bforc\w* (me|her|him|my \w+|us) to (have sex|sleep with)",
        r"\b(abuso|abusaron|abusa|abusan) de (mi|ella|el|nosotras)\b",
        r"\b(me|nos|la|lo) (manosea|manosean|manoseo|manosearon)\b|"
        r"\b(me|nos|la|lo) (toca|tocan|toco|tocaron) "
        r"(sin|a la fuerza|las partes|mis partes|el cuerpo)",
        r"\b(me|la|lo) tocaron a la fuerza",
        r"\b(me|nos|la|lo|a mi hij\w*) (violo|violaron|abuso|abusaron|acosa|acosan|toco|tocaron|"
        r"obliga\w* a tener sexo|obligan a tener relaciones)",
        r"\b(viol(ada|ado|acion)|abuso sexual|acoso sexual|agresion sexual)\b",
        r"\b(raped|rape|sexually (abused|assaulted|harassed)|sexual (abuse|assault|violence))\b",
        r"\b(forced|forcing|force) me to have sex|\btouches me\b",
        r"\bme (piden|pide|exigen|exige) sexo|\bsexo a cambio",
    ),
    "trafficking": (
        r"\b(keeping|keeps|kept|holding|holds|took|taken) (our|"
        r"my|their|his|her) (passports?|documents|papers|ids?)",
        r"\b(can t|cannot|can not|cant) (leave|go out|get out)\b",
        r"\bno (podemos|puedo) (salir|irnos|irme)\b",
        r"\b(tienen|retienen|secuestraron) a mi (hij|herman|espos|"
        r"mama|papa|famil)\w*.{0,40}(plata|dinero|pag)",
        r"\b(coyote|coyotes|tratante|tratantes)\b.{0,40}\b(tienen|retienen|piden|cobran|amenaz)",
        r"\b(ponen|obligan) a (pedir|mendigar|vender|trabajar)\b",
        r"\b(me|nos|le|les) (quitaron|quito|retienen|retiene|tienen|tiene|guardaron) (el |los |mi |"
        r"mis )?(pasaporte|documentos|papeles|cedula)",
        r"\b(took|taken|keeps|kept|holding|has) (away )?(my|our) (passport|documents|papers|id)",
        r"\bno me (dejan|deja) (salir|irme|ir|llamar|comunicarme)",
        r"\b(won t|will not|dont|do not|doesnt|does not) let (me|us) (leave|go|out|call)",
        r"\b(encerrad[ao]s?|encierran|me tienen encerrad|locked (me )?in|locked up)\b",
        r"\btrabajo (forzado|sin paga y encerrad)|\bforced (labor|labour|to work)",
        r"\b(me|nos) (obligan|obliga|obligaron) a (trabajar|prostitu|vender)",
        r"\bme vendieron|\bsold me\b|\bdeuda que no (puedo|termino) de pagar",
        r"\bno me pagan y no me dejan|\bwork(ing)? without pay and (can t|cannot) leave",
    ),
    "detention": (
        r"\bfirm\w* (mi|la) (deportacion|expulsion)",
        r"\b(estoy|estamos) en (la oficina de )?migracion\b.{0,40}\b(deport|firm|deten)",
        r"\b(deportaron|expulsaron) hoy\b",
        r"\b(me|nos|lo|la|los|a mi \w+) (detuvo|detuvieron|arresto|arrestaron|capturaron|agarro|"
        r"agarraron|tienen detenid|llevaron preso|cogio|cogieron) ?(la )?(migracion|policia)?",
        r"\b(estoy|esta|estamos|estan) (detenid|pres[oa]|arrestad|en un centro de detencion)",
        r"\bme (van a|quieren) (deportar|expulsar|sacar del pais)",
        r"\b(mañana|manana|hoy|ya) me (deportan|expulsan)|\bme (estan|van a) deport",
        r"\borden de (deportacion|expulsion) (para mi|contra mi|me)",
        r"\b(i am|im|i m|we are|he is|she is|my \w+ (is|was)) (being )?(detained|arrested|in jail|"
        r"in detention)",
        r"\b(they are|theyre|going to|want to|will) deport(ing)? (me|us|my)",
        r"\b(police|migration|immigration) (took|arrested|detained|has|have) (me|us|my)",
    ),
    "self_harm": (
        r"\bquitar(me)? la vida|\bsui?[sc]+id\w*|\bsuicd\w*",
        r"\b(tome|tomare|tomar) (un monton de |muchas )?(pastillas|"
        r"veneno)\b.{0,30}\b(no despertar|morir|matarme)",
        r"\b(quiero|kiero) morir\w*",
        r"\b(me quiero|quiero|voy a|pienso en|ganas de) (matar|morir|suicid|quitar la vida|"
        r"acabar con (todo|mi vida)|desaparecer)",
        r"\b(no quiero|ya no quiero) (vivir|seguir viviendo|seguir)",
        r"\bsuicid\w*|\bquitarme la vida|\bhacerme dano|\bcortarme",
        r"\b(kill myself|end my life|want to die|suicide|suicidal|hurt myself|self harm|"
        r"no reason to live|don t want to live|dont want to live|do not want to live)",
    ),
    "child_risk": (
        r"\b(ni[nñ][oa]s?|menor(es)?|nene|nena|bebe)s? (sol[oa]s?|"
        r"abandonad\w*) (en la calle|sin nadie|aqui|perdid)",
        r"\b(mi|la|el) (nena|nene|hij[oa]|bebe|ni[nñ][oa]) (desaparecio|"
        r"se perdio|no aparece|no ha vuelto)",
        r"\b(padrastro|tio|vecino|profesor|jefe|hombre|señor)\b.{0,30}\b(la|lo|le|me) "
        r"(toca|toco|pega|golpea|abusa|manosea)",
        r"\b(ni[nñ][oa]|menor)\b.{0,40}\b(la|lo) (ponen|obligan) a (pedir|trabajar)",
        r"\b(pega|pegan|golpea|golpean)\w* .{0,20}\b(a su|al|a la) (hij|ni[nñ]|bebe|chiquit)",
        r"\b(mi|un|una|el|la) (hij[oa]|nin[oa]|bebe|menor|sobrin[oa]) (esta )?(perdid|desaparecid|"
        r"solo en la calle|sol[oa] sin|en peligro|abusad|maltratad)",
        r"\b(nin[oa]s?|menor(es)?) (sol[oa]s?|no acompañad[oa]s?|no acompanad[oa]s?) "
        r"(en la calle|sin nadie|aqui|perdid)",
        r"\b(my|a) (child|son|daughter|baby|kid) (is )?(missing(?! (some|a|an|the|her|his|"
        r"vaccin\w*|school|class\w*))|lost|alone on the street|in danger|"
        r"being abused|was taken)",
        r"\b(se llevaron|secuestraron|raptaron) a mi (hij|bebe|nin)",
        r"\b(abusa|abusan|pega|pegan|golpea) (a|de) (mi|los|las) (hij|nin|bebe)",
        r"\bunaccompanied (child|minor)s? (alone|here|on the street)",
    ),
    "no_shelter": (
        r"\bnowhere to (go|sleep|stay)\b",
        r"\b(sin|no tengo|no tenemos) (donde|a donde|adonde) (dormir|"
        r"pasar la noche|quedarme|quedarnos)",
        r"\b(dormir|a dormir|durmiendo) en (el parque|la calle|la terminal|una banca)\b",
        r"\b(kicked|thrown) (me |us )?out\b.{0,40}\b(street|nowhere|no place|tonight)",
        r"\bno (tengo|tenemos) (donde|a donde|adonde) "
        r"(dormir|quedarme|quedarnos|pasar la noche|ir)",
        r"\b(dormir|dormimos|durmiendo|estamos|estoy|quedamos|quede) en la calle",
        r"\b(nos|me) (botaron|echaron|sacaron|desalojaron) (de la casa|del cuarto|de donde vivia|"
        r"a la calle)",
        r"\b(sin|no tengo) (techo|casa|hogar) (hoy|esta noche|ahora)",
        r"\b(nowhere|no place) to (sleep|stay|go) (tonight|today)?",
        r"\b(sleeping|sleep|living) (on|in) the street|\b(we are|i am|im) homeless",
        r"\b(kicked|thrown) (me |us )?out (of (the|my|our) (house|room|apartment|home|place)|onto)",
    ),
    "armed_threat": (
        r"\bthreat\w* (me|us)? ?with a (gun|knife|machete|weapon)",
        r"\b(gun|knife|machete|weapon|pistola|cuchillo|machete|arma)\b.{0,30}\b(follow|"
        r"following|sigue|persigue|afuera)",
        r"\b(pistola|arma|cuchillo|machete|revolver|armad[oa]s?)\b.{0,30}\b(amenaz|apunt|"
        r"persig|mata|dispar)",
        r"\b(amenaz|apunt)\w*.{0,30}\b(pistola|arma|cuchillo|machete|revolver)",
        r"\b(gun|knife|weapon|armed)\b.{0,30}\b(threat|point|chas|kill|shoot)",
        r"\b(extorsion|extorsionan|extorsionando|pandilla me amenaza)\b|"
        r"\b(cobran|cobra|piden|pide|pagar|pago) (la |una )?vacuna\b",
        r"\bgang (is )?(threatening|extorting)|\bextort",
    ),
}

# Cries for help with no detail: treated as danger, the person is asked what happens.
CATEGORIES["distress"] = (
    r"^(auxilio|socorro|ayuda urgente|sos)\b|^(emergencia|help me now|please help me)$",
    r"\b(auxilio|socorro)\b",
    r"\bemergencia\b.{0,30}\b(por favor|contesten|ya|rapido|ayuda)",
    r"\b(help me now|urgent help|it s urgent|its urgent|"
    r"im in danger|i am in danger|in danger right now)",
    r"\b(estoy|estamos) en peligro\b|\bvengan ya\b|\bayuda urgente\b",
)

_COMPILED = {cat: [re.compile(p) for p in pats] for cat, pats in CATEGORIES.items()}
_NEGATIONS = re.compile(r"\b(no|nunca|jamas|never|not|nobody|nadie|ni)\b")
# Clearly hypothetical or general openings. Not "que hago si ...": people use it for what is
# happening to them right now ("que hago si me quitaron el pasaporte").
_HYPOTHETICAL = re.compile(
    r"^(que pasa si|que pasaria si|si alguien|si una persona|si me llegan|what happens if|"
    r"what if|if someone|if a person|in case|en caso de)"
)
# Questions about a subject ("what is trafficking"); they stay alarms when the rest of the
# message speaks of the writer ("what is happening, he is hitting me").
_DEFINITION = re.compile(
    r"^(que es (la|el)|what is|que significa|informacion sobre|quiero saber sobre|"
    r"como se denuncia|how do i report|how to report|how can someone)\b"
)
_FIRST_PERSON = re.compile(
    r"\b(me|mi|mis|yo|estoy|estamos|nos|nuestr\w*|conmigo|i|im|my|we|us|our|myself)\b"
)
_PAST_RESOLVED = re.compile(
    r"\b(ya paso|ya supere|ya estoy (bien|mejor|a salvo|tranquil\w*)|ya no (me|nos) (pasa|hace)|"
    r"i am (fine|safe|ok|better) now|i m (fine|safe|ok|better) now|it was years ago)\b"
)
# Persecution in the country of origin is a refugee claim (answered, with a person offered),
# not an emergency here: "me amenazaron en venezuela y me vine".
_ABROAD = re.compile(
    r"\b(en|in) (venezuela|colombia|peru|cuba|haiti|mi pais|my country)\b.{0,60}\b(me vine|hui|"
    r"sali|no puedo volver|refugi\w*|refugee|asilo|asylum|came here|fled|cannot go back|"
    r"can t go back)|\b(send|sent|deport) me back\b|\bme (manden|mandan|devuelvan) de vuelta\b|"
    r"\b(me vine|hui|fled)\b.{0,40}\b(refugi\w*|asilo|asylum)"
)
_PRESENT_MARKERS = re.compile(r"\b(ahora|hoy|ayer|esta noche|anoche|now|today|tonight|yesterday)\b")


@dataclass(frozen=True, slots=True)
class DangerSignal:
    """Which kinds of danger a message signals."""

    categories: tuple[str, ...]

    @property
    def urgent(self) -> bool:
        """Every signal is urgent: it gets emergency information and an urgent ticket."""
        return bool(self.categories)


def _negated(text: str, start: int) -> bool:
    """A negation in the two words right before the match ("mi esposo no me pega"); further
    back it belongs to something else ("no se que hacer, mi esposo me pega")."""
    window = " ".join(text[:start].split()[-2:])
    return bool(_NEGATIONS.search(window))


def _general(norm: str) -> bool:
    """A hypothetical or a question about a subject, not about the writer's own situation."""
    if _PRESENT_MARKERS.search(norm):
        return False
    if _HYPOTHETICAL.search(norm):
        return True
    opening = _DEFINITION.search(norm)
    if opening is None:
        return False
    return not _FIRST_PERSON.search(norm[opening.end() :])


def detect(text: str) -> DangerSignal | None:
    """The danger signalled by a message, or None."""
    norm = normalize(text)
    if not norm:
        return None
    hypothetical = _general(norm)
    present = bool(_PRESENT_MARKERS.search(norm))
    past = bool(_PAST_RESOLVED.search(norm)) or (bool(_ABROAD.search(norm)) and not present)
    found = []
    for category, patterns in _COMPILED.items():
        for pattern in patterns:
            match = pattern.search(norm)
            if match and not _negated(norm, match.start()) and not (hypothetical or past):
                found.append(category)
                break
    return DangerSignal(tuple(found)) if found else None
