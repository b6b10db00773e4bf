"""SMS channel (Twilio behind a small provider interface)."""
