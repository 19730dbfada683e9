"""The admin's "Import stories" page: upload a CSV, see what it would do (a dry run),
confirm to import. And "Export stories", the same columns for the stories an editor may
change. Registered in stories/wagtail_hooks.py; the rules are in stories/spreadsheet/.

The uploaded file waits in the session between the preview and the confirmation; the
confirmation plans it again and imports only if the plan is still the one previewed.
"""

import base64
import binascii

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from archive.languages import current
from stories import spreadsheet
from stories.models import StoryIndexPage, StoryPage

SESSION_KEY = "stories_import"
TEMPLATE = "stories/admin/import_stories.html"


def can_import(user):
    """Editors: admin access and permission to add stories to the story index."""
    if not (user and user.is_active and user.has_perm("wagtailadmin.access_admin")):
        return False
    index = StoryIndexPage.objects.first()
    return bool(index and index.permissions_for_user(user).can_add_subpage())


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 text, one story a row; the first row names the columns."),
    )


def _store(request, data, name):
    request.session[SESSION_KEY] = {
        "data": base64.b64encode(data).decode("ascii"),
        "name": name,
    }


def _stored(request):
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return None, ""
    try:
        return base64.b64decode(stored["data"]), stored.get("name", "")
    except (KeyError, binascii.Error):
        return None, ""


def _has_work(plan):
    return bool(plan.count(spreadsheet.CREATE) or plan.count(spreadsheet.UPDATE))


def _render(request, form, plan=None, name=""):
    return TemplateResponse(
        request,
        TEMPLATE,
        {
            "form": form,
            "plan": plan,
            "digest": plan.digest() if plan is not None and not plan.refused else "",
            "has_work": plan is not None and not plan.refused and _has_work(plan),
            "file_name": name,
            "columns": spreadsheet.COLUMNS,
            "required_columns": spreadsheet.REQUIRED_COLUMNS,
            "page_title": gettext("Import stories"),
        },
    )


def import_stories(request):
    if not can_import(request.user):
        raise PermissionDenied
    if request.method != "POST":
        request.session.pop(SESSION_KEY, None)
        return _render(request, UploadForm())
    if "confirm" in request.POST:
        return _confirm(request)

    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form)
    upload = form.cleaned_data["file"]
    if upload.size > spreadsheet.MAX_FILE_BYTES:
        form.add_error(
            "file",
            gettext("The file is larger than %(size)s MB; split it into smaller files.")
            % {"size": spreadsheet.MAX_FILE_BYTES // (1024 * 1024)},
        )
        return _render(request, form)
    data = upload.read()
    plan = spreadsheet.plan_file(data, user=request.user)
    if plan.refused:
        request.session.pop(SESSION_KEY, None)
    else:
        _store(request, data, upload.name)
    return _render(request, UploadForm(), plan, upload.name)


def _confirm(request):
    data, name = _stored(request)
    if data is None:
        messages.error(request, gettext("Nothing to import: upload the file again."))
        return redirect("stories_import")
    plan = spreadsheet.plan_file(data, user=request.user)
    if plan.refused or plan.digest() != request.POST.get("digest"):
        messages.warning(
            request,
            gettext("The archive changed since the preview. Check the new preview and confirm."),
        )
        if plan.refused:
            request.session.pop(SESSION_KEY, None)
        return _render(request, UploadForm(), plan, name)
    if not _has_work(plan):
        request.session.pop(SESSION_KEY, None)
        messages.success(request, gettext("Nothing to import: every row is unchanged."))
        return redirect("stories_import")
    try:
        stories = spreadsheet.apply(plan, user=request.user)
    except spreadsheet.ImportRefused as error:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, str(error))
        return _render(request, UploadForm(), error.plan, name)
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        gettext("Imported %(count)s stories. They are drafts waiting in the Story review.")
        % {"count": len(stories)},
    )
    return redirect("stories_import")


def export_stories(request):
    """The stories this editor may change, as CSV; ?empty=1 gives the headings only."""
    if not can_import(request.user):
        raise PermissionDenied
    if request.GET.get("empty"):
        stories = StoryPage.objects.none()
        name = "stories-template.csv"
    else:
        editable = page_permission_policy.instances_user_has_permission_for(request.user, "change")
        stories = StoryPage.objects.filter(pk__in=editable.values("pk")).order_by("path")
        name = f"stories-{timezone.localdate().isoformat()}.csv"
    text = spreadsheet.export_csv(stories, language=current())
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


def admin_urls():
    """For the register_admin_urls hook."""
    return [
        path("stories/import/", import_stories, name="stories_import"),
        path("stories/export/", export_stories, name="stories_export"),
    ]


def menu_item():
    """For the register_admin_menu_item hook."""
    return ImportMenuItem(
        _("Import stories"),
        reverse("stories_import"),
        name="import-stories",
        icon_name="upload",
        order=290,
    )
