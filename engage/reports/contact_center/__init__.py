"""The contact center: the agent's intake screen (find the caller, answer, log the contact
or file a request for them), a person's record with everything they did with the city,
and merging two records of one person.

The keys below are how a caller is found again: a ``Person`` stores them beside what the
agent typed (``Person.fill_keys``), so each way of searching is an indexed lookup.
"""

import re
import unicodedata

PHONE_KEY_DIGITS = 10


def phone_key(phone):
    """The digits of a phone number, the last ten only: "+1 (215) 555-0142" and
    "215.555.0142" are the same caller whichever way the number was written down."""
    return "".join(ch for ch in str(phone or "") if ch.isdigit())[-PHONE_KEY_DIGITS:]


def name_words(text):
    """The words of a name in lower case without accents or punctuation ("José
    O'Neil-Ruiz" → ["jose", "oneil", "ruiz"]), as agents type names they heard."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"['’`]", "", plain)
    return re.findall(r"[^\W_]+", plain)


def name_keys(name):
    """The two keys a name is found by: as written ("dana maria ruiz") and family name
    first ("ruiz dana maria"), so typing either the first or the family name, or the
    beginning of either, is a prefix search on an index."""
    words = name_words(name)
    if not words:
        return "", ""
    return " ".join(words), " ".join([words[-1], *words[:-1]])
