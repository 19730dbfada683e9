"""The privacy state machine: random sequences of editorial and member actions, and after
every step the question "does anything hidden come out of a public channel?".

Each example runs inside a savepoint that is rolled back at its end, so examples start
from the same empty archive (plus the site structure, a theme, a place and a timeline).
"""

import datetime
import functools
import time
import uuid
from collections import Counter

from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from archive.models import ArchiveImage, ArchiveRendition, Narrator, Place, Theme
from archive.roles import MEMBERS as MEMBERS_GROUP
from fuzz import channels, media
from fuzz.world import (
    ARCHIVE,
    EMBARGOED,
    MEMBERS,
    NOT_ASKED,
    PUBLIC,
    NarratorState,
    StoryState,
    World,
    canary,
)
from stories.consent import ConsentMissing, record_consent, withdraw_consent
from stories.models import StoryPage
from stories.site_structure import ensure_site_structure
from timelines.models import TimelinePage

MAX_STORIES = 5
# Hidden words searched for by name at each step (a browse lists everything visible).
SEARCHED_WORDS = 2


def _blocks(stream):
    """A StreamField's blocks as (type, value) pairs, to build a new body from."""
    return [(block.block_type, block.value) for block in stream]


class Leak(AssertionError):
    """Something hidden came out of a public channel."""


class Statistics:
    """What campaigns have done, for `manage.py fuzz_privacy` to print."""

    steps = 0
    requests = 0
    channels = set()
    actions = Counter()  # how often each rule (an editor's or member's action) ran
    refused_publications = 0
    on_step = None  # called after each checked step (a progress bar)

    @classmethod
    def reset(cls, on_step=None):
        cls.steps = cls.requests = cls.refused_publications = 0
        cls.channels = set()
        cls.actions = Counter()
        cls.on_step = on_step


def counted(action):
    """Count each run of a rule, so a campaign can show which actions it really tried."""

    @functools.wraps(action)
    def run(machine, **arguments):
        Statistics.actions[action.__name__] += 1
        return action(machine, **arguments)

    return run


class PrivacyMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        for cache in ("default", "research-search"):
            caches[cache].clear()
        ArchiveRendition.cache_backend.clear()
        self.world = World()
        _, self.index = ensure_site_structure()
        self.theme = Theme.objects.create(slug="fuzz-theme", name_en="Fuzz", name_es="Fuzz")
        self.other_theme = Theme.objects.create(slug="fuzz-other", name_en="Other", name_es="Otro")
        self.place = Place.objects.create(
            slug="fuzz-place", name_en="Fuzz place", name_es="Lugar", country="SV"
        )
        self._timeline()
        self.officer = User.objects.create_superuser("fuzz-officer", "o@example.org", "x")
        self.member = User.objects.create_user("fuzz-member", "m@example.org", "x")
        self.member.groups.add(Group.objects.get(name=MEMBERS_GROUP))
        self.anonymous, self.member_client = Client(), Client()
        self.member_client.force_login(self.member)

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    def _timeline(self):
        timeline = TimelinePage(
            title="Fuzz timeline",
            slug=channels.TIMELINE_SLUG,
            include_stories=True,
            include_photos=True,
        )
        self.index.get_parent().add_child(instance=timeline)
        timeline.themes.set([self.theme])
        timeline.save_revision().publish()

    # --- People -------------------------------------------------------------------------
    def _new_narrator(self):
        real, shown = canary(), canary()
        # Consent to their voice too: a recording is then as hidden or shown as its story.
        narrator = Narrator.objects.create(
            real_name=f"Realname {real}", pseudonym=f"Alias {shown}", voice_consent=True
        )
        state = NarratorState(narrator.pk, real, shown)
        self.world.narrators.append(state)
        return narrator, state

    def _file_secret(self):
        secret = canary()
        self.world.file_secrets.append(secret)
        return secret

    # --- Stories ------------------------------------------------------------------------
    def _body(self, word, photo=None):
        body = [("paragraph", RichText(f"<p>Testimony {word} told in full.</p>"))]
        if photo is not None:
            body.append(("image", {"image": photo, "decorative": False, "alt_text": "A photo"}))
        return body

    @precondition(lambda self: len(self.world.living()) < MAX_STORIES)
    @rule(
        shared_narrator=st.booleans(),
        visibility=st.sampled_from([PUBLIC, MEMBERS]),
        consent=st.sampled_from([None, PUBLIC, MEMBERS]),
    )
    @counted
    def editor_writes_a_story(self, shared_narrator, visibility, consent):
        """A draft story by an editor, for a narrator met before or a new one (whose
        consent the consent officer may already have recorded)."""
        if shared_narrator and self.world.living_narrators():
            state = self.world.living_narrators()[0]
            narrator = Narrator.objects.get(pk=state.pk)
        else:
            narrator, state = self._new_narrator()
            if consent:
                self._record_consent(state, consent, embargo=False)
        word, photo_word = canary(), canary()
        photo = ArchiveImage.objects.create(
            title=f"Photo {photo_word}",
            caption_en=f"Caption {photo_word}",
            caption_es=f"Leyenda {photo_word}",
            file=media.phone_jpeg(photo_word, self._file_secret()),
            date_year=1990,
        )
        photo.themes.set([self.theme])
        story = StoryPage(
            title=f"Story {word}",
            title_en=f"Story {word}",
            title_es=f"Historia {word}",
            slug=word,
            slug_en=word,
            slug_es=f"{word}-es",
            summary_en=f"Summary {word}",
            summary_es=f"Resumen {word}",
            body_en=self._body(word, photo),
            body_es=self._body(word, photo),
            visibility=visibility,
            date_year=1989,
            live=False,
        )
        story.narrators.set([narrator])
        story.themes.set([self.theme])
        story.places.set([self.place])
        self.index.add_child(instance=story)
        story.save_revision()
        media.recording(story, word)
        self.world.stories.append(
            StoryState(story.pk, word, [state], photo.pk, photo_word, visibility=visibility)
        )

    @precondition(lambda self: len(self.world.living()) < MAX_STORIES)
    @rule(consent=st.sampled_from([PUBLIC, MEMBERS, ARCHIVE, NOT_ASKED]))
    @counted
    def member_submits_a_story(self, consent):
        word, photo_word, real, shown = canary(), canary(), canary(), canary()
        photo = media.phone_jpeg(photo_word, self._file_secret())
        photo.content_type = "image/jpeg"
        with translation.override("en"):
            url = reverse("submit_story")
        response = self.member_client.post(
            url,
            {
                "client_token": str(uuid.uuid4()),
                "title": f"Story {word}",
                "text": f"Testimony {word} told in full.",
                "language": "en",
                "narrator": "other",
                "narrator_name": f"Realname {real}",
                "pseudonym": f"Alias {shown}",
                "date_text": "1989",
                "themes": [self.theme.pk],
                "places": [self.place.pk],
                "consent": consent,
                "photo_1": photo,
                "caption_1": f"Caption {photo_word}",
                "website": "",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        story = StoryPage.objects.get(title_en=f"Story {word}")
        narrator = story.narrators.get()
        state = NarratorState(narrator.pk, real, shown)
        self.world.narrators.append(state)
        image = next(block.value for block in story.body_en if block.block_type == "image")
        visibility = PUBLIC if consent == PUBLIC else MEMBERS
        self.world.stories.append(
            StoryState(story.pk, word, [state], image.pk, photo_word, visibility=visibility)
        )

    def _page(self, state):
        return StoryPage.objects.get(pk=state.pk)

    def _draft(self, state):
        """The story as an editor opens it: its latest revision."""
        return self._page(state).get_latest_revision_as_object()

    def _publish(self, state, page, *, with_photo=True, **changes):
        """Publish a new revision with `changes`; True if the archive allowed it."""
        for name, value in changes.items():
            setattr(page, name, value)
        if state.photo_pk and not with_photo:
            page.body_en = [b for b in _blocks(page.body_en) if b[0] != "image"]
            page.body_es = [b for b in _blocks(page.body_es) if b[0] != "image"]
        expected = state.may_publish()
        try:
            with transaction.atomic():
                page.save_revision().publish()
        except ConsentMissing:
            Statistics.refused_publications += 1
            published = False
        else:
            published = True
        assert published == expected, f"publishing allowed={published}, expected {expected}"
        if published:
            state.live = True
            # A revision keeps the expiry it was given: publishing again a story whose
            # expiry has passed (an editor linking a document to it) leaves it expired.
            state.expired = bool(page.expire_at and page.expire_at <= timezone.now())
            has_photo = any(block.block_type == "image" for block in page.body_en)
            state.photo_in_live_text = bool(state.photo_pk) and has_photo
        return published

    def _story(self, data):
        return data.draw(st.sampled_from(self.world.living()))

    @precondition(lambda self: self.world.living())
    @rule(data=st.data(), with_photo=st.booleans())
    @counted
    def publish(self, data, with_photo):
        state = self._story(data)
        self._publish(state, self._draft(state), with_photo=with_photo, expire_at=None)

    @precondition(lambda self: self.world.living())
    @rule(data=st.data(), visibility=st.sampled_from([PUBLIC, MEMBERS, EMBARGOED]))
    @counted
    def change_visibility_and_publish(self, data, visibility):
        state = self._story(data)
        ahead = timezone.localdate() + datetime.timedelta(days=30)
        before = (state.visibility, state.embargo_ahead)
        state.visibility = visibility
        state.embargo_ahead = visibility == EMBARGOED
        changes = {
            "visibility": visibility,
            "embargo_until": ahead if visibility == EMBARGOED else None,
        }
        if not self._publish(state, self._draft(state), expire_at=None, **changes):
            state.visibility, state.embargo_ahead = before  # the live version is unchanged

    @precondition(lambda self: self.world.living())
    @rule(data=st.data())
    @counted
    def publish_and_let_it_expire(self, data):
        state = self._story(data)
        expires = timezone.now() + datetime.timedelta(seconds=1)
        if self._publish(state, self._draft(state), expire_at=expires):
            time.sleep(max(0.0, (expires - timezone.now()).total_seconds()) + 0.05)
            state.expired = True

    @precondition(lambda self: any(story.live for story in self.world.living()))
    @rule(data=st.data())
    @counted
    def unpublish(self, data):
        state = data.draw(st.sampled_from([s for s in self.world.living() if s.live]))
        self._page(state).unpublish()
        state.live = False

    @precondition(lambda self: self.world.living())
    @rule(data=st.data(), kind=st.sampled_from(["login", "password", "groups"]))
    @counted
    def restrict(self, data, kind):
        state = self._story(data)
        restriction = PageViewRestriction.objects.create(
            page=self._page(state),
            restriction_type=kind,
            password="x" if kind == "password" else "",
        )
        if kind == "groups":
            restriction.groups.set([Group.objects.get(name=MEMBERS_GROUP)])
        state.restricted = True

    @precondition(lambda self: any(story.restricted for story in self.world.living()))
    @rule(data=st.data())
    @counted
    def lift_restriction(self, data):
        state = data.draw(st.sampled_from([s for s in self.world.living() if s.restricted]))
        for restriction in PageViewRestriction.objects.filter(page_id=state.pk):
            restriction.delete()
        state.restricted = False

    @precondition(lambda self: self.world.living())
    @rule(data=st.data())
    @counted
    def delete(self, data):
        state = self._story(data)
        self._page(state).delete()
        state.deleted = True

    @precondition(lambda self: self._stories_with_a_consent_form())
    @rule(data=st.data())
    @counted
    def link_the_consent_form_by_mistake(self, data):
        """An editor links the narrator's signed consent form in the story's text."""
        state = data.draw(st.sampled_from(self._stories_with_a_consent_form()))
        form_id = state.narrators[0].consent_form_ids[-1]
        page = self._draft(state)
        link = f'<p>See <a linktype="document" id="{form_id}">the signed form</a>.</p>'
        page.body_en = [*_blocks(page.body_en), ("paragraph", RichText(link))]
        self._publish(state, page)

    def _stories_with_a_consent_form(self):
        return [s for s in self.world.living() if s.narrators and s.narrators[0].consent_form_ids]

    # --- Narrators ----------------------------------------------------------------------
    def _narrator(self, data):
        return data.draw(st.sampled_from(self.world.living_narrators()))

    @precondition(lambda self: self.world.living_narrators())
    @rule(
        data=st.data(),
        scope=st.sampled_from([PUBLIC, MEMBERS, ARCHIVE]),
        embargo=st.booleans(),
    )
    @counted
    def record_consent(self, data, scope, embargo):
        self._record_consent(self._narrator(data), scope, embargo)

    def _record_consent(self, state, scope, embargo):
        ahead = timezone.localdate() + datetime.timedelta(days=30)
        form_word = canary()
        form = get_document_model().objects.create(
            title=f"Consent form {form_word}",
            file=ContentFile(b"Signed consent", name=f"{form_word}.txt"),
        )
        record_consent(
            Narrator.objects.get(pk=state.pk),
            self.officer,
            scope=scope,
            date=timezone.localdate(),
            document=form,
            embargo_until=ahead if embargo else None,
            ends_withdrawal=True,
        )
        state.consent, state.withdrawn, state.embargoed = scope, False, embargo
        state.consent_forms.append(form_word)
        state.consent_form_ids.append(form.pk)

    @precondition(lambda self: self.world.living_narrators())
    @rule(data=st.data())
    @counted
    def withdraw_consent(self, data):
        state = self._narrator(data)
        withdraw_consent(Narrator.objects.get(pk=state.pk), self.officer, "Asked us to.")
        state.withdrawn = True
        for story in self.world.stories:
            if state in story.narrators:
                story.live = False

    @precondition(lambda self: self.world.living_narrators())
    @rule(data=st.data())
    @counted
    def change_public_name(self, data):
        state = self._narrator(data)
        narrator = Narrator.objects.get(pk=state.pk)
        state.old_public_names.append(state.public_name)
        state.public_name = canary()
        narrator.pseudonym = f"Alias {state.public_name}"
        narrator.save()

    @precondition(lambda self: self.world.living_narrators())
    @rule(data=st.data())
    @counted
    def delete_a_narrator(self, data):
        """An administrator deletes a narrator's record (asked to be forgotten): a story
        that named only them names nobody, and must leave every channel."""
        state = self._narrator(data)
        Narrator.objects.get(pk=state.pk).delete()
        state.deleted = True
        for story in self.world.stories:
            if state in story.narrators:
                story.narrators.remove(state)

    # An argument of its own keeps this rule from being hypothesis's "simplest" choice (it
    # orders rules by their number of arguments): a first example of only theme moves
    # would ask about an empty archive.
    @rule(under_the_other_theme=st.booleans())
    @counted
    def move_the_theme(self, under_the_other_theme):
        self.theme.parent = self.other_theme if under_the_other_theme else None
        self.theme.save()

    # --- The question asked after every step ----------------------------------------------
    @invariant()
    def nothing_hidden_comes_out(self):
        Statistics.steps += 1
        self._ask(self.anonymous, self.world.hidden_words(PUBLIC), every_channel=True)
        self._ask(self.member_client, self.world.hidden_words(MEMBERS), every_channel=False)
        self._public_stories_still_show()
        if Statistics.on_step:
            Statistics.on_step()

    def _ask(self, client, hidden, every_channel):
        searched = sorted(hidden)[-SEARCHED_WORDS:] if every_channel else []
        # Members: their pages and their search answers (the rest is what anonymous
        # visitors see, asked just before).
        only = None if every_channel else ("story pages", "search JSON")
        for channel, url, text in channels.ask(client, self.world, searched, only=only):
            Statistics.requests += 1
            Statistics.channels.add(channel)
            assert not text.startswith("5"), f"{channel} {url} answered {text[:200]}"
            for word, owner in hidden.items():
                if word in text:
                    raise Leak(f"{channel} ({url}) shows {owner} ({word})")

    def _public_stories_still_show(self):
        """The control: a public story is shown, so a channel that shows nothing fails."""
        for state in self.world.public_stories():
            page = self._page(state)
            with translation.override("en"):
                response = self.anonymous.get(page.get_url())
            assert response.status_code == 200, f"public story {state.pk} answers {response}"
            assert state.word in response.content.decode()
