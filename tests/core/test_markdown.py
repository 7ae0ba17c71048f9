"""Markdown residents type, rendered through the one sanitiser (engage.core.markdown)."""

import re

import pytest
from django import forms

from engage.core.markdown import MarkdownField, markdown_problems, render_markdown, to_markdown
from engage.core.sanitize import clean_html, html_to_text

REL = 'rel="nofollow ugc noopener"'


def test_plain_text_renders_as_it_did_before_markdown():
    text = "Dear council,\n\nThe park\nneeds benches.\n\nThanks"
    assert render_markdown(text) == clean_html(text)


@pytest.mark.parametrize(
    ("typed", "html"),
    [
        ("**bold** and __bold__", "<p><strong>bold</strong> and <strong>bold</strong></p>"),
        ("*italic* and _italic_", "<p><em>italic</em> and <em>italic</em></p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        (
            "[the plan](https://city.gov/plan)",
            f'<p><a href="https://city.gov/plan" {REL}>the plan</a></p>',
        ),
        (
            "Write to <parks@city.gov>",
            f'<p>Write to <a href="mailto:parks@city.gov" {REL}>parks@city.gov</a></p>',
        ),
        (
            "See https://city.gov",
            f'<p>See <a href="https://city.gov" {REL}>https://city.gov</a></p>',
        ),
    ],
)
def test_what_the_help_text_promises(typed, html):
    assert render_markdown(typed) == html


def test_nested_lists():
    html = render_markdown("- trees\n   - oaks\n   - *maples*\n- benches")
    assert html == (
        "<ul>\n<li>trees\n<ul>\n<li>oaks</li>\n<li><em>maples</em></li>\n</ul>\n</li>\n"
        "<li>benches</li>\n</ul>"
    )


@pytest.mark.parametrize(
    "typed",
    [
        "# Not a heading",
        "    four spaces in front",
        "> not a quote",
        "---",
        "`not code`",
        "```\nnot a fence\n```",
    ],
)
def test_what_it_does_not_promise_stays_text(typed):
    html = render_markdown(typed)
    assert "<" not in re.sub(r"</?p>|<br>", "", html)
    assert html_to_text(html).replace("\n", " ").strip("` ") in typed.replace("\n", " ")


@pytest.mark.parametrize(
    "typed",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](jav&#x61;script:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<javascript:alert(1)>",
        "[click][x]\n\n[x]: javascript:alert(1)",
    ],
)
def test_script_links_never_become_links(typed):
    assert "<a" not in render_markdown(typed)


def test_images_are_not_shown_but_linked():
    html = render_markdown('![a cat](https://example.org/cat.png "title")')
    assert "<img" not in html
    assert f'<a href="https://example.org/cat.png" {REL}>a cat</a>' in html
    assert "<img" not in render_markdown("![x](javascript:alert(1))")


@pytest.mark.parametrize(
    "typed",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="https://x.org" onclick="alert(1)">x</a>',
        "<iframe src=https://x.org></iframe>",
        "<b>bold</b>",
    ],
)
def test_raw_html_is_shown_as_typed_never_as_markup(typed):
    html = render_markdown(typed)
    # The only markup: the paragraph, and the address typed in it made a link.
    assert "<" not in re.sub(rf'</?p>|<a href="https://x.org" {REL}>|</a>', "", html)
    assert html_to_text(html) == typed


def test_every_link_gets_nofollow_ugc():
    html = render_markdown('[a](https://a.example "t") and [b](http://b.example)')
    assert html.count(REL) == 2
    assert "title=" not in html


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("[click](javascript:alert(1))", "link_protocol"),
        ("[relative](/en/ideas/)", "link_protocol"),
        ("Hi <script>alert(1)</script>", "script"),
        ("<iframe src=https://x.org></iframe>", "embed"),
        ('<b onclick="x()">hi</b>', "event_handler"),
    ],
)
def test_the_person_is_told_what_to_fix(typed, code):
    assert code in dict(markdown_problems(typed))


class Form(forms.Form):
    body = MarkdownField(max_length=10)


def test_the_field_returns_clean_html_and_counts_visible_text():
    form = Form({"body": "**0123456789**"})
    assert form.is_valid()
    assert form.cleaned_data["body"] == "<p><strong>0123456789</strong></p>"
    assert not Form({"body": "**01234567890**"}).is_valid()
    form = Form({"body": "[x](javascript:alert(1))"})
    assert not form.is_valid()
    assert "Links must start with" in form.errors["body"][0]


@pytest.mark.parametrize(
    "html",
    [
        "<p>Dear council,</p>\n<p>The park<br>needs <strong>benches</strong>.</p>",
        "<p>1. not a list * star _under_ [brackets] # hash &amp; &lt;b&gt;</p>",
        f'<p>See <a href="https://city.gov/?a=1&amp;b=2" {REL}>the plan</a>.</p>',
        "<p>We need:</p>\n<ul>\n<li>benches</li>\n<li>shade\n"
        "<ul>\n<li>trees</li>\n</ul>\n</li>\n</ul>",
        "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n<p>- not an item</p>",
    ],
)
def test_stored_html_edits_as_markdown_that_renders_back(html):
    assert render_markdown(to_markdown(html)) == html


def test_text_stored_before_markdown_is_not_formatted_by_surprise_when_edited():
    stored = clean_html("2. Call 311 * soon\n\n# hashtag\n\n<b>real bold</b> and *stars*")
    again = render_markdown(to_markdown(stored))
    assert html_to_text(again) == html_to_text(stored)
    assert "<ol>" not in again and "<em>" not in again
    assert "<strong>real bold</strong>" in again
