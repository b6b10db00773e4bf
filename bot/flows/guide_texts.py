"""The regularisation guide's sentences, in Spanish and English.

Every statement about a path restates, in fewer words, a sourced article of the knowledge base
(the article id is next to it); anything the sources do not give is said to be unconfirmed. No
fee, office or deadline appears here that its article does not give.
"""

from __future__ import annotations

# The five questions: the key of each answer, then (value, Spanish label, English label).
QUESTIONS: dict[str, dict[str, str]] = {
    "nat": {"es": "¿De qué país eres?", "en": "Which country are you from?"},
    "entry": {"es": "¿Cómo entraste a Ecuador?", "en": "How did you enter Ecuador?"},
    "docs": {"es": "¿Qué documento tienes?", "en": "Which document do you have?"},
    "family": {
        "es": "¿Tienes pareja o hijo/a ecuatoriano/a?",
        "en": "Do you have an Ecuadorian partner or child?",
    },
    "fear": {
        "es": "¿Temes volver a tu país por tu seguridad?",
        "en": "Are you afraid to go back to your country for your safety?",
    },
}
OPTIONS: dict[str, list[tuple[str, str, str]]] = {
    "nat": [
        ("ve", "Venezuela", "Venezuela"),
        ("co", "Colombia", "Colombia"),
        ("mercosur", "Otro país del Mercosur", "Other Mercosur country"),
        ("other", "Otro país", "Other country"),
    ],
    "entry": [
        (
            "regular",
            "Paso oficial, con pasaporte o cédula",
            "Official border post, with passport or ID",
        ),
        ("irregular", "Paso no oficial", "Unofficial crossing"),
        ("unknown", "No sé", "I don't know"),
    ],
    "docs": [
        ("passport", "Pasaporte vigente", "Valid passport"),
        ("expired", "Pasaporte vencido", "Expired passport"),
        ("id", "Solo cédula de mi país", "Only my country's ID card"),
        ("none", "Ninguno", "None"),
    ],
    "family": [
        ("yes", "Sí, pareja o hijo/a", "Yes, partner or child"),
        ("no", "No", "No"),
    ],
    "fear": [
        ("yes", "Sí", "Yes"),
        ("no", "No", "No"),
        ("private", "Prefiero no decir", "I prefer not to say"),
    ],
}

TEXTS: dict[str, dict[str, str]] = {
    "intro": {
        "es": "Guía: 5 preguntas. Elige o escribe el número. MENU para salir, HUMANO: una persona.",
        "en": "Guide: 5 questions. Choose or send the number. MENU to leave, HUMAN: a person.",
    },
    "reask": {
        "es": "Perdón, no entendí. Elige una opción o escribe su número.",
        "en": "Sorry, I did not get that. Choose an option or send its number.",
    },
    "result_intro": {
        "es": "Según tus respuestas, estas opciones pueden servirte. No es una decisión oficial: "
        "cada caso se revisa por separado.",
        "en": "From your answers, these options may fit you. This is not an official decision: "
        "every case is looked at on its own.",
    },
    "result_short": {
        "es": "Opciones que pueden servirte (no es decisión oficial). Elige una para ver más:",
        "en": "Options that may fit you (not an official decision). Choose one to read more:",
    },
    "result_close": {
        "es": "Solo la autoridad decide tu caso. Una persona del equipo puede revisarlo contigo.",
        "en": "Only the authorities decide your case. A person from the team can go through it "
        "with you.",
    },
    # Paths. protection-apply-refugee
    "path_protection": {
        "es": "Refugio (protección internacional). Es gratis y debes estar en Ecuador. Pasos: "
        'pídelo en línea en gob.ec (busca "Refugio"), con un correo propio: las respuestas '
        "llegan por correo. Luego tendrás una entrevista. Documentos: no te los exigen; lleva "
        "cualquier identificación o prueba que tengas. Hazlo cuanto antes. La Defensoría "
        "Pública te ayuda gratis.",
        "en": "Refugee status (international protection). It is free and you must be in "
        'Ecuador. Steps: apply online at gob.ec (search "Refugio") with your own e-mail: '
        "answers come by e-mail. Then you have an interview. Documents: none are required; "
        "bring any ID or evidence you have. Do it as soon as possible. The Defensoría Pública "
        "helps you for free.",
    },
    # protection-who-is-refugee
    "path_protection_maybe": {
        "es": "Si corres peligro en tu país, puedes pedir refugio gratis en gob.ec. Mira quién "
        "puede ser refugiado.",
        "en": "If you are in danger in your country, you can apply for refugee status for free "
        "at gob.ec. See who can be a refugee.",
    },
    # reg-mercosur-visa (+ reg-visas-residence for the general requirements)
    "path_mercosur": {
        "es": "Visa Mercosur (países del acuerdo, por ejemplo Colombia): residencia temporal de "
        "2 años que te permite trabajar. Dónde: en línea o en una oficina zonal de Cancillería. "
        "Documentos: antecedentes penales y tu registro migratorio; los requisitos generales "
        "piden pasaporte o documento de identidad válido. Costo según gob.ec: USD 50 + USD 200; "
        "confírmalo antes de pagar.",
        "en": "Mercosur visa (agreement countries, for example Colombia): 2-year temporary "
        "residence that lets you work. Where: online or at a Cancillería zonal office. "
        "Documents: criminal record certificates and your migration record; the general "
        "requirements ask for a valid passport or ID. Cost per gob.ec: USD 50 + USD 200; check "
        "it before you pay.",
    },
    # reg-visas-residence, rights-children-born-ecuador
    "path_family": {
        "es": "Residencia por familia: hay vías especiales de residencia para familiares de "
        "ecuatorianos. Dónde: Cancillería, en línea (eVisas) o en sus oficinas zonales. Los "
        "documentos exactos no están confirmados en nuestras fuentes: pregúntalos allí o a la "
        "Defensoría Pública. Si tu hijo/a nació en Ecuador, es ecuatoriano/a por nacimiento.",
        "en": "Residence through family: there are special residence routes for relatives of "
        "Ecuadorians. Where: Cancillería, online (eVisas) or at its zonal offices. Our sources "
        "do not confirm the exact documents: ask there or at the Defensoría Pública. If your "
        "child was born in Ecuador, they are Ecuadorian by birth.",
    },
    # reg-visas-residence
    "path_visas": {
        "es": "Visas y residencia: hay unos 30 tipos de visa (trabajo, estudiante, profesional, "
        "amparo y otras); la residencia temporal dura 2 años. Dónde: Cancillería, en línea "
        "(eVisas) o en sus oficinas zonales. Documentos generales: pasaporte o documento de "
        "identidad válido y antecedentes penales. Confirma los requisitos.",
        "en": "Visas and residence: there are about 30 visa types (work, student, professional, "
        "dependant and others); temporary residence lasts 2 years. Where: Cancillería, online "
        "(eVisas) or at its zonal offices. General documents: a valid passport or ID and "
        "criminal record certificates. Check the requirements.",
    },
    # reg-virte-ended
    "path_virte": {
        "es": "La VIRTE II se anuló en marzo de 2025 y el Estatuto con Venezuela terminó en 2025. "
        "No conocemos ningún proceso de regularización abierto: hoy se usan las visas "
        "ordinarias. No pagues a quien te prometa una amnistía o una visa rápida.",
        "en": "VIRTE II was repealed in March 2025 and the Venezuela statute ended in 2025. We "
        "know of no open regularisation process: the ordinary visas apply today. Do not pay "
        "anyone who promises an amnesty or a quick visa.",
    },
    # services-legal-aid
    "path_legal": {
        "es": "Asesoría legal gratis, para todas las personas: la Defensoría Pública "
        "(defensoria.gob.ec) asesora gratis en refugio, regularización y deportación. También "
        "ayudan el Consejo Noruego para Refugiados (NRC) y el JRS.",
        "en": "Free legal advice, for everyone: the Defensoría Pública (defensoria.gob.ec) "
        "advises for free on refugee status, regularisation and deportation. The Norwegian "
        "Refugee Council (NRC) and JRS help too.",
    },
    # Notes that depend on how they entered and which documents they hold.
    "note_entry": {
        "es": "Cómo entraste puede importar en algunos trámites: pide asesoría gratis antes de "
        "empezar uno.",
        "en": "How you entered may matter for some procedures: get free advice before you start "
        "one.",
    },
    "note_docs": {
        "es": "Sin pasaporte vigente igual tienes derechos. La Defensoría Pública puede ver "
        "contigo qué documento sirve en tu caso.",
        "en": "Without a valid passport you still have rights. The Defensoría Pública can look "
        "with you at which document works in your case.",
    },
    "entry_label": {"es": "Guía: ¿qué opciones tengo?", "en": "Guide: what are my options?"},
}

# Choice labels of the paths (short: they are SMS lines and Telegram buttons).
PATH_LABELS: dict[str, dict[str, str]] = {
    "protection": {"es": "Pedir refugio", "en": "Apply for refugee status"},
    "protection_maybe": {"es": "¿Puedo ser refugiado?", "en": "Can I be a refugee?"},
    "mercosur": {"es": "Visa Mercosur", "en": "Mercosur visa"},
    "family": {"es": "Residencia por familia", "en": "Residence through family"},
    "visas": {"es": "Visas y residencia", "en": "Visas and residence"},
    "virte": {"es": "Qué pasó con VIRTE", "en": "What happened to VIRTE"},
    "legal": {"es": "Asesoría legal gratis", "en": "Free legal advice"},
}


def say(key: str, lang: str) -> str:
    """One of the guide's sentences in `lang` (Spanish when the language is unknown)."""
    entry = TEXTS[key]
    return entry.get(lang) or entry["es"]
