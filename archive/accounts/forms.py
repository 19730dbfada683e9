"""Forms for the public account pages. Every label and message is translatable."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from archive.honeypot import HoneypotMixin
from archive.languages import CODES, current, native_name
from archive.models import MembershipRequest


class MemberAuthenticationForm(AuthenticationForm):
    """Django's login form, plus a clear answer for accounts still awaiting approval.

    The extra message is only given to someone who typed the right password, so it reveals
    nothing about which usernames exist.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "pending": _(
            "Your membership request is waiting for an editor's approval. "
            "You will receive an e-mail as soon as it is approved."
        ),
        "declined": _(
            "Your membership request was not approved, so this account cannot log in. "
            "If you think this is a mistake, please contact your committee."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            self._explain_inactive_account()
            raise

    def _explain_inactive_account(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not (username and password):
            return
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            return
        if user.is_active or not user.check_password(password):
            return
        request = MembershipRequest.objects.filter(user=user).first()
        if request is None:
            raise ValidationError(self.error_messages["inactive"], code="inactive")
        if request.decided_at is None:
            raise ValidationError(self.error_messages["pending"], code="pending")
        raise ValidationError(self.error_messages["declined"], code="declined")


class _NewAccountForm(UserCreationForm):
    """Username, the public name, and password twice (checked by Django's validators)."""

    public_name = forms.CharField(
        label=_("Public name"),
        max_length=200,
        required=False,
        help_text=_(
            "The name shown with the stories you tell. A pseudonym is welcome. Your username "
            "and e-mail address are never shown publicly; leave this empty to appear as "
            "“Anonymous member”."
        ),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = _(
            "The name you log in with: letters, digits and @ . + - _ only. "
            "It does not need to be your real name."
        )


class InvitationAcceptForm(_NewAccountForm):
    field_order = ["username", "public_name", "password1", "password2"]

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        # Lets the similarity validator refuse a password that resembles the e-mail address.
        self.instance.email = email


# Each language in its own name, so everyone finds theirs whatever the page's language.
LANGUAGE_CHOICES = [(code, native_name(code)) for code in CODES]


class LanguageSelect(forms.Select):
    """Marks each option with its language (lang="en"), as the language switch does: a screen
    reader then says "English" in English on a Spanish page."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["lang"] = value
        return option


class SignupForm(HoneypotMixin, _NewAccountForm):
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We write to this address when an editor has reviewed your request."),
    )
    committee = forms.CharField(
        label=_("Committee or community"),
        max_length=200,
        help_text=_("For example: Madison–Arcatao Sister City Project, or Arcatao, Chalatenango."),
    )
    message = forms.CharField(
        label=_("Message to the editors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Who you are and how you know the sister-city movement."),
    )
    language = forms.ChoiceField(
        label=_("Language for our e-mails"), choices=LANGUAGE_CHOICES, widget=LanguageSelect
    )
    field_order = [
        "username",
        "public_name",
        "email",
        "password1",
        "password2",
        "committee",
        "message",
        "language",
        "website",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = current()

    def _post_clean(self):
        # The similarity validator compares the password with the e-mail too.
        self.instance.email = self.cleaned_data.get("email", "")
        super()._post_clean()
