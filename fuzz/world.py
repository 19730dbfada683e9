"""The campaign's own picture of the archive, and what it says each visitor may see.

Every record carries canary words (`Canaries`): a story's title, summary, text and slug, a
photo's title, caption and file name, a narrator's real name and every public name it ever
had. `World` records what the actions did and works out, independently of
archive.visibility, which canaries must not come out of a public channel.
"""

import itertools
import string
from dataclasses import dataclass, field

PUBLIC, MEMBERS, ARCHIVE, NOT_ASKED = "public", "members", "archive", "not_asked"
EMBARGOED = "embargoed"

_numbers = itertools.count()


def canary():
    """A word no archive text contains, all of the same length so none holds another."""
    number, letters = next(_numbers), []
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters.append(string.ascii_lowercase[digit])
    return "zq" + "".join(reversed(letters))


@dataclass
class NarratorState:
    pk: int
    real_name: str
    public_name: str
    old_public_names: list = field(default_factory=list)
    consent_forms: list = field(default_factory=list)  # words in each form's title and name
    consent_form_ids: list = field(default_factory=list)
    consent: str = NOT_ASKED
    withdrawn: bool = False
    embargoed: bool = False
    deleted: bool = False

    def allows(self, audience):
        if self.withdrawn or self.embargoed:
            return False
        return self.consent == PUBLIC or (audience == MEMBERS and self.consent == MEMBERS)


@dataclass
class StoryState:
    pk: int
    word: str  # in every text field and the slug
    narrators: list  # NarratorState
    photo_pk: int | None = None
    photo_word: str = ""
    photo_in_live_text: bool = False
    live: bool = False
    visibility: str = PUBLIC
    embargo_ahead: bool = False
    expired: bool = False
    restricted: bool = False
    deleted: bool = False

    def may_publish(self):
        """Whether publishing this story is allowed: it names someone (no story here is
        editorial text) and every narrator's consent allows it."""
        audience = MEMBERS if self.visibility == MEMBERS else PUBLIC
        return bool(self.narrators) and all(
            narrator.allows(audience) for narrator in self.narrators
        )

    def readable_by(self, audience):
        if self.deleted or not self.live or self.expired or self.restricted:
            return False
        if not self.narrators:  # its narrator's record was deleted
            return False
        if self.embargo_ahead:
            return False
        if audience == PUBLIC:
            wanted = self.visibility == PUBLIC
        else:  # members read public stories and members-only ones
            wanted = self.visibility in (PUBLIC, MEMBERS)
        story_audience = MEMBERS if self.visibility == MEMBERS else PUBLIC
        return wanted and all(narrator.allows(story_audience) for narrator in self.narrators)


@dataclass
class World:
    stories: list = field(default_factory=list)
    narrators: list = field(default_factory=list)
    # Words written into uploaded files' metadata (camera owner, make): never stored.
    file_secrets: list = field(default_factory=list)

    def living(self):
        return [story for story in self.stories if not story.deleted]

    def living_narrators(self):
        return [narrator for narrator in self.narrators if not narrator.deleted]

    def public_stories(self):
        return [story for story in self.stories if story.readable_by(PUBLIC)]

    def public_photo_words(self):
        return {
            story.photo_word
            for story in self.public_stories()
            if story.photo_word and story.photo_in_live_text
        }

    def hidden_words(self, audience=PUBLIC):
        """{canary: what it belongs to} for everything this audience must never see."""
        readable = [story for story in self.stories if story.readable_by(audience)]
        shown_photos = {
            story.photo_word for story in readable if story.photo_word and story.photo_in_live_text
        }
        named = {id(narrator) for story in readable for narrator in story.narrators}
        hidden = {secret: "photo file metadata" for secret in self.file_secrets}
        for story in self.stories:
            if story not in readable:
                hidden[story.word] = f"story {story.pk}"
            if story.photo_word and story.photo_word not in shown_photos:
                hidden[story.photo_word] = f"photo {story.photo_pk}"
        for narrator in self.narrators:
            hidden[narrator.real_name] = f"real name of narrator {narrator.pk}"
            for old in narrator.old_public_names:
                hidden[old] = f"former public name of narrator {narrator.pk}"
            for form in narrator.consent_forms:
                hidden[form] = f"consent form of narrator {narrator.pk}"
            if id(narrator) not in named:
                hidden[narrator.public_name] = f"public name of narrator {narrator.pk}"
        return hidden
