"""Theme and place ids and slugs, read once per search or per batch of index writes (a few
dozen rows). The index stores ids; visitors and documents speak in slugs."""

from archive.models import Place, ThemeTree


class Vocabulary:
    def __init__(self):
        self._themes = ThemeTree()
        self._place_slug = dict(Place.objects.values_list("pk", "slug"))
        self._place_id = {slug: pk for pk, slug in self._place_slug.items()}

    # --- Reading: a visitor's filters, facet values and hits.
    def theme_ids(self, slugs):
        return [self._themes.ids[slug] for slug in slugs if slug in self._themes.ids]

    def place_ids(self, slugs):
        return [self._place_id[slug] for slug in slugs if slug in self._place_id]

    def theme_slug(self, pk):
        return self._themes.slugs.get(pk)

    def place_slug(self, pk):
        return self._place_slug.get(pk)

    # --- Writing: a document's links.
    def document_themes(self, doc):
        """(own theme ids, ids of the themes above them): a parent theme counts and finds
        the records of its children."""
        own = set(self.theme_ids(doc.theme_slugs))
        above = {parent for pk in own for parent in self._themes.above(pk)}
        return own, above - own

    def document_places(self, doc):
        return sorted(set(self.place_ids(doc.place_slugs)))
