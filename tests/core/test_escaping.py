"""What staff and residents type reaches the page as text, never as markup.

Every ``|safe``, ``mark_safe`` and ``{% autoescape off %}`` left in the project is listed
in ``REVIEWED`` with the reason it is safe; a new one makes ``test_no_unreviewed_…`` fail
until it is built from escaped or sanitised parts and added there.
"""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django import forms
from django.template import engines
from django.utils.safestring import mark_safe

from surveys import charts
from tests.reports.factories import CategoryFactory, add_attribute
from tests.surveys.factories import make_survey, q

ROOT = Path(__file__).resolve().parents[2]
XSS = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"

# Every use that turns escaping off, with why it is safe. Keys are paths from the project
# root; values the number of uses in that file.
REVIEWED = {
    # user_html: marks the output of engage.core.sanitize.clean_html, the one allow-list.
    "engage/core/templatetags/engage_tags.py": 1,
    # _svg: every text in a chart goes through django.utils.html.escape; the rest are
    # numbers and constants of the module.
    "surveys/charts.py": 1,
    # _svg: the performance charts, built the same way: every label and value escaped.
    "engage/outcomes/charts.py": 1,
    # qr_svg: segno writes the QR code as SVG paths from the URL's bits, and escapes the
    # title (a translated sentence).
    "liaisons/views/on_the_day.py": 1,
}
# Plain-text e-mail templates ({% autoescape off %}): text/plain, never read as HTML.
PLAIN_TEXT_TEMPLATE = re.compile(r"/emails/[^/]+\.txt$")
CODE_FOLDERS = ("engage", "ideas", "surveys", "liaisons", "youth")
UNESCAPING_CODE = re.compile(r"\bmark_safe\(|\bSafeString\(|\bSafeText\(|\bMarkup\(")
UNESCAPING_TEMPLATE = re.compile(r"\|\s*safe\b|\|\s*safeseq\b|{%\s*autoescape\s+off\s*%}")


def _uses(paths, pattern):
    found = {}
    for path in paths:
        count = len(pattern.findall(path.read_text(encoding="utf-8")))
        if count:
            found[path.relative_to(ROOT).as_posix()] = count
    return found


def test_no_unreviewed_safe_mark_safe_or_autoescape_off():
    code = [
        path
        for folder in CODE_FOLDERS
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
    ]
    templates = [
        path
        for path in (ROOT / "templates").rglob("*")
        if path.suffix in (".html", ".txt", ".xml")
        and not PLAIN_TEXT_TEMPLATE.search(path.as_posix())
    ]
    found = {**_uses(code, UNESCAPING_CODE), **_uses(templates, UNESCAPING_TEMPLATE)}
    assert found == REVIEWED


def test_autoescape_off_is_only_in_plain_text_emails():
    for path in (ROOT / "templates").rglob("*.txt"):
        if "autoescape off" in path.read_text(encoding="utf-8"):
            assert PLAIN_TEXT_TEMPLATE.search(path.as_posix()), path


@pytest.mark.django_db
def test_a_hint_staff_typed_is_escaped_on_the_public_report_form(client):
    category = CategoryFactory(code="graffiti", name="Graffiti")
    add_attribute(category, "surface", description=f"Surface {XSS}", hint=f"Hint {XSS}")
    add_attribute(category, "kind", datatype="singlevaluelist", values=[("wall", f"Wall {XSS}")])

    response = client.get("/en/reports/new/", {"category": "graffiti"})

    html = response.content.decode()
    assert response.status_code == 200
    assert XSS not in html
    assert f"Hint {ESCAPED}" in html
    assert f"Surface {ESCAPED}" in html
    assert f"Wall {ESCAPED}" in html


def test_help_text_is_escaped_unless_the_code_marked_it_safe():
    class Form(forms.Form):
        typed = forms.CharField(help_text=f"Typed {XSS}")
        rules = forms.CharField(help_text=mark_safe("<ul><li>Eight characters</li></ul>"))

    html = str(Form())
    assert XSS not in html
    assert f"Typed {ESCAPED}" in html
    assert "<ul><li>Eight characters</li></ul>" in html


@pytest.mark.django_db
def test_the_password_rules_on_the_signup_form_keep_their_list(client):
    response = client.get("/en/accounts/signup/")
    html = response.content.decode()
    assert "<ul><li>Your password can’t be too similar" in html
    assert "&lt;ul&gt;" not in html


@pytest.mark.django_db
def test_survey_questions_staff_typed_are_escaped_on_the_survey_page(client):
    survey = make_survey(
        [q.single(f"Label {XSS}", [f"Option {XSS}", "No"], help_text=f"Help {XSS}")],
        title="Escaping survey",
    )

    html = client.get(survey.url).content.decode()

    assert XSS not in html
    for text in ("Label", "Option", "Help"):
        assert f"{text} {ESCAPED}" in html


def test_user_html_keeps_formatting_and_drops_what_runs():
    template = engines["django"].from_string("{% load engage_tags %}{{ body|user_html }}")
    body = (
        '<p onclick="alert(1)">Hello <b>there</b></p><script>alert(2)</script>'
        f'{XSS}<a href="javascript:alert(3)">bad</a> <a href="https://example.org">good</a>'
    )

    html = template.render({"body": body})

    assert "<p>Hello <b>there</b>" in html
    assert '<a href="https://example.org" rel="nofollow ugc noopener">good</a>' in html
    for dangerous in ("onclick", "<script", "alert(2)", "onerror", "<img", "javascript:"):
        assert dangerous not in html


def _parsed(svg):
    """The chart as XML: text that slipped through unescaped would add elements or fail."""
    return ET.fromstring(str(svg))  # noqa: S314 - our own output, not untrusted XML


@pytest.mark.parametrize(
    "chart",
    [
        lambda t: charts.bar_chart(t, t, [(t, 0.5, t)], description=t),
        lambda t: charts.stacked_chart(t, t, [t, "B"], [(t, [0.6, 0.4], [t, t], t)]),
        lambda t: charts.paired_chart(t, t, [(t, 0.2, 0.8, t, t)], names=(t, t)),
    ],
    ids=["bar", "stacked", "paired"],
)
def test_chart_texts_and_ids_are_escaped(chart):
    typed = f'"><script>alert(1)</script>{XSS}'

    svg = chart(typed)

    assert "<script" not in str(svg) and "<img" not in str(svg)
    elements = {element.tag.split("}")[1] for element in _parsed(svg).iter()}
    assert elements <= {"svg", "title", "desc", "text", "rect"}
    attributes = {name for element in _parsed(svg).iter() for name in element.attrib}
    assert not [name for name in attributes if name.startswith("on")]
