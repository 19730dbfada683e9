"""What an import would do, row by row, before anything is saved."""

import hashlib
from datetime import date as Date

from django.utils.text import slugify
from django.utils.translation import gettext

from archive.languages import CODES, label, other
from archive.models import Place, Theme
from archive.models.dates import HistoricalDate
from stories.models import (
    StoryIndexPage,
    StoryPage,
    TranslationStatus,
    Visibility,
)
from stories.spreadsheet.core import (
    COLUMNS,
    CREATE,
    REFUSE,
    TAG_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    UNCHANGED,
    UPDATE,
    Plan,
    PlannedRow,
    Problem,
    SpreadsheetError,
)
from stories.spreadsheet.export import story_values
from stories.spreadsheet.lookups import Narrators, Vocabulary, choices
from stories.spreadsheet.reading import raw_bytes, read_rows
from stories.spreadsheet.text import (
    format_date,
    has_other_blocks,
    normalise_body,
    normalise_text,
    split_list,
)


def story_index():
    index = StoryIndexPage.objects.first()
    if index is None:
        raise RuntimeError("There is no story index; run ensure_site_structure first.")
    return index


class _Planner:
    def __init__(self, index, user=None):
        from django.contrib.auth.models import AnonymousUser

        self.index = index
        self.user = user or AnonymousUser()
        self.themes = Vocabulary(Theme)
        self.places = Vocabulary(Place)
        self.narrators = Narrators()
        self.visibilities = choices(Visibility.choices)
        self.languages = choices((code, label(code)) for code in CODES)
        self.statuses = choices(TranslationStatus.choices)
        self.stories_by_slug = {}
        for story in StoryPage.objects.child_of(index).specific():
            for code in CODES:
                slug = getattr(story, f"slug_{code}")
                if slug:
                    self.stories_by_slug.setdefault(slug, {})[story.pk] = story
        self.slugs_in_file = {}  # slug -> row number
        self.stories_in_file = {}  # story pk -> row number

    # One row -----------------------------------------------------------------------------
    def plan_row(self, row):
        item = PlannedRow(number=row.number, action=CREATE)
        text, values = row.values, item.values

        def refuse(column, message):
            item.problems.append(Problem(column, message))

        if "__extra__" in text:
            refuse("", gettext("This row has more cells than there are columns."))
        titles = self._titles(item, text, refuse)
        slugs, given_slugs = self._slugs(text, titles, refuse)
        for code in CODES:
            titles[code] = titles[code] or titles[other(code)]
            slugs[code] = slugs.get(code) or slugs.get(other(code), "")
            values[f"title_{code}"] = titles[code]
        self._texts(text, values)
        self._choices(text, values, refuse)
        self._dates(text, values, refuse)
        self._vocabularies(text, values, refuse)
        self._narrators(item, text, refuse)
        self._tags(text, values, refuse)

        self._match(item, slugs, refuse)
        if item.story is None:
            values.update({f"slug_{code}": slugs[code] for code in CODES})
            self._defaults_for_new(values)
        else:
            values.update({f"slug_{code}": slug for code, slug in given_slugs.items()})
        self._embargo_needs_a_date(item, refuse)

        if item.problems:
            item.action = REFUSE
            return item
        if item.story is not None:
            self._compare(item, refuse)
            if item.problems:
                item.action = REFUSE
        return item

    # The parts of a row, column group by column group -------------------------------------
    @staticmethod
    def _titles(item, text, refuse):
        titles = {code: text.get(f"title_{code}", "") for code in CODES}
        if not any(titles.values()):
            refuse("title_en", gettext("A title is needed in English or Spanish."))
        for code, title in titles.items():
            if len(title) > TITLE_MAX_LENGTH:
                refuse(
                    f"title_{code}",
                    gettext("Longer than %(max)s characters.") % {"max": TITLE_MAX_LENGTH},
                )
        item.title = " / ".join(dict.fromkeys(title for title in titles.values() if title))
        return titles

    @staticmethod
    def _slugs(text, titles, refuse):
        """Slugs: given or made from the title; a missing language borrows the other's
        (as StoryPage.full_clean does), so a re-import compares equal. An existing story
        keeps its slugs (its addresses) unless the file gives new ones."""
        slugs, given_slugs = {}, {}
        for code in CODES:
            given = text.get(f"slug_{code}", "")
            if given:
                given_slugs[code] = given
                if slugify(given, allow_unicode=True) != given or len(given) > TITLE_MAX_LENGTH:
                    refuse(
                        f"slug_{code}",
                        gettext(
                            "“%(slug)s” is not a valid slug: use lower-case letters, "
                            "numbers and hyphens."
                        )
                        % {"slug": given},
                    )
                slugs[code] = given
            elif titles[code]:
                made = slugify(titles[code])[:80].strip("-")
                if not made:
                    refuse(
                        f"slug_{code}",
                        gettext("Cannot make a slug from the title; fill in this column."),
                    )
                slugs[code] = made
        return slugs, given_slugs

    @staticmethod
    def _texts(text, values):
        for column in (
            "summary_en",
            "summary_es",
            "sensitive_content_note_en",
            "sensitive_content_note_es",
        ):
            if column in text:
                values[column] = normalise_text(text[column])
        for code in CODES:
            if f"body_{code}" in text:
                values[f"body_{code}"] = normalise_body(text[f"body_{code}"])

    def _choices(self, text, values, refuse):
        self._choice(text, values, "original_language", self.languages, refuse, allowed="en, es")
        for code in CODES:
            self._choice(
                text,
                values,
                f"translation_status_{code}",
                self.statuses,
                refuse,
                allowed=", ".join(TranslationStatus.values),
            )
        self._choice(
            text,
            values,
            "visibility",
            self.visibilities,
            refuse,
            allowed=", ".join(Visibility.values),
        )

    def _dates(self, text, values, refuse):
        self._date(
            text,
            values,
            "date",
            HistoricalDate.parse,
            refuse,
            gettext(
                "“%(value)s” is not a date we understand. Use e.g. 1989, c. 1989, "
                "1980s, 1986-03 or 1986-03-15."
            ),
        )
        self._date(
            text,
            values,
            "embargo_until",
            Date.fromisoformat,
            refuse,
            gettext("“%(value)s” is not a date: use YYYY-MM-DD, e.g. 2030-01-31."),
        )

    def _vocabularies(self, text, values, refuse):
        for column, vocabulary, unknown, ambiguous in (
            (
                "themes",
                self.themes,
                gettext("Unknown theme “%(name)s”."),
                gettext("“%(name)s” names more than one theme; use its slug."),
            ),
            (
                "places",
                self.places,
                gettext("Unknown place “%(name)s”. Add it in the admin first."),
                gettext("“%(name)s” names more than one place; use its slug."),
            ),
        ):
            if column in text:
                found = []
                for name in split_list(text[column]):
                    thing, error = vocabulary.find(name)
                    if error:
                        message = unknown if error == "unknown" else ambiguous
                        refuse(column, message % {"name": name})
                    else:
                        found.append(thing)
                values[column] = found

    def _narrators(self, item, text, refuse):
        """Known narrators by name; a name nobody has yet becomes a new narrator."""
        if "narrators" not in text:
            return
        found = []
        for name in split_list(text["narrators"]):
            narrator, error = self.narrators.find(name)
            if error == "ambiguous":
                refuse(
                    "narrators",
                    gettext(
                        "More than one narrator is called “%(name)s”; add this one in the admin."
                    )
                    % {"name": name},
                )
            elif error == "new":
                if len(name) > 200:
                    refuse("narrators", gettext("A narrator's name is too long."))
                found.append(name)
                item.new_narrators.append(name)
            else:
                found.append(narrator)
        item.values["narrators"] = found

    @staticmethod
    def _tags(text, values, refuse):
        if "tags" not in text:
            return
        tags = split_list(text["tags"])
        for tag in tags:
            if len(tag) > TAG_MAX_LENGTH:
                refuse(
                    "tags",
                    gettext("Tag longer than %(max)s characters.") % {"max": TAG_MAX_LENGTH},
                )
        values["tags"] = tags

    @staticmethod
    def _embargo_needs_a_date(item, refuse):
        values, story = item.values, item.story
        visibility = values.get("visibility", story.visibility if story else None)
        embargo = values.get("embargo_until", story.embargo_until if story else None)
        if visibility == Visibility.EMBARGOED and not embargo:
            refuse("embargo_until", gettext("An embargoed story needs the date its embargo ends."))

    def _choice(self, text, values, column, accepted, refuse, allowed):
        if column not in text:
            return
        raw = text[column]
        if not raw:
            values[column] = None  # derived for new stories, kept for existing ones
            return
        value = accepted.get(raw.casefold())
        if value is None:
            refuse(
                column,
                gettext("Unknown value “%(value)s”; use one of: %(allowed)s.")
                % {"value": raw, "allowed": allowed},
            )
        values[column] = value

    def _date(self, text, values, column, parse, refuse, problem):
        """An empty cell clears the date; one `parse` cannot read is refused with `problem`."""
        if column not in text:
            return
        values[column] = None
        if text[column]:
            try:
                values[column] = parse(text[column])
            except ValueError:
                refuse(column, problem % {"value": text[column]})

    def _match(self, item, slugs, refuse):
        matches = {}
        for code in CODES:
            slug = slugs.get(code)
            if not slug:
                continue
            earlier = self.slugs_in_file.get(slug)
            if earlier is not None and earlier != item.number:
                refuse(
                    f"slug_{code}",
                    gettext("Row %(row)s has the same slug “%(slug)s”.")
                    % {"row": earlier, "slug": slug},
                )
            self.slugs_in_file.setdefault(slug, item.number)
            matches.update(self.stories_by_slug.get(slug, {}))
        if len(matches) > 1:
            refuse(
                "",
                gettext("Its slugs belong to different stories: %(titles)s.")
                % {"titles": ", ".join(story.title for story in matches.values())},
            )
            return
        if matches:
            story = next(iter(matches.values()))
            earlier = self.stories_in_file.get(story.pk)
            if earlier is not None:
                refuse(
                    "",
                    gettext("Row %(row)s already updates the story “%(title)s”.")
                    % {"row": earlier, "title": story.title},
                )
            self.stories_in_file[story.pk] = item.number
            item.story = story
            item.action = UPDATE

    def _defaults_for_new(self, values):
        """Fill what a new story needs and the file left empty."""
        has_body = {code: bool(values.get(f"body_{code}")) for code in CODES}
        if not values.get("original_language"):
            written = [code for code in CODES if has_body[code]]
            values["original_language"] = written[0] if len(written) == 1 else "es"
        original = values["original_language"]
        for code in CODES:
            column = f"translation_status_{code}"
            if not values.get(column):
                if code == original:
                    values[column] = TranslationStatus.ORIGINAL
                elif has_body[code]:
                    values[column] = TranslationStatus.DRAFT
                else:
                    values[column] = TranslationStatus.NEEDED
        if not values.get("visibility"):
            values["visibility"] = Visibility.PUBLIC

    def _compare(self, item, refuse):
        """Which columns would change the existing story (its latest revision)."""
        draft = item.story.get_latest_revision_as_object()
        item.draft = draft
        current = story_values(draft, self.themes, self.places)
        changes = []
        for column, value in item.values.items():
            if value is None and column in (
                "original_language",
                "translation_status_en",
                "translation_status_es",
                "visibility",
            ):
                continue  # empty: keep
            if column in ("themes", "places"):
                old = {thing.pk for thing in getattr(draft, column).all()}
                new = {thing.pk for thing in value}
            elif column == "narrators":
                old = {narrator.pk for narrator in draft.narrators.all()}
                new = {narrator if isinstance(narrator, str) else narrator.pk for narrator in value}
            elif column == "tags":
                old = {tag.name.casefold() for tag in draft.tags.all()}
                new = {tag.casefold() for tag in value}
            elif column == "date":
                old, new = current["date"], format_date(value)
            elif column == "embargo_until":
                old, new = current["embargo_until"], value.isoformat() if value else ""
            else:
                old, new = current[column], str(value)
            if old != new:
                changes.append(column)
        for code in CODES:
            if f"body_{code}" in changes and has_other_blocks(getattr(draft, f"body_{code}")):
                refuse(
                    f"body_{code}",
                    gettext(
                        "This story's text has photos, quotes or other parts a spreadsheet "
                        "cannot hold; change its text in the editor."
                    ),
                )
        lock = item.story.get_lock() if changes else None
        if lock is not None and lock.for_user(self.user):
            refuse(
                "",
                gettext(
                    "This story is locked (by someone, or at a review step you cannot "
                    "edit), so it cannot be changed now."
                ),
            )
        item.changes = changes
        item.action = UPDATE if changes else UNCHANGED


def plan(rows, index=None, source=b"", user=None):
    """What importing `rows` would do: a Plan with one PlannedRow each (create, update,
    unchanged or refuse, with the reasons). Writes nothing. `user` is who will import:
    stories locked for them (e.g. at a review step of another group) are refused."""
    index = index or story_index()
    planner = _Planner(index, user)
    result = Plan(source_digest=hashlib.sha256(source).hexdigest() if source else "")
    if rows:
        result.columns = [column for column in COLUMNS if column in rows[0].values]
    else:
        result.errors.append(Problem("", gettext("The file has no stories in it.")))
    for row in rows:
        result.rows.append(planner.plan_row(row))
    return result


def plan_file(file, index=None, user=None):
    """read_rows + plan; a file that cannot be read becomes a refused Plan."""
    try:
        data = raw_bytes(file)
        rows = read_rows(data)
    except SpreadsheetError as error:
        return Plan(errors=[Problem("", str(error))])
    return plan(rows, index=index, source=data, user=user)
