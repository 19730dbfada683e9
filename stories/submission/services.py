"""Writes for member submissions: the draft story, its narrator and photos, the workflow.

`submit_story` is the one way a submission enters the archive. The story it creates is a
draft (never live), owned by the member, under the story index, and is handed to the
"Story review" workflow (stories.workflow). Consent is *not* recorded here: the member says
what the narrator agreed to (StorySubmission.consent_choice) and a consent officer records
it in the workflow's consent task.
"""

import re
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.models import ReferenceIndex
from wagtail.rich_text import RichText

from archive import mail, site_url
from archive.accounts import ratelimit
from archive.languages import current, other
from archive.models import ArchiveImage, ConsentScope, Narrator, widest_visibility
from stories.models import StoryIndexPage, StoryPage, StorySubmission, TranslationStatus
from stories.submission import uploads
from stories.submission.forms import NARRATOR_OTHER

# --- Rate limit ------------------------------------------------------------------------
# Same fixed-window counter as archive.accounts.ratelimit, but per member: committees often
# share one connection at a meeting, so the network address would stop everyone at once.
DEFAULT_RATE_LIMIT = (10, ratelimit.HOUR)  # stories (and caught robots) per member
RATE_LIMIT_MESSAGE = _(
    "You have sent many stories in a short time. Please wait an hour and try again, or ask "
    "your committee's editor for help. What you typed is still in the form."
)


def _rate_key(user):
    return ratelimit.private_key("submission-rate", user.pk)


def _rate_limit():
    return getattr(settings, "SUBMISSION_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def rate_limit_exceeded(user):
    limit, _window = _rate_limit()
    return ratelimit.over_limit(_rate_key(user), limit)


def count_submission(user):
    _limit, window = _rate_limit()
    ratelimit.count(_rate_key(user), window)


# --- Reading back ----------------------------------------------------------------------
def find_by_token(user, token):
    return StorySubmission.objects.filter(member=user, client_token=token).first()


# --- The story -------------------------------------------------------------------------
def paragraphs_from_text(text):
    """Plain text to rich-text paragraphs: a blank line starts a paragraph, a single line
    break stays a line break. Everything typed is escaped, so markup is shown as text."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return [
        (
            "paragraph",
            RichText("<p>" + "<br/>".join(escape(line) for line in block.split("\n")) + "</p>"),
        )
        for block in blocks
        if block
    ]


def _unique_slug(index, title, token):
    base = slugify(title)[:60].strip("-") or "story"
    siblings = StoryPage.objects.child_of(index)
    slug = base
    if siblings.filter(slug_en=slug).exists() or siblings.filter(slug_es=slug).exists():
        slug = f"{base}-{token.hex[:8]}"
    return slug


def _narrator(member, data):
    """The story's narrator. Public channels show only `pseudonym`, the name the form asked
    to show (archive.models.people.public_name; for the member's own story it starts as
    the member's public name); the real name, or the account's name, is for the editors."""
    real_name = data["narrator_name"].strip()
    if data["narrator"] != NARRATOR_OTHER:
        real_name = real_name or member.get_full_name() or member.get_username()
    # Consent is recorded by a consent officer, never by the submission itself.
    return Narrator.objects.create(
        real_name=real_name,
        pseudonym=data["pseudonym"].strip(),
        consent_scope=ConsentScope.NOT_ASKED,
    )


def _photo(pending, caption, *, member, language, title, number, historical_date):
    image = ArchiveImage(
        title=(caption or f"{title} ({number})")[:255],
        uploaded_by_user=member,
        **{f"caption_{language}": caption, f"alt_text_{language}": caption[:400]},
    )
    image.set_historical_date(historical_date)
    image.file = pending.open()
    image.save()  # checks the file again and stores a copy without metadata
    return image


@transaction.atomic
def _create(member, data, photos, historical_date, member_language, attachments):
    index = StoryIndexPage.objects.first()
    if index is None:
        raise RuntimeError("There is no story index; run ensure_site_structure first.")
    language = data["language"]
    other_language = other(language)
    title = data["title"]
    token = data["client_token"]

    submission = StorySubmission.objects.create(
        member=member,
        client_token=token,
        language=member_language,
        consent_choice=data["consent"],
    )
    narrator = _narrator(member, data)
    images = [
        _photo(
            pending,
            caption,
            member=member,
            language=language,
            title=title,
            number=number,
            historical_date=historical_date,
        )
        for number, (pending, caption) in enumerate(photos, start=1)
    ]
    body = paragraphs_from_text(data["text"]) + [
        ("image", {"image": image, "alt_text": image.default_alt_text, "decorative": False})
        for image in images
    ]
    slug = _unique_slug(index, title, token)
    story = StoryPage(
        title=title,
        slug=slug,
        live=False,
        owner=member,
        original_language=language,
        visibility=widest_visibility(data["consent"]),
        **{
            f"title_{language}": title,
            f"slug_{language}": slug,
            f"body_{language}": body,
            f"translation_status_{language}": TranslationStatus.ORIGINAL,
            f"translation_status_{other_language}": TranslationStatus.NEEDED,
        },
    )
    story.set_historical_date(historical_date)
    story.narrators.set([narrator])
    story.places.set(data["places"])
    story.themes.set(data["themes"])
    story = index.add_child(instance=story)
    revision = story.save_revision(user=member, log_action=True)
    # The photos must count as "used by this (hidden) story" before anyone can see them;
    # Wagtail may update its reference index later, in a task.
    ReferenceIndex.create_or_update_for_object(story)
    submission.page = story
    submission.save(update_fields=["page"])
    for attachment in attachments:
        attachment.attach(story, member)

    _quiet_admin_notifications(member)
    workflow = story.get_workflow()
    if workflow is None:
        from stories.workflow import ensure_submission_workflow

        workflow = ensure_submission_workflow(index)
    workflow.start(story, member)
    return submission, revision


def submit_story(
    member, data, photos, *, historical_date=None, member_language=None, attachments=()
):
    """Create the draft story and start its review. `data` is the form's cleaned_data,
    `photos` [(uploads.PendingPhoto, caption)], `attachments` the form's others
    (stories.submission.attachments: a recording). Returns (submission, created): a second
    call with the same client_token returns the first submission, created=False.

    The story's transaction is _create's own (the view runs outside any: ATOMIC_REQUESTS
    is off), so an exception from it means a rollback, which the attachments are told of."""
    existing = find_by_token(member, data["client_token"])
    if existing is not None:
        return existing, False
    member_language = (member_language or current())[:2]
    try:
        submission, _revision = _create(
            member, data, photos, historical_date, member_language, attachments
        )
    except BaseException as error:
        # Nothing of the story was kept; neither is what the attachments stored outside
        # the database (a recording's file goes back into the member's upload).
        for attachment in attachments:
            attachment.rolled_back()
        if not isinstance(error, IntegrityError):
            raise
        # The same form sent twice at once: the other request created it.
        existing = find_by_token(member, data["client_token"])
        if existing is None:
            raise
        return existing, False
    for pending, _caption in photos:
        uploads.discard(pending)
    uploads.remove_stale(member)
    transaction.on_commit(lambda: send_receipt(submission))
    return submission, True


# --- E-mail --------------------------------------------------------------------------------
def absolute(path):
    return site_url.absolute(path)


def send_in_language(language, recipient, template, context):
    mail.send_in_language(language, recipient, f"stories/email/{template}", context)


def _my_stories_url(submission):
    with translation.override(submission.language):
        return absolute(f"{reverse('my_stories')}#submission-{submission.pk}")


def send_status_email(submission, template, **context):
    """E-mail the member about their submission, in the language they used to send it.
    Templates: submission_received, changes_requested, published, declined."""
    member = submission.member
    if not member.email:
        return
    story = submission.page.specific if submission.page_id else None
    story_url = ""
    if story is not None and story.live:
        with translation.override(submission.language):
            story_url = absolute(story.get_url() or "")
    send_in_language(
        submission.language,
        member.email,
        template,
        {
            "submission": submission,
            "story": story,
            "member": member,
            "url": _my_stories_url(submission),
            "story_url": story_url,
            **context,
        },
    )


def send_receipt(submission):
    send_status_email(submission, "submission_received")


def _quiet_admin_notifications(member):
    """Wagtail would e-mail a member who started a workflow with links into the admin, which
    members cannot open; stories.workflow tells them on the public site's terms instead."""
    if member.has_perm("wagtailadmin.access_admin"):
        return
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(member)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = False
        profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])


def new_client_token():
    return uuid.uuid4()
