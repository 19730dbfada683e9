"""Consent in Wagtail's admin: "Record consent" and "Withdraw consent" on each narrator.

The narrator's own edit form shows the consent fields read-only (archive/models/people.py),
so consent changes only here, only for users with archive.record_consent, and always
through stories.consent, which writes the audit log. NarratorViewSet in
memoria/wagtail_hooks.py mixes in NarratorConsentViewSetMixin.
"""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.auth import user_passes_test
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.snippets.views.snippets import EditView, IndexView

from archive.models import Narrator
from stories import consent
from stories.models import StoryPage


# --- Forms ---------------------------------------------------------------------------
class RecordConsentForm(WagtailAdminModelForm):
    ends_withdrawal = forms.BooleanField(
        label=_("The narrator has given consent again"),
        required=False,
        help_text=_("This narrator withdrew consent. Tick only if they have agreed again."),
    )

    class Meta:
        model = Narrator
        fields = [
            "consent_scope",
            "voice_consent",
            "consent_date",
            "consent_document",
            "embargo_until",
        ]
        # The same question, in the same words, as the workflow's consent dialog.
        labels = {"voice_consent": consent.VOICE_QUESTION}
        help_texts = {"voice_consent": consent.VOICE_EXPLANATION}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_date"].required = True
        if not self.instance.consent_date:
            self.initial["consent_date"] = timezone.localdate()
        if not self.instance.is_withdrawn:
            del self.fields["ends_withdrawal"]

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.is_withdrawn and not cleaned_data.get("ends_withdrawal"):
            self.add_error(
                "ends_withdrawal",
                _("This narrator withdrew consent; confirm that they have agreed again."),
            )
        return cleaned_data


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For the archive's staff only. Do not write anything that endangers anyone."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that every story by this narrator is unpublished now"),
        required=True,
    )


# --- Views -----------------------------------------------------------------------------
class NarratorConsentView(WagtailAdminTemplateMixin, FormView):
    template_name = "archive/admin/consent_form.html"
    header_icon = "user"
    viewset = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.narrator = get_object_or_404(Narrator, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.narrator)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.viewset.get_url_name("list")), "label": _("Narrators")},
            {"url": self.get_success_url(), "label": str(self.narrator)},
            {"url": "", "label": self.page_title},
        ]

    def get_success_url(self):
        return reverse(self.viewset.get_url_name("edit"), args=[self.narrator.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            narrator=self.narrator,
            stories=StoryPage.objects.filter(narrators=self.narrator).distinct(),
            action_url=self.request.path,
            submit_button_label=self.submit_button_label,
            cancel_url=self.get_success_url(),
        )
        return context


class RecordConsentView(NarratorConsentView):
    page_title = _("Record consent")
    form_class = RecordConsentForm
    submit_button_label = _("Record consent")

    def get_form_kwargs(self):
        # The form gets its own copy: validating a ModelForm writes the submitted values
        # onto its instance, and the page around a refused form must still show the
        # consent on record, not the one that was refused.
        return {
            **super().get_form_kwargs(),
            "instance": Narrator.objects.get(pk=self.narrator.pk),
            "for_user": self.request.user,
        }

    def form_valid(self, form):
        data = form.cleaned_data
        consent.record_consent(
            self.narrator,
            self.request.user,
            scope=data["consent_scope"],
            voice=data["voice_consent"],
            date=data["consent_date"],
            document=data["consent_document"],
            embargo_until=data["embargo_until"],
            ends_withdrawal=data.get("ends_withdrawal", False),
        )
        messages.success(
            self.request,
            _("Consent recorded for %(name)s.") % {"name": self.narrator.display_name},
        )
        return redirect(self.get_success_url())


class WithdrawConsentView(NarratorConsentView):
    page_title = _("Withdraw consent")
    form_class = WithdrawConsentForm
    submit_button_label = _("Withdraw consent and unpublish")

    def form_valid(self, form):
        unpublished = consent.withdraw_consent(
            self.narrator, self.request.user, form.cleaned_data["reason"]
        )
        messages.success(
            self.request,
            ngettext(
                "Consent withdrawn for %(name)s; %(count)d story unpublished.",
                "Consent withdrawn for %(name)s; %(count)d stories unpublished.",
                len(unpublished),
            )
            % {"name": self.narrator.display_name, "count": len(unpublished)},
        )
        return redirect(self.get_success_url())


# --- Buttons on the narrator's screens ---------------------------------------------------
class ConsentButtonsMixin:
    record_consent_url_name = None
    withdraw_consent_url_name = None

    def consent_buttons(self, narrator, button_class):
        if not consent.can_record_consent(self.request.user):
            return []
        buttons = [
            button_class(
                _("Record consent"),
                url=reverse(self.record_consent_url_name, args=[narrator.pk]),
                icon_name="doc-full",
                priority=40,
            )
        ]
        if not narrator.is_withdrawn:
            buttons.append(
                button_class(
                    _("Withdraw consent"),
                    url=reverse(self.withdraw_consent_url_name, args=[narrator.pk]),
                    icon_name="warning",
                    priority=50,
                )
            )
        return buttons


class NarratorIndexView(ConsentButtonsMixin, IndexView):
    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + self.consent_buttons(instance, MenuItem)


class NarratorEditView(ConsentButtonsMixin, EditView):
    @cached_property
    def header_more_buttons(self):
        return [*super().header_more_buttons, *self.consent_buttons(self.object, Button)]


class NarratorConsentViewSetMixin:
    """For NarratorViewSet: the two consent views and the buttons that lead to them."""

    index_view_class = NarratorIndexView
    edit_view_class = NarratorEditView

    def _consent_url_names(self):
        return {
            "record_consent_url_name": self.get_url_name("record_consent"),
            "withdraw_consent_url_name": self.get_url_name("withdraw_consent"),
        }

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(**self._consent_url_names(), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(**self._consent_url_names(), **kwargs)

    def get_urlpatterns(self):
        only_officers = user_passes_test(consent.can_record_consent)
        return [
            *super().get_urlpatterns(),
            path(
                "record-consent/<int:pk>/",
                only_officers(RecordConsentView.as_view(viewset=self)),
                name="record_consent",
            ),
            path(
                "withdraw-consent/<int:pk>/",
                only_officers(WithdrawConsentView.as_view(viewset=self)),
                name="withdraw_consent",
            ),
        ]


def register_log_actions(actions):
    """For the register_log_actions hook: how the audit log names consent changes."""
    actions.register_action(consent.RECORD_CONSENT, _("Record consent"), _("Consent recorded"))
    actions.register_action(consent.WITHDRAW_CONSENT, _("Withdraw consent"), _("Consent withdrawn"))
