"""The story editor's form in Wagtail's admin (StoryPage.base_form_class)."""

from wagtail.admin.forms import WagtailAdminPageForm

from stories.consent import consent_message, missing_consent


class StoryPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        # Publishing (or scheduling) without the narrators' consent, or without any
        # narrator in a story not marked as editorial text, is refused here, as a
        # form error naming who is missing what. StoryPage.save refuses it again for every
        # other path; this check only exists so editors get a message instead of an error
        # page. It reads the submitted values, which are not on the page yet.
        if "action-publish" in self.data:
            overrides = {"visibility": cleaned_data.get("visibility")}
            if "narrators" in self.fields:
                overrides["narrators"] = cleaned_data.get("narrators") or []
            if "is_editorial" in self.fields:
                overrides["editorial"] = bool(cleaned_data.get("is_editorial"))
            missing = missing_consent(self.instance, **overrides)
            if missing:
                self.add_error(None, consent_message(missing))
        return cleaned_data
