"""The catalogue's pages, mounted at the site root: /films/, /people/,
/characters/, /locations/ (slugs everywhere), and 301s from the old
/films/people/<slug>/ and /films/locations/<slug>/ addresses."""

from django.urls import path

from films import views

app_name = "films"

urlpatterns = [
    path("films/", views.FilmListView.as_view(), name="film_list"),
    path(
        "films/people/<slug:slug>/",
        views.PersonRedirectView.as_view(),
        name="old_person_detail",
    ),
    path(
        "films/locations/<slug:slug>/",
        views.LocationRedirectView.as_view(),
        name="old_location_detail",
    ),
    path("films/<slug:slug>/", views.FilmDetailView.as_view(), name="film_detail"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("characters/", views.CharacterListView.as_view(), name="character_list"),
    path(
        "characters/<slug:slug>/",
        views.CharacterDetailView.as_view(),
        name="character_detail",
    ),
    path("locations/", views.LocationListView.as_view(), name="location_list"),
    path(
        "locations/<slug:slug>/",
        views.LocationDetailView.as_view(),
        name="location_detail",
    ),
]
