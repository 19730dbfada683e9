"""What recordings tell the apps above them (memoria joins them to search)."""

from django.dispatch import Signal

# Sent with `recording_id` once a recording, or one of its segments, is saved whole: its
# transcript parsed into lines, a segment's themes and places stored (post_save comes
# before either).
recording_changed = Signal()
