"""Which stories anyone could once read (archive.once_public keeps it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OncePublic(models.Model):
    """A story the public could read from `since` on (a day still ahead while an embargo
    runs). Harvesters are told of a story's deletion only when it was once public: a story
    restricted or members-only from the start was never theirs to know of."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    since = models.DateField(_("public since"))

    class Meta:
        verbose_name = _("once-public record")
        verbose_name_plural = _("once-public records")

    def __str__(self):
        return f"{self.page_id} since {self.since}"
