"""URLs of the REST API, mounted at /api/ by the root URLconf (namespace
"api"): the version 1 endpoints, the OpenAPI schema and its two viewers, and a
JSON 404 for every other address under /api/."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from escape_site.api import not_found
from escape_site.api_docs import RedocDocsView, SwaggerDocsView
from films.api import (
    CharacterViewSet,
    CreditViewSet,
    FilmViewSet,
    LocationViewSet,
    PersonViewSet,
)
from reviews.api import MentionViewSet, ReviewViewSet, ThemeViewSet

app_name = "api"

router = DefaultRouter()
router.register("films", FilmViewSet, basename="film")
router.register("people", PersonViewSet, basename="person")
router.register("characters", CharacterViewSet, basename="character")
router.register("locations", LocationViewSet, basename="location")
router.register("credits", CreditViewSet, basename="credit")
router.register("reviews", ReviewViewSet, basename="review")
router.register("themes", ThemeViewSet, basename="theme")
router.register("mentions", MentionViewSet, basename="mention")

urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/docs/", SwaggerDocsView.as_view(url_name="api:schema"), name="docs"),
    path("v1/redoc/", RedocDocsView.as_view(url_name="api:schema"), name="redoc"),
    path("v1/", include(router.urls)),
    re_path(r"^.*$", not_found),
]
