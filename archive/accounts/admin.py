"""Editors' screens in Wagtail's admin: invitations and pending membership requests.

Registered from memoria/wagtail_hooks.py (see `membership_viewsets` and
`register_log_actions`). Both sit in a "Membership" menu.
"""

import logging
import smtplib

from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.auth import user_passes_test
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from archive.accounts import services
from archive.models import Invitation, MembershipRequest

logger = logging.getLogger(__name__)


def can_decide_membership(user):
    """Editors and Administrators (and superusers) approve or decline sign-ups."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name__in=services.DECIDING_GROUPS).exists()


# --- Invitations -----------------------------------------------------------------------
def invitation_status(invitation):
    if invitation.accepted_at is not None:
        return _("Accepted")
    if invitation.is_usable:
        return _("Waiting")
    return _("Expired")


class InvitationCreateView(generic.CreateView):
    success_message = _("Invitation sent to %(object)s.")

    def save_instance(self):
        self.form.instance.invited_by = self.request.user
        return super().save_instance()

    def save_action(self):
        try:
            services.send_invitation(self.object, user=self.request.user)
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not send invitation %s", self.object.pk)
            messages.error(
                self.request,
                _(
                    "The invitation was saved but the e-mail could not be sent. "
                    "Give this link to the person another way: %(url)s"
                )
                % {"url": services.invitation_url(self.object)},
            )
            return redirect(self.get_success_url())
        return super().save_action()


class InvitationViewSet(ModelViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    name = "invitations"
    form_fields = ["email", "committee", "language"]
    list_display = [
        "email",
        "committee",
        "language",
        Column("status", label=_("Status"), accessor=invitation_status),
        "created_at",
    ]
    search_fields = ["email", "committee"]
    add_view_class = InvitationCreateView
    copy_view_enabled = False


# --- Membership requests -----------------------------------------------------------------
class MembershipRequestIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/membership_requests.html"
    page_title = _("Membership requests")
    header_icon = "user"
    viewset = None

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending"] = services.pending_requests()
        context["decided"] = services.recent_decisions()
        context["approve_url_name"] = self.viewset.get_url_name("approve")
        context["decline_url_name"] = self.viewset.get_url_name("decline")
        return context


def _decision_view(viewset, approve):
    @user_passes_test(can_decide_membership)
    @require_POST
    def decide(request, pk):
        membership_request = get_object_or_404(MembershipRequest, pk=pk)
        name = membership_request.user.get_username()
        try:
            if approve:
                services.approve_membership(membership_request, by=request.user)
                messages.success(
                    request, _("%(name)s is now a member and has been told.") % {"name": name}
                )
            else:
                services.decline_membership(membership_request, by=request.user)
                messages.success(
                    request,
                    _("The request from %(name)s was declined and they have been told.")
                    % {"name": name},
                )
        except services.AlreadyDecided:
            messages.warning(
                request,
                _("Another editor already decided on the request from %(name)s.") % {"name": name},
            )
        return redirect(viewset.get_url_name("index"))

    return decide


# Requests waiting for a decision are counted where editors look anyway: in the menu (the
# "Membership" group and its "Membership requests" item) and on the dashboard.
def _with_count(label, count):
    if not count:
        return label
    return _("%(label)s (%(count)s)") % {"label": label, "count": count}


class MembershipRequestMenuItem(MenuItem):
    def is_shown(self, request):
        return can_decide_membership(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        component.label = _with_count(self.label, services.pending_requests().count())
        return component


class MembershipMenuItem(SubmenuMenuItem):
    def render_component(self, request):
        component = super().render_component(request)
        if can_decide_membership(request.user):
            component.label = _with_count(self.label, services.pending_requests().count())
        return component


class MembershipRequestsPanel(Component):
    """On the admin's dashboard while any request waits, for those who may decide."""

    name = "membership_requests"
    template_name = "accounts/admin/membership_requests_panel.html"
    order = 150  # above Wagtail's own "Awaiting your review" (220)

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context):
        return {"count": self.count, "url_name": "membership_requests:index"}


def dashboard_panels(request, panels):
    """For the construct_homepage_panels hook."""
    if not can_decide_membership(request.user):
        return
    count = services.pending_requests().count()
    if count:
        panels.append(MembershipRequestsPanel(count))


class MembershipRequestViewSet(ViewSet):
    name = "membership_requests"
    icon = "user"
    menu_label = _("Membership requests")
    menu_item_class = MembershipRequestMenuItem

    def get_urlpatterns(self):
        index = user_passes_test(can_decide_membership)(
            MembershipRequestIndexView.as_view(viewset=self)
        )
        return [
            path("", index, name="index"),
            path("<int:pk>/approve/", _decision_view(self, approve=True), name="approve"),
            path("<int:pk>/decline/", _decision_view(self, approve=False), name="decline"),
        ]


class MembershipViewSetGroup(ViewSetGroup):
    items = (InvitationViewSet, MembershipRequestViewSet)
    menu_icon = "group"
    menu_label = _("Membership")
    menu_name = "membership"

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        return MembershipMenuItem(
            label=item.label,
            menu=item.menu,
            name=item.name,
            icon_name=item.icon_name,
            order=item.order,
        )


def membership_viewsets():
    """For the register_admin_viewset hook."""
    return MembershipViewSetGroup()


def register_log_actions(actions):
    """For the register_log_actions hook: how Wagtail's audit log names our actions."""
    actions.register_action(services.INVITATION_SENT, _("Send invitation"), _("Invitation sent"))
    actions.register_action(
        services.INVITATION_ACCEPTED, _("Accept invitation"), _("Invitation accepted")
    )
    actions.register_action(
        services.MEMBERSHIP_REQUESTED, _("Request membership"), _("Membership requested")
    )
    actions.register_action(
        services.MEMBERSHIP_APPROVED, _("Approve membership"), _("Membership approved")
    )
    actions.register_action(
        services.MEMBERSHIP_DECLINED, _("Decline membership"), _("Membership declined")
    )
