"""The Spanish catalog is complete, compiled and used.

``locale/es/LC_MESSAGES/django.po`` is read with the small parser below (no polib), and
the committed ``django.mo`` is checked against it, so a fresh machine without gettext
serves the same Spanish the ``.po`` file says. After changing a translatable string run
``make messages``, translate what it adds, and commit both files.
"""

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

LC_MESSAGES = Path(__file__).resolve().parents[2] / "locale" / "es" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"

FIX_HINT = "Run `make messages`, translate the new entries in {po} and commit the .po and .mo."


# --- A minimal .po reader -----------------------------------------------------------------


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def is_header(self):
        return self.msgid == "" and self.msgctxt is None

    def __str__(self):
        text = repr(self.msgid)
        if self.msgid_plural is not None:
            text += f" / {self.msgid_plural!r}"
        if self.msgctxt is not None:
            text = f"[{self.msgctxt}] {text}"
        return f"line {self.line}: {text}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')
_CONTINUATION = re.compile(r'^"(.*)"\s*$')


def _unescape(text):
    return re.sub(r"\\(.)", lambda match: _ESCAPES.get(match[1], match[0]), text)


def read_po(path):
    """The entries of a .po file: header first, obsolete (``#~``) entries left out."""
    entries = []
    entry = None
    target = None  # (attribute, plural index) the next continuation line extends

    def finish():
        nonlocal entry, target
        if entry is not None and (entry.msgstr or entry.msgid):
            entries.append(entry)
        entry, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            finish()
            continue
        if line.startswith("#"):
            if entry is not None and entry.msgstr:
                finish()  # a comment after a msgstr starts the next entry
            if entry is None:
                entry = Entry(line=number)
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        keyword = _KEYWORD.match(line)
        if keyword:
            name, index, text = keyword[1], keyword[2], _unescape(keyword[3])
            if name in ("msgctxt", "msgid") and entry is not None and entry.msgstr:
                finish()
            if entry is None:
                entry = Entry(line=number)
            if name.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                entry.msgstr[target[1]] = text
            else:
                target = (name, None)
                setattr(entry, name, text)
            continue
        continuation = _CONTINUATION.match(line)
        if continuation and target is not None:
            text = _unescape(continuation[1])
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += text
            else:
                setattr(entry, name, getattr(entry, name) + text)
            continue
        raise ValueError(f"{path}:{number}: cannot parse {raw!r}")
    finish()
    return entries


def _header(entries):
    header = next((entry for entry in entries if entry.is_header), None)
    assert header is not None, f"{PO_PATH} has no header entry"
    fields = {}
    for header_line in header.msgstr[0].splitlines():
        name, _sep, value = header_line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return header, fields


def _nplurals(header_fields):
    found = re.search(r"nplurals\s*=\s*(\d+)", header_fields.get("plural-forms", ""))
    assert found, f"{PO_PATH} has no Plural-Forms header"
    return int(found[1])


ENTRIES = read_po(PO_PATH) if PO_PATH.exists() else []
MESSAGES = [entry for entry in ENTRIES if not entry.is_header]


def test_the_catalog_exists_and_has_messages():
    assert PO_PATH.exists(), f"{PO_PATH} is missing. " + FIX_HINT.format(po=PO_PATH)
    assert MESSAGES, f"{PO_PATH} has no messages"


def test_the_header_declares_spanish_utf8_and_plural_forms():
    header, fields = _header(ENTRIES)

    assert fields.get("language") == "es"
    assert "charset=utf-8" in fields.get("content-type", "").lower()
    assert _nplurals(fields) >= 2
    assert "fuzzy" not in header.flags, "The header is marked fuzzy, so msgfmt would ignore it"


def test_every_message_is_translated():
    nplurals = _nplurals(_header(ENTRIES)[1])
    untranslated = []
    for entry in MESSAGES:
        expected = range(nplurals) if entry.msgid_plural is not None else range(1)
        if any(not entry.msgstr.get(index) for index in expected):
            untranslated.append(str(entry))

    assert not untranslated, (
        f"{len(untranslated)} untranslated message(s) in {PO_PATH}:\n  "
        + "\n  ".join(untranslated)
        + "\n"
        + FIX_HINT.format(po=PO_PATH)
    )


def test_no_message_is_fuzzy():
    fuzzy = [str(entry) for entry in MESSAGES if "fuzzy" in entry.flags]

    assert not fuzzy, (
        f"{len(fuzzy)} fuzzy message(s) in {PO_PATH} (gettext ignores them; check the "
        "translation, then delete the `#, fuzzy` line):\n  " + "\n  ".join(fuzzy)
    )


# printf-style placeholders: %(name)s, %(max)d, %s; "%%" is a literal percent sign.
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0\- +]*(?:\d+|\*)?(?:\.\d+)?([diouxXeEfFgGcrsa%])")


def _placeholders(text):
    return sorted(
        (name or "", conversion)
        for name, conversion in _PLACEHOLDER.findall(text)
        if conversion != "%"
    )


def test_translations_keep_the_placeholders():
    broken = []
    for entry in MESSAGES:
        if "python-format" not in entry.flags:
            continue
        for index, text in entry.msgstr.items():
            if not text:
                continue  # reported by test_every_message_is_translated
            source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
            expected, found = _placeholders(source), _placeholders(text)
            if entry.msgid_plural is not None:
                # A plural form may leave the number out ("un resultado"), never add one.
                ok = set(found) <= set(_placeholders(entry.msgid + entry.msgid_plural))
            else:
                ok = found == expected
            if not ok:
                broken.append(f"{entry} msgstr[{index}] has {found}, expected {expected}")

    assert not broken, "Placeholders differ from the English:\n  " + "\n  ".join(broken)


# --- The compiled catalog -----------------------------------------------------------------

_MISSING = "<not in django.mo>"


class _ReportMissing(gettext.NullTranslations):
    """Fallback that makes a message absent from the .mo visible, even when its
    translation is spelled like the English ("Ideas" → "Ideas")."""

    def gettext(self, message):
        return _MISSING

    def pgettext(self, context, message):
        return _MISSING

    def ngettext(self, msgid1, msgid2, n):
        return _MISSING

    def npgettext(self, context, msgid1, msgid2, n):
        return _MISSING


def _load_mo():
    assert MO_PATH.exists(), f"{MO_PATH} is missing. " + FIX_HINT.format(po=PO_PATH)
    with MO_PATH.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    compiled.add_fallback(_ReportMissing())
    return compiled


def _count_for_form(compiled, index):
    """A number that selects plural form ``index`` under the .mo's plural rule."""
    for count in [*range(200), 1_000_000, 2_000_000]:
        if compiled.plural(count) == index:
            return count
    raise AssertionError(f"No number selects plural form {index} in {MO_PATH}")


def _compiled_translation(compiled, entry, index):
    if entry.msgid_plural is None:
        if entry.msgctxt is None:
            return compiled.gettext(entry.msgid)
        return compiled.pgettext(entry.msgctxt, entry.msgid)
    count = _count_for_form(compiled, index)
    if entry.msgctxt is None:
        return compiled.ngettext(entry.msgid, entry.msgid_plural, count)
    return compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)


def test_the_compiled_catalog_matches_the_po_file():
    compiled = _load_mo()
    _, fields = _header(ENTRIES)
    compiled_plural_forms = compiled.info().get("plural-forms", "")
    assert compiled_plural_forms == fields.get("plural-forms"), (
        f"{MO_PATH} was compiled with other Plural-Forms than {PO_PATH} declares. "
        + FIX_HINT.format(po=PO_PATH)
    )

    stale = []
    for entry in MESSAGES:
        if "fuzzy" in entry.flags:
            continue  # reported by test_no_message_is_fuzzy; msgfmt leaves them out
        for index, expected in sorted(entry.msgstr.items()):
            if not expected:
                continue  # reported by test_every_message_is_translated
            actual = _compiled_translation(compiled, entry, index)
            if actual != expected:
                stale.append(f"{entry} [{index}]: .po says {expected!r}, .mo gives {actual!r}")

    assert not stale, (
        f"{MO_PATH} is out of date with {PO_PATH} ({len(stale)} difference(s)):\n  "
        + "\n  ".join(stale)
        + "\nRun `make messages` (or `python manage.py compilemessages`) and commit the .mo."
    )


# --- What Django serves -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        ("Skip to main content", "Saltar al contenido principal"),
        ("Take part", "Participe"),
        # Django's own catalog says "Iniciar sesión": the project's catalog must win.
        ("Log in", "Iniciar sesión"),
        ("Log out", "Cerrar sesión"),
        ("Sign up", "Registrarse"),
        ("My profile", "Mi perfil"),
        ("Search", "Buscar"),
        ("Menu", "Menú"),
        ("Language", "Idioma"),
        ("Staff admin", "Administración"),
        ("neighborhood", "barrio"),
    ],
)
def test_key_interface_strings_are_spanish_under_es(english, spanish):
    with translation.override("es"):
        assert translation.gettext(english) == spanish
    with translation.override("en"):
        assert translation.gettext(english) == english


def test_placeholders_and_plurals_work_under_es():
    with translation.override("es"):
        welcome = translation.gettext("Welcome to %(site_name)s") % {"site_name": "Engage"}
        hello = translation.gettext("Hello %(name)s,") % {"name": "Ana"}
        one, many = (
            translation.ngettext("%(counter)s result", "%(counter)s results", count)
            % {"counter": count}
            for count in (1, 7)
        )

    assert welcome == "Bienvenido a Engage"
    assert hello == "Hola Ana,"
    assert (one, many) == ("1 resultado", "7 resultados")


@pytest.mark.parametrize(
    ("context", "english", "spanish"),
    [
        # Spanish agrees with what is described: an idea, a survey and a campaign are
        # feminine, so they are "fusionada", "oculta", "cerrada", not the masculine default.
        ("idea", "Merged", "Fusionada"),
        ("idea", "Hidden", "Oculta"),
        ("survey", "Closed", "Cerrada"),
        ("campaign", "Closed", "Cerrada"),
    ],
)
def test_labels_take_the_gender_of_what_they_describe(context, english, spanish):
    with translation.override("es"):
        assert translation.pgettext(context, english) == spanish
        assert translation.gettext(english) != spanish


def test_the_vote_count_label_has_its_plural_under_es():
    with translation.override("es"):
        labels = [translation.npgettext("vote count", "vote", "votes", n) for n in (1, 3)]

    assert labels == ["voto", "votos"]
