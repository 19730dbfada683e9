"""Writing batches of synthetic stories as the rows Wagtail would write (steps 1-7 of the
package docstring, demo/corpus/__init__.py)."""

import copy
import re
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from modelcluster.models import (
    get_all_child_m2m_relations,
    get_all_child_relations,
    get_serializable_data_for_fields,
)
from wagtail.fields import StreamField
from wagtail.models import Page, Revision
from wagtail.search import index as search_index
from wagtail.search.backends import get_search_backends

from stories.models import StoryPage


class CorpusError(Exception):
    """The corpus cannot be generated (bad arguments or no room in the tree)."""


class BatchWriter:
    """Writes batches of stories under one index (see the module docstring, steps 1-7)."""

    def __init__(self, index, seed, count, now):
        self.model = StoryPage
        self.index = Page.objects.get(pk=index.pk)  # fresh path, depth, numchild, url paths
        self.seed = seed
        self.now = now
        self.count = count
        self.written = 0
        self.story_type = ContentType.objects.get_for_model(StoryPage)
        self.page_type = ContentType.objects.get_for_model(Page)
        self.story_columns = [f for f in StoryPage._meta.local_concrete_fields if not f.generated]
        self.child_relations = [r.get_accessor_name() for r in get_all_child_relations(StoryPage)]
        self.m2m_fields = [f for f in get_all_child_m2m_relations(StoryPage) if f.serialize]
        self.search_backends = list(get_search_backends(with_auto_update=True))
        self.search_fields = StoryPage.get_search_fields()
        self.stream_fields = {
            f.name: f for f in StoryPage._meta.concrete_fields if isinstance(f, StreamField)
        }

        children = Page.objects.filter(path__startswith=self.index.path, depth=self.index.depth + 1)
        last_path = children.order_by("-path").values_list("path", flat=True).first()
        self.next_step = Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1
        if self.next_step + count - 1 >= len(Page.alphabet) ** Page.steplen:
            raise CorpusError(
                _("The story index has no room for %(count)s more children.") % {"count": count}
            )
        # Slugs end in "-s<seed>-<number>" in both languages: continue after the highest
        # number of this seed found in either (an editor may have renamed one of them).
        pattern = re.compile(rf"-s{re.escape(str(seed))}-(\d+)$")
        marker = f"-s{seed}-"
        slugs = children.filter(Q(slug_en__contains=marker) | Q(slug_es__contains=marker))
        numbers = [
            int(match[1])
            for pair in slugs.values_list("slug_en", "slug_es")
            for slug in pair
            if slug and (match := pattern.search(slug))
        ]
        self.next_number = max(numbers, default=0) + 1

    def write(self, specs):
        pages = [self._page(spec) for spec in specs]
        with transaction.atomic():
            self._insert_pages(pages)
            self._insert_relations(pages, specs)
            self._insert_revisions(pages, specs)
            self._index_for_search(pages)
            Page.objects.filter(pk=self.index.pk).update(numchild=F("numchild") + len(pages))
        return pages

    def _page(self, spec):
        fields = spec.fields
        path = Page._get_path(self.index.path, self.index.depth + 1, self.next_step)
        self.next_step += 1
        # Publication times one second apart, the last story at `now`: listings ordered by
        # -first_published_at show them in a stable order.
        self.written += 1
        published = self.now - timedelta(seconds=self.count - self.written)
        return self.model(
            content_type_id=self.story_type.pk,
            path=path,
            depth=self.index.depth + 1,
            numchild=0,
            locale_id=self.index.locale_id,
            # Unique per locale across the whole tree (the same seed may fill two indexes),
            # so random as in Wagtail, not drawn from the story's seeded generator.
            translation_key=uuid.uuid4(),
            title=fields["title_en"],
            draft_title=fields["title_en"],
            slug=fields["slug_en"],
            url_path=f"{self.index.url_path_en}{fields['slug_en']}/",
            url_path_en=f"{self.index.url_path_en}{fields['slug_en']}/",
            url_path_es=f"{self.index.url_path_es}{fields['slug_es']}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
            show_in_menus=False,
            **fields,
        )

    def _insert_pages(self, pages):
        # Step 2: Page's own table. The objects are StoryPages; Page.objects.bulk_create only
        # looks at Page's fields, and since their pk (page_ptr_id) is unset, it inserts them
        # without ids and sets `id` from the database's RETURNING.
        Page.objects.bulk_create(pages)
        if any(page.id is None for page in pages):  # a database that cannot return ids
            ids = dict(
                Page.objects.filter(path__in=[page.path for page in pages]).values_list(
                    "path", "id"
                )
            )
            for page in pages:
                page.id = ids[page.path]
        # Step 3: the child table, only StoryPage's own columns (page_ptr_id first).
        for page in pages:
            page.page_ptr_id = page.id
        self.model._base_manager.all()._batched_insert(pages, self.story_columns, None)

    def _insert_relations(self, pages, specs):
        # Step 4: themes, places, narrators through their auto-created through-models.
        for field_name in ("themes", "places", "narrators"):
            m2m = self.model._meta.get_field(field_name)
            through = m2m.remote_field.through
            source, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
            through.objects.bulk_create(
                through(**{source: page.pk, target: item.pk})
                for page, spec in zip(pages, specs, strict=True)
                for item in getattr(spec, field_name)
            )

    def _insert_revisions(self, pages, specs):
        # Step 5: what page.serializable_data() would give, without a query per relation:
        # the new pages have no child objects (tags, comments) and we know their m2m ids.
        revisions = []
        for page, spec in zip(pages, specs, strict=True):
            content = get_serializable_data_for_fields(page)
            content.update({name: [] for name in self.child_relations})
            for m2m in self.m2m_fields:
                content[m2m.name] = [item.pk for item in getattr(spec, m2m.name, ())]
            revisions.append(
                Revision(
                    content_type_id=self.story_type.pk,
                    base_content_type_id=self.page_type.pk,
                    object_id=str(page.pk),
                    created_at=page.latest_revision_created_at,
                    object_str=page.title_en,
                    content=content,
                )
            )
        Revision.objects.bulk_create(revisions)
        # Point each page at its revision. One UPDATE with a correlated subquery (through
        # Revision's (base_content_type, object_id) index) is much cheaper than
        # bulk_update()'s CASE WHEN with one branch per page, and needs no returned ids.
        revision = Subquery(
            Revision.objects.filter(
                base_content_type_id=self.page_type.pk,
                object_id=Cast(OuterRef("pk"), CharField()),
            )
            .order_by("-pk")
            .values("pk")[:1]
        )
        Page.objects.filter(pk__in=[page.pk for page in pages]).update(
            latest_revision=revision, live_revision=revision
        )
        for page, saved in zip(pages, revisions, strict=True):
            page.latest_revision_id = page.live_revision_id = saved.pk

    def _index_for_search(self, pages):
        # Step 6. A search backend's indexer asks each object for its search fields and
        # reads every field's value once per index column it fills (title, body,
        # autocomplete, plain-text copies): five times the body StreamFields' text
        # extraction, which parses each rich-text paragraph's HTML. So each page gets
        # copies of its search fields that return values computed once; the indexer sees
        # the same SearchField / AutocompleteField classes, names and boosts as ever.
        # The untranslated `body` returns the very StreamValue of `body_en`, so its text is
        # extracted once per StreamValue too.
        if not self.search_backends:
            return
        for page in pages:
            fields, texts = [], {}
            for search_field in self.search_fields:
                if isinstance(
                    search_field, (search_index.SearchField, search_index.AutocompleteField)
                ):
                    stream_field = self.stream_fields.get(search_field.field_name)
                    if stream_field is None:
                        value = search_field.get_value(page)
                    else:
                        stream = stream_field.value_from_object(page)
                        if id(stream) not in texts:
                            texts[id(stream)] = stream_field.get_searchable_content(stream)
                        value = texts[id(stream)]
                    search_field = copy.copy(search_field)
                    search_field.get_value = lambda obj, value=value: value
                fields.append(search_field)
            page.get_search_fields = lambda fields=fields: fields
        for backend in self.search_backends:
            backend.add_bulk(self.model, pages)
