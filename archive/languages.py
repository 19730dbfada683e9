"""The archive's two languages, in one place: their codes, the reader's language, the other
one, their names, the one rule for a translated field missing in a language, and which
language an address is in (Spanish under /es/, English, the default, unprefixed).

Everything is read from settings.LANGUAGES and LANGUAGE_CODE: no app writes the codes out.
"""

from django.conf import settings
from django.utils import translation

# The archive's language codes, in settings order: ("en", "es").
CODES = tuple(code for code, _name in settings.LANGUAGES)
# Each language's name as settings give it, translated when shown (lazy).
_LABELS = dict(settings.LANGUAGES)


def supported(code):
    """`code` as one of CODES ("es-419" -> "es"); the default language for None or a code
    the archive does not have."""
    code = (code or "").split("-")[0].lower()
    return code if code in CODES else settings.LANGUAGE_CODE


def current():
    """The reader's language: the active one as one of CODES (the default when none is)."""
    return supported(translation.get_language())


def other(code):
    """The other language: "es" for "en", "en" for "es"; the default for an unknown code."""
    return next(candidate for candidate in CODES if candidate != code)


def label(code):
    """The language's name in the reader's language ("Spanish", "Español" under /es/);
    an unknown code is shown as itself."""
    return _LABELS.get(code, code)


def native_name(code):
    """The language's name in that language ("English", "Español"), so a reader who cannot
    read the page still finds theirs."""
    name = translation.get_language_info(code)["name_local"]
    return name[:1].upper() + name[1:]


def translated(record, name, language):
    """(value, language it is in): `record`'s `name_<language>` field, else the other
    language's when that one is empty; ("", language) when neither has text."""
    for code in (language, other(language)):
        value = getattr(record, f"{name}_{code}", None)
        if value:
            return value, code
    return "", language


def split_language_prefix(path):
    """(language, path without its language prefix): "/es/historias/" -> ("es", "/historias/")."""
    for code in CODES:
        if code != settings.LANGUAGE_CODE and (path == f"/{code}" or path.startswith(f"/{code}/")):
            return code, path[len(code) + 1 :] or "/"
    return settings.LANGUAGE_CODE, path
