"""Included under i18n_patterns at accounts/ (so also at es/accounts/).

The names are Django's own (login, logout, password_reset…) and are not namespaced, because
Django's auth views and e-mails reverse them by those names. The paths are translated like
memoria/urls.py's: /es/cuentas/entrar/.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from archive.accounts import views

urlpatterns = [
    path(_("login/"), views.LoginView.as_view(), name="login"),
    path(_("logout/"), views.LogoutView.as_view(), name="logout"),
    path(_("signup/"), views.SignupView.as_view(), name="signup"),
    path(_("signup/thanks/"), views.SignupDoneView.as_view(), name="signup_done"),
    path(_("invitation/<str:token>/"), views.accept_invitation, name="accept_invitation"),
    path(_("password-reset/"), views.PasswordResetView.as_view(), name="password_reset"),
    path(
        _("password-reset/sent/"),
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        _("password-reset/done/"),
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        _("password-reset/<uidb64>/<token>/"),
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(_("password/"), views.PasswordChangeView.as_view(), name="password_change"),
    path(
        _("password/changed/"),
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
