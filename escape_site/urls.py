"""Root URL configuration: wiring only."""

from django.contrib import admin
from django.urls import include, path

from reviews.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("films/", include("films.urls")),
    path("reviews/", include("reviews.urls")),
    path("admin/", admin.site.urls),
]
