from archive.models.accounts import Invitation, MembershipRequest
from archive.models.dates import HistoricalDate, HistoricalDateFields, Precision
from archive.models.events import HistoricalEvent
from archive.models.media import ArchiveImage, ArchiveRendition
from archive.models.pages import HomePage
from archive.models.people import ConsentScope, Narrator
from archive.models.places import Partnership, Place
from archive.models.themes import Theme, ThemeTree
from archive.models.timelines import TimelineEra, TimelineEvent, TimelinePage

__all__ = [
    "ArchiveImage",
    "ArchiveRendition",
    "ConsentScope",
    "HistoricalDate",
    "HistoricalDateFields",
    "HistoricalEvent",
    "HomePage",
    "Invitation",
    "MembershipRequest",
    "Narrator",
    "Partnership",
    "Place",
    "Precision",
    "Theme",
    "ThemeTree",
    "TimelineEra",
    "TimelineEvent",
    "TimelinePage",
]
