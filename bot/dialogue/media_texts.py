"""The sentences about voice notes, photos and documents (bot/flows/attachments.py), in
Spanish and English. The working hours and the emergency line are filled in by the flow
(`{hours}` from the settings, `{emergency}` from the ECU 911 service entry): no number is
written here."""

from __future__ import annotations

MEDIA_TEXTS: dict[str, dict[str, str]] = {
    "voice_received": {
        "es": "Recibí tu nota de voz. Todavía no puedo escuchar audios, así que la pasé a una "
        "persona del equipo, que la escuchará y te responderá en este chat. Atendemos {hours}.",
        "en": "I got your voice note. I cannot listen to audio yet, so I passed it to a person "
        "from the team, who will listen to it and answer you in this chat. We work {hours}.",
    },
    "voice_received_after_hours": {
        "es": "Recibí tu nota de voz. Todavía no puedo escuchar audios, así que la pasé a una "
        "persona del equipo. Ahora estamos fuera del horario de atención: la escuchará en el "
        "próximo horario ({hours}) y te responderá en este chat.",
        "en": "I got your voice note. I cannot listen to audio yet, so I passed it to a person "
        "from the team. We are outside working hours now: they will listen to it in the next "
        "working hours ({hours}) and answer you in this chat.",
    },
    "voice_added": {
        "es": "Recibí tu nota de voz y la añadí a tu caso. La persona que lo atiende la "
        "escuchará y te responderá en este chat. Atendemos {hours}.",
        "en": "I got your voice note and added it to your case. The person handling it will "
        "listen to it and answer you in this chat. We work {hours}.",
    },
    "voice_danger_line": {
        "es": "Si estás en peligro ahora, llama al {emergency}.",
        "en": "If you are in danger now, call {emergency}.",
    },
    "picture_received": {
        "es": "Recibí tu foto y la guardé en tu conversación, para que la vea una persona del "
        "equipo si hablas con ella. Cuéntame con palabras qué necesitas:",
        "en": "I got your photo and kept it in your conversation, so a person from the team "
        "can see it if you talk to them. Tell me in words what you need:",
    },
    "document_received": {
        "es": "Recibí tu documento y lo guardé en tu conversación, para que lo vea una persona "
        "del equipo si hablas con ella. Cuéntame con palabras qué necesitas:",
        "en": "I got your document and kept it in your conversation, so a person from the team "
        "can see it if you talk to them. Tell me in words what you need:",
    },
    "file_added": {
        "es": "Recibí tu archivo y lo añadí a tu caso. La persona que lo atiende lo verá.",
        "en": "I got your file and added it to your case. The person handling it will see it.",
    },
    "file_too_big": {
        "es": "No pude recibir tu archivo porque es demasiado grande (el máximo es {limit} MB). "
        "Puedes enviar uno más pequeño o escribir tu pregunta con palabras.",
        "en": "I could not receive your file because it is too big (the limit is {limit} MB). "
        "You can send a smaller one or write your question in words.",
    },
    "file_unsupported": {
        "es": "No puedo recibir ese tipo de archivo. Puedo recibir notas de voz, fotos (JPG, PNG "
        "o WebP) y documentos PDF. También puedes escribir tu pregunta con palabras.",
        "en": "I cannot receive that kind of file. I can receive voice notes, photos (JPG, PNG "
        "or WebP) and PDF documents. You can also write your question in words.",
    },
    "file_unavailable": {
        "es": "No pude descargar tu archivo. Puedes enviarlo otra vez o escribir tu pregunta "
        "con palabras.",
        "en": "I could not download your file. You can send it again or write your question "
        "in words.",
    },
}
