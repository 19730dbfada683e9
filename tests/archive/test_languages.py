"""archive.languages: the one place for the archive's two languages and its fallback rule."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.test import RequestFactory
from django.utils import translation

from archive import languages


def test_the_codes_come_from_the_settings_in_their_order():
    assert languages.CODES == tuple(code for code, _name in settings.LANGUAGES) == ("en", "es")


def test_the_reader_of_a_spanish_address_reads_spanish():
    request = RequestFactory().get("/es/buscar/")
    LocaleMiddleware(lambda request: None).process_request(request)
    assert languages.current() == "es"


def test_the_reader_of_an_unprefixed_address_reads_the_default_language():
    translation.activate("es")  # left over from an earlier request in this thread
    request = RequestFactory().get("/search/")
    LocaleMiddleware(lambda request: None).process_request(request)
    assert languages.current() == "en"


@pytest.mark.parametrize(
    "active, expected",
    [("es", "es"), ("en", "en"), ("es-419", "es"), ("fr", "en"), (None, "en")],
)
def test_the_current_language_is_always_one_of_the_archives(active, expected):
    if active is None:
        translation.deactivate_all()
    else:
        translation.activate(active)
    assert languages.current() == expected


def test_each_language_has_the_other_one():
    assert languages.other("en") == "es"
    assert languages.other("es") == "en"


def test_a_code_the_archive_does_not_have_falls_back_to_the_default_language():
    assert languages.other("fr") == settings.LANGUAGE_CODE
    assert languages.supported("fr") == settings.LANGUAGE_CODE
    assert languages.supported("") == settings.LANGUAGE_CODE


def test_a_language_is_named_in_the_readers_language():
    with translation.override("es"):
        assert (str(languages.label("en")), str(languages.label("es"))) == ("Inglés", "Español")
    with translation.override("en"):
        assert (str(languages.label("en")), str(languages.label("es"))) == ("English", "Spanish")
    assert languages.label("fr") == "fr"


def test_a_language_offered_by_its_own_name_reads_the_same_on_every_page():
    for active in ("en", "es"):
        with translation.override(active):
            names = [languages.native_name(code) for code in languages.CODES]
        assert names == ["English", "Español"]


def test_a_field_is_read_in_the_requested_language_when_it_has_text():
    event = SimpleNamespace(headline_en="Strike", headline_es="Huelga")
    assert languages.translated(event, "headline", "es") == ("Huelga", "es")
    assert languages.translated(event, "headline", "en") == ("Strike", "en")


@pytest.mark.parametrize("missing", [None, ""])
def test_a_missing_translation_falls_back_to_the_other_language_and_says_which(missing):
    event = SimpleNamespace(headline_en="Strike", headline_es=missing)
    assert languages.translated(event, "headline", "es") == ("Strike", "en")
    event = SimpleNamespace(headline_en=missing, headline_es="Huelga")
    assert languages.translated(event, "headline", "en") == ("Huelga", "es")


def test_a_field_without_text_in_either_language_is_empty_in_the_requested_one():
    event = SimpleNamespace(headline_en="", headline_es=None)
    assert languages.translated(event, "headline", "es") == ("", "es")
    assert languages.translated(SimpleNamespace(), "headline", "en") == ("", "en")


def test_an_address_tells_its_language():
    assert languages.split_language_prefix("/es/historias/") == ("es", "/historias/")
    assert languages.split_language_prefix("/es") == ("es", "/")
    assert languages.split_language_prefix("/estudios/") == ("en", "/estudios/")
