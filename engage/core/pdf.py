"""PDF documents (paper surveys, results reports, handouts) rendered with WeasyPrint.

``render_pdf`` returns bytes from an HTML template and the print stylesheet
``static/css/pdf.css`` (plus any template-specific CSS in the template itself); views
and tasks call it and decide what to do with the bytes. Every PDF is tagged (PDF/UA-1:
structure, reading order and language, for screen readers).

The document's base URL is the page it was asked from (or ``BASE_URL`` outside a request),
so relative links in the PDF point at the site. Every picture, stylesheet, font or
attachment the document refers to goes through ``site_file``, which reads only this site's
own files, never the network nor any other file on the disk:

* under ``STATIC_URL``: the static files (the finders, then ``STATIC_ROOT`` for collected,
  hashed names);
* under ``MEDIA_URL``: the uploads, read through the default storage (Wagtail image
  renditions are there), except Wagtail documents, which have a view of their own that
  checks their privacy;
* ``data:`` URLs, which carry their bytes inline.

Either URL prefix is taken on the site's own host (the request's or ``BASE_URL``'s) or as
a path. Anything else is refused: WeasyPrint logs the refusal and renders the document
without that resource.
"""

import functools
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.translation import get_language

# Every PDF is tagged: WeasyPrint's PDF/UA variant (an accessible PDF's structure).
PDF_VARIANT = "pdf/ua-1"

# Wagtail documents are served by a view that applies their collection's privacy.
PRIVATE_MEDIA_FOLDERS = ("documents/",)


class RefusedFetch(ValueError):
    """A resource the PDF may not read."""


def _safe_name(path, prefix):
    """The file name under ``prefix`` in the URL path ``path``, or ``None``."""
    if not path.startswith(prefix):
        return None
    name = unquote(path[len(prefix) :])
    parts = name.split("/")
    if not name or "\\" in name or "\x00" in name or any(p in ("", ".", "..") for p in parts):
        raise RefusedFetch(f"PDF rendering does not read {path!r}")
    return name


def _read_static(name):
    found = finders.find(name)
    if not found and settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / name).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            found = candidate
    if not found:
        raise FileNotFoundError(name)
    return Path(found).read_bytes()


def _read_media(name):
    if name.startswith(PRIVATE_MEDIA_FOLDERS):
        raise RefusedFetch(f"PDF rendering does not read the document {name!r}")
    with default_storage.open(name, "rb") as file:
        return file.read()


def site_file(url, hosts):
    """The bytes and content type of this site's static or media file at ``url``.

    ``hosts``: the site's host names (with any port) a full URL may name. Raises
    ``RefusedFetch`` for anything else and ``FileNotFoundError`` for a missing file.
    """
    parts = urlsplit(url)
    host = parts.netloc.lower()
    if parts.scheme not in ("", "http", "https"):
        raise RefusedFetch(f"PDF rendering does not fetch {url}")
    for prefix, read in ((settings.STATIC_URL, _read_static), (settings.MEDIA_URL, _read_media)):
        prefix_parts = urlsplit(prefix)
        prefix_host = prefix_parts.netloc.lower()
        # A path prefix is on the site's hosts; a full one (a CDN) on its own host only.
        if host != prefix_host and (prefix_host or host not in hosts):
            continue
        name = _safe_name(parts.path, prefix_parts.path)
        if name is not None:
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return read(name), content_type
    raise RefusedFetch(f"PDF rendering does not fetch {url}")


def _host(url):
    return urlsplit(url).netloc.lower()


@functools.cache
def _fetcher_class():
    # WeasyPrint takes half a second to import: only when a PDF is made.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SiteFilesFetcher(URLFetcher):
        """WeasyPrint's fetcher, limited to ``site_file`` and ``data:`` URLs."""

        def __init__(self, hosts):
            super().__init__(allowed_protocols={"data"}, allow_redirects=False)
            self.hosts = frozenset(hosts)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            body, content_type = site_file(url, self.hosts)
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return SiteFilesFetcher


def render_pdf(template_name, context, *, request=None):
    from weasyprint import CSS, HTML

    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri() if request else settings.WAGTAILADMIN_BASE_URL + "/"
    fetcher = _fetcher_class()({_host(base_url), _host(settings.WAGTAILADMIN_BASE_URL)})
    stylesheets = None
    if stylesheet := finders.find("css/pdf.css"):
        # Its own URL as base, so a url() in it is read like any other static file.
        stylesheet_url = urljoin(base_url, settings.STATIC_URL + "css/pdf.css")
        stylesheets = [CSS(filename=stylesheet, base_url=stylesheet_url, url_fetcher=fetcher)]
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=stylesheets
    )
    # Tagged (PDF/UA): headings, lists, tables and their reading order are marked, so a
    # screen reader reads the PDF like the page, in the right language (the template's
    # <html lang>, else the active one).
    if not document.metadata.lang:
        document.metadata.lang = get_language() or settings.LANGUAGE_CODE
    return document.write_pdf(pdf_variant=PDF_VARIANT)
