"""The two steps every submitted story goes through before it can be published.

1. Editorial review (Editors): approve, request changes, or decline.
2. Consent and safety check (Consent officers): record the narrator's consent; approving
   publishes the story, and is refused unless the consent allows the story's visibility.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


class EditorialReviewTask(AbstractGroupApprovalTask):
    class Meta:
        verbose_name = _("Editorial review")
        verbose_name_plural = _("Editorial reviews")


class ConsentSafetyTask(AbstractGroupApprovalTask):
    class Meta:
        verbose_name = _("Consent and safety check")
        verbose_name_plural = _("Consent and safety checks")
