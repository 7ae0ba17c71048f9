"""Random codes a class reads from the board or types from paper.

Join codes are drawn from ``secrets`` (never ``random``): 8 characters from 31 give about
8.5 × 10^11 codes, and a code only works while its session is open, so guessing one in
that time is hopeless even before the per-code limits (``youth.rules``).
"""

import secrets

# No 0/O, 1/I/L: read aloud or copied from a board without mistakes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 8
TOKEN_LENGTH = 8


def new_code(length):
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_join_code():
    return new_code(JOIN_CODE_LENGTH)


def new_participant_token():
    """The pseudonymous token printed on a participant's handout (pairs pre and post)."""
    return new_code(TOKEN_LENGTH)


def new_results_key():
    """The unguessable part of a session's class-results address."""
    return secrets.token_urlsafe(12)


def normalise_code(typed):
    """What a person typed, as stored: spaces and dashes dropped, upper case."""
    return "".join(typed.split()).replace("-", "").upper()
