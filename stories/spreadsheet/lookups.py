"""Themes, places and narrators named in a spreadsheet, found by slug or name."""

from django.utils import translation

from archive.languages import CODES, translated
from archive.models import Narrator


class Vocabulary:
    """Themes or places by slug or by name in either language (case-insensitive)."""

    def __init__(self, model):
        self.by_key = {}
        self.items = {}
        for item in model.objects.all():
            self.items[item.pk] = item
            for key in {item.slug, item.name_en, item.name_es}:
                if key:
                    self.by_key.setdefault(key.strip().casefold(), set()).add(item.pk)

    def find(self, text):
        """(item, None) or (None, "unknown"/"ambiguous")."""
        found = self.by_key.get(text.strip().casefold(), set())
        if len(found) == 1:
            return self.items[next(iter(found))], None
        return None, ("ambiguous" if found else "unknown")

    def label(self, item, language):
        """The item's name in `language` when that name leads back to it alone, else its
        slug: exports must import again unchanged."""
        name = translated(item, "name", language)[0]
        if name and self.by_key.get(name.strip().casefold()) == {item.pk}:
            return name
        return item.slug


class Narrators:
    """Narrators by their public name: the pseudonym, or the name of one who has none."""

    def __init__(self):
        self.by_name = {}
        for narrator in Narrator.objects.all():
            name = (narrator.pseudonym or narrator.real_name).strip()
            if name:
                self.by_name.setdefault(name.casefold(), []).append(narrator)

    def find(self, name):
        found = self.by_name.get(name.strip().casefold(), [])
        if len(found) > 1:
            return None, "ambiguous"
        return (found[0], None) if found else (None, "new")


def choices(pairs):
    """Accept a choice's value or its label in either language."""
    accepted = {}
    for value, label in pairs:
        accepted[str(value).casefold()] = value
        for language in CODES:
            with translation.override(language):
                accepted[str(label).casefold()] = value
    return accepted
