"""Public catalogue pages: thin views over the read layers, which fetch what
the templates walk in a fixed number of queries and show visitors only what
the models' ``visible()`` rules allow (anything else answers 404).

The catalogue's models know nothing of reviews; its pages do (a person's page
lists the reviews that mention them), so these views read both
`films.selectors` and `reviews.selectors`.
"""

import math

from django.views.generic import DetailView, ListView, RedirectView

from films import selectors
from films.models import LOCATION_VISIBILITY_DEPTH, Credit, FilmLocation
from reviews import selectors as reviews


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
        film = self.object
        crew = selectors.crew_by_person(film.crew_credits)
        score = reviews.review_score(film=film)
        tones = reviews.tone_breakdown(film=film)
        context.update(
            cast=film.cast,
            crew=crew,
            directors=directors(film.crew_credits),
            score=score,
            tones=[(tone, percent(tone.count, score["count"])) for tone in tones],
            latest_reviews=reviews.reviews_of(film=film),
            filming=[p for p in film.film_locations.all() if is_filming(p)],
            settings=[p for p in film.film_locations.all() if not is_filming(p)],
        )
        return context


def directors(crew_credits) -> list:
    return [c.person for c in crew_credits if c.role == Credit.Role.DIRECTOR]


def is_filming(film_location) -> bool:
    return film_location.usage == FilmLocation.Usage.FILMING


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


class PersonListView(ListView):
    template_name = "films/person_list.html"
    paginate_by = 60

    def get_queryset(self):
        return selectors.person_index()


class PersonDetailView(DetailView):
    template_name = "films/person_detail.html"

    def get_queryset(self):
        return selectors.person_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        by_film: dict = {}
        for credit in person.credits.all():
            by_film.setdefault(credit.film, []).append(credit)
        context.update(
            films=list(by_film.items()),
            mentions=reviews.mentions_of(person=person),
            review_total=reviews.review_total({"person": person.slug}),
        )
        return context


class CharacterListView(ListView):
    template_name = "films/character_list.html"
    paginate_by = 100

    def get_queryset(self):
        return selectors.character_list().order_by("film__title", "name")


class CharacterDetailView(DetailView):
    template_name = "films/character_detail.html"
    context_object_name = "character"

    def get_queryset(self):
        return selectors.character_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        character = self.object
        context.update(
            credits=list(character.credits.all()),
            mentions=reviews.mentions_of(character=character),
            places=selectors.film_places(
                character.film, usage=FilmLocation.Usage.SETTING
            ),
            review_total=reviews.review_total({"character": character.slug}),
        )
        return context


class LocationListView(ListView):
    template_name = "films/location_list.html"

    def get_queryset(self):
        return selectors.location_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One fetch of the visible places serves the list, the tree and the map.
        places = list(context["object_list"])
        context.update(
            object_list=places,
            location_list=places,
            tree=selectors.location_tree(places),
            map=svg_map(places),
        )
        return context


class LocationDetailView(DetailView):
    template_name = "films/location_detail.html"

    def get_queryset(self):
        return selectors.location_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        place = self.object
        uses = list(place.film_locations.all())
        ancestors = place.visible_ancestors(loaded_ancestors(place))
        context.update(
            ancestors=ancestors,
            breadcrumbs=list(reversed(ancestors)),
            filming=[use for use in uses if is_filming(use)],
            settings=[use for use in uses if not is_filming(use)],
            mentions=reviews.mentions_of(location=place),
            review_total=reviews.review_total({"location": place.slug}),
            map=svg_map(selectors.places_on_map(place), current=place),
        )
        return context


def loaded_ancestors(place) -> list:
    """The enclosing places `location_detail` fetched with ``place``, nearest
    first (the hierarchy's visible depth; no further query)."""
    chain, node = [], place
    for _ in range(LOCATION_VISIBILITY_DEPTH):
        if node.parent_id is None or node.parent_id == place.pk:
            break
        node = node.parent
        chain.append(node)
    return chain


class PersonRedirectView(RedirectView):
    """The old address of a person's page, /films/people/<slug>/."""

    permanent = True
    query_string = True
    pattern_name = "films:person_detail"


class LocationRedirectView(RedirectView):
    """The old address of a place's page, /films/locations/<slug>/."""

    permanent = True
    query_string = True
    pattern_name = "films:location_detail"


# --- The offline map ----------------------------------------------------------

MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 640, 400, 48


def svg_map(places, *, current=None) -> dict | None:
    """Points to draw places with coordinates on an inline SVG: an
    equirectangular projection (longitude scaled by the cosine of the mean
    latitude), fitted to the places' bounding box. No tiles, no request to
    anyone: the page carries the whole map. None when no place has
    coordinates."""
    places = [p for p in places if p.latitude is not None]
    if not places:
        return None
    lats = [float(p.latitude) for p in places]
    lons = [float(p.longitude) for p in places]
    scale_x = math.cos(math.radians(sum(lats) / len(lats)))
    xs = [lon * scale_x for lon in lons]
    # A lone place (or places on one spot) gets a small box around it.
    span_x = max(max(xs) - min(xs), 0.02)
    span_y = max(max(lats) - min(lats), 0.02)
    inner_w, inner_h = MAP_WIDTH - 2 * MAP_MARGIN, MAP_HEIGHT - 2 * MAP_MARGIN
    unit = min(inner_w / span_x, inner_h / span_y)
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(lats) + min(lats)) / 2
    points = []
    for place, x, lat in zip(places, xs, lats, strict=True):
        px = MAP_WIDTH / 2 + (x - mid_x) * unit
        py = MAP_HEIGHT / 2 - (lat - mid_y) * unit
        points.append(
            {
                "place": place,
                "x": round(px, 1),
                "y": round(py, 1),
                # Labels to the left of points in the right third.
                "anchor": "end" if px > MAP_WIDTH * 2 / 3 else "start",
                "dx": -10 if px > MAP_WIDTH * 2 / 3 else 10,
                "current": current is not None and place.pk == current.pk,
            }
        )
    return {
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "points": points,
        "scale": scale_bar(unit),
    }


KM_PER_DEGREE = 111.32  # of latitude; longitude was scaled to match


def scale_bar(pixels_per_degree: float) -> dict:
    """A round distance (1, 2 or 5 times a power of ten, in km) drawn about
    a fifth of the map wide."""
    km_per_pixel = KM_PER_DEGREE / pixels_per_degree
    target = km_per_pixel * MAP_WIDTH / 5
    power = 10 ** math.floor(math.log10(target))
    km = max(step * power for step in (1, 2, 5) if step * power <= target)
    label = f"{km:g} km" if km >= 1 else f"{km * 1000:g} m"
    return {"width": round(km / km_per_pixel), "label": label}
