"""OAI-PMH 2.0 at /oai/: library and archive harvesters copy the public catalogue from here.

Records are stories, in Dublin Core (`oai_dc`) with both languages marked by xml:lang; sets
are themes. Only archive.visibility.public_stories() gives metadata. A story that was public
once and no longer is (withdrawn, unpublished, narrowed to members, consent changed) is
reported as deleted, header only, so harvesters drop their copy too. Members-only, embargoed
and draft stories that were never public do not exist here at all.

Hand-written rather than built on a library. django-oai-pmh keeps its own copy of every
record in its own tables (PostgreSQL-only array fields, a new app and migrations), and a
second copy of a withdrawn narrator's metadata is what this archive must not keep.
oaipmh (the maintained fork of pyoai) writes Dublin Core without xml:lang, drops a set's
description and uses unsigned plain-text resumption tokens: all three would have to be
replaced through its internals. The protocol itself is small.
"""

import datetime
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db.models import Max, Min
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import ModelLogEntry, PageLogEntry

from archive import site_url
from archive.languages import CODES, translated
from archive.middleware import answers_nul_itself
from archive.models import Narrator, Theme, ThemeTree
from archive.once_public import once_public
from archive.params import record_id
from archive.visibility import public_stories
from interop import dublin_core
from interop.xml_names import OAI, OAI_DC, SCHEMA_LOCATION
from stories.models import StoryPage

PAGE_SIZE = 50
TOKEN_SALT = "memoria.oai.resumption-token"
TOKEN_LIFETIME = datetime.timedelta(days=1)
METADATA_PREFIX = "oai_dc"

OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"

# verb: (required arguments, optional arguments). A resumptionToken must come alone.
VERBS = {
    "Identify": ((), ()),
    "ListMetadataFormats": ((), ("identifier",)),
    "ListSets": ((), ("resumptionToken",)),
    "GetRecord": (("identifier", "metadataPrefix"), ()),
    "ListIdentifiers": (("metadataPrefix",), ("from", "until", "set", "resumptionToken")),
    "ListRecords": (("metadataPrefix",), ("from", "until", "set", "resumptionToken")),
}
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


class OAIError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Query:
    """What a list request asks for: records stamped in [start, end), in some themes."""

    arguments: dict
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    theme_ids: list | None = None

    def covers(self, moment):
        return (not self.start or moment >= self.start) and (not self.end or moment < self.end)

    def public_stories(self):
        stories = public_stories()
        if self.start:
            stories = stories.filter(last_published_at__gte=self.start)
        if self.end:
            stories = stories.filter(last_published_at__lt=self.end)
        if self.theme_ids is not None:
            stories = stories.filter(themes__in=self.theme_ids).distinct()
        return stories


@dataclass
class Record:
    story: object
    datestamp: datetime.datetime
    deleted: bool = False


# --- The view ------------------------------------------------------------------------------
@answers_nul_itself  # badArgument or idDoesNotExist, in XML; no argument reaches a query
@csrf_exempt  # Harvesters may POST (the protocol allows it); nothing here changes state.
@require_http_methods(["GET", "POST"])
def endpoint(request):
    root = ET.Element("OAI-PMH")
    # ElementTree cannot write a default namespace beside unprefixed attributes (code=,
    # status=), so the OAI namespace is declared by hand, as harvesters expect it.
    root.set("xmlns", OAI)
    root.set(SCHEMA_LOCATION, f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    _text(root, "responseDate", _datestamp(timezone.now()))
    echo = _text(root, "request", site_url.absolute(reverse("oai")))
    params = request.POST if request.method == "POST" else request.GET
    try:
        verb, arguments = _parse(params)
        root.append(HANDLERS[verb](request, arguments))
    except OAIError as error:
        _error(root, error)
        if error.code in ("badVerb", "badArgument"):
            # The protocol echoes a request it could not understand without its arguments.
            return _respond(root)
    echo.attrib.update({name: dublin_core.xml_text(value) for name, value in params.items()})
    return _respond(root)


def _parse(params):
    verbs = params.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OAIError("badVerb", "The verb is missing, repeated or not an OAI-PMH verb.")
    verb = verbs[0]
    required, optional = VERBS[verb]
    arguments = {}
    for name, values in params.lists():
        if name == "verb":
            continue
        if name not in required and name not in optional:
            raise OAIError("badArgument", f"{verb} does not take the argument {name!r}.")
        if len(values) != 1:
            raise OAIError("badArgument", f"The argument {name!r} is repeated.")
        arguments[name] = values[0]
    if "resumptionToken" in arguments:
        if len(arguments) > 1:
            raise OAIError("badArgument", "A resumptionToken must be the only argument.")
    elif missing := [name for name in required if name not in arguments]:
        raise OAIError("badArgument", f"{verb} needs {', '.join(missing)}.")
    return verb, arguments


def _respond(root):
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _error(root, error):
    _text(root, "error", error.message).set("code", error.code)


# --- Verbs ---------------------------------------------------------------------------------
def identify(request, arguments):
    element = ET.Element("Identify")
    _text(element, "repositoryName", dublin_core.repository_name())
    _text(element, "baseURL", site_url.absolute(reverse("oai")))
    _text(element, "protocolVersion", "2.0")
    _text(element, "adminEmail", site_url.admin_email())
    _text(element, "earliestDatestamp", _datestamp(_earliest_datestamp()))
    # "transient": a page deleted from Wagtail leaves no trace to report it by.
    _text(element, "deletedRecord", "transient")
    _text(element, "granularity", "YYYY-MM-DDThh:mm:ssZ")
    element.append(_oai_identifier_description())
    return element


def _oai_identifier_description():
    """The oai-identifier description: harvesters read the identifiers' namespace here."""
    description = ET.Element("description")
    scheme = ET.SubElement(description, "oai-identifier")
    scheme.set("xmlns", OAI_IDENTIFIER)
    scheme.set(SCHEMA_LOCATION, f"{OAI_IDENTIFIER} {OAI_IDENTIFIER}.xsd")
    _text(scheme, "scheme", "oai")
    _text(scheme, "repositoryIdentifier", _repository_host())
    _text(scheme, "delimiter", ":")
    _text(scheme, "sampleIdentifier", site_url.oai_identifier(1))
    return description


def list_metadata_formats(request, arguments):
    if "identifier" in arguments:
        _find_record(arguments["identifier"])
    element = ET.Element("ListMetadataFormats")
    format_ = ET.SubElement(element, "metadataFormat")
    _text(format_, "metadataPrefix", METADATA_PREFIX)
    _text(format_, "schema", dublin_core.OAI_DC_SCHEMA)
    _text(format_, "metadataNamespace", OAI_DC)
    return element


def list_sets(request, arguments):
    if "resumptionToken" in arguments:
        raise OAIError("badResumptionToken", "The list of sets comes whole; no token applies.")
    specs = _set_specs()
    if not specs:
        raise OAIError("noSetHierarchy", "The archive has no themes yet.")
    element = ET.Element("ListSets")
    for theme in sorted(Theme.objects.filter(pk__in=specs), key=lambda theme: specs[theme.pk]):
        set_ = ET.SubElement(element, "set")
        _text(set_, "setSpec", specs[theme.pk])
        _text(set_, "setName", translated(theme, "name", settings.LANGUAGE_CODE)[0])
        _set_description(ET.SubElement(set_, "setDescription"), theme)
    return element


def get_record(request, arguments):
    _check_prefix(arguments["metadataPrefix"])
    element = ET.Element("GetRecord")
    _record(element, _find_record(arguments["identifier"]), request, _set_specs())
    return element


def list_identifiers(request, arguments):
    return _list("ListIdentifiers", request, arguments, full=False)


def list_records(request, arguments):
    return _list("ListRecords", request, arguments, full=True)


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}


def _list(verb, request, arguments, *, full):
    arguments, after, cursor = _resume(verb, arguments)
    query = _query(arguments)
    records = _records(query, after, PAGE_SIZE + 1)
    if not records:
        raise OAIError("noRecordsMatch", "No records match this request.")
    page, more = records[:PAGE_SIZE], len(records) > PAGE_SIZE
    element = ET.Element(verb)
    specs = _set_specs()
    for record in page:
        if full:
            _record(element, record, request, specs)
        else:
            _header(element, record, specs)
    if more or cursor:
        _resumption_token(element, verb, query, page[-1].story.pk, cursor, len(page), more)
    return element


# --- Which records -------------------------------------------------------------------------
def _once_public():
    """Stories anyone could read at some time (archive.once_public)."""
    return StoryPage.objects.filter(pk__in=once_public())


def _deleted_stories():
    return _once_public().exclude(pk__in=public_stories().values("pk"))


def _public_records(query, after, limit):
    stories = query.public_stories().filter(pk__gt=after).order_by("pk")
    stories = stories.prefetch_related("narrators", "themes", "places")
    return [Record(story, story.last_published_at) for story in stories[:limit]]


def _deleted_records(query, after=0):
    """Deleted records in the date window. They are reported in every set: a harvester
    that took a story through one theme must hear of its deletion even if its themes
    changed before it went."""
    records = _as_deleted(_deleted_stories().filter(pk__gt=after).order_by("pk"))
    return [record for record in records if query.covers(record.datestamp)]


def _as_deleted(stories):
    stories = list(stories)
    stamps = _deletion_datestamps(stories)
    return [Record(story, stamps[story.pk], deleted=True) for story in stories]


def _records(query, after, limit):
    """Public and deleted records in id order after the id `after`: ids never change,
    so a harvester resuming later neither skips nor repeats a record."""
    merged = _public_records(query, after, limit) + _deleted_records(query, after)
    return sorted(merged, key=lambda record: record.story.pk)[:limit]


def _deletion_datestamps(stories):
    """{story id: when it stopped being public}, as near as the archive can tell: its
    latest publication, revision, logged action (unpublishing, a withdrawal), expiry, or
    a logged change to a narrator's consent. It must be recent, or a harvester asking
    only for changes since its last visit would never hear of the deletion."""
    ids = [story.pk for story in stories]
    page_changes = dict(
        PageLogEntry.objects.filter(page_id__in=ids)
        .order_by()
        .values("page_id")
        .annotate(latest=Max("timestamp"))
        .values_list("page_id", "latest")
    )
    links = list(
        StoryPage.narrators.through.objects.filter(storypage_id__in=ids).values_list(
            "storypage_id", "narrator_id"
        )
    )
    narrator_changes = dict(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Narrator),
            object_id__in=[str(narrator_id) for _, narrator_id in links],
        )
        .order_by()
        .values("object_id")
        .annotate(latest=Max("timestamp"))
        .values_list("object_id", "latest")
    )
    now = timezone.now()
    stamps = {}
    for story in stories:
        times = [story.last_published_at, story.latest_revision_created_at]
        times.append(page_changes.get(story.pk))
        times.append(story.expire_at if story.expire_at and story.expire_at <= now else None)
        times += [narrator_changes.get(str(n)) for s, n in links if s == story.pk]
        stamps[story.pk] = max(time for time in times if time)
    return stamps


def _earliest_datestamp():
    # Every datestamp is a publication or a later change: the first publication bounds them.
    earliest = _once_public().aggregate(first=Min("first_published_at"))["first"]
    return earliest or timezone.now()


def _find_record(identifier):
    story_id = _story_id(identifier)
    public = public_stories().filter(pk=story_id).first()
    if public:
        return Record(public, public.last_published_at)
    deleted = _as_deleted(_deleted_stories().filter(pk=story_id))
    if deleted:
        return deleted[0]
    # A hidden story and a missing one get the same answer.
    raise OAIError("idDoesNotExist", f"No record {identifier}.")


# --- Arguments -----------------------------------------------------------------------------
def _repository_host():
    return site_url.oai_namespace()


def identifier_for(story):
    return site_url.oai_identifier(story.pk)


def _story_id(identifier):
    match = re.fullmatch(re.escape(site_url.oai_identifier("")) + "([0-9]+)", identifier)
    story_id = match and record_id(match[1])
    if not story_id:
        raise OAIError("idDoesNotExist", f"No record {identifier}.")
    return story_id


def _check_prefix(prefix):
    if prefix != METADATA_PREFIX:
        raise OAIError("cannotDisseminateFormat", f"Records come in {METADATA_PREFIX} only.")


def _query(arguments):
    _check_prefix(arguments["metadataPrefix"])
    query = Query(arguments)
    start, until = arguments.get("from"), arguments.get("until")
    if start is not None and until is not None and _is_day(start) != _is_day(until):
        raise OAIError("badArgument", "from and until must have the same granularity.")
    if start is not None:
        query.start = _parse_datestamp(start, "from")
    if until is not None:
        # `until` includes its whole day or second: the window ends just after it.
        step = datetime.timedelta(days=1) if _is_day(until) else datetime.timedelta(seconds=1)
        last = _parse_datestamp(until, "until")
        try:
            query.end = last + step
        except OverflowError:  # 9999-12-31, the last day a datetime holds: no end at all
            query.end = None
    if query.start and query.end and query.start >= query.end:
        raise OAIError("badArgument", "from is later than until.")
    if "set" in arguments:
        query.theme_ids = _themes_in_set(arguments["set"])
    return query


def _is_day(text):
    return bool(DAY.fullmatch(text))


def _parse_datestamp(text, name):
    formats = ((DAY, "%Y-%m-%d"), (SECOND, "%Y-%m-%dT%H:%M:%SZ"))
    for pattern, format_ in formats:
        if pattern.fullmatch(text):
            try:
                parsed = datetime.datetime.strptime(text, format_)
            except ValueError:
                break
            return parsed.replace(tzinfo=datetime.UTC)
    raise OAIError("badArgument", f"{name} is not a date as YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.")


def _themes_in_set(spec):
    """A set holds its theme's stories and those of the themes below it."""
    specs = _set_specs()
    ids = [pk for pk, known in specs.items() if known == spec or known.startswith(f"{spec}:")]
    if not ids:
        raise OAIError("noRecordsMatch", f"There is no set {spec!r}.")
    return ids


def _set_specs():
    """{theme id: "parent:child"}, the path of slugs from the top theme down."""
    tree = ThemeTree()
    return {pk: ":".join(tree.path(pk)) for pk in tree.slugs}


# --- Resumption tokens ---------------------------------------------------------------------
def _resumption_token(element, verb, query, last_id, cursor, count, more):
    """Signed, so nobody can forge one; it carries the original request and the last id
    sent. The last page of a list gets an empty token, as the protocol asks."""
    token = _text(element, "resumptionToken", "")
    token.set("cursor", str(cursor))
    token.set("completeListSize", str(_list_size(query)))
    if more:
        state = {"verb": verb, "arguments": query.arguments, "after": last_id}
        state["cursor"] = cursor + count
        token.text = signing.dumps(state, salt=TOKEN_SALT, compress=True)
        token.set("expirationDate", _datestamp(timezone.now() + TOKEN_LIFETIME))


def _resume(verb, arguments):
    """(original arguments, last id already sent, records sent so far)."""
    if "resumptionToken" not in arguments:
        return arguments, 0, 0
    try:
        state = signing.loads(arguments["resumptionToken"], salt=TOKEN_SALT, max_age=TOKEN_LIFETIME)
    except signing.BadSignature as error:
        raise OAIError(
            "badResumptionToken", "The resumption token is invalid or expired."
        ) from error
    if state.get("verb") != verb:
        raise OAIError("badResumptionToken", f"This resumption token is not for {verb}.")
    return state["arguments"], state["after"], state["cursor"]


def _list_size(query):
    return query.public_stories().count() + len(_deleted_records(query))


# --- Writing records -----------------------------------------------------------------------
def _record(parent, record, request, specs):
    element = ET.SubElement(parent, "record")
    _header(element, record, specs)
    if not record.deleted:
        dublin_core.describe_story(record.story, ET.SubElement(element, "metadata"))


def _header(parent, record, specs):
    header = ET.SubElement(parent, "header")
    _text(header, "identifier", identifier_for(record.story))
    _text(header, "datestamp", _datestamp(record.datestamp))
    if record.deleted:
        # Nothing else: not a title, not a theme, not a narrator.
        header.set("status", "deleted")
        return
    for theme in record.story.themes.all():
        _text(header, "setSpec", specs[theme.pk])


def _set_description(parent, theme):
    dc = dublin_core.oai_dc(parent)
    for element, field in (("title", "name"), ("description", "description")):
        for code in CODES:
            dublin_core.add(dc, element, getattr(theme, f"{field}_{code}"), code)


# --- Small helpers ---------------------------------------------------------------------------
def _text(parent, tag, text):
    element = ET.SubElement(parent, tag)
    element.text = dublin_core.xml_text(text)
    return element


def _datestamp(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
