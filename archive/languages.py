"""Which language an address is in: Spanish under /es/, English (the default) unprefixed."""

from django.conf import settings

# The archive's language codes, in settings order: ("en", "es").
CODES = tuple(code for code, _name in settings.LANGUAGES)


def split_language_prefix(path):
    """(language, path without its language prefix): "/es/historias/" -> ("es", "/historias/")."""
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and (path == f"/{code}" or path.startswith(f"/{code}/")):
            return code, path[len(code) + 1 :] or "/"
    return settings.LANGUAGE_CODE, path
