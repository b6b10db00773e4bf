"""Fixed sentences of issue 16: greeting back, follow-ups, clarifying questions, other problems."""

from __future__ import annotations

THREAD_TEXTS: dict[str, dict[str, str]] = {
    "greet_back_morning": {"es": "Buenos días.", "en": "Good morning."},
    "greet_back_afternoon": {"es": "Buenas tardes.", "en": "Good afternoon."},
    "greet_back_evening": {"es": "Buenas noches.", "en": "Good evening."},
    "greet_back_hello": {"es": "Hola.", "en": "Hi."},
    "greet_back_apology": {"es": "No es molestia.", "en": "No bother at all."},
    "followup_facet": {"es": "Sobre «{title}»: {text}", "en": "About “{title}”: {text}"},
    "followup_unknown": {
        "es": "La respuesta sobre «{title}» no dice {what}. Puedes ver la respuesta completa o "
        "preguntarle a una persona del equipo.",
        "en": "The answer about “{title}” does not say {what}. You can read the whole answer or "
        "ask a person from the team.",
    },
    "followup_no_thread": {
        "es": "¿Sobre qué tema es tu pregunta? Escríbela completa, por ejemplo «¿cuánto cuesta "
        "la visa Mercosur?», o elige un tema:",
        "en": "What is your question about? Write it in full, for example “how much is the "
        "Mercosur visa?”, or choose a topic:",
    },
    "followup_more": {
        "es": "¿Qué más quieres saber sobre «{title}»?",
        "en": "What else would you like to know about “{title}”?",
    },
    "followup_ack": {
        "es": "Bien. Si quieres saber algo más sobre «{title}», elige una opción o escribe tu "
        "pregunta.",
        "en": "All right. If you want to know more about “{title}”, choose an option or write "
        "your question.",
    },
    "facet_cost": {"es": "cuánto cuesta", "en": "how much it costs"},
    "facet_where": {"es": "dónde se hace", "en": "where to go"},
    "facet_documents": {"es": "qué documentos piden", "en": "which documents are needed"},
    "facet_time": {"es": "cuánto tarda", "en": "how long it takes"},
    "facet_whom": {
        "es": "nada en particular sobre ese caso",
        "en": "anything in particular about that case",
    },
    "choice_full_answer": {"es": "Ver la respuesta completa", "en": "See the whole answer"},
    "clarify_which": {
        "es": "Para no equivocarme: ¿sobre cuál es tu pregunta?",
        "en": "So that I get it right: which one is your question about?",
    },
    "clarify_one": {
        "es": "Para no equivocarme: ¿tu pregunta es sobre esto?",
        "en": "So that I get it right: is your question about this?",
    },
    "choice_something_else": {"es": "Otra cosa", "en": "Something else"},
    "also_asked": {"es": "También preguntaste por:", "en": "You also asked about:"},
}
