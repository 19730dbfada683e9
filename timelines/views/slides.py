"""/timelines/<slug>/slides.pptx: a timeline as a PowerPoint deck (timelines/slides.py),
with the parameters of the embed and the TimelineJS data: lang, theme, from, to."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from timelines.slides import CONTENT_TYPE, timeline_deck
from timelines.views.embed import bad_parameters_answered
from timelines.views.timelinejs import public_timeline, timeline_filters


@require_GET
@bad_parameters_answered
def timeline_slides(request, slug):
    timeline = public_timeline(slug)
    language, filters = timeline_filters(request)
    response = HttpResponse(timeline_deck(timeline, language, **filters), CONTENT_TYPE)
    name = f"{timeline.slug}-{language}.pptx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Language"] = language
    return response
