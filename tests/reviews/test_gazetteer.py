"""The gazetteer: known places, their kinds, homonyms and coordinates."""

from dataclasses import dataclass, field
from decimal import Decimal

from reviews.importer import gazetteer


def test_countries_regions_and_towns_have_their_kind():
    assert gazetteer.kind_of("Portugal") == "country"
    assert gazetteer.kind_of("UK") == "country"
    assert gazetteer.kind_of("Wales") == "country"  # a nation of a union
    assert gazetteer.kind_of("Bahia") == "region"  # ISO 3166-2 state
    assert gazetteer.kind_of("Galicia") == "region"  # "Galicia [Galicia]"
    assert gazetteer.kind_of("Lyon") == "city"


def test_unknown_phrases_languages_and_common_words_are_no_places():
    for phrase in ("Quarterly Review", "Grandmother", "Daughter", "Super"):
        assert gazetteer.best(phrase) is None
    assert gazetteer.is_language("Malayalam")
    assert gazetteer.best("Malayalam") is None
    assert not gazetteer.is_language("Georgia")


def test_the_most_important_reading_wins_without_context():
    assert gazetteer.best("Paris").country == "FR"  # not Paris, Texas
    assert gazetteer.best("Kent").kind == "region"  # the county, not Kent, Ohio
    assert gazetteer.best("Georgia").kind == "country"


def test_a_large_town_of_its_own_regions_name_is_the_town():
    assert gazetteer.best("Lagos").kind == "city"
    assert gazetteer.best("Cork").kind == "city"


def test_a_country_stated_nearby_chooses_among_homonyms():
    assert gazetteer.best("Valladolid").country == "ES"
    assert gazetteer.best("Valladolid", countries={"MX"}).country == "MX"
    assert gazetteer.best("Gravesend", countries={"GB"}).country == "GB"
    # Prague's name in Polish is no place in Poland.
    assert gazetteer.best("Praga", countries={"PL"}) is None


def test_small_towns_need_their_country_stated():
    assert gazetteer.best("Cobh") is None
    assert gazetteer.best("Cobh", countries={"IE"}).kind == "city"


def test_countries_of_names_said_together():
    assert gazetteer.countries_of(["Kent", "Gravesend"]) == {"GB"}
    assert gazetteer.countries_of(["Nowhere Special"]) == frozenset()


def test_coordinates_only_for_towns():
    lisbon = gazetteer.best("Lisbon")
    lat, lon = gazetteer.coordinates(lisbon)
    assert Decimal("38") < lat < Decimal("39") and Decimal("-10") < lon < Decimal("-9")
    assert lat.as_tuple().exponent == -6
    assert gazetteer.coordinates(gazetteer.best("Portugal")) is None
    assert gazetteer.coordinates(None) is None


@dataclass
class _Record:
    name: str
    kind: str
    parent: str | None = None
    aliases: list = field(default_factory=list)


def test_locate_records_uses_the_enclosing_places_country():
    mexican = {
        "yucatan": _Record("Yucatán", "region"),
        "v": _Record("Valladolid", "other", parent="yucatan"),
    }
    gazetteer.locate_records(mexican)
    assert mexican["v"].longitude < -80  # Mexico, not Spain
    records = {
        "kent": _Record("Kent", "region"),
        "gravesend": _Record("Gravesend", "other", parent="kent"),
        "old-pier": _Record("Old Pier", "venue", parent="gravesend"),
        "porto": _Record("Porto", "other"),
    }
    gazetteer.locate_records(records)
    gravesend = records["gravesend"]
    assert gravesend.kind == "city"
    assert Decimal("51") < gravesend.latitude < Decimal("52")  # England, not New York
    assert records["kent"].latitude is None  # a region gets no point
    assert records["old-pier"].kind == "venue" and records["old-pier"].latitude is None
    assert records["porto"].kind == "city" and records["porto"].longitude < 0


def test_locate_records_survives_a_cycle():
    records = {
        "a": _Record("Lyon", "other", parent="b"),
        "b": _Record("Rhone Valley", "region", parent="a"),
    }
    gazetteer.locate_records(records)
    assert records["a"].kind == "city"


def test_the_index_is_a_sorted_text_searched_by_halves():
    index = gazetteer._Index.from_mapping({"b": "x", "a": "y", "c": "z"})
    assert [index.get(k) for k in ("a", "b", "c", "d", "")] == [
        "y",
        "x",
        "z",
        None,
        None,
    ]
