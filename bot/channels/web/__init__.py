"""The browser chat: a page at `/` and a JSON endpoint, no CDN."""
