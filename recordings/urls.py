from django.urls import path

from recordings import upload_views, views

# Outside the language prefix: a file is the same in both languages.
urlpatterns = [
    path("recordings/<int:pk>/web", views.web_file, name="recording_web_file"),
    path(
        "recordings/<int:pk>/web.<str:extension>", views.web_file_as, name="recording_web_file_as"
    ),
    path("recordings/<int:pk>/image", views.image, name="recording_image"),
    path("recordings/<int:pk>/<str:language>.vtt", views.track, name="recording_track"),
]

# Under the language prefix (memoria/urls.py): a refusal is written in the page's language.
upload_urlpatterns = [
    path("recordings/uploads/", upload_views.uploads, name="recording_uploads"),
    path("recordings/uploads/<str:upload_id>", upload_views.upload, name="recording_upload"),
]
