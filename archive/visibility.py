"""The one rule for what a visitor may see.

Every channel that shows records (pages, listings, sitemap, feeds, search, API, timelines,
exports) asks this module. A story is publicly visible only when all of these hold:
it is live and not expired; its visibility is "public"; no embargo is running on it; it
has no Wagtail view restriction (Privacy control) on it or an ancestor; and every narrator
has recorded public consent, has not withdrawn it and is not under embargo.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from archive.models import ArchiveImage, ConsentScope, Narrator
from archive.roles import is_member


def _narrators_blocking(visibility, today):
    allowed = (
        [ConsentScope.PUBLIC]
        if visibility == "public"
        else [
            ConsentScope.PUBLIC,
            ConsentScope.MEMBERS,
        ]
    )
    return Narrator.objects.filter(
        ~Q(consent_scope__in=allowed) | Q(withdrawn_at__isnull=False) | Q(embargo_until__gt=today)
    )


def _readable_stories(visibilities, today=None):
    from stories.models import StoryPage

    today = today or timezone.localdate()
    now = timezone.now()
    # An embargoed story is public once its embargo date has passed.
    if "public" in visibilities:
        visibilities = [*visibilities, "embargoed"]
    queryset = (
        StoryPage.objects.live()
        .public()
        .filter(visibility__in=visibilities)
        .filter(Q(embargo_until__isnull=True) | Q(embargo_until__lte=today))
        .exclude(visibility="embargoed", embargo_until__isnull=True)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    )
    strictest = "members" if "members" in visibilities else "public"
    return queryset.exclude(narrators__in=_narrators_blocking(strictest, today))


def public_stories(today=None):
    """Stories anyone may read."""
    return _readable_stories(["public"], today)


def visible_stories(user, today=None):
    """Stories this user may read: public ones, plus members-only ones for members."""
    if not is_member(user):
        return public_stories(today)
    public_ids = public_stories(today).values("pk")
    members_ids = _readable_stories(["members"], today).values("pk")
    from stories.models import StoryPage

    return StoryPage.objects.filter(Q(pk__in=public_ids) | Q(pk__in=members_ids))


def is_story_publicly_visible(story, today=None):
    return public_stories(today).filter(pk=story.pk).exists()


def user_can_read_story(user, story, today=None):
    return visible_stories(user, today).filter(pk=story.pk).exists()


def public_pages():
    """Every page anyone may open: non-story pages that are live and unrestricted, plus
    public stories. Sitemaps and feeds start here."""
    from stories.models import StoryPage

    others = Page.objects.live().public().not_type(StoryPage).filter(depth__gt=1)
    return others.specific(), public_stories()


def _story_image_references():
    from stories.models import StoryPage

    return ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(ArchiveImage),
        content_type=ContentType.objects.get_for_model(StoryPage),
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


def public_images():
    """Photos anyone may see: those shown by at least one public story, and those an editor
    chose to show on their own. Everything else stays hidden: a new upload, a photo only
    in a draft revision, a photo of a members-only, embargoed or withdrawn story."""
    in_public_story = _story_image_references().filter(object_id__in=_text_ids(public_stories()))
    return ArchiveImage.objects.filter(
        Q(pk__in=in_public_story.values("image_id")) | Q(shown_on_its_own=True)
    )


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


def is_image_publicly_visible(image):
    return public_images().filter(pk=image.pk).exists()


def members_only_stories(today=None):
    """Stories only members may read (visibility "members", consent at least members)."""
    return _readable_stories(["members"], today)


def images_of_members_only_stories():
    """Photos members see through members-only stories (beyond the public ones)."""
    return images_in_stories(members_only_stories()).exclude(pk__in=public_images().values("pk"))


def public_documents():
    """Documents a public story links to. Consent forms and anything else uploaded for the
    editors' eyes stay private, even if a story were to link one by mistake."""
    from django.db.models import Q
    from wagtail.documents import get_document_model

    Document = get_document_model()
    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(Document),
        content_type=ContentType.objects.get_for_model(_story_model()),
        object_id__in=_text_ids(public_stories()),
    ).annotate(document_id=Cast("to_object_id", BigIntegerField()))
    consent_forms = Narrator.objects.filter(consent_document__isnull=False).values(
        "consent_document"
    )
    return Document.objects.filter(
        Q(pk__in=references.values("document_id")) & ~Q(pk__in=consent_forms)
    )


def _story_model():
    from stories.models import StoryPage

    return StoryPage
