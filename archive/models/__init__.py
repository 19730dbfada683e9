from archive.models.accounts import Invitation, MemberProfile, MembershipRequest
from archive.models.dates import HistoricalDate, HistoricalDateFields, Precision
from archive.models.events import HistoricalEvent
from archive.models.media import ArchiveImage, ArchiveRendition
from archive.models.once_public import OncePublic
from archive.models.pages import HomePage
from archive.models.people import (
    AUDIENCE,
    CONSENT_ALLOWING,
    ConsentScope,
    Narrator,
    Visibility,
    public_name,
    scopes_allowing,
    visibilities_for,
    widest_visibility,
)
from archive.models.places import Partnership, Place
from archive.models.themes import Theme, ThemeTree

__all__ = [
    "AUDIENCE",
    "CONSENT_ALLOWING",
    "ArchiveImage",
    "ArchiveRendition",
    "ConsentScope",
    "HistoricalDate",
    "HistoricalDateFields",
    "HistoricalEvent",
    "HomePage",
    "Invitation",
    "MemberProfile",
    "MembershipRequest",
    "Narrator",
    "OncePublic",
    "Partnership",
    "Place",
    "Precision",
    "Theme",
    "ThemeTree",
    "Visibility",
    "public_name",
    "scopes_allowing",
    "visibilities_for",
    "widest_visibility",
]
