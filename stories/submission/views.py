"""The member's pages: the story form (/submit/) and their submissions (/my-stories/).

Both live under i18n_patterns (memoria/urls.py), so /es/enviar/ and /es/mis-historias/ exist
too and every redirect stays in the visitor's language. Views stay thin: writes are in
stories.submission.services, reads in stories.submission.selectors.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from archive.roles import is_member
from stories.submission import selectors, services
from stories.submission.forms import MAX_PHOTOS, VISIBLE_PHOTO_SLOTS, StorySubmissionForm

SESSION_EXPIRED = _(
    "Your session had expired, so your story was not sent yet. Please log in again: the "
    "text you typed is kept in this browser and comes back when you return to the form. "
    "Photos need to be attached again."
)
LOG_IN_TO_SUBMIT = _("Please log in to send a story.")
ALREADY_RECEIVED = _("We had already received this story; it was not sent twice.")
RECEIVED = _("Thank you! We have received your story. You can follow its review here.")


def _login_redirect(request, message):
    messages.warning(request, message)
    return redirect_to_login(request.get_full_path())


def _token(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _sent_url(submission):
    return f"{reverse('my_stories')}?sent={submission.pk}#submission-{submission.pk}"


def _render_form(request, form, status=200, **extra):
    context = {
        "form": form,
        "max_photos": MAX_PHOTOS,
        "visible_photo_slots": VISIBLE_PHOTO_SLOTS,
        "error_count": len(form.errors) if form.is_bound else 0,
        **extra,
    }
    return render(request, "stories/submission/form.html", context, status=status)


@never_cache
def submit_story(request):
    user = request.user
    if not user.is_authenticated:
        expired = request.method == "POST"
        return _login_redirect(request, SESSION_EXPIRED if expired else LOG_IN_TO_SUBMIT)
    if not is_member(user):
        return render(request, "stories/submission/not_member.html", status=403)

    if request.method != "POST":
        form = StorySubmissionForm(initial={"client_token": uuid.uuid4()}, user=user)
        return _render_form(request, form)

    # A second POST of the same form (double click, resent after a dropped connection)
    # finds the first submission instead of creating another story.
    token = _token(request.POST.get("client_token"))
    existing = services.find_by_token(user, token) if token else None
    if existing is not None:
        messages.info(request, ALREADY_RECEIVED)
        return redirect(_sent_url(existing))

    form = StorySubmissionForm(request.POST, request.FILES, user=user)
    if services.rate_limit_exceeded(user):
        return _render_form(
            request, form, status=429, rate_limit_message=services.RATE_LIMIT_MESSAGE
        )
    if not form.is_valid():
        if form.caught_robot:
            services.count_submission(user)
        return _render_form(request, form, status=400)

    submission, created = services.submit_story(
        user,
        form.cleaned_data,
        form.photos,
        historical_date=form.historical_date,
        member_language=request.LANGUAGE_CODE,
        attachments=form.attachments,
    )
    if created:
        services.count_submission(user)
        messages.success(request, RECEIVED)
    else:
        messages.info(request, ALREADY_RECEIVED)
    return redirect(_sent_url(submission))


@never_cache
def my_stories(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(
        request,
        "stories/my_stories.html",
        {
            "statuses": selectors.member_submissions(request.user),
            "can_submit": is_member(request.user),
            "just_sent": request.GET.get("sent", ""),
        },
    )


@requires_csrf_token
def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a page people can act on, in both languages, instead of
    Django's technical one. The most common cause is a form left open for a long time."""
    return render(
        request,
        "stories/submission/csrf_failure.html",
        {"reason": reason, "back": request.path},
        status=403,
    )
