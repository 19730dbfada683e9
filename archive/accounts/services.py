"""Writes for membership: invitations, sign-ups and the editors' decisions on them.

Every e-mail is rendered in its recipient's language (the invitation's or the one chosen at
sign-up), whatever language the editor's admin happens to be in.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from wagtail.log_actions import log

from archive import mail, site_url
from archive.models import Invitation, MemberProfile, MembershipRequest
from archive.models.accounts import INVITATION_LIFETIME
from archive.roles import ADMINISTRATORS, EDITORS, MEMBERS

# Audit-log actions (labels are registered in admin.register_log_actions).
INVITATION_SENT = "memoria.invitation.send"
INVITATION_ACCEPTED = "memoria.invitation.accept"
MEMBERSHIP_REQUESTED = "memoria.membership.request"
MEMBERSHIP_APPROVED = "memoria.membership.approve"
MEMBERSHIP_DECLINED = "memoria.membership.decline"

# Who approves or declines sign-ups (and superusers): the admin's permission check and the
# list of people told about a new request both read this.
DECIDING_GROUPS = (EDITORS, ADMINISTRATORS)


class InvitationUnusable(Exception):
    """The invitation was already used, or has expired."""


class AlreadyDecided(Exception):
    """Another editor decided on this membership request first."""


def members_group():
    return Group.objects.get_or_create(name=MEMBERS)[0]


def home_url():
    """The home page in the active language ("/" or "/es/")."""
    return reverse("wagtail_serve", args=[""])


def member_home_url():
    """Where a member lands after logging in: their stories, in the active language."""
    try:
        return reverse("my_stories")
    except NoReverseMatch:
        return home_url()


def absolute(path):
    """Links in e-mails point at the archive's public address (SITE_URL), whichever address
    the editor who sent them was using."""
    return site_url.absolute(path)


def send_in_language(language, recipient, template, context):
    mail.send_in_language(language, recipient, f"accounts/email/{template}", context)


# --- Invitations -----------------------------------------------------------------------
def invitation_url(invitation):
    with translation.override(invitation.language):
        return absolute(reverse("accept_invitation", args=[invitation.token]))


def send_invitation(invitation, *, user=None):
    """E-mail the one-time link, in the invitation's language."""
    send_in_language(
        invitation.language,
        invitation.email,
        "invitation",
        {
            "invitation": invitation,
            "url": invitation_url(invitation),
            "inviter": invitation.invited_by,
            "days": INVITATION_LIFETIME.days,
        },
    )
    log(invitation, INVITATION_SENT, user=user, data={"language": invitation.language})


def find_invitation(token):
    return Invitation.objects.filter(token=token).first()


def accept_invitation(token, *, username, password, public_name=""):
    """Create the active member the invitation was for. Refuses a second use."""
    User = get_user_model()
    with transaction.atomic():
        # Locked, so two tabs submitting at once cannot both use the link.
        invitation = Invitation.objects.select_for_update().filter(token=token).first()
        if invitation is None or not invitation.is_usable:
            raise InvitationUnusable
        user = User.objects.create_user(username, email=invitation.email, password=password)
        MemberProfile.objects.create(user=user, public_name=public_name.strip())
        user.groups.add(members_group())
        invitation.accepted_at = timezone.now()
        invitation.accepted_user = user
        invitation.save(update_fields=["accepted_at", "accepted_user"])
        log(invitation, INVITATION_ACCEPTED, user=user)
    return user


# --- Sign-up with approval ---------------------------------------------------------------
def request_membership(
    *, username, email, password, committee, message="", language="es", public_name=""
):
    """An inactive account plus a request an editor will decide on."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.create_user(username, email=email, password=password, is_active=False)
        MemberProfile.objects.create(user=user, public_name=public_name.strip())
        membership_request = MembershipRequest.objects.create(
            user=user, committee=committee, message=message, language=language
        )
        log(membership_request, MEMBERSHIP_REQUESTED, user=user)
        transaction.on_commit(lambda: tell_deciders(membership_request))
    return membership_request


def membership_deciders():
    """Everyone who may approve or decline a membership request."""
    User = get_user_model()
    return User.objects.filter(
        Q(is_superuser=True) | Q(groups__name__in=DECIDING_GROUPS), is_active=True
    ).distinct()


def tell_deciders(membership_request):
    """A request waits for a decision: e-mail each editor who may take it, in the language
    they use the admin in, with the link to the requests."""
    url = absolute(reverse("membership_requests:index"))
    for decider in membership_deciders().exclude(email=""):
        send_in_language(
            mail.admin_language(decider),
            decider.email,
            "membership_requested",
            {
                "decider": decider,
                "membership_request": membership_request,
                "applicant": membership_request.user,
                "pending": pending_requests().count(),
                "url": url,
            },
        )


def pending_requests():
    return MembershipRequest.objects.filter(decided_at__isnull=True).select_related("user")


def recent_decisions(limit=20):
    return (
        MembershipRequest.objects.filter(decided_at__isnull=False)
        .select_related("user", "decided_by")
        .order_by("-decided_at")[:limit]
    )


def _decide(membership_request, *, approved, by):
    with transaction.atomic():
        locked = MembershipRequest.objects.select_for_update().get(pk=membership_request.pk)
        if locked.decided_at is not None:
            raise AlreadyDecided
        locked.approved = approved
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save(update_fields=["approved", "decided_at", "decided_by"])
        if approved:
            user = locked.user
            user.is_active = True
            user.save(update_fields=["is_active"])
            user.groups.add(members_group())
        log(locked, MEMBERSHIP_APPROVED if approved else MEMBERSHIP_DECLINED, user=by)
    return locked


def approve_membership(membership_request, *, by):
    """Activate the account, make it a member and tell them, in their language."""
    decided = _decide(membership_request, approved=True, by=by)
    with translation.override(decided.language):
        login_url = absolute(reverse("login"))
    send_in_language(
        decided.language,
        decided.user.email,
        "membership_approved",
        {"user": decided.user, "login_url": login_url},
    )
    return decided


def decline_membership(membership_request, *, by):
    """Keep the account inactive and tell them politely, in their language."""
    decided = _decide(membership_request, approved=False, by=by)
    with translation.override(decided.language):
        home = absolute(home_url())
    send_in_language(
        decided.language,
        decided.user.email,
        "membership_declined",
        {"user": decided.user, "home_url": home},
    )
    return decided
