"""The one rule for what a visitor may see.

Every channel that shows records (pages, listings, sitemap, feeds, search, API, timelines,
exports) asks this module. A story is publicly visible only when all of these hold:
it is live and not expired; its visibility is "public"; no embargo is running on it; it
has no Wagtail view restriction (Privacy control) on it or an ancestor; and every narrator
has recorded public consent, has not withdrawn it and is not under embargo; and it names
at least one narrator, unless it is marked as the archive's own editorial text. Which consent
allows which visibility is the table in archive.models.people (CONSENT_ALLOWING).

Copies kept outside the page tables (the research index, the OAI-PMH record of what was
once public) ask `story_windows` and `image_windows`: when and to whom each record may be
shown, dates included, so an embargo or an expiry takes effect on time without anyone
re-indexing on that day.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, CharField, Exists, Max, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from archive.models import ArchiveImage, Narrator, Visibility, scopes_allowing, visibilities_for
from archive.roles import is_member

# Far enough ahead that every dated embargo has ended, and far enough back that nothing
# has expired yet: the records readable "then" are the ones a window is computed for.
END_OF_EMBARGOES = datetime.date(9999, 12, 31)
BEFORE_ANY_EXPIRY = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)


def story_model():
    """The story pages (stories.StoryPage), which this rule covers. They are defined in the
    stories app, a layer above the core, so the core reads them from the app registry, here
    and nowhere else (README, Layout)."""
    return apps.get_model("stories", "StoryPage")


def _narrators_blocking(visibility, today):
    return Narrator.objects.filter(
        ~Q(consent_scope__in=scopes_allowing(visibility))
        | Q(withdrawn_at__isnull=False)
        | Q(embargo_until__gt=today)
    )


def _readable_stories(audience, today=None, now=None):
    """Stories this audience ("public" or "members") may read on `today` at `now`."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    queryset = (
        story_model()
        .objects.live()
        .public()
        .filter(visibility__in=visibilities_for(audience))
        # An embargoed story is readable once its embargo date has passed.
        .filter(Q(embargo_until__isnull=True) | Q(embargo_until__lte=today))
        .exclude(visibility=Visibility.EMBARGOED, embargo_until__isnull=True)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    )
    # A testimony needs someone's consent: a story naming no narrator is readable only
    # when marked as the archive's own editorial text (also when its narrator was deleted).
    names_someone = Exists(
        story_model().narrators.through.objects.filter(storypage_id=OuterRef("pk"))
    )
    queryset = queryset.filter(Q(is_editorial=True) | names_someone)
    return queryset.exclude(narrators__in=_narrators_blocking(audience, today))


def public_stories(today=None):
    """Stories anyone may read."""
    return _readable_stories(Visibility.PUBLIC, today)


def stories_public_for_good():
    """Public stories whose readability no passing day can change: no embargo or expiry of
    their own, no narrator with a dated embargo. What a stored copy (a search document)
    may borrow from another record without going stale, or outliving it, overnight."""
    return (
        public_stories()
        .filter(embargo_until__isnull=True, expire_at__isnull=True)
        .exclude(narrators__embargo_until__isnull=False)
    )


def members_only_stories(today=None):
    """Stories only members may read (visibility "members", consent at least members)."""
    return _readable_stories(Visibility.MEMBERS, today)


def visible_stories(user, today=None):
    """Stories this user may read: public ones, plus members-only ones for members."""
    if not is_member(user):
        return public_stories(today)
    public_ids = public_stories(today).values("pk")
    members_ids = members_only_stories(today).values("pk")
    return story_model().objects.filter(Q(pk__in=public_ids) | Q(pk__in=members_ids))


def is_story_publicly_visible(story, today=None):
    loaded = getattr(story, PUBLIC_WHEN_LOADED, None)
    if today is None and loaded is not None:
        return loaded
    return public_stories(today).filter(pk=story.pk).exists()


# Set on a story loaded by first_story_marked: whether anyone could read it then.
PUBLIC_WHEN_LOADED = "public_when_loaded"


def first_story_marked(narrow):
    """The first story of `narrow(stories)` (narrow: a function narrowing a StoryPage
    queryset to the story asked for), marked with the answer of is_story_publicly_visible:
    a story page routed and served in one request asks once. The rule itself finds a public
    story (one query); only a hidden one, or none, costs a second."""
    story = narrow(public_stories()).first()
    public = story is not None
    if not public:
        story = narrow(story_model().objects.all()).first()
    if story is not None:
        setattr(story, PUBLIC_WHEN_LOADED, public)
    return story


def user_can_read_story(user, story, today=None):
    return visible_stories(user, today).filter(pk=story.pk).exists()


# --- Narrator pages ------------------------------------------------------------------------
def public_narrators(today=None):
    """Narrators who have a public page: their consent allows public display (public scope,
    not withdrawn, no embargo running) and at least one of their stories is public. Anyone
    else has no page at all, exactly as if they did not exist."""
    today = today or timezone.localdate()
    blocking = _narrators_blocking(Visibility.PUBLIC, today).values("pk")
    return (
        Narrator.objects.exclude(pk__in=blocking)
        .filter(stories__in=public_stories(today).values("pk"))
        .distinct()
    )


def narrators_with_pages(story):
    """The ids of this story's narrators who have a public page (public_narrators). For a
    story anyone may read no question is needed: the rule above already asked that each of
    its narrators allows public display, and this story is public."""
    narrators = list(story.narrators.all())
    if getattr(story, "publicly_visible", None) or getattr(story, PUBLIC_WHEN_LOADED, None):
        return {narrator.pk for narrator in narrators}
    if not narrators:
        return set()
    ids = [narrator.pk for narrator in narrators]
    return set(public_narrators().filter(pk__in=ids).values_list("pk", flat=True))


# --- Recordings: words yes, voice no -----------------------------------------------------------
def with_voice_consent(stories):
    """Those of these stories whose narrators all agreed to publishing recordings of their
    voice. A recording is shown only by a story the reader may read (the rule above) that
    is also among these; otherwise at most its transcript is."""
    return stories.exclude(narrators__voice_consent=False)


def user_can_hear_story(user, story, today=None):
    """May this user play the story's recordings (and fetch their files)?"""
    return with_voice_consent(visible_stories(user, today)).filter(pk=story.pk).exists()


def public_pages():
    """Every page anyone may open: non-story pages that are live and unrestricted, plus
    public stories. Sitemaps and feeds start here."""
    others = Page.objects.live().public().not_type(story_model()).filter(depth__gt=1)
    return others.specific(), public_stories()


# --- Photos ----------------------------------------------------------------------------------
def _story_image_references():
    return ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(ArchiveImage),
        content_type=ContentType.objects.get_for_model(story_model()),
    ).annotate(image_id=Cast("to_object_id", BigIntegerField()))


def _text_ids(stories):
    # ReferenceIndex stores object ids as text, so compare as text.
    if isinstance(stories, (list, tuple, set)):
        return [str(pk) for pk in stories]
    return stories.annotate(id_text=Cast("pk", CharField())).values("id_text")


def images_in_stories(stories):
    """Photos used by these stories (a StoryPage queryset, or a list of their ids)."""
    used = _story_image_references().filter(object_id__in=_text_ids(stories))
    return ArchiveImage.objects.filter(pk__in=used.values("image_id"))


def stories_showing(image_ids, stories):
    """{photo id: {story ids}}: which of these stories (a StoryPage queryset) show each of
    these photos."""
    references = _story_image_references().filter(
        image_id__in=list(image_ids), object_id__in=_text_ids(stories)
    )
    showing = {}
    for image_id, story_id in references.values_list("image_id", "object_id"):
        showing.setdefault(image_id, set()).add(int(story_id))
    return showing


def stories_showing_photo(image_id, readable):
    """Those of the `readable` stories (a StoryPage queryset) that show this photo, found
    from the photo's own references: a photo page costs the same in an archive of any
    size, and names no story its reader may not read."""
    references = _story_image_references().filter(to_object_id=str(image_id))
    story_ids = [int(pk) for pk in references.values_list("object_id", flat=True)]
    return readable.filter(pk__in=story_ids)


def public_images(among=None):
    """Photos anyone may see: those shown by at least one public story, and those an editor
    chose to show on their own. Everything else stays hidden: a new upload, a photo only
    in a draft revision, a photo of a members-only, embargoed or withdrawn story.

    `among` (ids of stored photos) asks about those photos only, from their own references:
    a page asking about its few photos then costs the same in an archive of any size."""
    references, photos, stories = _story_image_references(), ArchiveImage.objects.all(), None
    if among is not None:
        among = list(among)
        # ReferenceIndex keeps ids as text; comparing as text lets its index serve.
        references = references.filter(to_object_id__in=[str(pk) for pk in among])
        photos = photos.filter(pk__in=among)
        # Only the stories showing these photos are asked about (the planner would
        # otherwise list every public story first).
        stories = [int(pk) for pk in references.values_list("object_id", flat=True)]
        stories = list(public_stories().filter(pk__in=stories).values_list("pk", flat=True))
    in_public_story = references.filter(
        object_id__in=_text_ids(public_stories() if stories is None else stories)
    )
    return photos.filter(Q(pk__in=in_public_story.values("image_id")) | Q(shown_on_its_own=True))


def public_thumbnails(story_ids):
    """{story id: one public photo it shows}, for the stories among `story_ids`: what a
    list of stories may show beside each. Only photos the rule above lets anyone see, so a
    members-only story's own photo never appears, not even in a member's list. A fixed
    number of questions, whatever the number of stories."""
    story_ids = list(story_ids)
    if not story_ids:
        return {}
    references = _story_image_references().filter(object_id__in=_text_ids(story_ids))
    pairs = list(references.values_list("object_id", "image_id").order_by("object_id", "pk"))
    photos = public_images(among={image_id for _story, image_id in pairs})
    photos = {photo.pk: photo for photo in photos}
    thumbnails = {}
    for story_id, image_id in pairs:
        if image_id in photos:
            thumbnails.setdefault(int(story_id), photos[image_id])
    return thumbnails


def visible_images(user):
    """Photos this user may see: public ones; for members also those in members-only
    stories they can read; everything for the archive's staff (the admin shows them all)."""
    if works_on_archive(user):
        return ArchiveImage.objects.all()
    if not is_member(user):
        return public_images()
    readable = images_in_stories(visible_stories(user)).values("pk")
    return ArchiveImage.objects.filter(Q(pk__in=public_images().values("pk")) | Q(pk__in=readable))


def works_on_archive(user):
    """Editors, consent officers and administrators: anyone who may open Wagtail's admin."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
    )


def public_documents():
    """Documents a public story links to. Consent forms and anything else uploaded for the
    editors' eyes stay private, even if a story were to link one by mistake."""
    from wagtail.documents import get_document_model

    Document = get_document_model()
    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(Document),
        content_type=ContentType.objects.get_for_model(story_model()),
        object_id__in=_text_ids(public_stories()),
    ).annotate(document_id=Cast("to_object_id", BigIntegerField()))
    consent_forms = Narrator.objects.filter(consent_document__isnull=False).values(
        "consent_document"
    )
    return Document.objects.filter(
        Q(pk__in=references.values("document_id")) & ~Q(pk__in=consent_forms)
    )


# --- When and to whom: windows for copies kept elsewhere -------------------------------------
@dataclass(frozen=True)
class Window:
    """To whom a record may be shown ("public" or "members") and when: from the day
    `not_before` (None: already) until the moment `not_after` (None: no end)."""

    audience: str
    not_before: datetime.date | None = None
    not_after: datetime.datetime | None = None

    def is_open(self, today=None, now=None):
        today = today or timezone.localdate()
        now = now or timezone.now()
        return (self.not_before is None or self.not_before <= today) and (
            self.not_after is None or now < self.not_after
        )

    @property
    def never_opens(self):
        """An expiry on or before the first day: the record is never shown."""
        return bool(
            self.not_before and self.not_after and self.not_after <= _start_of(self.not_before)
        )


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def story_windows(ids):
    """{story id: Window} for the stories among `ids` that are or will be readable by
    someone, as things stand: each carries the day its embargoes (its own, its narrators')
    end and the moment it expires."""
    audiences = {}
    for audience in (Visibility.MEMBERS, Visibility.PUBLIC):
        readable = _readable_stories(audience, END_OF_EMBARGOES, BEFORE_ANY_EXPIRY)
        for pk in readable.filter(pk__in=list(ids)).values_list("pk", flat=True):
            audiences[pk] = audience
    if not audiences:
        return {}
    own = {
        pk: (embargo, expiry)
        for pk, embargo, expiry in story_model()
        .objects.filter(pk__in=audiences)
        .values_list("pk", "embargo_until", "expire_at")
    }
    narrators = dict(
        Narrator.objects.filter(stories__in=list(audiences))
        .values("stories")
        .annotate(latest=Max("embargo_until"))
        .values_list("stories", "latest")
    )
    windows = {
        pk: Window(audience, _latest(own[pk][0], narrators.get(pk)), own[pk][1])
        for pk, audience in audiences.items()
    }
    return {pk: window for pk, window in windows.items() if not window.never_opens}


def _latest(*dates):
    known = [value for value in dates if value]
    return max(known) if known else None


def image_windows(ids):
    """{photo id: Window} for the photos among `ids` that are or will be shown to someone.

    A photo an editor shows on its own is public now and for good. Otherwise it follows the
    stories that show it: public while a public one does, else for members while a
    members-only one does. Of several public stories, the window is the one that opens
    first, stretched over the others that overlap it; a later, separate one is not joined
    (the photo waits hidden for the daily check rather than show between them)."""
    ids = list(ids)
    windows = {pk: Window(Visibility.PUBLIC) for pk in _shown_on_its_own(ids)}
    rest = set(ids) - set(windows)
    if not rest:
        return windows
    showing = stories_showing(rest, story_model().objects.all())
    stories = story_windows({pk for story_ids in showing.values() for pk in story_ids})
    for image_id, story_ids in showing.items():
        own = [stories[pk] for pk in story_ids if pk in stories]
        public = [window for window in own if window.audience == Visibility.PUBLIC]
        if public:
            windows[image_id] = _first_stretch(public)
        elif own:
            windows[image_id] = _first_stretch(own)
    return windows


def _shown_on_its_own(ids):
    return ArchiveImage.objects.filter(pk__in=ids, shown_on_its_own=True).values_list(
        "pk", flat=True
    )


def _first_stretch(windows):
    """The window that opens first, stretched over every window that overlaps it."""
    earliest = datetime.date.min
    ordered = sorted(windows, key=lambda window: window.not_before or earliest)
    first = ordered[0]
    not_after = first.not_after
    for window in ordered[1:]:
        if not_after is not None and window.not_before and _start_of(window.not_before) > not_after:
            break  # a gap: this one opens after the first has closed
        if not_after is not None:
            not_after = None if window.not_after is None else max(not_after, window.not_after)
    return Window(first.audience, first.not_before, not_after)
