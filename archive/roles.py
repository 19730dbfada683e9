"""The archive's roles, as Wagtail/Django groups.

Members submit stories and read members-only ones; Editors review, edit and translate;
Consent officers record and withdraw consent; Administrators run the site.
"""

from django.utils.translation import gettext_lazy as _

MEMBERS = "Members"
EDITORS = "Editors"
CONSENT_OFFICERS = "Consent officers"
ADMINISTRATORS = "Administrators"

ROLE_LABELS = {
    MEMBERS: _("Members"),
    EDITORS: _("Editors"),
    CONSENT_OFFICERS: _("Consent officers"),
    ADMINISTRATORS: _("Administrators"),
}


def is_member(user):
    """Members, and everyone who works on the archive, may read members-only stories."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=list(ROLE_LABELS)).exists()


# --- Groups and their permissions -------------------------------------------------------
# Each entry is "app_label.codename". Applied additively: ensure_roles() adds what is missing
# and never removes a permission an administrator granted through the admin.
ADMIN_ACCESS = ["wagtailadmin.access_admin"]
VOCABULARY = ["theme", "place", "partnership", "historicalevent"]

EDITOR_PERMISSIONS = [
    *ADMIN_ACCESS,
    *(f"archive.{action}_{model}" for model in VOCABULARY for action in ("add", "change", "view")),
    "archive.view_narrator",
    "archive.change_narrator",
    # Editors invite members and decide on sign-ups.
    "archive.add_invitation",
    "archive.change_invitation",
    "archive.delete_invitation",
    "archive.view_invitation",
    "archive.change_membershiprequest",
    "archive.view_membershiprequest",
]
CONSENT_OFFICER_PERMISSIONS = [
    *ADMIN_ACCESS,
    "archive.view_narrator",
    "archive.change_narrator",
    "archive.record_consent",
]
ADMINISTRATOR_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    *CONSENT_OFFICER_PERMISSIONS,
    *(f"archive.delete_{model}" for model in [*VOCABULARY, "narrator"]),
    "archive.add_narrator",
    "archive.delete_membershiprequest",
    # People and site settings.
    "auth.add_user",
    "auth.change_user",
    "auth.view_user",
    "auth.add_group",
    "auth.change_group",
    "auth.view_group",
    "wagtailcore.add_site",
    "wagtailcore.change_site",
    "wagtailcore.add_workflow",
    "wagtailcore.change_workflow",
    "wagtailcore.add_task",
    "wagtailcore.change_task",
    "wagtailcore.add_collection",
    "wagtailcore.change_collection",
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
]

# Features above the core add their own models' permissions to a role from their
# AppConfig.ready() (add_permissions), so the core names no feature: {role: [names]}.
_feature_permissions = {name: [] for name in ROLE_LABELS}


def add_permissions(role, names):
    """Give `role` these permissions too ("app_label.codename"), from a feature's ready()."""
    for name in names:
        if name not in _feature_permissions[role]:
            _feature_permissions[role].append(name)


# Page permissions, granted on every StoryIndexPage (and for Administrators on the home page,
# which covers the whole site).
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
CONSENT_OFFICER_PAGE_PERMISSIONS = ["change_page"]
ADMINISTRATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
]

# Collection permissions on the root collection (they apply to every collection below it).
EDITOR_MEDIA_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
CONSENT_OFFICER_MEDIA_PERMISSIONS = ["wagtailimages.choose_image"]
ADMINISTRATOR_MEDIA_PERMISSIONS = [
    *EDITOR_MEDIA_PERMISSIONS,
    "wagtailimages.delete_image",
    "wagtaildocs.delete_document",
]

# Signed consent forms carry real names: they live in their own collection, which only the
# archive's staff may open (a Wagtail view restriction), and consent officers may file there.
CONSENT_COLLECTION = "Consent records"
CONSENT_COLLECTION_PERMISSIONS = ["wagtaildocs.add_document", "wagtaildocs.choose_document"]


def _permissions(names):
    from django.contrib.auth.models import Permission

    wanted = {tuple(name.split(".", 1)) for name in names}
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted},
        codename__in={codename for _, codename in wanted},
    ).select_related("content_type")
    permissions = [p for p in found if (p.content_type.app_label, p.codename) in wanted]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in permissions}
    if missing:
        names = ", ".join(sorted(".".join(item) for item in missing))
        raise LookupError(f"Permissions not found (are migrations applied?): {names}")
    return permissions


def _page_permissions(codenames):
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    content_type = ContentType.objects.get_for_model(Page)
    return list(Permission.objects.filter(content_type=content_type, codename__in=codenames))


def _grant_pages(group, pages, codenames):
    from wagtail.models import GroupPagePermission

    for page in pages:
        for permission in _page_permissions(codenames):
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _grant_collection(group, collection, names):
    from wagtail.models import GroupCollectionPermission

    for permission in _permissions(names):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def _consent_collection(root, staff_groups):
    from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

    collection = root.get_children().filter(name=CONSENT_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=CONSENT_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.GROUPS
        )
    restriction.groups.add(*staff_groups)
    return Collection.objects.get(pk=collection.pk)


def ensure_roles(story_indexes=()):
    """Create the four groups with their permissions; safe to run any number of times.

    Members get no admin access at all: they submit and follow their stories on the public
    site. Page permissions go on `story_indexes` (the pages stories live under, named by
    stories.site_structure, which calls this) and, for Administrators, on each site's home
    page. Returns {group name: Group}.
    """
    from django.contrib.auth.models import Group
    from django.db import transaction
    from wagtail.models import Collection, Site

    with transaction.atomic():
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_LABELS}
        members = groups[MEMBERS]
        editors = groups[EDITORS]
        officers = groups[CONSENT_OFFICERS]
        administrators = groups[ADMINISTRATORS]

        editors.permissions.add(*_permissions(EDITOR_PERMISSIONS))
        officers.permissions.add(*_permissions(CONSENT_OFFICER_PERMISSIONS))
        administrators.permissions.add(*_permissions(ADMINISTRATOR_PERMISSIONS))
        for name, names in _feature_permissions.items():
            groups[name].permissions.add(*_permissions(names))
        # Members never reach the admin, even if someone granted it by hand.
        members.permissions.remove(*_permissions(ADMIN_ACCESS))

        _grant_pages(editors, story_indexes, EDITOR_PAGE_PERMISSIONS)
        _grant_pages(officers, story_indexes, CONSENT_OFFICER_PAGE_PERMISSIONS)
        homes = [site.root_page for site in Site.objects.select_related("root_page")]
        _grant_pages(administrators, homes or story_indexes, ADMINISTRATOR_PAGE_PERMISSIONS)

        root = Collection.get_first_root_node()
        if root is not None:
            _grant_collection(editors, root, EDITOR_MEDIA_PERMISSIONS)
            _grant_collection(officers, root, CONSENT_OFFICER_MEDIA_PERMISSIONS)
            _grant_collection(administrators, root, ADMINISTRATOR_MEDIA_PERMISSIONS)
            consent = _consent_collection(root, [editors, officers, administrators])
            _grant_collection(officers, consent, CONSENT_COLLECTION_PERMISSIONS)
    return groups
