"""Timelines: the TimelinePage models, what a timeline shows (building.py), its TimelineJS
data, embed, offline file, share box and oEmbed (views/, share.py), and the TimelineJS
import (importing.py, manage.py import_timelinejs).

The models were archive's until migration timelines 0001: their tables keep archive's
names (archive_timelinepage, ...), so moving them changed no table and no row."""
