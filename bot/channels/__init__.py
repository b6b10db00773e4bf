"""One folder per channel: telegram/, sms/ (Twilio), web/ (browser chat)."""
