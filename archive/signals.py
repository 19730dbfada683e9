"""Signals other parts of the archive listen to when consent changes.

Anything that keeps its own copy of stories outside the page tree (the research search
index, exports, caches) connects here, so a withdrawal reaches it without
archive.consent having to know about it.
"""

from django.dispatch import Signal

# Sent by archive.consent.withdraw_consent after the stories are unpublished and Wagtail's
# own copies are gone. Arguments: narrator, user, reason, stories (every StoryPage that
# names the narrator, live or not).
consent_withdrawn = Signal()

# Sent by archive.consent.record_consent after a consent record changes. Arguments:
# narrator, user, stories. A narrower consent hides stories without unpublishing them.
consent_recorded = Signal()
