"""Signals other parts of the archive listen to when consent changes.

Anything that keeps its own copy of stories outside the page tree (the research search
index, exports, caches) connects here, so a withdrawal reaches it without
stories.consent having to know about it.
"""

from django.dispatch import Signal

# Sent by stories.consent.withdraw_consent after the stories are unpublished and Wagtail's
# own copies are gone. Arguments: narrator, user, reason, stories (every StoryPage that
# names the narrator, live or not).
consent_withdrawn = Signal()

# Sent by stories.consent.record_consent after a consent record changes. Arguments:
# narrator, user, stories. A narrower consent hides stories without unpublishing them.
consent_recorded = Signal()

# Sent by archive.record_changes after any edit that may change what stories or photos
# show, or to whom: publishing, unpublishing, deleting or moving a story, a privacy
# restriction, saving a narrator (names, consent) or a photo. Arguments: stories and
# photos, lists of ids, photos including those the stories showed before the edit.
# Every copy kept outside the page tables (the research index, the record of what was
# once public) brings itself up to date from this one signal.
records_changed = Signal()
