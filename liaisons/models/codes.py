"""Random codes people read aloud, type from paper or keep in a URL."""

import secrets

# Codes people read aloud or type from paper: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(length=8):
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_personal_code():
    return new_code(8)


def new_certificate_code():
    return new_code(10)


def new_calendar_token():
    # Short enough for calendar apps that refuse long feed URLs (decidim#9116).
    return secrets.token_urlsafe(16)
