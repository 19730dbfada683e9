"""Security and caching headers on every answer, in one place.

- Content-Security-Policy: the public site loads only its own scripts and styles (no inline
  script or style anywhere in templates/), frames only itself and editors' https audio/video
  embeds, and may not be framed. Wagtail's admin needs inline script and style: it gets a
  looser policy of its own. A view that sends its own policy keeps it (the timeline embed:
  frameable everywhere, decks opened from disk included).
- Permissions-Policy: no page here uses camera, microphone, location or the like (a file
  input does not need the camera permission), so none may, embeds included.
- Cache-Control: an answer that depends on who is asking (a logged-in visitor, a cookie
  being set, account and submission pages) is `private` and varies on Cookie, so no shared
  cache hands a member's page to anyone else. Anonymous public pages stay cacheable; a view
  that marks its answer `public` has already checked that it is public (embed, photos).
  Placed outermost but for SecurityMiddleware, so it sees every cookie set below it.
HSTS is Django's SecurityMiddleware (SECURE_HSTS_SECONDS).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

# Pages whose answer is about the visitor's own account or stories, logged in or not.
PERSONAL_URL_NAMES = {
    "login",
    "logout",
    "signup",
    "signup_done",
    "accept_invitation",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "password_reset_confirm",
    "password_change",
    "password_change_done",
    "submit_story",
    "my_stories",
    "wagtailcore_login",
    "wagtailcore_authenticate_with_password",
}


def _other_origins():
    """Origins of static and media files when they are served from another host."""
    origins = []
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        parts = urlsplit(url or "")
        if parts.scheme and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return " ".join(origins)


def _policy(directives):
    extra = _other_origins()
    return "; ".join(
        f"{name} {sources} {extra}".strip() if name in _FILE_DIRECTIVES else f"{name} {sources}"
        for name, sources in directives.items()
    )


_FILE_DIRECTIVES = {"script-src", "style-src", "img-src", "media-src"}
PUBLIC_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "media-src": "'self'",
    # Editors may embed audio or video from https hosts (stories.blocks: EmbedBlock).
    "frame-src": "'self' https:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Wagtail's admin writes inline script and style; its previews frame the admin itself.
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "media-src": "'self' blob:",
    "frame-ancestors": "'self'",
}


def content_security_policy(path):
    admin = path.startswith("/admin/")
    return _policy(ADMIN_POLICY if admin else PUBLIC_POLICY)


def depends_on_visitor(request, response):
    if response.cookies:  # a session or CSRF cookie must never be stored for others
        return True
    if _declared_public(response):
        return False
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name in PERSONAL_URL_NAMES:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _declared_public(response):
    return "public" in response.get("Cache-Control", "").replace(" ", "").split(",")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_dummy", False):
            # Wagtail's admin preview renders the page through the middleware again, inside
            # the admin's request: the admin's own pass sets the headers (frameable by itself).
            return response
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = content_security_policy(request.path_info)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if depends_on_visitor(request, response):
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response
