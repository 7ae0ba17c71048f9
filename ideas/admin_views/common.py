"""What the ideas admin screens share: URL namespaces and links.

People are named by ``engage.accounts.naming``.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse

# URL namespaces of the viewsets in wagtail_hooks.py. Wagtail names a snippet's views
# "wagtailsnippets_<app>_<model>"; ideas/emails.py links to IDEAS + ":edit".
IDEAS = "wagtailsnippets_ideas_idea"
COMMENTS = "wagtailsnippets_ideas_comment"
BLOCKS = "wagtailsnippets_ideas_postingblock"
LOG = "wagtailsnippets_ideas_moderationaction"
QUEUE = "ideas_moderation_queue"
FLAGGED = "ideas_flagged"


def idea_admin_url(idea_or_pk):
    return reverse(f"{IDEAS}:edit", args=[quote(getattr(idea_or_pk, "pk", idea_or_pk))])


def comment_admin_url(comment_or_pk):
    return reverse(f"{COMMENTS}:edit", args=[quote(getattr(comment_or_pk, "pk", comment_or_pk))])


def public_url(obj):
    """The public page of an idea or comment, or "" while the public pages are not mounted."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


def require(check, user):
    """Refuse the request unless ``check`` (a function of ``ideas.rules``) allows ``user``."""
    if not check(user):
        raise PermissionDenied


def reason_counts(flags):
    """(reason, how many flags give it) of ``flags``, the most given first."""
    counts = {}
    for flag in flags:
        counts[flag.get_reason_display()] = counts.get(flag.get_reason_display(), 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
