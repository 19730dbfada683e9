"""The fixed top of the page tree: one HomePage (the default Site's root) and one
StoryIndexPage under it. Demo content and the synthetic corpus both start here."""

from django.db import transaction
from wagtail.models import Page, Site

from archive import site_url
from archive.models import HomePage
from archive.roles import ensure_roles
from stories.models import StoryIndexPage
from stories.workflow import ensure_submission_workflow

HOME = {
    "title_en": "Memoria",
    "title_es": "Memoria",
    "slug_en": "home",
    "slug_es": "inicio",
    "introduction_en": (
        "Testimonies, photos and timelines of the US–El Salvador sister-city movement, "
        "from 1986 to today."
    ),
    "introduction_es": (
        "Testimonios, fotos y líneas de tiempo del movimiento de ciudades hermanas "
        "entre Estados Unidos y El Salvador, desde 1986 hasta hoy."
    ),
}
STORY_INDEX = {
    "title_en": "Stories",
    "title_es": "Historias",
    "slug_en": "stories",
    "slug_es": "historias",
}


@transaction.atomic
def ensure_site_structure():
    """Create (or find) the home page and story index; make the home the default Site."""
    root = Page.get_first_root_node()
    _repair_root_url_paths(root)
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title=HOME["title_en"], **HOME))
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        site = Site(is_default_site=True)
    # The address visitors use (SITE_URL) builds every page's full URL.
    site.hostname, site.port = site_url.hostname(), site_url.port()
    site.root_page = home
    site.site_name = "Memoria"
    site.is_default_site = True
    site.save()
    # Wagtail's placeholder "Welcome" page is replaced by ours.
    Page.objects.filter(depth=2).exclude(pk=home.pk).not_type(HomePage).delete()

    index = StoryIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=StoryIndexPage(title=STORY_INDEX["title_en"], **STORY_INDEX)
        )
    # Groups and their page permissions hang off the story index, so they follow it.
    ensure_roles(story_indexes=[index])
    # Submitted stories go through the "Story review" workflow assigned to the index.
    ensure_submission_workflow(index)
    return home, index


def _repair_root_url_paths(root):
    """wagtail-modeltranslation's migrate leaves the tree root's translated url_path empty;
    every page path is built from it, so it must be "/" in each language."""
    if root.url_path_en == "/" and root.url_path_es == "/":
        return
    Page.objects.filter(pk=root.pk).update(url_path="/", url_path_en="/", url_path_es="/")
    root.refresh_from_db()
    for child in root.get_children():
        _rebuild_url_paths(child, root)


def _rebuild_url_paths(page, parent):
    page.set_url_path(parent)
    page.save(clean=False, update_fields=["url_path", "url_path_en", "url_path_es"])
    for child in page.get_children():
        _rebuild_url_paths(child, page)
