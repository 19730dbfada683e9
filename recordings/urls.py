from django.urls import path

from recordings import views

# Outside the language prefix: a file is the same in both languages.
urlpatterns = [
    path("recordings/<int:pk>/web", views.web_file, name="recording_web_file"),
    path("recordings/<int:pk>/image", views.image, name="recording_image"),
    path("recordings/<int:pk>/<str:language>.vtt", views.track, name="recording_track"),
]
