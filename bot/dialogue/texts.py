"""Every fixed sentence the assistant says, in Spanish and English.

Plain words, short sentences, second person. Numbers and contacts never live here: they come from
the sourced service entries in `knowledge_base/services/`.
"""

from __future__ import annotations

from datetime import timedelta

from bot.dialogue.media_texts import MEDIA_TEXTS
from bot.dialogue.safety_texts import SAFETY_TEXTS
from bot.dialogue.thread_texts import THREAD_TEXTS

TEXTS: dict[str, dict[str, str]] = {
    "privacy_notice": {
        "es": "Tus datos son privados. Escribe BORRAR para eliminarlos o BAJA para no recibir más.",
        "en": "Your data is private. Send DELETE to erase it or STOP to receive no more messages.",
    },
    "welcome": {
        "es": "Hola, soy Rumbo. Te informo sobre tus derechos en Ecuador y dónde pedir ayuda. "
        "Escribe tu pregunta o elige un tema:",
        "en": "Hi, I am Rumbo. I tell you about your rights in Ecuador and where to get help. "
        "Write your question or choose a topic:",
    },
    "privacy_notice_short": {
        "es": "Tus datos: BORRAR los elimina, BAJA para no recibir más.",
        "en": "Your data: DELETE erases it, STOP ends messages.",
    },
    "welcome_short": {
        "es": "Hola, soy Rumbo. Escribe tu pregunta o elige:",
        "en": "Hi, I am Rumbo. Write your question or choose:",
    },
    "welcome_back": {
        "es": "Hola de nuevo.",
        "en": "Welcome back.",
    },
    "menu": {
        "es": "Elige un tema o escribe tu pregunta:",
        "en": "Choose a topic or write your question:",
    },
    "topic_intro": {
        "es": "{topic}: elige una pregunta.",
        "en": "{topic}: choose a question.",
    },
    "topic_empty": {
        "es": "Todavía no tengo respuestas sobre {topic}. Una persona puede ayudarte.",
        "en": "I do not have answers about {topic} yet. A person can help you.",
    },
    "help": {
        "es": "Escribe tu pregunta con tus palabras, por ejemplo: puedo ir al médico sin cédula. "
        "Si estás en peligro ahora, llama al 911. Palabras útiles: MENU (temas), "
        "HUMANO (hablar con una persona), IDIOMA (English), BAJA (no recibir más), "
        "BORRAR (eliminar tus datos).",
        "en": "Write your question in your own words, for example: can I see a doctor without "
        "papers. If you are in danger now, call 911. Useful words: MENU (topics), "
        "HUMAN (talk to a person), LANGUAGE (español), STOP (no more messages), "
        "DELETE (erase your data).",
    },
    "fallback": {
        "es": "Lo siento, no tengo información sobre eso. Puedo ayudarte con estos temas:",
        "en": "Sorry, I do not have information about that. I can help with these topics:",
    },
    "fallback_closest": {
        "es": "No encontré una respuesta exacta. Lo más cercano:",
        "en": "I did not find an exact answer. The closest:",
    },
    "fallback_offer_human": {
        "es": "No logro entenderte bien. ¿Quieres hablar con una persona del equipo?",
        "en": "I am having trouble understanding. Would you like to talk to a person?",
    },
    "escalate_offer": {
        "es": "Tu caso puede tener detalles. Si quieres, una persona del equipo te ayuda.",
        "en": "Your case may have details. If you want, a person from the team can help.",
    },
    "escalate_offer_short": {
        "es": "Para tu caso:",
        "en": "For your case:",
    },
    "outdated_offer_short": {
        "es": "Para confirmarla:",
        "en": "To confirm it:",
    },
    "outdated_offer": {
        "es": "Esta información puede estar desactualizada. Una persona puede confirmarla.",
        "en": "This information may be out of date. A person can confirm it.",
    },
    "handoff_opened": {
        "es": "Listo. Una persona del equipo te responderá en este chat. Puede tardar un poco.",
        "en": "Done. A person from the team will answer you in this chat. It may take a while.",
    },
    "handoff_meanwhile": {
        "es": "Mientras tanto, también puedes contactar a:",
        "en": "Meanwhile, you can also contact:",
    },
    "handoff_already": {
        "es": "Ya pediste hablar con una persona. Te responderán en este chat. "
        "Escribe MENU si prefieres seguir con el asistente.",
        "en": "You already asked to talk to a person. They will answer you in this chat. "
        "Send MENU if you prefer to go on with the assistant.",
    },
    "handoff_waiting": {
        "es": "Recibimos tu mensaje. Una persona te responderá aquí. Espera estimada: {wait}.",
        "en": "We got your message. A person will answer you here. Expected wait: {wait}.",
    },
    "waiting_plea": {
        "es": "Seguimos contigo. Si estás en peligro ahora, llama al {emergency}. Una persona del "
        "equipo te va a escribir aquí.",
        "en": "We are still with you. If you are in danger now, call {emergency}. A person from "
        "the team will write to you here.",
    },
    "handoff_after_hours": {
        "es": "Ahora estamos fuera del horario de atención ({hours}). Te responderemos en el "
        "próximo horario. Si estás en peligro, llama al {emergency}.",
        "en": "We are outside working hours now ({hours}). We will answer in the next working "
        "hours. If you are in danger, call {emergency}.",
    },
    "handoff_left": {
        "es": "Saliste de la fila de espera. Sigues con el asistente.",
        "en": "You left the queue. You are back with the assistant.",
    },
    "handoff_closed": {
        "es": "La conversación con el equipo terminó. Puedes seguir preguntando aquí.",
        "en": "The conversation with the team has ended. You can keep asking here.",
    },
    "wait_asap": {"es": "lo antes posible", "en": "as soon as possible"},
    "urgent_ticket": {
        "es": "Avisé al equipo para que una persona te escriba lo antes posible. No estás solo/a.",
        "en": "I alerted the team so that a person writes to you as soon as possible. "
        "You are not alone.",
    },
    "optout_done": {
        "es": "Listo, no te enviaremos más mensajes. Para volver, escribe ALTA. Si estás en "
        "peligro, llama al 911.",
        "en": "Done, we will not send you more messages. To come back, send START. If you are "
        "in danger, call 911.",
    },
    "optin_done": {
        "es": "Bienvenido/a de nuevo. Escribe tu pregunta o MENU.",
        "en": "Welcome back. Write your question or MENU.",
    },
    "optout_confirm_hint": {
        "es": "Si quieres dejar de recibir mensajes, escribe BAJA.",
        "en": "If you want to stop receiving messages, send STOP.",
    },
    "erase_confirm": {
        "es": "¿Quieres borrar tus mensajes y datos? No se puede deshacer. Responde SI o NO.",
        "en": "Do you want to delete your messages and data? It cannot be undone. Reply YES or NO.",
    },
    "erase_done": {
        "es": "Tus mensajes y datos fueron borrados. Si escribes otra vez, empezamos de cero.",
        "en": "Your messages and data were deleted. If you write again, we start from zero.",
    },
    "erase_cancelled": {
        "es": "No borré nada. ¿En qué te ayudo?",
        "en": "Nothing was deleted. How can I help?",
    },
    "language_choose": {
        "es": "Elige tu idioma:",
        "en": "Choose your language:",
    },
    "language_set": {
        "es": "Listo, te escribo en español.",
        "en": "Done, I will write in English.",
    },
    "unsupported_language": {
        "es": "Rumbo funciona en español e inglés. / Rumbo works in Spanish and English. "
        "Si necesitas otro idioma, una persona puede ayudarte. / If you need another "
        "language, a person can help.",
        "en": "Rumbo works in Spanish and English. / Rumbo funciona en español e inglés. "
        "If you need another language, a person can help. / Si necesitas otro idioma, "
        "una persona puede ayudarte.",
    },
    "empty": {
        "es": "No recibí texto. Escribe tu pregunta o MENU para ver los temas.",
        "en": "I did not get any text. Write your question or MENU to see the topics.",
    },
    "no_text": {
        "es": "Solo puedo leer texto. Escribe tu pregunta con palabras, por favor.",
        "en": "I can only read text. Please write your question in words.",
    },
    "bad_number": {
        "es": "Ese número no está en las opciones. Responde con un número de la lista o escribe "
        "MENU.",
        "en": "That number is not one of the options. Reply with a number from the list or "
        "send MENU.",
    },
    "unknown_command": {
        "es": "No conozco ese comando. Prueba /menu, /help, /language, /human o /delete.",
        "en": "I do not know that command. Try /menu, /help, /language, /human or /delete.",
    },
    "group_declined": {
        "es": "Rumbo solo responde en chats privados, para cuidar tu privacidad. "
        "Escríbeme directamente.",
        "en": "Rumbo only answers in private chats, to protect your privacy. Write to me directly.",
    },
    "thanks": {
        "es": "Con gusto. Si tienes otra pregunta, escríbela aquí.",
        "en": "You are welcome. If you have another question, write it here.",
    },
    "goodbye": {
        "es": "Cuídate. Aquí estaré si necesitas algo.",
        "en": "Take care. I am here if you need anything.",
    },
    "bot_challenge": {
        "es": "Soy un asistente automático, no una persona. Si quieres, te conecto con una "
        "persona del equipo.",
        "en": "I am an automated assistant, not a person. If you want, I can connect you with a "
        "person from the team.",
    },
    "anything_else": {
        "es": "¿En qué te ayudo? Escribe tu pregunta o elige un tema.",
        "en": "How can I help? Write your question or choose a topic.",
    },
    "services_lines": {
        "es": "Líneas nacionales, en todo el país:",
        "en": "National lines, anywhere in the country:",
    },
    "services_ask_place": {
        "es": "Para lugares cerca de ti: ¿en qué ciudad o provincia estás? Escribe el nombre "
        "(por ejemplo Quito, Ibarra) o elige:",
        "en": "For places near you: which city or province are you in? Write its name "
        "(for example Quito, Ibarra) or choose:",
    },
    "services_found": {
        "es": "Lugares que pueden ayudarte{where}:",
        "en": "Places that can help you{where}:",
    },
    "services_none": {
        "es": "No tengo servicios registrados para eso{where}. Estas líneas nacionales atienden "
        "en todo el país:",
        "en": "I have no services listed for that{where}. These national lines serve the whole "
        "country:",
    },
    "services_ask_city": {
        "es": "¿En qué ciudad estás? Escribe su nombre (por ejemplo Tulcán, Huaquillas, "
        "Guayaquil, Manta, Lago Agrio).",
        "en": "Which city are you in? Write its name (for example Tulcán, Huaquillas, "
        "Guayaquil, Manta, Lago Agrio).",
    },
    "services_unknown_place": {
        "es": "No reconozco esa ciudad. Escribe otra vez su nombre, o mira estos servicios que "
        "atienden en todo el país:",
        "en": "I do not recognise that city. Write its name again, or see these services that "
        "serve the whole country:",
    },
    "services_may_change": {
        "es": "Los datos pueden haber cambiado: confirma antes de ir.",
        "en": "Details may have changed: check before you go.",
    },
    "services_entry_verified": {"es": "verificado {month}", "en": "verified {month}"},
    "services_entry_unverified": {"es": "sin fecha de verificación", "en": "no verified date"},
    "services_location_hint": {
        "es": "También puedes compartir tu ubicación.",
        "en": "You can also share your location.",
    },
    "more_none": {
        "es": "No hay más texto. Escribe tu pregunta o MENU.",
        "en": "There is no more text. Write your question or MENU.",
    },
    "more_hint": {"es": "Escribe MAS para seguir.", "en": "Send MORE to continue."},
    "choice_more": {"es": "Ver más", "en": "See more"},
    "choice_menu": {"es": "Menú", "en": "Menu"},
    "choice_human": {"es": "Hablar con una persona", "en": "Talk to a person"},
    "choice_services": {"es": "Lugares de ayuda", "en": "Places that help"},
    "choice_yes": {"es": "Sí", "en": "Yes"},
    "choice_no": {"es": "No", "en": "No"},
    "choice_location": {"es": "Compartir ubicación", "en": "Share location"},
    "choice_other_place": {"es": "Otra ciudad", "en": "Another city"},
}

TOPIC_LABELS: dict[str, dict[str, str]] = {
    "regularisation": {"es": "Papeles y visas", "en": "Papers and visas"},
    "protection": {"es": "Refugio", "en": "Refugee status"},
    "health": {"es": "Salud", "en": "Health"},
    "education": {"es": "Educación", "en": "Education"},
    "work": {"es": "Trabajo", "en": "Work"},
    "housing": {"es": "Vivienda y arriendo", "en": "Housing and renting"},
    "rights": {"es": "Tus derechos", "en": "Your rights"},
    "safety": {"es": "Seguridad y violencia", "en": "Safety and violence"},
    "services": {"es": "Organizaciones", "en": "Organisations"},
    "returnees": {"es": "Retorno a Ecuador", "en": "Returning to Ecuador"},
}

# The order of the main menu: what people ask most first.
MENU_TOPICS: tuple[str, ...] = (
    "regularisation",
    "protection",
    "health",
    "education",
    "work",
    "housing",
    "rights",
    "safety",
    "services",
    "returnees",
)


TEXTS.update(SAFETY_TEXTS)
TEXTS.update(MEDIA_TEXTS)
TEXTS.update(THREAD_TEXTS)


def has_text(key: str) -> bool:
    """Whether a fixed sentence exists (optional labels, e.g. a service's SMS label)."""
    return key in TEXTS


def text(key: str, lang: str, **values: object) -> str:
    """A fixed sentence in the wanted language (Spanish when the language is unknown)."""
    entry = TEXTS[key]
    template = entry.get(lang) or entry["es"]
    return template.format(**values) if values else template


def topic_label(topic: str, lang: str) -> str:
    """The human name of a topic."""
    labels = TOPIC_LABELS[topic]
    return labels.get(lang) or labels["es"]


def format_wait(wait: timedelta | None, lang: str) -> str | None:
    """A median wait in words ("about 2 hours"), or None for "as soon as possible"."""
    if wait is None:
        return None
    minutes = max(1, round(wait.total_seconds() / 60))
    if minutes < 90:
        return f"unos {minutes} minutos" if lang == "es" else f"about {minutes} minutes"
    hours = round(minutes / 60)
    return f"unas {hours} horas" if lang == "es" else f"about {hours} hours"
