"""Voice notes, photos and documents: what is accepted (policy), how a file joins a message
(intake), and the speech-to-text seam (speech)."""
