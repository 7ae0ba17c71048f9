"""PDFs read this site's own static and media files, and nothing else (engage.core.pdf)."""

import http.server
import io
import logging
import re
import threading
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from PIL import Image
from pypdf import PdfReader
from wagtail.images import get_image_model

from engage.core.pdf import RefusedFetch, render_pdf, site_file
from tests.surveys.factories import make_survey, q

TEMPLATES = Path(__file__).parent / "templates"
HOSTS = {"testserver"}


def png(color=(200, 30, 30), size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def read(pdf):
    """The PDF's reader, its text and the sizes of the pictures it holds."""
    reader = PdfReader(io.BytesIO(pdf))
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))
    return reader, text, sorted(image_sizes(reader))


def attached_files(reader):
    """The files attached to the document (``<link rel=attachment>``) and to its links
    (``<a rel=attachment>``), by name."""
    files = {name: b"".join(contents) for name, contents in reader.attachments.items()}
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                spec = annotation["/FS"].get_object()
                files[f"link:{spec['/F']}"] = spec["/EF"]["/F"].get_object().get_data()
    return files


def image_sizes(reader):
    """Every image XObject, also those drawn inside forms and patterns (CSS backgrounds)."""
    seen, sizes = set(), []

    def walk(resources):
        for kind in ("/XObject", "/Pattern"):
            for ref in resources.get(kind, {}).values():
                key = (ref.idnum, ref.generation) if hasattr(ref, "idnum") else id(ref)
                obj = ref.get_object()
                if key in seen:
                    continue
                seen.add(key)
                if obj.get("/Subtype") == "/Image":
                    sizes.append((obj["/Width"], obj["/Height"]))
                elif "/Resources" in obj:
                    walk(obj["/Resources"].get_object())

    for page in reader.pages:
        walk(page["/Resources"].get_object())
    return sizes


@pytest.fixture
def handout(settings, tmp_path):
    """``handout(head=…, body=…)`` renders tests/core/templates/pdf_test/handout.html with
    ``tmp_path`` as one more static folder."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}
    ]
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, tmp_path]

    def render(head="", body=""):
        return render_pdf("pdf_test/handout.html", {"head": head, "body": body})

    return render


@pytest.fixture
def refusals(caplog):
    """The URLs WeasyPrint was refused, from its log (it logs a failed resource and goes on)."""
    caplog.set_level(logging.DEBUG, logger="weasyprint")  # fonts are logged at DEBUG
    return lambda: [r.getMessage() for r in caplog.records if "does not" in r.getMessage()]


@pytest.fixture
def listener():
    """A web server on 127.0.0.1 that records every request it gets."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"h1 { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.django_db
def test_a_picture_in_a_survey_intro_is_printed_on_the_paper_version(client):
    picture = get_image_model().objects.create(
        title="The park", file=ImageFile(io.BytesIO(png()), name="park.png")
    )
    embed = f'<embed embedtype="image" id="{picture.pk}" format="fullwidth" alt="The park"/>'
    intro = f"<p>Our park.</p>{embed}"
    survey = make_survey([q.short("Your idea")], intro=intro)

    response = client.get(survey.url + survey.reverse_subpage("paper_pdf_view"))

    assert response.status_code == 200
    _reader, text, images = read(response.content)
    assert "Our park." in text
    assert images == [(40, 30)]  # the rendition, from the (in-memory) media storage


def test_a_static_stylesheet_and_media_pictures_are_used(handout, tmp_path, refusals):
    (tmp_path / "pdf_test").mkdir()
    (tmp_path / "pdf_test" / "handout.css").write_text(
        'h1::after { content: " (styled)" }\n'
        ".stamp { width: 20px; height: 20px; background: url(stamp.png) }\n"  # relative: static
    )
    (tmp_path / "pdf_test" / "stamp.png").write_bytes(png((0, 90, 200), (8, 8)))
    default_storage.save("pdf-test/photo.png", ContentFile(png()))
    default_storage.save("pdf-test/other.png", ContentFile(png((0, 150, 0), (30, 20))))
    default_storage.save("pdf-test/notes.txt", ContentFile(b"Meeting notes"))
    try:
        pdf = handout(
            head=(
                '<link rel="stylesheet" href="/static/pdf_test/handout.css">'
                '<link rel="attachment" href="/media/pdf-test/notes.txt">'
            ),
            body=(
                '<img src="/media/pdf-test/photo.png" alt="">'
                '<img src="http://testserver/media/pdf-test/other.png" alt="">'
                '<div class="stamp"></div>'
                '<a rel="attachment" href="/media/pdf-test/notes.txt">Notes</a>'
            ),
        )
    finally:
        for name in ("photo.png", "other.png", "notes.txt"):
            default_storage.delete(f"pdf-test/{name}")

    reader, text, images = read(pdf)
    assert len(reader.pages) == 1
    assert "Handout (styled)" in text
    assert images == [(8, 8), (30, 20), (40, 30)]
    assert attached_files(reader) == {
        "notes.txt": b"Meeting notes",
        "link:notes.txt": b"Meeting notes",
    }
    assert refusals() == []


def test_nothing_is_read_from_the_network_or_other_files(handout, listener, refusals):
    origin, requests = listener
    pdf = handout(
        head=(
            f'<link rel="stylesheet" href="{origin}/remote.css">'
            '<link rel="stylesheet" href="file:///etc/passwd">'
            '<link rel="attachment" href="file:///etc/passwd">'
            "<style>"
            f"@import url({origin}/imported.css);"
            f"@font-face {{ font-family: Remote; src: url({origin}/font.woff) }}"
            f"h1 {{ font-family: Remote; background: url({origin}/background.png) }}"
            "p { background: url(file:///etc/hostname) }"
            "</style>"
        ),
        body=(
            f'<p>Still printed.</p><img src="{origin}/picture.png" alt="">'
            '<img src="file:///etc/passwd" alt="">'
            '<a rel="attachment" href="file:///etc/passwd">passwd</a>'
            f'<a rel="attachment" href="{origin}/secret.txt">secret</a>'
            '<img src="http://testserver/static/%2e%2e/%2e%2e/etc/passwd" alt="">'
            '<img src="http://testserver.evil.example/static/img/logo.svg" alt="">'
        ),
    )

    assert requests == []
    reader, text, images = read(pdf)
    assert "Handout" in text and "Still printed." in text
    assert images == []
    assert attached_files(reader) == {}
    assert b"root:" not in pdf
    messages = refusals()
    refused = "\n".join(messages)
    for url in ("remote.css", "imported.css", "font.woff", "background.png", "picture.png"):
        assert f"{origin}/{url}" in refused
    # A stylesheet, a picture and two attachments.
    assert sum("file:///etc/passwd" in message for message in messages) == 4
    assert "file:///etc/hostname" in refused  # a CSS background
    assert "%2e%2e" in refused and "testserver.evil.example" in refused


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/static/css/pdf.css",
        "http://testserver.evil.example/static/css/pdf.css",
        "http://testserver@evil.example/static/css/pdf.css",
        "//evil.example/static/css/pdf.css",
        "ftp://testserver/static/css/pdf.css",
        "/static/../../etc/passwd",
        "/static/css/../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2fetc/passwd",
        "/static//etc/passwd",
        "/static/css\\..\\..\\settings.py",
        "/media/../settings.py",
        "http://testserver/media/%2E%2E/engage/settings/base.py",
        "/media/documents/minutes.pdf",  # Wagtail documents check their privacy in a view
        "/engage/settings/base.py",
        "/",
    ],
)
def test_only_static_and_media_files_are_read(url):
    with pytest.raises(RefusedFetch):
        site_file(url, HOSTS)


def test_static_and_media_files_are_read():
    css, content_type = site_file("http://testserver/static/css/pdf.css", HOSTS)
    assert content_type == "text/css" and b"@page" in css

    name = default_storage.save("pdf-test/photo.png", ContentFile(png()))
    try:
        assert site_file(f"/media/{name}", HOSTS) == (png(), "image/png")
    finally:
        default_storage.delete(name)
    with pytest.raises(FileNotFoundError):
        site_file("/static/css/missing.css", HOSTS)
