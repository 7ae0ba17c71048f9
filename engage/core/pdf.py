"""PDF documents (paper surveys, results reports, handouts) rendered with WeasyPrint.

``render_pdf`` returns bytes from an HTML template and the print stylesheet
``static/css/pdf.css`` (plus any template-specific CSS in the template itself); views
and tasks call it and decide what to do with the bytes. Everything the PDF needs is read
from this site's static files: WeasyPrint never fetches anything from elsewhere.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _local_only(url, *args, **kwargs):
    """WeasyPrint's fetcher, limited to this site's static files (no network)."""
    from weasyprint.urls import default_url_fetcher

    if url.startswith("file://"):
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"PDF rendering does not fetch {url}")


def render_pdf(template_name, context, *, request=None):
    from weasyprint import CSS, HTML

    html = render_to_string(template_name, context, request=request)
    stylesheet = finders.find("css/pdf.css")
    base_url = Path(settings.BASE_DIR).as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=_local_only).write_pdf(
        stylesheets=[CSS(filename=stylesheet)] if stylesheet else None
    )
