"""Public review pages. Visitors only ever see `Review.objects.published()`."""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView, TemplateView

from films.models import Location, Person
from films.views import film_list_queryset
from reviews.models import Mention, Review


class PublishedReviewMixin:
    """Owns the queryset of every public review view."""

    def get_queryset(self):
        return Review.objects.published().select_related("film")


HOME_FILMS = 20


class HomeView(TemplateView):
    """The front page: the films in the catalogue and the latest reviews."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["films"] = film_list_queryset()[:HOME_FILMS]
        context["reviews"] = (
            Review.objects.published()
            .select_related("film")
            .prefetch_related("themes")[:10]
        )
        context["people_count"] = Person.objects.visible().count()
        context["location_count"] = Location.objects.visible().count()
        return context


class ReviewListView(PublishedReviewMixin, ListView):
    template_name = "reviews/review_list.html"
    paginate_by = 20

    def get_queryset(self):
        queryset = super().get_queryset().prefetch_related("themes")
        film = self.request.GET.get("film")
        if film:
            queryset = queryset.filter(film__slug=film)
        theme = self.request.GET.get("theme")
        if theme:
            queryset = queryset.filter(themes__slug=theme)
        return queryset


class ReviewDetailView(PublishedReviewMixin, DetailView):
    template_name = "reviews/review_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "themes",
                Prefetch(
                    "mentions",
                    # Every mention of a published review is visible, and so
                    # is what it names (the films models' visible() rules).
                    # A character's URL is its film's page plus an anchor.
                    queryset=Mention.objects.select_related(
                        "person", "character__film", "location", "film"
                    ),
                ),
            )
        )
