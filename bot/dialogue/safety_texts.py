"""The safety flow's sentences, one first reply per danger category, in Spanish and English.

`danger_<category>` is the full text (Telegram, web chat), `danger_<category>_short` the SMS
opening (the resources follow it, so the whole SMS stays within two GSM-7 segments). Numbers and
places are never written here: they come from the service entries (`resource_<id>` are short SMS
labels around the entry's own contact; each restates that entry's sourced text). Calm, short,
no judgement; self-harm follows safe-messaging practice (ask whether the person is safe now,
never any detail of methods).
"""

from __future__ import annotations

SAFETY_TEXTS: dict[str, dict[str, str]] = {
    "danger_violence": {
        "es": "Siento mucho lo que estás viviendo. No es tu culpa.\nSi estás en peligro ahora, "
        "llama al {emergency}. Es gratis y atiende las 24 horas.\nCuando puedas:",
        "en": "I am so sorry this is happening to you. It is not your fault.\nIf you are in "
        "danger now, call {emergency}. It is free and open 24 hours.\nWhen you can:",
    },
    "danger_violence_short": {
        "es": "Siento mucho lo que vives. No es tu culpa. En peligro ahora: llama al 911, "
        "gratis, 24 h.",
        "en": "I am so sorry. It is not your fault. In danger now: call 911, free, 24 h.",
    },
    "danger_sexual_violence": {
        "es": "Siento mucho lo que te pasó. No es tu culpa.\nPrimero tu salud: ve pronto a la "
        "emergencia de un hospital o centro de salud. La prevención del VIH debe empezar antes "
        "de 72 horas, y puedes pedir la anticoncepción de emergencia.\nSi estás en peligro "
        "ahora, llama al {emergency}.\nDespués, si tú quieres, puedes denunciar:",
        "en": "I am so sorry this happened to you. It is not your fault.\nYour health first: go "
        "soon to a hospital or health-centre emergency room. HIV prevention must start within "
        "72 hours, and you can ask for emergency contraception.\nIf you are in danger now, call "
        "{emergency}.\nLater, if you want, you can report it:",
    },
    "danger_sexual_violence_short": {
        "es": "Siento mucho lo que te pasó. No es tu culpa. Primero tu salud: ve pronto a la "
        "emergencia de un hospital o centro de salud; la prevención del VIH debe empezar antes "
        "de 72 h. En peligro: 911.",
        "en": "I am so sorry. It is not your fault. Your health first: go soon to a hospital "
        "emergency room; HIV prevention must start within 72 h. In danger: 911.",
    },
    "danger_child_risk": {
        "es": "Gracias por avisar: proteger a un niño o una niña es lo correcto.\nSi está en "
        "peligro ahora, llama al {emergency}: coordina la ayuda con la policía especializada "
        "en niñez.\nTambién puedes acudir a:",
        "en": "Thank you for speaking up: protecting a child is the right thing to do.\nIf the "
        "child is in danger now, call {emergency}: it coordinates help with the police unit "
        "for children.\nYou can also go to:",
    },
    "danger_child_risk_short": {
        "es": "Gracias por avisar. Si el niño o la niña está en peligro ahora, llama al 911.",
        "en": "Thank you for speaking up. If the child is in danger now, call 911.",
    },
    "danger_child_risk_self": {
        "es": "Gracias por escribirme. Lo que te pasa no es tu culpa y mereces estar a salvo.\n"
        "Si estás en peligro ahora, llama al {emergency}. Es gratis.\nSi puedes, cuéntale "
        "también a un adulto de confianza. Estos lugares protegen a niños y adolescentes:",
        "en": "Thank you for writing to me. What is happening is not your fault, and you "
        "deserve to be safe.\nIf you are in danger now, call {emergency}. It is free.\nIf you "
        "can, also tell an adult you trust. These places protect children and teenagers:",
    },
    "danger_child_risk_self_short": {
        "es": "Gracias por escribirme. No es tu culpa. Si estás en peligro ahora, llama al 911, "
        "es gratis.",
        "en": "Thank you for writing. It is not your fault. If you are in danger now, call "
        "911, it is free.",
    },
    "danger_health_first": {
        "es": "Si hubo abuso sexual, primero la salud: llévalo/a pronto a la emergencia de un "
        "hospital o centro de salud; la prevención del VIH debe empezar antes de 72 horas.",
        "en": "If there was sexual abuse, health comes first: take the child soon to a hospital "
        "or health-centre emergency room; HIV prevention must start within 72 hours.",
    },
    "danger_trafficking": {
        "es": "Lo que cuentas puede ser trata o explotación, y es un delito. No es tu culpa.\n"
        "Si estás en peligro o encerrado/a ahora, llama al {emergency}.\nOtras formas de pedir "
        "ayuda:",
        "en": "What you describe may be trafficking or exploitation, and it is a crime. It is "
        "not your fault.\nIf you are in danger or locked in now, call {emergency}.\nOther ways "
        "to get help:",
    },
    "danger_trafficking_short": {
        "es": "Esto puede ser trata, y es un delito. No es tu culpa. En peligro o encerrado/a: "
        "llama al 911.",
        "en": "This may be trafficking, a crime. It is not your fault. In danger or locked in: "
        "call 911.",
    },
    "danger_armed_threat": {
        "es": "Una amenaza así es grave. Si estás en peligro ahora, llama al {emergency}.\n"
        "Para informar o denunciar amenazas y extorsión:",
        "en": "A threat like this is serious. If you are in danger now, call {emergency}.\nTo "
        "give information on or report threats and extortion:",
    },
    "danger_armed_threat_short": {
        "es": "Una amenaza así es grave. En peligro ahora: llama al 911.",
        "en": "A threat like this is serious. In danger now: call 911.",
    },
    "danger_detention": {
        "es": "Tienes derechos aunque estés detenido/a o te quieran deportar. Puedes pedir un "
        "abogado gratis. Si hay violencia o tu vida corre peligro, llama al {emergency}.\n"
        "Ayuda legal:",
        "en": "You have rights even if you are detained or they want to deport you. You can ask "
        "for a free lawyer. If there is violence or your life is in danger, call "
        "{emergency}.\nLegal help:",
    },
    "danger_detention_short": {
        "es": "Tienes derechos: pide un abogado gratis. Si temes volver a tu país, di que "
        "quieres pedir refugio. Peligro: 911.",
        "en": "You have rights: ask for a free lawyer. If you fear going back to your country, "
        "say you want to ask for asylum. Danger: 911.",
    },
    "danger_detention_protection": {
        "es": "Si temes volver a tu país, dilo y pide protección internacional (refugio): la "
        "solicitud se hace estando en Ecuador.",
        "en": "If you fear going back to your country, say so and ask for international "
        "protection (asylum): you apply while you are in Ecuador.",
    },
    "danger_self_harm": {
        "es": "Gracias por contármelo. Lo que sientes importa y no tienes que pasarlo solo/a.\n"
        "¿Estás a salvo ahora? Si estás en peligro o ya te hiciste daño, llama ahora al "
        "{emergency}.\nPuedes hablar ya con alguien que escucha, sin juzgarte:",
        "en": "Thank you for telling me. What you feel matters, and you do not have to go "
        "through it alone.\nAre you safe right now? If you are in danger or have hurt "
        "yourself, call {emergency} now.\nYou can talk now with someone who listens, without "
        "judging you:",
    },
    "danger_self_harm_short": {
        "es": "Gracias por contármelo. No estás solo/a. ¿Estás a salvo ahora? Si estás en "
        "peligro o te hiciste daño, llama al 911.",
        "en": "Thank you for telling me. You are not alone. Are you safe right now? If you are "
        "in danger or hurt, call 911.",
    },
    "danger_no_shelter": {
        "es": "Siento que estés sin un lugar seguro. Si tú o tu familia están en peligro ahora, "
        "llama al {emergency}.",
        "en": "I am sorry you have no safe place. If you or your family are in danger now, call "
        "{emergency}.",
    },
    "danger_no_shelter_short": {
        "es": "Siento que estés sin lugar seguro. En peligro ahora: 911.",
        "en": "I am sorry you have no safe place. In danger now: 911.",
    },
    "danger_medical": {
        "es": "Llama ya al {emergency} y pide una ambulancia. Es gratis y atiende las 24 "
        "horas.\nSi puedes llegar antes, ve a la emergencia del hospital público más cercano.",
        "en": "Call {emergency} now and ask for an ambulance. It is free and open 24 hours.\n"
        "If you can get there sooner, go to the emergency room of the nearest public hospital.",
    },
    "danger_medical_short": {
        "es": "Llama ya al 911 y pide una ambulancia, es gratis, 24 h. O ve a la emergencia del "
        "hospital público más cercano.",
        "en": "Call 911 now and ask for an ambulance, free, 24 h. Or go to the nearest public "
        "hospital emergency room.",
    },
    "danger_distress": {
        "es": "Estoy aquí para ayudarte. Si estás en peligro ahora, llama al {emergency}. Es "
        "gratis y atiende las 24 horas.\n¿Qué está pasando? Cuéntame con tus palabras y te "
        "digo dónde pedir ayuda.",
        "en": "I am here to help. If you are in danger now, call {emergency}. It is free and "
        "open 24 hours.\nWhat is happening? Tell me in your own words and I will tell you where "
        "to get help.",
    },
    "danger_distress_short": {
        "es": "Estoy aquí para ayudarte. En peligro ahora: llama al 911, gratis, 24 h. ¿Qué está "
        "pasando? Cuéntame y te digo dónde pedir ayuda.",
        "en": "I am here to help. In danger now: call 911, free, 24 h. What is happening? Tell "
        "me and I will say where to get help.",
    },
    "danger_no_resource": {
        "es": "No tengo una línea verificada para esto. Llama al 911 si hay peligro; una persona "
        "del equipo te ayudará.",
        "en": "I have no verified line for this. Call 911 if there is danger; a person from the "
        "team will help you.",
    },
    "police_caveat_short": {
        "es": "La Policía participa en controles migratorios (Quito 2025, Ibarra 2026). En "
        "peligro, llama igual al 911. Para denunciar sin Policía: Fiscalía en línea o nuestro "
        "equipo.",
        "en": "Police take part in migration checks (Quito 2025, Ibarra 2026). In danger, call "
        "911 anyway. To report without police: the Fiscalía online, or our team.",
    },
    # Audit item 1: 1800-DELITO is the Police's tip line (service fiscalia-1800-delito).
    "resource_not_complaint": {
        "es": "Es una línea de la Policía: llamar no es una denuncia.",
        "en": "It is a Police line: a call is not a complaint.",
    },
    "resource_fiscalia-1800-delito": {
        "es": "Línea de la Policía {contact} (informar; no es denuncia).",
        "en": "Police tip line {contact} (information; not a complaint).",
    },
    "resource_fiscalia-denuncia-en-linea": {
        "es": "Denuncia en línea: {contact}.",
        "en": "Online complaint: {contact}.",
    },
    "resource_juntas-cantonales-proteccion-derechos": {
        "es": "Junta Cantonal de Protección de Derechos: medidas de protección.",
        "en": "Cantonal Rights Protection Board: protective measures.",
    },
    "resource_dinapen": {
        "es": "Policía de niñez (DINAPEN): se llega por el 911.",
        "en": "Police child unit (DINAPEN): reached through 911.",
    },
    "resource_msp-linea-171-salud-mental": {
        "es": "Apoyo en crisis: {contact} opción 6 (MSP), gratis, 24 h.",
        "en": "Crisis support: {contact} option 6 (MSP), free, 24 h.",
    },
    "resource_msp-emergencia-violencia-sexual": {
        "es": "Ve pronto a la emergencia de un hospital: la prevención del VIH, antes de 72 h.",
        "en": "Go soon to a hospital emergency room: HIV prevention within 72 h.",
    },
    "resource_defensoria-publica": {
        "es": "Defensoría Pública, abogado gratis: {contact}.",
        "en": "Public Defender, free lawyer: {contact}.",
    },
    "resource_acnur-ecuador": {
        "es": "ACNUR: {contact}.",
        "en": "UNHCR: {contact}.",
    },
    "shelter_ask": {
        "es": "¿En qué ciudad estás? Escríbela o comparte tu ubicación y te digo los albergues.",
        "en": "Which city are you in? Write it or share your location and I will list shelters.",
    },
    "shelter_found": {
        "es": "Albergues en {where} (pueden llenarse; ve o llama pronto):",
        "en": "Shelters in {where} (they can fill up; go or call soon):",
    },
    "shelter_found_short": {
        "es": "Albergues en {where}:",
        "en": "Shelters in {where}:",
    },
    "shelter_none": {
        "es": "No tengo un albergue verificado en {where}. Una persona del equipo buscará "
        "contigo; si hay peligro, llama al 911.",
        "en": "I have no verified shelter in {where}. A person from the team will look with "
        "you; if there is danger, call 911.",
    },
    "shelter_your_city": {"es": "tu ciudad", "en": "your city"},
    "waiting_also_person": {
        "es": "Una persona del equipo también te va a responder aquí.",
        "en": "A person from the team will also answer you here.",
    },
    "waiting_also_person_short": {
        "es": "Una persona también te responderá.",
        "en": "A person will also answer you.",
    },
    "queue_confirm": {
        "es": "Tu caso sigue abierto para una persona del equipo. ¿Qué quieres hacer?",
        "en": "Your case is still open for a person from the team. What would you like to do?",
    },
    "choice_queue_menu": {
        "es": "Ver el menú (sigo esperando)",
        "en": "See the menu (keep waiting)",
    },
    "choice_queue_close": {"es": "Cerrar mi caso", "en": "Close my case"},
    "queue_kept": {
        "es": "Tu caso sigue abierto: una persona te responderá aquí.",
        "en": "Your case stays open: a person will answer you here.",
    },
}
