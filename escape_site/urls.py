"""Root URL configuration: wiring only."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from escape_site import views
from escape_site.health import healthz
from films.sitemaps import (
    CharacterSitemap,
    FilmSitemap,
    IndexSitemap,
    LocationSitemap,
    PersonSitemap,
)
from reviews.admin_import import review_import_view
from reviews.feeds import FilmReviewsFeed, LatestReviewsFeed, ThemeReviewsFeed
from reviews.sitemaps import ReviewSitemap

SITEMAPS = {
    "pages": IndexSitemap,
    "films": FilmSitemap,
    "reviews": ReviewSitemap,
    "people": PersonSitemap,
    "characters": CharacterSitemap,
    "locations": LocationSitemap,
}

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # /films/, /people/, /characters/, /locations/ (namespace "films")
    path("", include("films.urls")),
    path("reviews/", include("reviews.urls")),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/reviews/", LatestReviewsFeed(), name="feed_reviews"),
    path("feeds/reviews/film/<slug:slug>/", FilmReviewsFeed(), name="feed_film"),
    path("feeds/reviews/theme/<slug:slug>/", ThemeReviewsFeed(), name="feed_theme"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", healthz, name="healthz"),
    # Before the admin's own URLs, whose catch-all would answer first.
    path(
        settings.ADMIN_URL + "reviews/import/",
        admin.site.admin_view(review_import_view),
        name="admin_review_import",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    # /api/v1/ (namespace "api"): endpoints, schema, docs; JSON errors.
    path("api/", include("escape_site.api_urls")),
]

# A server error under /api/ answers in the API's JSON error shape.
handler500 = "escape_site.api.server_error"
