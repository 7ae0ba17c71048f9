"""Rich text from residents: what survives cleaning, and what they are told to fix."""

import random
import re

import pytest
from bleach import html5lib_shim
from django import forms
from django.template import Context, Template

from engage.core.sanitize import UserHTMLField, clean_html, html_to_text, problems

REL = 'rel="nofollow ugc noopener"'

# Filter-evasion payloads in the style of OWASP's XSS cheat sheet. Each one must come out
# with nothing a browser could run.
XSS_PAYLOADS = [
    # <script> in many spellings
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=http://xss.rocks/xss.js></script>",
    "<SCRIPT SRC=//xss.rocks/.j>",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<script>alert(1)",
    "</script><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\x00>alert(1)</script>",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    '<a href="http://a.example/"><script>alert(1)</script></a>',
    # javascript:, vbscript:, data: links, disguised
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="jav&#x0D;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>',
    '<a href="&#14;  javascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="java\x00script:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="livescript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    "<a href=javascript:alert(1)>x</a>",
    "<a href=`javascript:alert(1)`>x</a>",
    "<a href='javascript:alert(1)'>x</a>",
    '<a href="//evil.example/">x</a>',
    '<a href="https://ok.example/?q="><script>alert(1)</script>">x</a>',
    '<a """><script>alert(1)</script>">',
    # event handlers
    '<a href="http://ok.example/" onclick="alert(1)">x</a>',
    '<a href="http://ok.example/" onmouseover=alert(1)>x</a>',
    '<a href="http://ok.example/"onmouseover="alert(1)">x</a>',
    "<b onmouseover=alert(1)>bold</b>",
    '<p onclick="alert(1)">para</p>',
    "<BODY ONLOAD=alert(1)>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(1)>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<isindex type=image src=1 onerror=alert(1)>",
    '<video><source onerror="alert(1)">',
    "<audio src=x onerror=alert(1)>",
    # images
    '<IMG SRC="javascript:alert(1);">',
    "<IMG SRC=javascript:alert(1)>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    '<IMG SRC=# onmouseover="alert(1)">',
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<IMG SRC="jav&#x09;ascript:alert(1);">',
    '<IMG DYNSRC="javascript:alert(1)">',
    "<img src=x onerror=alert(1)//",
    # SVG and MathML
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">CLICKME</math>',
    '<math><a xlink:href="javascript:alert(1)">x</a></math>',
    # frames, objects, embeds
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>',
    '<FRAMESET><FRAME SRC="javascript:alert(1);"></FRAMESET>',
    '<object data="javascript:alert(1)">',
    '<object type="text/x-scriptlet" data="http://xss.rocks/scriptlet.html"></object>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+">',
    # meta refresh, base, forms, link
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(1);">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD4K">',
    '<BASE HREF="javascript:alert(1);//">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<LINK REL="stylesheet" HREF="javascript:alert(1);">',
    # style sheets and style attributes
    '<STYLE>li {list-style-image: url("javascript:alert(1)");}</STYLE><UL><LI>XSS</br>',
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    '<DIV STYLE="background-image: url(javascript:alert(1))">',
    '<DIV STYLE="width: expression(alert(1));">',
    '<p style="x:expr/**/ession(alert(1))">x</p>',
    '<XSS STYLE="behavior: url(xss.htc);">',
    '<a href="http://ok.example/" style="color:red">x</a>',
    '<TABLE BACKGROUND="javascript:alert(1)">',
    '<TD BACKGROUND="javascript:alert(1)">',
    # comments and parser tricks
    "<!--[if gte IE 4]><SCRIPT>alert(1);</SCRIPT><![endif]-->",
    "<!-- --><script>alert(1)</script><!-- -->",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<textarea></textarea><script>alert(1)</script>",
    "<title><img src=x onerror=alert(1)></title>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    '<HTML xmlns:xss><?import namespace="xss" implementation="http://xss.rocks/xss.htc">'
    "<xss:xss>XSS</xss:xss></HTML>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]

ALLOWED_ELEMENTS = {"p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "a"}
FORBIDDEN_TAG = re.compile(
    r"<\s*/?\s*(script|style|svg|math|iframe|frame|object|embed|meta|base|form|img|link"
    r"|input|button|textarea|template|video|audio|source)\b",
    re.IGNORECASE,
)
ATTRIBUTE_IN_TAG = re.compile(r"<[^>]*\s(on\w+|style|src|srcdoc|action|formaction)\s*=", re.I)


def parsed_elements(html):
    """(name, namespace, attributes) of every element, as a browser's parser sees them."""
    parser = html5lib_shim.BleachHTMLParser(
        tags=None, strip=False, consume_entities=True, namespaceHTMLElements=False
    )
    walker = html5lib_shim.getTreeWalker("etree")
    for token in walker(parser.parseFragment(html)):
        if token["type"] in ("StartTag", "EmptyTag"):
            attributes = {name: value for (_ns, name), value in token["data"].items()}
            yield token["name"], token["namespace"], attributes


def assert_harmless(html):
    assert not FORBIDDEN_TAG.search(html), html
    assert not ATTRIBUTE_IN_TAG.search(html), html
    for name, namespace, attributes in parsed_elements(html):
        assert namespace is None, html
        assert name in ALLOWED_ELEMENTS, html
        if name == "a":
            assert set(attributes) == {"href", "rel"}, html
            href = attributes["href"].lstrip("\x00\t\n\f\r ").lower()
            assert href.startswith(("http://", "https://", "mailto:")), html
        else:
            assert not attributes, html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_cleaning(payload):
    cleaned = clean_html(payload)

    assert_harmless(cleaned)
    assert clean_html(cleaned) == cleaned


def test_there_are_enough_payloads():
    assert len(XSS_PAYLOADS) >= 60


@pytest.mark.parametrize(
    "payload",
    [
        "<script>secret()</script>",
        "<style>.secret {}</style>",
        "<iframe>secret</iframe>",
        "<object>secret</object>",
        "<embed>",
        "<template>secret</template>",
        "<noscript>secret</noscript>",
        "<textarea>secret</textarea>",
        "<svg><text>secret</text></svg>",
        "<math><mi>secret</mi></math>",
        "<title>secret</title>",
    ],
)
def test_hidden_content_is_dropped_with_its_tags(payload):
    cleaned = clean_html(f"Before {payload} after")

    assert "secret" not in cleaned
    assert cleaned == "<p>Before  after</p>"


# What is kept


def test_the_allowed_formatting_is_kept():
    html = (
        "<p>A <b>b</b> <strong>strong</strong> <i>i</i> <em>em</em><br>line</p>\n"
        "<ul><li>one</li></ul>\n<ol><li>two</li></ol>"
    )

    assert clean_html(html) == html


def test_other_tags_are_stripped_but_their_text_is_kept():
    cleaned = clean_html('<p><span style="color:red">red</span> <u>under</u> <code>x</code></p>')

    assert cleaned == "<p>red under x</p>"


def test_headings_and_divs_become_paragraphs():
    assert clean_html("<h2>Title</h2><div>one</div><div>two</div>") == (
        "<p>Title</p>\n<p>one</p>\n<p>two</p>"
    )


def test_entities_stay_entities():
    assert clean_html("<p>Fish &amp; chips &lt;3 & more</p>") == (
        "<p>Fish &amp; chips &lt;3 &amp; more</p>"
    )


# Links


def test_every_link_gets_our_rel_whatever_the_user_wrote():
    cleaned = clean_html('<a href="https://city.example/" rel="opener" target="_blank">city</a>')

    assert cleaned == f'<p><a href="https://city.example/" {REL}>city</a></p>'


@pytest.mark.parametrize(
    "href", ["http://city.example/", "https://city.example/a?b=1", "mailto:clerk@city.example"]
)
def test_http_https_and_mailto_links_are_kept(href):
    assert f'href="{href.replace("&", "&amp;")}"' in clean_html(f'<a href="{href}">x</a>')


@pytest.mark.parametrize("href", ["/events/", "events.html", "#top", "//evil.example/", "ftp://x"])
def test_other_links_lose_the_link_but_keep_the_text(href):
    assert clean_html(f'<a href="{href}">the text</a>') == "<p>the text</p>"


def test_addresses_in_text_become_links():
    cleaned = clean_html("See https://city.gov/plan?x=1&y=2 or www.city.gov.")

    assert cleaned == (
        f'<p>See <a href="https://city.gov/plan?x=1&amp;y=2" {REL}>'
        "https://city.gov/plan?x=1&amp;y=2</a> or "
        f'<a href="http://www.city.gov" {REL}>www.city.gov</a>.</p>'
    )


def test_text_inside_a_link_is_not_linkified_again():
    html = f'<p><a href="https://a.example/" {REL}>www.b.example</a></p>'

    assert clean_html(html) == html


def test_only_our_protocols_are_linkified():
    cleaned = clean_html("data:text.example/x")

    assert 'href="data:' not in cleaned


# Paragraphs


def test_plain_text_becomes_paragraphs_and_line_breaks():
    text = "Dear council,\r\n\r\nThe park\nneeds benches.\n\n\n  Thanks  \n"

    assert (
        clean_html(text) == "<p>Dear council,</p>\n<p>The park<br>needs benches.</p>\n<p>Thanks</p>"
    )


def test_text_around_a_list_gets_paragraphs():
    cleaned = clean_html("We need:\n<ul><li>benches</li><li>shade</li></ul>\nThanks")

    assert cleaned == "<p>We need:</p>\n<ul><li>benches</li><li>shade</li></ul>\n<p>Thanks</p>"


def test_text_already_in_paragraphs_is_left_alone():
    html = "<p>one\ntwo</p>"

    assert clean_html(html) == html


def test_inline_formatting_across_lines_stays_balanced():
    assert clean_html("<b>one\ntwo</b>\n\nthree") == "<p><b>one<br>two</b></p>\n<p>three</p>"


@pytest.mark.parametrize("empty", ["", "   ", "\n\n", "<p></p>", "<br><br>", None])
def test_empty_input_gives_empty_output(empty):
    assert clean_html(empty) == ""


@pytest.mark.parametrize(
    "text",
    [
        "plain\ntext\n\nparagraphs",
        "<b>bold</b> and http://x.example/ and a & b",
        "<div>one</div><div><br></div><div>two</div>",
        "<ul><li>x<li>y</ul>trailing\n\ntext",
        "<b><p>block in inline</p></b>",
        "<p>unclosed <b>bold",
        "<li>stray item</li>",
        "a &nbsp; b &amp;amp; &#169; &copy",
        "<a href='http://x.example/'>one\n\ntwo</a>",
    ],
)
def test_cleaning_twice_changes_nothing(text):
    once = clean_html(text)

    assert clean_html(once) == once


# Visible text


def test_html_to_text_gives_what_a_reader_sees():
    html = (
        "<p>Fish &amp; <b>chips</b><br>second line</p>\n<ul><li>one</li><li>two</li></ul>"
        "<script>hidden()</script><p>last   para</p>"
    )

    assert html_to_text(html) == "Fish & chips\nsecond line\n\none\ntwo\n\nlast para"


def test_html_to_text_of_nothing():
    assert html_to_text("") == ""
    assert html_to_text(None) == ""


# Problems a person is told about


def test_no_problems_in_ordinary_text():
    assert problems('<p>Hello <a href="https://x.example/">x</a></p>\nOK') == []


def test_a_script_is_a_problem():
    assert problems("Hi <script>alert(1)</script>") == [
        "Scripts and style sheets are not allowed. Please remove the <script> part."
    ]


def test_script_and_style_make_one_message():
    assert problems("<SCRIPT>x</SCRIPT><style>p{}</style><script>y</script>") == [
        "Scripts and style sheets are not allowed. Please remove the <script>, <style> parts."
    ]


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href="data:text/html,hi">x</a>',
        '<a href="/relative">x</a>',
        '<form action="javascript:alert(1)"></form>',
    ],
)
def test_a_link_with_another_protocol_is_a_problem(html):
    assert problems(html) == ["Links must start with http://, https:// or mailto:."]


def test_event_handlers_are_a_problem():
    assert problems('<img src=x onerror="alert(1)"><b ONCLICK=x onerror=y>b</b>') == [
        "Attributes that run code are not allowed. Please remove onerror, onclick."
    ]


def test_an_embedded_frame_is_a_problem():
    assert problems('<iframe src="https://video.example/embed/1"></iframe>') == [
        "Embedded frames, videos and objects are not allowed. Please remove the <iframe> "
        "part and link to the page instead."
    ]


def test_each_kind_of_problem_is_reported_once():
    html = (
        '<script>a</script><script>b</script><a href="javascript:x">1</a>'
        '<a href="vbscript:y">2</a><b onclick=z>3</b>'
    )

    assert len(problems(html)) == 3


def test_formatting_that_is_simply_dropped_is_not_a_problem():
    assert problems('<h1 style="color:red">Title</h1><table><tr><td>x</td></tr></table>') == []


# The form field


class IdeaForm(forms.Form):
    body = UserHTMLField(max_length=10)
    note = UserHTMLField(required=False)


def errors(data):
    form = IdeaForm(data)
    assert not form.is_valid()
    return form.errors.as_data()


def test_the_field_returns_clean_html():
    form = IdeaForm({"body": "<b>Benches</b>", "note": "a\n\nb"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"body": "<p><b>Benches</b></p>", "note": "<p>a</p>\n<p>b</p>"}


def test_the_field_is_a_textarea_without_a_maxlength_on_the_markup():
    html = str(IdeaForm()["body"])

    assert "<textarea" in html
    assert "maxlength" not in html


def test_max_length_counts_the_visible_text_not_the_markup():
    markup = '<p><b><a href="https://city.example/a/long/address">0123456789</a></b></p>'

    assert IdeaForm({"body": markup}).is_valid()

    (error,) = errors({"body": "<b>01234</b> 56789"})["body"]
    assert error.code == "max_length"
    assert error.messages == [
        "This text can be at most 10 characters long (not counting the formatting); it has 11."
    ]


def test_a_required_field_refuses_empty_input():
    (error,) = errors({"body": "  "})["body"]

    assert error.code == "required"


def test_a_required_field_refuses_markup_without_text():
    (error,) = errors({"body": "<p> </p><br>"})["body"]

    assert error.code == "required"


def test_input_with_nothing_left_after_cleaning_is_refused_with_an_explanation():
    (error,) = errors({"body": "<select><option>one</option></select>"})["body"]

    assert error.code == "nothing_left"
    assert "Nothing is left of this text" in error.messages[0]


def test_an_optional_field_may_be_empty():
    form = IdeaForm({"body": "x", "note": "<p></p>"})

    assert form.is_valid()
    assert form.cleaned_data["note"] == ""


def test_problems_are_refused_with_their_messages_and_codes():
    found = errors({"body": '<script>x</script><a href="javascript:y" onclick="z">a</a>'})

    assert [(e.code, e.messages[0]) for e in found["body"]] == [
        ("script", "Scripts and style sheets are not allowed. Please remove the <script> part."),
        ("link_protocol", "Links must start with http://, https:// or mailto:."),
        ("event_handler", "Attributes that run code are not allowed. Please remove onclick."),
    ]


# The template filter


def test_the_user_html_filter_cleans_again_and_marks_safe():
    template = Template("{% load engage_tags %}<div>{{ value|user_html }}</div>")

    rendered = template.render(Context({"value": "<b>hi</b><script>x()</script>"}))

    assert rendered == "<div><p><b>hi</b></p></div>"


def test_the_user_html_filter_shows_nothing_for_none():
    template = Template("{% load engage_tags %}{{ value|user_html }}")

    assert template.render(Context({"value": None})) == ""


# Random mixes of fragments: always harmless, always stable


FRAGMENTS = [
    *("<p>", "</p>", "<b>", "</b>", "<i>", "</em>", "<ul>", "<ol>", "<li>", "</li>", "</ul>"),
    *("<br>", "<div>", "</div>", "<table><tr><td>", "<h2>", "<pre>", "<select><option>"),
    *("<script>", "</script>", "<style>", "<svg>", "</svg>", "<math>", "<noscript>"),
    *("<textarea>", "<template>", "</template>", "<img src=x onerror=y>", "<!--", "-->"),
    *("<a href='http://x.org'>", "<a href=javascript:x>", "<a href='/r'>", "</a>"),
    *("text", "www.city.gov", "http://a.org/?a=1&b=2", "&amp;", "&", "&#106;", "&nbsp;"),
    *("<", ">", '"', "'", "=", "\n", "\n\n", " ", "\x00"),
]


def test_random_mixes_are_harmless_and_stable():
    rng = random.Random(2024)
    for _ in range(1000):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 16)))
        cleaned = clean_html(text)
        assert_harmless(cleaned)
        assert clean_html(cleaned) == cleaned, text
