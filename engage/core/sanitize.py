"""The one allow-list for rich text that residents type: what is kept, and how.

Residents may write paragraphs, line breaks, bold, italics, lists and links. Everything
else is taken out; everything that a template prints without this module is escaped.

``clean_html`` runs bleach's sanitizer with three additions:

* The text is parsed the way a browser parses it, so a ``<script>``, ``<style>``,
  ``<iframe>``, ``<svg>``… element is recognised as such and removed *with its contents*
  (bleach alone strips the tags but keeps their text, so ``alert(1)`` would be left in
  the text for the reader).
* Every link gets ``rel="nofollow ugc noopener"``; addresses typed as plain text become
  links; links must be absolute ``http``, ``https`` or ``mailto`` addresses.
* Text typed without paragraphs is given them: a blank line starts a new paragraph, a
  single line break becomes ``<br>``.

The result is stable: cleaning it again gives the same HTML, so stored text can be cleaned
once more when it is shown (the ``user_html`` template filter does) without changing it.

``problems`` finds what a person should be told about rather than lose silently (a pasted
script, a ``javascript:`` link, an ``onclick``) so a form can ask them to fix it.
"""

import re
from dataclasses import dataclass

from bleach import html5lib_shim
from bleach.linkifier import LinkifyFilter, build_url_re
from bleach.sanitizer import BleachSanitizerFilter
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

ALLOWED_TAGS = frozenset({"p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "a"})
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# The tags that structure the text; everything else allowed is inline.
_BLOCK_TAGS = frozenset({"p", "ul", "ol", "li"})
# Elements removed together with everything inside them: their contents are code, data,
# or fallback text that makes no sense on its own.
_DROPPED_WITH_CONTENTS = frozenset(
    {
        "applet",
        "audio",
        "canvas",
        "embed",
        "frame",
        "frameset",
        "head",
        "iframe",
        "map",
        "math",
        "noembed",
        "noframes",
        "noscript",
        "object",
        "plaintext",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "title",
        "video",
        "xmp",
    }
)
_SCRIPT_TAGS = ("script", "style")
_EMBED_TAGS = ("iframe", "frame", "frameset", "object", "embed", "applet")
# Attributes that hold an address a browser follows when the reader clicks or submits.
_LINK_ATTRIBUTES = frozenset({"href", "action", "formaction"})
_EVENT_HANDLER = re.compile(r"^on[a-z]")
# Whitespace and control characters browsers ignore at the start of an address.
_URL_LEADING_JUNK = re.compile(r"^[\x00-\x20\x7f-\xa0\s]+")
# A run of whitespace with at least one line break in it.
_LINE_BREAKS = re.compile(r"[ \t\f\r]*\n[ \t\f\r\n]*")
_HTML_WHITESPACE = re.compile(r"[ \t\n\f\r]+")
# Addresses typed as text that become links: only our protocols (bleach's default list
# includes data: and a dozen others).
_URL_IN_TEXT = build_url_re(protocols=ALLOWED_PROTOCOLS)


def _is_allowed_url(value):
    """True for an absolute http, https or mailto address.

    Checked on the value as written, without decoding entities: ``jav&#x61;script:``
    does not start with ``http://`` either, so an encoded trick can only fail the test.
    """
    url = _URL_LEADING_JUNK.sub("", value).lower()
    return url.startswith(("http://", "https://", "mailto:"))


def _allow_attribute(tag, name, value):
    return tag == "a" and name == "href" and _is_allowed_url(value)


def _parser(*, consume_entities):
    # tags=None: every tag is parsed as a browser would (bleach's own parser turns tags
    # outside the allow-list into text before building the tree, which would make the
    # inside of a <script> ordinary text).
    return html5lib_shim.BleachHTMLParser(
        tags=None,
        strip=True,
        consume_entities=consume_entities,
        namespaceHTMLElements=False,
    )


def _tokens(text, *, consume_entities):
    dom = _parser(consume_entities=consume_entities).parseFragment(text)
    return html5lib_shim.getTreeWalker("etree")(dom)


def _visible_tokens(tokens):
    """The tokens outside elements that are dropped with their contents (and SVG/MathML)."""
    skipping = 0
    for token in tokens:
        kind = token["type"]
        if skipping:
            if kind == "StartTag":
                skipping += 1
            elif kind == "EndTag":
                skipping -= 1
            continue
        if kind in ("StartTag", "EmptyTag") and (
            token["name"] in _DROPPED_WITH_CONTENTS or token.get("namespace")
        ):
            skipping = 1 if kind == "StartTag" else 0
            continue
        yield token


class _DropHiddenContent(html5lib_shim.Filter):
    """Before sanitising: remove dangerous elements whole, dead links, and keep lines apart.

    A block-level tag that will be stripped (``<div>``, ``<h2>``…) is replaced by a line
    break, so ``<div>one</div><div>two</div>`` does not become “onetwo”. A link without an
    allowed address loses its tags but keeps its text; doing this before bleach lets bleach
    join the text around it, exactly as it will when the result is cleaned again.
    """

    def __iter__(self):
        links_kept = []  # one entry per open <a> (a stripped <table> can nest them)
        for token in _visible_tokens(super().__iter__()):
            kind, name = token["type"], token.get("name")
            if kind == "StartTag" and name == "a":
                links_kept.append(_is_allowed_url((token["data"] or {}).get((None, "href"), "")))
                if links_kept[-1]:
                    yield token
            elif kind == "EndTag" and name == "a":
                if not links_kept or links_kept.pop():
                    yield token
            elif (
                kind in ("StartTag", "EndTag")
                and name in html5lib_shim.HTML_TAGS_BLOCK_LEVEL
                and name not in ALLOWED_TAGS
            ):
                yield {"type": "Characters", "data": "\n"}
            elif kind == "EndTag" and name in ("td", "th"):
                yield {"type": "Characters", "data": " "}
            else:
                yield token


class _LinkRel(html5lib_shim.Filter):
    """After linkifying: every link, the resident's or a new one, gets our ``rel``."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                attributes = dict(token.get("data") or {})
                attributes[(None, "rel")] = LINK_REL
                token["data"] = attributes
            yield token


@dataclass
class _Element:
    start: dict
    children: list
    end: dict | None = None

    @property
    def name(self):
        return self.start["name"]

    def tokens(self):
        yield self.start
        for child in self.children:
            yield from _flatten(child)
        yield self.end


def _flatten(node):
    if isinstance(node, _Element):
        yield from node.tokens()
    else:
        yield node


def _tree(tokens):
    """A balanced token stream as a list of nodes: tokens, and elements with children."""
    root, open_elements = [], []
    for token in tokens:
        kind = token["type"]
        if kind in ("Characters", "SpaceCharacters") and not token["data"]:
            continue
        siblings = open_elements[-1].children if open_elements else root
        if kind == "StartTag":
            element = _Element(token, [])
            siblings.append(element)
            open_elements.append(element)
        elif kind == "EndTag":
            open_elements.pop().end = token
        else:
            siblings.append(token)
    return root


def _must_unwrap(element, ancestors):
    """True when a browser would not read ``element`` back where it is.

    Stripping tags can leave nestings the HTML parser never builds from markup (a stripped
    <table> lets a link hold a link, or a list item hold a list item); written out, such
    HTML would be read back differently, and cleaning would not be idempotent.
    """
    if element.name == "a":
        return "a" in ancestors
    if element.name == "li":
        nearest = next((n for n in reversed(ancestors) if n in ("li", "ul", "ol")), None)
        return nearest == "li"
    if element.name == "p":  # a <p>, <ul>, <ol> or <li> inside would close it
        return any(_is_block(list(_flatten(child))) for child in element.children)
    return False


def _nesting_fixed(nodes, ancestors=()):
    """The nodes with elements a browser would not read back unwrapped (text kept)."""
    fixed = []
    for node in nodes:
        if not isinstance(node, _Element):
            fixed.append(node)
        elif _must_unwrap(node, ancestors):
            fixed.extend(_nesting_fixed(node.children, ancestors))
        else:
            node.children = _nesting_fixed(node.children, (*ancestors, node.name))
            fixed.append(node)
    return fixed


def _is_block(item):
    return any(t["type"] == "StartTag" and t["name"] in _BLOCK_TAGS for t in item)


def _breaks(data):
    """Split text at line breaks: yields ("text", str) and ("break", 1 or 2)."""
    position = 0
    for match in _LINE_BREAKS.finditer(data):
        if match.start() > position:
            yield "text", data[position : match.start()]
        yield "break", min(match.group().count("\n"), 2)
        position = match.end()
    if position < len(data):
        yield "text", data[position:]


_BR = {"type": "EmptyTag", "name": "br", "namespace": None, "data": {}}


def _with_br(token):
    """A text token inside an inline element, its line breaks turned into <br>."""
    if token["type"] not in ("Characters", "SpaceCharacters") or "\n" not in token["data"]:
        return [token]
    result = []
    for kind, value in _breaks(token["data"]):
        if kind == "text":
            result.append({"type": "Characters", "data": value})
        else:
            result.extend([dict(_BR)] * value)
    return result


def _paragraphs(run):
    """Split a run of top-level inline nodes into paragraphs (lists of tokens)."""
    paragraphs, current = [], []
    for item in run:
        if len(item) == 1 and item[0]["type"] in ("Characters", "SpaceCharacters"):
            for kind, value in _breaks(item[0]["data"]):
                if kind == "text":
                    current.append({"type": "Characters", "data": value})
                elif value == 2:
                    paragraphs.append(current)
                    current = []
                else:
                    current.append(dict(_BR))
        else:
            for token in item:
                current.extend(_with_br(token))
    paragraphs.append(current)
    return [trimmed for paragraph in paragraphs if (trimmed := _trim(paragraph))]


def _is_blank(token):
    if token["type"] in ("Characters", "SpaceCharacters"):
        return not token["data"].strip()
    return token["type"] == "EmptyTag" and token["name"] == "br"


def _trim(paragraph):
    """The paragraph without leading/trailing spaces and <br>; [] if nothing is visible."""
    while paragraph and _is_blank(paragraph[0]):
        paragraph = paragraph[1:]
    while paragraph and _is_blank(paragraph[-1]):
        paragraph = paragraph[:-1]
    if not paragraph:
        return []
    first, last = paragraph[0], paragraph[-1]
    if first["type"] == "Characters":
        paragraph[0] = {"type": "Characters", "data": first["data"].lstrip()}
    if last["type"] == "Characters":
        paragraph[-1] = {"type": "Characters", "data": paragraph[-1]["data"].rstrip()}
    return paragraph if _has_visible(paragraph) else []


def _has_visible(tokens):
    return any(
        t["type"] == "Entity" or (t["type"] == "Characters" and t["data"].strip()) for t in tokens
    )


class _Paragraphs(html5lib_shim.Filter):
    """Text outside <p>/<ul>/<ol> is put into paragraphs; empty blocks are left out.

    Nestings a browser would not read back (see ``_must_unwrap``) are undone first.

    A blank line starts a new paragraph and a single line break becomes ``<br>``. What is
    already inside a paragraph or list is left alone, which makes cleaning idempotent.
    """

    def __iter__(self):
        blocks, run = [], []
        for node in _nesting_fixed(_tree(super().__iter__())):
            item = list(_flatten(node))
            if _is_block(item):
                blocks.extend(self._wrap(run))
                run = []
                if _has_visible(item):  # <p></p> and <p><br></p> are left out
                    blocks.append(item)
            else:
                run.append(item)
        blocks.extend(self._wrap(run))
        for index, block in enumerate(blocks):
            if index:
                yield {"type": "SpaceCharacters", "data": "\n"}
            yield from block

    @staticmethod
    def _wrap(run):
        return [
            [
                {"type": "StartTag", "name": "p", "namespace": None, "data": {}},
                *paragraph,
                {"type": "EndTag", "name": "p", "namespace": None},
            ]
            for paragraph in _paragraphs(run)
        ]


def _serializer():
    # The settings bleach's Cleaner uses: entities left as written, attributes quoted.
    return html5lib_shim.BleachHTMLSerializer(
        quote_attr_values="always",
        omit_optional_tags=False,
        escape_lt_in_attrs=True,
        resolve_entities=False,
        sanitize=False,
        alphabetical_attributes=False,
    )


def clean_html(text):
    """Safe HTML from what a resident typed (HTML or plain text)."""
    if text is None:
        return ""
    text = str(text)
    if not text.strip():
        return ""
    stream = _DropHiddenContent(_tokens(text, consume_entities=False))
    stream = BleachSanitizerFilter(
        source=stream,
        allowed_tags=ALLOWED_TAGS,
        attributes=_allow_attribute,
        allowed_protocols=ALLOWED_PROTOCOLS,
        strip_disallowed_tags=True,
        strip_html_comments=True,
    )
    stream = LinkifyFilter(stream, callbacks=[], parse_email=False, url_re=_URL_IN_TEXT)
    stream = _Paragraphs(_LinkRel(stream))
    return _serializer().render(stream)


def html_to_text(html):
    """The text a reader sees, for excerpts, e-mails, exports and comparisons.

    Paragraphs and list items are separated by a blank line or a line break, ``<br>``
    becomes a line break, other whitespace is collapsed; entities are decoded.
    """
    if not html:
        return ""
    pieces = []
    for token in _visible_tokens(_tokens(str(html), consume_entities=True)):
        kind, name = token["type"], token.get("name")
        if kind in ("Characters", "SpaceCharacters"):
            pieces.append(_HTML_WHITESPACE.sub(" ", token["data"]))
        elif name == "br" or (name == "li" and kind == "StartTag"):
            pieces.append("\n")
        elif name in html5lib_shim.HTML_TAGS_BLOCK_LEVEL and name != "li":
            pieces.append("\n\n")
        elif name in ("td", "th") and kind == "EndTag":
            pieces.append(" ")
    lines = [line.strip(" ") for line in "".join(pieces).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _has_characters(text):
    """True when ``text`` has any character data at all, even inside a <script>."""
    return any(
        token["type"] == "Characters" and token["data"].strip()
        for token in _tokens(text, consume_entities=True)
    )


def _found_problems(text):
    """(code, message) for each kind of problem in ``text``, in a fixed order."""
    if not text:
        return []
    scripts, embeds, handlers = [], [], []
    bad_link = False
    for token in _tokens(str(text), consume_entities=True):
        if token["type"] not in ("StartTag", "EmptyTag"):
            continue
        name = token["name"]
        if name in _SCRIPT_TAGS and f"<{name}>" not in scripts:
            scripts.append(f"<{name}>")
        if name in _EMBED_TAGS and f"<{name}>" not in embeds:
            embeds.append(f"<{name}>")
        for (_namespace, attribute), value in (token.get("data") or {}).items():
            attribute = attribute.lower()
            if _EVENT_HANDLER.match(attribute) and attribute not in handlers:
                handlers.append(attribute)
            if attribute in _LINK_ATTRIBUTES and value.strip() and not _is_allowed_url(value):
                bad_link = True
    found = []
    if scripts:
        found.append(
            (
                "script",
                ngettext(
                    "Scripts and style sheets are not allowed. Please remove the %(tags)s part.",
                    "Scripts and style sheets are not allowed. Please remove the %(tags)s parts.",
                    len(scripts),
                )
                % {"tags": ", ".join(scripts)},
            )
        )
    if embeds:
        found.append(
            (
                "embed",
                ngettext(
                    "Embedded frames, videos and objects are not allowed. Please remove the "
                    "%(tags)s part and link to the page instead.",
                    "Embedded frames, videos and objects are not allowed. Please remove the "
                    "%(tags)s parts and link to the page instead.",
                    len(embeds),
                )
                % {"tags": ", ".join(embeds)},
            )
        )
    if bad_link:
        found.append(("link_protocol", _("Links must start with http://, https:// or mailto:.")))
    if handlers:
        found.append(
            (
                "event_handler",
                _("Attributes that run code are not allowed. Please remove %(attributes)s.")
                % {"attributes": ", ".join(handlers)},
            )
        )
    return found


def problems(text):
    """Messages for the person who typed ``text`` about what cleaning would take out.

    Only what they should fix themselves is reported: scripts and style sheets, embedded
    frames, links that are not http, https or mailto, and attributes such as ``onclick``.
    Formatting that is simply dropped (colours, headings, tables) is not.
    """
    return [message for _code, message in _found_problems(text)]


class UserHTMLField(forms.CharField):
    """A text area for rich text: returns ``clean_html`` output.

    ``max_length`` counts the visible text, not the markup. Input with scripts, unsafe
    links or event handlers is refused with a message saying what to remove, rather than
    silently changed.
    """

    widget = forms.Textarea
    default_error_messages = {
        "nothing_left": gettext_lazy(
            "Nothing is left of this text once the parts that are not allowed are removed. "
            "Please write it as plain text."
        ),
    }

    def __init__(self, *, max_length=None, **kwargs):
        # Not passed on: CharField would count the markup and set the textarea's maxlength.
        super().__init__(**kwargs)
        self.max_length = max_length

    def clean(self, value):
        value = self.to_python(value)
        self.validate(value)
        if value in self.empty_values:
            return ""
        found = _found_problems(value)
        if found:
            raise ValidationError([ValidationError(message, code=code) for code, message in found])
        return self.check_cleaned(value, clean_html(value))

    def check_cleaned(self, value, cleaned):
        """``cleaned`` (the HTML made from ``value``) if something is left and it is not
        too long; else a ``ValidationError``."""
        text = html_to_text(cleaned)
        if not text:
            if _has_characters(value):
                raise ValidationError(self.error_messages["nothing_left"], code="nothing_left")
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return ""
        if self.max_length is not None and len(text) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This text can be at most %(limit)d character long (not counting the "
                    "formatting); it has %(length)d.",
                    "This text can be at most %(limit)d characters long (not counting the "
                    "formatting); it has %(length)d.",
                    self.max_length,
                )
                % {"limit": self.max_length, "length": len(text)},
                code="max_length",
            )
        self.run_validators(cleaned)
        return cleaned
