"""Public review pages: thin views over the selectors. Visitors only ever see
`Review.objects.published()`, filtered by the one `ReviewFilter`."""

from django.views.generic import DetailView, ListView, TemplateView

from films import selectors as catalogue
from films.models import Location, Person
from reviews import selectors

HOME_FILMS = 20


class HomeView(TemplateView):
    """The front page: the films in the catalogue and the latest reviews."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["films"] = catalogue.film_list()[:HOME_FILMS]
        context["reviews"] = selectors.review_list()[:10]
        context["people_count"] = Person.objects.visible().count()
        context["location_count"] = Location.objects.visible().count()
        return context


class ReviewListView(ListView):
    """Published reviews, filtered by the query string (a bad value is shown
    as a form error with no results, never a server error)."""

    template_name = "reviews/review_list.html"
    paginate_by = 20

    def get_queryset(self):
        self.filterset = selectors.review_filter(self.request.GET)
        if not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        return context


class ReviewDetailView(DetailView):
    template_name = "reviews/review_detail.html"

    def get_queryset(self):
        return selectors.review_detail()
