"""Pages over the whole site rather than one app: the home page, the search
and robots.txt. Thin views over both apps' read layers."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from escape_site.content_version import cached_for_content
from films import selectors as catalogue
from films.models import Credit, Location, Person
from reviews import selectors as reviews

HOME_FILMS = 20
SEARCH_MAX = 200  # characters of a search; more is refused as a form error


class HomeView(TemplateView):
    """The featured film (the one with the most published reviews) with its
    synopsis, director, lead cast, scores and consensus; featured and latest
    reviews; ways to browse by theme, person and place; the film list."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Everything here is the same for every visitor: built (visibility
        # rules make the querysets costly to build) once per content version.
        context.update(cached_for_content("home-page", home_content))
        return context


def home_content() -> dict:
    content = {}
    film = reviews.featured_film()
    if film is not None:
        content.update(
            featured_film=film,
            lead_cast=list(film.cast[:4]),
            directors=[
                c.person for c in film.crew_credits if c.role == Credit.Role.DIRECTOR
            ],
            score=reviews.review_score(film=film),
        )
    content.update(
        films=list(catalogue.film_list()[:HOME_FILMS]),
        featured_reviews=list(reviews.review_list().filter(featured=True)[:3]),
        reviews=list(reviews.review_list()[:6]),
        themes=list(reviews.themes_with_counts()[:15]),
        places=list(catalogue.location_list().filter(parent__isnull=True)[:12]),
        people_count=Person.objects.visible().count(),
        location_count=Location.objects.visible().count(),
    )
    return content


class SearchView(TemplateView):
    """/search/?q=: films, people, characters, places and reviews whose names
    or text hold every word (case and accents ignored), grouped, best match
    first, reviews with the passage that matched highlighted."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context["query"] = query[:SEARCH_MAX]
        if len(query) > SEARCH_MAX:
            context["error"] = (
                f"Search for at most {SEARCH_MAX} characters "
                f"(this search has {len(query):,})."
            )
            return context
        if query:
            groups = catalogue.catalogue_search(query)
            groups["reviews"] = reviews.review_search(query)
            context["groups"] = [
                ("Films", groups["films"]),
                ("People", groups["people"]),
                ("Characters", groups["characters"]),
                ("Places", groups["locations"]),
                ("Reviews", groups["reviews"]),
            ]
            context["total"] = sum(len(rows) for rows in groups.values())
            context["limit"] = catalogue.SEARCH_LIMIT
        return context


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
