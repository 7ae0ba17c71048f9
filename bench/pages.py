"""Insert thousands of live Wagtail pages in a few bulk queries.

`Page.add_child()` costs a dozen queries per page (tree lock, revision, search index,
translation sync…), far too slow for 5,000 pages. Here the tree columns (`path`, `depth`,
`numchild`, `url_path`) and the rest (`locale`, `content_type`, `draft_title`, `live`…)
are computed in Python instead, then, in one transaction:

1. batched multi-row INSERTs of the `wagtailcore_page` rows (page types mixed), which
   return the new ids;
2. batched multi-row INSERTs into each specific model's own table (`core_contentpage`…);
3. one UPDATE of the parent's `numchild`;
4. optionally, the search index, through the backend's bulk path
   (`backend.add_bulk(model, pages)` → the index's `add_items()`: one multi-row
   INSERT … ON CONFLICT on PostgreSQL; a `bulk_create()` of `IndexEntry` rows on SQLite,
   whose FTS5 table is filled by triggers).

Django's `bulk_create()` refuses multi-table-inherited models ("Can't bulk create a
multi-table inherited model"), so 1 and 2 call `QuerySet._insert()`, which is what
`bulk_create()` itself calls for each batch.

Pages made this way have no revisions and no Spanish alias, like pages imported by a
script; Wagtail serves and searches them like any other live page.
"""

import uuid
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

BATCH_SIZE = 500
INDEX_BATCH_SIZE = 2000  # PostgreSQL: 8 parameters a row, well under its 65,535 limit


def home_page():
    """The default site's root page (the English home page `seed_demo` builds)."""
    from wagtail.models import Site

    site = Site.objects.select_related("root_page").get(is_default_site=True)
    return site.root_page.specific


def bulk_add_children(parent, pages, *, index=False):
    """Add the unsaved specific pages ``pages`` as live children of ``parent``, in order.

    Each page needs at least ``title`` and ``slug`` (unique among its siblings); any other
    field set on it (``show_in_menus``, ``search_description``, its own fields) is kept.
    Returns the pages, saved, with their primary keys.
    """
    if not pages:
        return []
    parent = Page.objects.get(pk=parent.pk)  # fresh path/numchild/url_path
    now = timezone.now()
    last_child = parent.get_last_child()
    position = Page._str2int(last_child.path[-Page.steplen :]) if last_child else 0
    depth = parent.depth + 1
    content_types = ContentType.objects.get_for_models(*{type(page) for page in pages})

    for page in pages:
        position += 1
        page.path = Page._get_path(parent.path, depth, position)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.translation_key = page.translation_key or uuid.uuid4()
        page.content_type = content_types[type(page)]
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.last_published_at or now
    if len(pages[-1].path) > len(parent.path) + Page.steplen:
        raise ValueError(f"Too many children for one parent ({position}).")

    using = router.db_for_write(Page)
    with transaction.atomic(using=using):
        insert_page_rows(pages, using)
        by_model = defaultdict(list)
        for page in pages:
            page.page_ptr_id = page.id
            page._state.adding = False
            page._state.db = using
            by_model[type(page)].append(page)
        for model, objs in by_model.items():
            if model is Page:
                continue
            insert_child_rows(model, objs, using)
        Page.objects.using(using).filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        if index:
            for model, objs in by_model.items():
                index_pages(model, objs)
    return pages


def insert_page_rows(pages, using):
    """INSERT the `wagtailcore_page` rows of ``pages`` (any page types) and set their ids.

    What `Page.objects.bulk_create()` does, but straight from the specific instances
    rather than from a second, plain `Page` copy of each.
    """
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:
        raise RuntimeError(f"{connection.vendor} cannot return the ids of bulk-inserted rows.")
    fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    batch_size = min(BATCH_SIZE, max(1, connection.ops.bulk_batch_size(fields, pages)))
    manager = Page._base_manager.using(using)
    for start in range(0, len(pages), batch_size):
        batch = pages[start : start + batch_size]
        rows = manager._insert(batch, fields=fields, returning_fields=[Page._meta.pk], using=using)
        for page, (pk,) in zip(batch, rows, strict=True):
            page.id = pk


def insert_child_rows(model, objs, using):
    """INSERT the rows of ``model``'s own table for ``objs`` (whose ``page_ptr_id`` is set)."""
    fields = list(model._meta.local_concrete_fields)
    connection = connections[using]
    batch_size = min(BATCH_SIZE, max(1, connection.ops.bulk_batch_size(fields, objs)))
    manager = model._base_manager.using(using)
    for start in range(0, len(objs), batch_size):
        manager._insert(objs[start : start + batch_size], fields=fields, using=using)


def index_pages(model, pages, backend_name="default"):
    """Add ``pages`` (all of ``model``) to the search index in a few bulk statements."""
    backend = get_search_backend(backend_name)
    for start in range(0, len(pages), INDEX_BATCH_SIZE):
        backend.add_bulk(model, pages[start : start + INDEX_BATCH_SIZE])
