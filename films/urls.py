from django.urls import path

from films import views

app_name = "films"

urlpatterns = [
    path("", views.FilmListView.as_view(), name="film_list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path(
        "locations/<slug:slug>/",
        views.LocationDetailView.as_view(),
        name="location_detail",
    ),
    path("<slug:slug>/", views.FilmDetailView.as_view(), name="film_detail"),
]
