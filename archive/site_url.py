"""The archive's one public address (settings.SITE_URL) and what is derived from it.

Every absolute link handed out where no request says how the visitor reached us — e-mails,
OAI-PMH identifiers, API and bag URLs, the Wagtail Site that builds page URLs — comes from
here, so they all point at the address that actually answers.
"""

import re
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings

# OAI-PMH 2.0 oai-identifier schema: a dotted domain name, each label starting with a letter.
OAI_NAMESPACE = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")
_LABEL = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*")
# OAI-PMH emailType: \S+@(\S+\.)+\S+
_OAI_EMAIL = re.compile(r"\S+@(\S+\.)+\S+")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def base():
    """SITE_URL without a trailing slash, e.g. "https://memoria.example.org"."""
    return settings.SITE_URL.rstrip("/")


def absolute(path):
    """An absolute URL for a site path ("/es/buscar/" → "https://…/es/buscar/")."""
    if urlsplit(path).scheme:
        return path
    return base() + "/" + path.lstrip("/")


def hostname():
    return urlsplit(base()).hostname or "localhost"


def port():
    parts = urlsplit(base())
    return parts.port or _DEFAULT_PORTS.get(parts.scheme, 80)


def oai_namespace():
    """The OAI repositoryIdentifier: OAI_REPOSITORY_IDENTIFIER if set, else SITE_URL's host.

    A host the schema refuses still gives a valid namespace: a single label gets
    ".localdomain" ("localhost" → "localhost.localdomain"), an IP address becomes
    "localhost.localdomain". Production should use a real domain name.
    """
    configured = getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "")
    if configured:
        return configured
    host = hostname()
    if OAI_NAMESPACE.fullmatch(host):
        return host
    if _LABEL.fullmatch(host):
        return f"{host}.localdomain"
    return "localhost.localdomain"


def oai_identifier(story_id):
    """A story's OAI-PMH identifier: interop.oai hands it out and reads it back, and the
    front-end cache purge (archive.purge) lists the GetRecord address it names."""
    return f"oai:{oai_namespace()}:story:{story_id}"


def admin_email():
    """A contact address valid for OAI-PMH: ADMIN_EMAIL, else DEFAULT_FROM_EMAIL's address,
    else memoria@<namespace>."""
    for candidate in (getattr(settings, "ADMIN_EMAIL", ""), settings.DEFAULT_FROM_EMAIL):
        address = parseaddr(candidate or "")[1]
        if _OAI_EMAIL.fullmatch(address):
            return address
    return f"memoria@{oai_namespace()}"


def sync_site():
    """Keep the default Wagtail Site's hostname and port in step with SITE_URL (page URLs,
    API html_url, OAI dc:identifier and the bag all read it). Returns the site, or None."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    if (site.hostname, site.port) != (hostname(), port()):
        site.hostname, site.port = hostname(), port()
        site.save(update_fields=["hostname", "port"])
    return site


def sync_site_after_migrate(sender, using="default", **kwargs):
    """post_migrate: every `migrate` (setup, deploys) brings the Site in step; skipped
    while Wagtail's tables are not there yet (a partial migrate)."""
    from django.db import connections
    from wagtail.models import Site

    if Site._meta.db_table in connections[using].introspection.table_names():
        sync_site()
