"""A moment in a recording as people write it ("12:30", "1:02:03", "750") and as it is
stored (whole seconds): the segment index's start times in the admin and in ?t= links."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from recordings.transcripts import clock

_CLOCK = re.compile(r"^(?:(?:(\d+):)?(\d+):)?(\d+)$")


def parse_clock(text):
    """Whole seconds of "H:MM:SS", "M:SS" or "SECONDS"; ValueError for anything else.
    Minutes and seconds after a colon are below 60, as a clock shows them."""
    found = _CLOCK.match(str(text).strip())
    if not found:
        raise ValueError(text)
    hours, minutes, seconds = (int(part) if part else None for part in found.groups())
    if minutes is not None and seconds >= 60 or hours is not None and minutes >= 60:
        raise ValueError(text)
    return (hours or 0) * 3600 + (minutes or 0) * 60 + seconds


class ClockField(forms.IntegerField):
    """Seconds entered and shown as a clock ("12:30"), with an error that says how."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "12:30"})
    default_error_messages = {
        "invalid": _(
            "Write the time as minutes and seconds (12:30) or hours, minutes and seconds (1:02:03)."
        ),
    }

    def prepare_value(self, value):
        if isinstance(value, int):
            return clock(value)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_clock(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ClockSecondsField(models.PositiveIntegerField):
    """Whole seconds from the start of a recording, edited as a clock."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ClockField, **kwargs})
