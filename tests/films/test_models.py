"""The catalogue's invariants hold in the database and in ``full_clean()``."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from films.models import Credit, FilmLocation, Location, SourceDocument
from tests.factories import (
    CharacterFactory,
    CreditFactory,
    FilmFactory,
    FilmLocationFactory,
    LocationFactory,
    PersonFactory,
    RatingFactory,
    SourceDocumentFactory,
)

pytestmark = pytest.mark.django_db


def test_valid_rows_of_every_catalogue_model_save_and_validate():
    film = FilmFactory(title="The Escape", year=2017)
    paris = LocationFactory(
        name="Paris", latitude=Decimal("48.8566"), longitude=Decimal("2.3522")
    )
    rows = [
        SourceDocumentFactory(),
        film,
        FilmFactory(title="Untitled", year=None),
        PersonFactory(),
        CharacterFactory(film=film),
        CreditFactory(film=film),
        CreditFactory(film=film, crew=True),
        paris,
        LocationFactory(
            parent=paris, latitude=Decimal("-90"), longitude=Decimal("180")
        ),
        FilmLocationFactory(film=film, location=paris),
        RatingFactory(film=film, value=Decimal("0")),
        RatingFactory(film=film, value=Decimal("10"), scale=Decimal("10")),
        RatingFactory(film=film, value=None, consensus="Mixed."),
    ]
    for row in rows:
        row.full_clean()
        assert type(row).objects.filter(pk=row.pk).exists()


class TestFilm:
    @pytest.mark.parametrize("year", [1869, 2101])
    def test_year_out_of_range_is_rejected(self, assert_rejected, year):
        film = FilmFactory.build(year=year)
        with pytest.raises(ValidationError) as excinfo:
            film.full_clean()
        assert "year" in excinfo.value.message_dict
        # The field validator reports first; the constraint carries its own message.
        assert_rejected(
            film,
            "Year must be between 1870 and 2100.",
            clean=film.validate_constraints,
        )

    @pytest.mark.parametrize("year", [1870, 2100])
    def test_year_bounds_are_accepted(self, year):
        FilmFactory(year=year).full_clean()

    def test_duplicate_title_and_year_is_rejected(self, assert_rejected):
        FilmFactory(title="The Escape", year=2017)
        duplicate = FilmFactory.build(title="The Escape", year=2017)
        assert_rejected(duplicate, "A film with this title and year exists.")

    def test_same_title_in_another_year_is_a_different_film(self):
        FilmFactory(title="The Escape", year=2017)
        FilmFactory(title="The Escape", year=1928).full_clean()

    def test_str_and_url(self):
        film = FilmFactory(title="The Escape", year=2017, slug="the-escape-2017")
        assert str(film) == "The Escape (2017)"
        assert str(FilmFactory(title="Untitled", year=None)) == "Untitled"
        assert film.get_absolute_url() == "/films/the-escape-2017/"


class TestRating:
    def test_value_above_scale_is_rejected(self, assert_rejected):
        rating = RatingFactory.build(
            film=FilmFactory(), value=Decimal("101"), scale=Decimal("100")
        )
        assert_rejected(rating, "Value must be between 0 and the scale.")

    def test_negative_value_is_rejected(self, assert_rejected):
        rating = RatingFactory.build(film=FilmFactory(), value=Decimal("-1"))
        assert_rejected(rating, "Value must be between 0 and the scale.")

    def test_zero_scale_is_rejected(self, assert_rejected):
        rating = RatingFactory.build(
            film=FilmFactory(), value=Decimal("0"), scale=Decimal("0")
        )
        assert_rejected(rating, "Scale must be greater than zero.")

    def test_one_rating_per_source_and_metric(self, assert_rejected):
        existing = RatingFactory()
        duplicate = RatingFactory.build(
            film=existing.film, source=existing.source, metric=existing.metric
        )
        assert_rejected(duplicate, "This film already has this rating.")

    def test_str_drops_trailing_zeros(self):
        rating = RatingFactory(value=Decimal("6.20"), scale=Decimal("10"))
        assert str(rating) == f"{rating.source}: 6.2/10"


class TestCredit:
    def test_same_person_cannot_play_the_same_character_twice(self, assert_rejected):
        credit = CreditFactory()
        duplicate = Credit(
            film=credit.film,
            person=credit.person,
            role=Credit.Role.ACTOR,
            character=credit.character,
        )
        assert_rejected(duplicate, "This person already plays this character.")

    def test_same_crew_role_cannot_be_credited_twice(self, assert_rejected):
        credit = CreditFactory(crew=True)
        duplicate = Credit(
            film=credit.film, person=credit.person, role=Credit.Role.DIRECTOR
        )
        assert_rejected(duplicate, "This person already has this role on this film.")

    def test_one_actor_may_play_two_characters(self):
        credit = CreditFactory()
        second = CharacterFactory(film=credit.film)
        CreditFactory(film=credit.film, person=credit.person, character=second)
        assert credit.person.credits.count() == 2

    def test_one_person_may_hold_two_crew_roles(self):
        credit = CreditFactory(crew=True)
        CreditFactory(
            film=credit.film,
            person=credit.person,
            role=Credit.Role.WRITER,
            character=None,
        ).full_clean()

    def test_character_on_a_non_actor_credit_is_rejected(self, assert_rejected):
        character = CharacterFactory()
        credit = Credit(
            film=character.film,
            person=PersonFactory(),
            role=Credit.Role.DIRECTOR,
            character=character,
        )
        assert_rejected(credit, "Only an actor credit can name a character.")

    def test_cast_and_crew_querysets(self):
        actor = CreditFactory()
        director = CreditFactory(film=actor.film, crew=True)
        assert list(Credit.objects.cast()) == [actor]
        assert list(Credit.objects.crew()) == [director]

    def test_str_names_the_character(self):
        credit = CreditFactory(
            film=FilmFactory(title="The Escape", year=2017),
            person=PersonFactory(name="Gemma Arterton"),
            character__name="Tara",
        )
        assert str(credit) == "Gemma Arterton — Actor as Tara (The Escape (2017))"


class TestLocation:
    @pytest.mark.parametrize("latitude", ["90.000001", "-91"])
    def test_latitude_out_of_range_is_rejected(self, assert_rejected, latitude):
        location = LocationFactory.build(
            latitude=Decimal(latitude), longitude=Decimal("0")
        )
        assert_rejected(location, "Latitude must be between -90 and 90.")

    def test_longitude_out_of_range_is_rejected(self, assert_rejected):
        location = LocationFactory.build(
            latitude=Decimal("0"), longitude=Decimal("180.5")
        )
        assert_rejected(location, "Longitude must be between -180 and 180.")

    def test_latitude_without_longitude_is_rejected(self, assert_rejected):
        location = LocationFactory.build(latitude=Decimal("48.8566"))
        assert_rejected(location, "Give both latitude and longitude, or neither.")

    def test_longitude_without_latitude_is_rejected(self, assert_rejected):
        location = LocationFactory.build(longitude=Decimal("2.3522"))
        assert_rejected(location, "Give both latitude and longitude, or neither.")

    def test_a_location_cannot_be_its_own_parent(self, assert_rejected):
        location = LocationFactory()
        location.parent = location
        assert_rejected(location, "A location cannot be its own parent.")

    def test_ancestors_nearest_first(self):
        france = LocationFactory(name="France", kind=Location.Kind.COUNTRY)
        paris = LocationFactory(name="Paris", parent=france)
        louvre = LocationFactory(name="Louvre", parent=paris)
        assert louvre.ancestors() == [paris, france]
        assert france.ancestors() == []


class TestFilmLocation:
    def test_duplicate_film_location_is_rejected(self, assert_rejected):
        existing = FilmLocationFactory()
        duplicate = FilmLocation(
            film=existing.film, location=existing.location, usage=existing.usage
        )
        assert_rejected(duplicate, "This location is already listed for this use.")

    def test_same_place_may_be_filming_location_and_setting(self):
        existing = FilmLocationFactory(usage=FilmLocation.Usage.FILMING)
        FilmLocationFactory(
            film=existing.film,
            location=existing.location,
            usage=FilmLocation.Usage.SETTING,
        ).full_clean()


class TestSourceDocument:
    def test_sha256_must_be_lowercase_hex(self, assert_rejected):
        document = SourceDocumentFactory.build(sha256="A" * 64)
        assert_rejected(document, "sha256 must be 64 lowercase hex digits.")

    def test_sha256_is_unique(self):
        existing = SourceDocumentFactory()
        duplicate = SourceDocument(
            filename="copy.txt",
            sha256=existing.sha256,
            text=existing.text,
            kind=SourceDocument.Kind.REVIEW,
        )
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert "sha256" in excinfo.value.message_dict
