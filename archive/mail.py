"""E-mails to members and editors: rendered in the recipient's language, sent by the task
worker (django-tasks; in production its database queue), so no request waits on the mail
server and a refused delivery is retried from the queue instead of failing the page."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_email(subject, body, recipient):
    send_mail(subject, body, None, [recipient])


def send_in_language(language, recipient, template, context):
    """Render <template>_subject.txt and <template>.txt in `language` and queue the e-mail."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    send_email.enqueue(" ".join(subject.split()), body, recipient)  # a header is one line


def admin_language(user):
    """The language an editor reads the admin in: their own choice in their Wagtail
    account, else the site's default (never whichever page happened to send the e-mail)."""
    from wagtail.users.models import UserProfile

    return UserProfile.get_for_user(user).preferred_language or settings.LANGUAGE_CODE
