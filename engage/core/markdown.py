"""Formatting residents type as Markdown, rendered through the one sanitiser.

What a person types in a description or a comment is Markdown (CommonMark, through
markdown-it-py) limited to what the help text promises: paragraphs (a blank line), line
breaks (a single line break, as before Markdown), **bold**, *italic*, lists (``- item``,
``1. item``, nested by indenting) and links (``[text](https://…)``; addresses typed as
text become links too). Raw HTML is not markup: ``<b>`` is shown as typed. Headings, code
blocks, quotes, rules and images are switched off, so text written before Markdown (a line
starting with ``#``, an indented line) is not formatted by surprise; an image becomes a
link to it. The HTML is then cleaned by ``engage.core.sanitize.clean_html`` — the one
allow-list, which also gives every link ``rel="nofollow ugc noopener"`` — and that HTML is
what is stored and shown (``user_html``), so text stored before Markdown renders as it
always did.

``to_markdown`` turns stored HTML back into Markdown for editing: rendering its result
gives the same HTML, and characters that Markdown would read as formatting are escaped.
"""

import re

from django.core.exceptions import ValidationError
from markdown_it import MarkdownIt

from .sanitize import (
    UserHTMLField,
    _found_problems,
    _tokens,
    _visible_tokens,
    clean_html,
)

# Everything CommonMark has that the help text does not promise.
_SWITCHED_OFF = [
    "heading",
    "lheading",
    "code",
    "fence",
    "blockquote",
    "hr",
    "html_block",
    "html_inline",
    "image",
    "backticks",
]


def _parser():
    return MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(_SWITCHED_OFF)


_MARKDOWN = _parser()
# The same, but keeping every link, so that ``problems`` can name the ones refused.
_EVERY_LINK = _parser()
_EVERY_LINK.validateLink = lambda url: True
# markdown-it writes a line break as "<br />" and the line's end: the sanitiser's own
# paragraphs have "<br>" alone.
_BREAK = re.compile(r"<br\s*/?>\n?")


def render_markdown(text):
    """Safe HTML from Markdown a resident typed ("" for nothing)."""
    if text is None or not str(text).strip():
        return ""
    return clean_html(_BREAK.sub("<br>", _MARKDOWN.render(str(text))))


def markdown_problems(text):
    """``(code, message)`` for what the person should fix themselves (see
    ``sanitize.problems``): a pasted script or frame, a link that is not http, https or
    mailto (``[x](javascript:…)``), an ``onclick``."""
    if not text:
        return []
    found = dict(_found_problems(text))
    for code, message in _found_problems(_EVERY_LINK.render(str(text))):
        found.setdefault(code, message)
    return list(found.items())


class MarkdownField(UserHTMLField):
    """A text area for formatted text written in Markdown; returns the cleaned HTML.

    The same rules as ``UserHTMLField`` (``max_length`` counts the visible text; scripts
    and unsafe links are refused with a message saying what to remove).
    """

    def clean(self, value):
        value = self.to_python(value)
        self.validate(value)
        if value in self.empty_values:
            return ""
        found = markdown_problems(value)
        if found:
            raise ValidationError([ValidationError(message, code=code) for code, message in found])
        return self.check_cleaned(value, render_markdown(value))


# From stored HTML back to Markdown ---------------------------------------------------

# Characters that start formatting anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]&<>!])")
# What starts a block at the beginning of a line: a list item ("- ", "+ ", "1. ", "1) ").
_LINE_START = re.compile(r"^(\s*)([-+*]|\d+[.)])(?=\s|$)")


def _escape(text, *, line_start):
    """``text`` with what Markdown would read as formatting escaped; a list marker only
    where it would start a list (at the start of a line or of a list item)."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    if not line_start:
        return text
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*"}


def to_markdown(html):
    """Markdown that renders back to ``html`` (stored, cleaned HTML), for editing."""
    if not html:
        return ""
    out = []
    lists = []  # one entry per open list: [ordered, number of the next item]
    href = []
    for token in _visible_tokens(_tokens(clean_html(html), consume_entities=True)):
        kind, name = token["type"], token.get("name")
        if kind in ("Characters", "SpaceCharacters"):
            # Line breaks in the HTML are whitespace (a <br> is the line break).
            data = token["data"]
            data = "" if not data.strip() and "\n" in data else data.replace("\n", " ")
            if data:
                previous = out[-1] if out else "\n"
                line_start = previous.rstrip(" ").endswith("\n") or previous.endswith(("- ", ". "))
                out.append(_escape(data, line_start=line_start))
        elif name == "br":
            out.append("\n" + "   " * len(lists))
        elif name in _MARKS:
            out.append(_MARKS[name])
        elif name == "a" and kind == "StartTag":
            href.append((token.get("data") or {}).get((None, "href"), ""))
            out.append("[")
        elif name == "a":
            out.append(f"]({href.pop() if href else ''})")
        elif name == "p" and kind == "EndTag":
            out.append("\n\n")
        elif name in ("ul", "ol") and kind == "StartTag":
            if lists:
                out.append("\n")
            lists.append([name == "ol", 1])
        elif name in ("ul", "ol"):
            lists.pop()
            if not lists:
                out.append("\n\n")
        elif name == "li" and kind == "StartTag":
            ordered, number = lists[-1] if lists else (False, 1)
            marker = f"{number}." if ordered else "-"
            if lists:
                lists[-1][1] += 1
            if out and not out[-1].endswith("\n"):
                out.append("\n")
            out.append("   " * (len(lists) - 1) + marker + " ")
        elif name == "li" and out and not out[-1].endswith("\n"):
            out.append("\n")
    text = "".join(out)
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", text)).strip()
