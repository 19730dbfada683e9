"""A field people never see and form-filling robots fill in: the spam brake of the public
forms (sign-up, story submission). The templates hide it with the field-trap class."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class HoneypotMixin(forms.Form):
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(
                _("This form could not be sent. Please leave the last field empty."),
                code="honeypot",
            )
        return ""

    @property
    def caught_robot(self):
        return self.has_error("website", "honeypot")
