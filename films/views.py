"""Public catalogue pages: thin views over `films.selectors`, which fetch what
the templates walk in a fixed number of queries and show visitors only what
the models' ``visible()`` rules allow (anything else answers 404)."""

from django.views.generic import DetailView, ListView

from films import selectors


class FilmListView(ListView):
    template_name = "films/film_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.film_list()


class FilmDetailView(DetailView):
    template_name = "films/film_detail.html"

    def get_queryset(self):
        return selectors.film_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cast"] = self.object.cast
        context["crew"] = selectors.crew_by_person(self.object.crew_credits)
        return context


class PersonDetailView(DetailView):
    template_name = "films/person_detail.html"

    def get_queryset(self):
        return selectors.person_detail()


class LocationDetailView(DetailView):
    template_name = "films/location_detail.html"

    def get_queryset(self):
        return selectors.location_detail()
