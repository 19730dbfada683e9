"""The synthetic corpus (demo/corpus/, `manage.py generate_corpus`): bulk-written
stories must behave like stories created through Wagtail."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Page

from archive.visibility import public_stories
from demo.corpus import CorpusError, generate_corpus


def _stories(index):
    from stories.models import StoryPage

    return list(StoryPage.objects.child_of(index).order_by("path"))


def _url(page, language):
    with translation.override(language):
        return page.get_url()


@pytest.fixture
def corpus(site_structure):
    _home, index = site_structure
    # A batch size that does not divide the count exercises several batches and a short one.
    generate_corpus(5, seed=3, index=index, batch_size=2)
    return index, _stories(index)


def test_tree_stays_consistent(corpus):
    index, stories = corpus
    assert Page.find_problems() == ([], [], [], [], [])
    index.refresh_from_db()
    assert index.numchild == 5 == len(stories)
    assert [story.depth for story in stories] == [index.depth + 1] * 5
    assert all(story.path.startswith(index.path) and story.numchild == 0 for story in stories)
    assert len({story.path for story in stories}) == 5


def test_stories_are_published_in_both_languages(corpus):
    _index, stories = corpus
    story = stories[0]
    assert story.live and not story.has_unpublished_changes
    assert story.first_published_at and story.last_published_at
    assert story.title_en and story.title_es and story.slug_en and story.slug_es
    assert story.is_sample
    assert "Synthetic corpus story" in story.summary_en
    assert "Relato sintético del corpus" in story.summary_es or not story.summary_es
    assert story.narrators.exists() and story.themes.exists() and story.places.exists()
    assert 1980 <= story.date_year <= 2026
    assert set(public_stories().values_list("pk", flat=True)) >= {s.pk for s in stories}


def test_urls_and_pages_in_english_and_spanish(client, corpus):
    _index, stories = corpus
    for story in stories:
        english, spanish = _url(story, "en"), _url(story, "es")
        assert english == f"/stories/{story.slug_en}/"
        assert spanish == f"/es/historias/{story.slug_es}/"
        response = client.get(english)
        assert response.status_code == 200
        assert story.title_en in response.content.decode()
        response = client.get(spanish)
        assert response.status_code == 200
        assert story.title_es in response.content.decode()


def test_revisions_publish_and_unpublish_like_normal_pages(client, corpus):
    _index, stories = corpus
    story = stories[0]
    assert story.latest_revision_id == story.live_revision_id is not None
    assert story.live_revision.as_object().title_es == story.title_es
    assert list(story.live_revision.as_object().themes.all()) == list(story.themes.all())

    story.unpublish()
    story.refresh_from_db()
    assert not story.live
    assert client.get(_url(story, "en")).status_code == 404

    story.title_en = "Edited synthetic story"
    revision = story.save_revision()
    revision.publish()
    story.refresh_from_db()
    assert story.live and story.live_revision == revision == story.latest_revision
    response = client.get(_url(story, "en"))
    assert response.status_code == 200
    assert "Edited synthetic story" in response.content.decode()


def test_search_finds_generated_stories(corpus):
    from stories.models import StoryPage

    _index, stories = corpus
    story = stories[-1]
    assert story in list(StoryPage.objects.live().search(story.title_en))
    assert story in list(StoryPage.objects.live().search(story.title_es))


def test_search_entries_match_what_wagtail_itself_writes(corpus):
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    _index, stories = corpus
    fields = [
        f.name
        for f in IndexEntry._meta.concrete_fields
        if f.name not in ("id", "title_norm", "content_type")
    ]
    entries = IndexEntry.objects.filter(object_id__in=[str(s.pk) for s in stories])
    bulk = {entry["object_id"]: entry for entry in entries.values(*fields)}
    assert len(bulk) == len(stories)
    backend = get_search_backend()
    for story in stories:
        backend.add(story)  # what saving the page in the admin does
    assert {entry["object_id"]: entry for entry in entries.values(*fields)} == bulk


def test_same_seed_gives_the_same_stories(site_structure):
    from stories.models import StoryIndexPage

    home, index = site_structure
    other = home.add_child(
        instance=StoryIndexPage(
            title="More stories", title_en="More stories", title_es="Más historias",
            slug="more", slug_en="more", slug_es="mas",
        )
    )  # fmt: skip
    generate_corpus(4, seed=11, index=index)
    generate_corpus(4, seed=11, index=other, batch_size=3)
    generate_corpus(4, seed=12, index=other)

    def texts(stories):
        return [(s.title_en, s.title_es, s.slug_en, s.slug_es, s.date_year) for s in stories]

    first, second = _stories(index), _stories(other)
    assert texts(first) == texts(second[:4])
    assert texts(second[4:]) != texts(first)
    assert Page.find_problems() == ([], [], [], [], [])


def test_running_twice_adds_more_stories(site_structure):
    _home, index = site_structure
    generate_corpus(3, seed=5, index=index)
    generate_corpus(3, seed=5, index=index)
    index.refresh_from_db()
    stories = _stories(index)
    assert index.numchild == 6 == len(stories)
    assert len({s.slug_en for s in stories}) == 6 and len({s.slug_es for s in stories}) == 6
    assert [s.slug_en.rsplit("-", 1)[1] for s in stories] == ["1", "2", "3", "4", "5", "6"]
    assert Page.find_problems() == ([], [], [], [], [])


def test_generate_corpus_rejects_no_stories(site_structure):
    _home, index = site_structure
    with pytest.raises(CorpusError):
        generate_corpus(0, seed=1, index=index)


def test_command_adds_stories_and_reports(site_structure):
    _home, index = site_structure
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_corpus", stories=3, seed=2, batch_size=2, stdout=out, stderr=err)
    index.refresh_from_db()
    assert index.numchild == 3
    assert "Added 3 synthetic stories" in out.getvalue()
    assert "3/3" in err.getvalue()  # the progress bar goes to stderr


def test_command_creates_the_site_structure_on_an_empty_tree(db):
    call_command("generate_corpus", stories=2, stdout=io.StringIO(), stderr=io.StringIO())
    from stories.models import StoryIndexPage

    assert StoryIndexPage.objects.get().numchild == 2


@pytest.mark.parametrize("count", ["0", "-3"])
def test_command_refuses_a_non_positive_number_of_stories(
    site_structure, count, capsys, monkeypatch
):
    with pytest.raises(CommandError, match="positive"):
        call_command("generate_corpus", "--stories", count)
    # From the command line Django prints the error instead of a traceback. (It also
    # closes the database connections afterwards, which must not end the test's.)
    from django.core.management import base

    from demo.management.commands.generate_corpus import Command

    monkeypatch.setattr(base.connections, "close_all", lambda: None)

    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "generate_corpus", f"--stories={count}"])
    assert exit_info.value.code != 0
    assert "--stories must be a positive number" in capsys.readouterr().err
    assert Page.find_problems() == ([], [], [], [], [])
