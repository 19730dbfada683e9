"""Public account pages: log in and out, password reset, invitations and sign-up.

They live under i18n_patterns, so each exists at /accounts/… and /es/cuentas/…; links and
redirects are reversed in the visitor's language.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from archive import site_url
from archive.accounts import ratelimit, services
from archive.accounts.forms import InvitationAcceptForm, MemberAuthenticationForm, SignupForm

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class RateLimitedMixin:
    """Refuse a POST with 429 and a clear message once the scope's limit is reached."""

    rate_scope = None
    rate_account_field = None  # a login form's username: the account is limited too

    def rate_account(self):
        return self.request.POST.get(self.rate_account_field) if self.rate_account_field else None

    def post(self, request, *args, **kwargs):
        if ratelimit.exceeded(request, self.rate_scope, self.rate_account()):
            context = self.get_context_data(
                form=self.get_form_class()(**self.get_unbound_form_kwargs()),
                rate_limit_message=ratelimit.MESSAGE,
            )
            response = self.render_to_response(context, status=429)
            response["Retry-After"] = str(ratelimit.retry_after(self.rate_scope))
            return response
        return super().post(request, *args, **kwargs)

    def get_unbound_form_kwargs(self):
        return {}


class LoginView(RateLimitedMixin, auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = MemberAuthenticationForm
    rate_scope = "login"
    rate_account_field = "username"

    def get_unbound_form_kwargs(self):
        return {"request": self.request}

    def form_invalid(self, form):
        ratelimit.hit(self.request, self.rate_scope, self.rate_account())
        return super().form_invalid(form)

    def get_default_redirect_url(self):
        return services.member_home_url()


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule): a link or prefetch cannot log anyone out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have logged out."))
        return response

    def get_default_redirect_url(self):
        return services.home_url()


class PasswordResetView(RateLimitedMixin, auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")
    rate_scope = "password_reset"

    def form_valid(self, form):
        # The link points at the archive's public address, not the Host this request named.
        self.extra_email_context = {"site_url": site_url.base()}
        ratelimit.hit(self.request, self.rate_scope)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@method_decorator(never_cache, name="dispatch")
class SignupView(RateLimitedMixin, FormView):
    template_name = "accounts/signup.html"
    form_class = SignupForm
    rate_scope = "signup"

    def form_valid(self, form):
        ratelimit.hit(self.request, self.rate_scope)
        data = form.cleaned_data
        services.request_membership(
            username=data["username"],
            public_name=data["public_name"],
            email=data["email"],
            password=data["password1"],
            committee=data["committee"],
            message=data["message"],
            language=data["language"],
        )
        return redirect("signup_done")

    def form_invalid(self, form):
        if form.caught_robot:
            ratelimit.hit(self.request, self.rate_scope)
        return super().form_invalid(form)


class SignupDoneView(TemplateView):
    template_name = "accounts/signup_done.html"


def _invitation_gone(request, invitation):
    """404 for a link that never existed, 410 for one that was used or has expired."""
    if invitation is None:
        reason, status = "unknown", 404
    elif invitation.accepted_at is not None:
        reason, status = "used", 410
    else:
        reason, status = "expired", 410
    return render(request, "accounts/invitation_invalid.html", {"reason": reason}, status=status)


@never_cache
def accept_invitation(request, token):
    invitation = services.find_invitation(token)
    if invitation is None or not invitation.is_usable:
        return _invitation_gone(request, invitation)
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token,
                username=form.cleaned_data["username"],
                public_name=form.cleaned_data["public_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationUnusable:
            invitation.refresh_from_db()
            return _invitation_gone(request, invitation)
        login(request, user, backend=MODEL_BACKEND)
        messages.success(request, _("Welcome to Memoria. Your account is ready."))
        return redirect(services.member_home_url())
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )
