"""Public catalogue pages: each view fetches what its template walks, in a
fixed number of queries (select_related / prefetch_related).

Visitors see only what the models' ``visible()`` methods allow: every
queryset here, prefetched relations included, starts from one of them, and
an entry they exclude answers 404.
"""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from films.models import (
    Character,
    Credit,
    Film,
    FilmLocation,
    Location,
    Person,
    Rating,
)


def film_list_queryset():
    """Visible films with the counts of their visible credits and places."""
    return Film.objects.visible().with_visible_counts().order_by(*Film._meta.ordering)


class FilmListView(ListView):
    template_name = "films/film_list.html"
    paginate_by = 50

    def get_queryset(self):
        return film_list_queryset()


class FilmDetailView(DetailView):
    model = Film
    template_name = "films/film_detail.html"

    def get_queryset(self):
        credits = Credit.objects.visible()
        return Film.objects.visible().prefetch_related(
            # Cast and crew by the model's own definitions of them.
            Prefetch(
                "credits",
                queryset=credits.cast().select_related("person", "character"),
                to_attr="cast",
            ),
            Prefetch(
                "credits",
                queryset=credits.crew().select_related("person"),
                to_attr="crew_credits",
            ),
            # A visible place's parent is visible too (Location.objects.visible).
            Prefetch(
                "film_locations",
                queryset=FilmLocation.objects.visible().select_related(
                    "location", "location__parent"
                ),
            ),
            Prefetch("ratings", queryset=Rating.objects.visible()),
            Prefetch("characters", queryset=Character.objects.visible()),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cast"] = self.object.cast
        context["crew"] = crew_by_person(self.object.crew_credits)
        return context


def crew_by_person(credits) -> list[tuple]:
    """(person, [role labels]) with each person once, the director's roles first
    (roles rank in the order ``Credit.Role`` lists them)."""
    rank = {role: i for i, role in enumerate(Credit.Role.values)}
    roles: dict = {}
    for credit in sorted(credits, key=lambda c: (rank[c.role], c.person.name)):
        roles.setdefault(credit.person, []).append(credit.get_role_display())
    return list(roles.items())


class PersonDetailView(DetailView):
    model = Person
    template_name = "films/person_detail.html"

    def get_queryset(self):
        return Person.objects.visible().prefetch_related(
            Prefetch(
                "credits",
                queryset=Credit.objects.visible().select_related("film", "character"),
            )
        )


class LocationDetailView(DetailView):
    model = Location
    template_name = "films/location_detail.html"

    def get_queryset(self):
        return (
            Location.objects.visible()
            .select_related("parent", "parent__parent")
            .prefetch_related(
                Prefetch("children", queryset=Location.objects.visible()),
                Prefetch(
                    "film_locations",
                    queryset=FilmLocation.objects.visible().select_related("film"),
                ),
            )
        )
