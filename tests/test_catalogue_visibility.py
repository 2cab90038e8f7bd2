"""What visitors see of the catalogue: an imported entry whose only evidence is
unpublished content (a draft, in-review or archived review, or a review since
deleted) is hidden from every public page and count; editors still see it."""

import pytest
from django.urls import reverse

from films.models import (
    Character,
    Credit,
    Film,
    FilmLocation,
    Location,
    Person,
    Rating,
    SourceDocument,
)
from reviews.importer.pipeline import import_documents
from reviews.models import Mention, Review
from tests.factories import (
    CharacterFactory,
    CreditFactory,
    FilmFactory,
    FilmLocationFactory,
    LocationFactory,
    MentionFactory,
    PersonFactory,
    ReviewFactory,
    SourceDocumentFactory,
    ThemeFactory,
)
from tests.reviews.invented_documents import write_documents

pytestmark = pytest.mark.django_db

IMPORTED = {"import_hash": "1" * 64}  # any non-empty hash: the importer made it
UNPUBLISHED = [Review.Status.DRAFT, Review.Status.IN_REVIEW, Review.Status.ARCHIVED]


def import_docs(tmp_path, names=None):
    """Import invented documents the way `import_seeds --load` does."""
    folder = write_documents(tmp_path / "docs", names)
    import_documents([folder], output=None, load=True)


def set_status(review, status):
    review.status = status
    review.save()


def status_of(client, obj):
    return client.get(obj.get_absolute_url()).status_code


def review_doc(status, **kwargs):
    """A review document and the review made from it, in ``status``."""
    document = SourceDocumentFactory(kind=SourceDocument.Kind.REVIEW)
    ReviewFactory(source_document=document, status=status, **kwargs)
    return document


def article_doc():
    return SourceDocumentFactory(kind=SourceDocument.Kind.ARTICLE)


# --- A film known only from one review follows that review -------------------


def assert_shown(client, films, people, places, *, shown):
    home = client.get("/")
    listed = set(client.get(reverse("films:film_list")).context["object_list"])
    for film in films:
        assert (film in set(home.context["films"])) is shown
        assert (film in listed) is shown
        assert status_of(client, film) == (200 if shown else 404)
    for row in [*people, *places]:
        assert status_of(client, row) == (200 if shown else 404), row
    assert home.context["people_count"] == (len(people) if shown else 0)
    assert home.context["location_count"] == (len(places) if shown else 0)


def test_a_film_known_only_from_a_review_follows_its_status(client, tmp_path):
    import_docs(tmp_path, ["still_waters_review.txt"])
    review = Review.objects.get()
    # The review's film and any film it names in passing, its cast and crew,
    # its places (Hamburg and Lübeck, inside Germany).
    films, people, places = (
        list(Film.objects.all()),
        list(Person.objects.all()),
        list(Location.objects.all()),
    )
    assert review.film in films and people and places
    assert Location.objects.filter(parent__isnull=False).exists()
    counts = (
        f'{review.film}</a> <span class="meta">{review.film.credits.count()} '
        f"credits · {review.film.film_locations.count()} locations"
    )

    set_status(review, Review.Status.DRAFT)
    assert_shown(client, films, people, places, shown=False)
    assert review.film.title not in client.get("/").content.decode()

    set_status(review, Review.Status.PUBLISHED)
    assert_shown(client, films, people, places, shown=True)
    assert counts in client.get("/films/").content.decode()

    set_status(review, Review.Status.ARCHIVED)
    assert_shown(client, films, people, places, shown=False)


def test_reference_article_facts_stay_visible_beside_a_draft_review(client, tmp_path):
    import_docs(tmp_path, ["salt_marsh_article.txt", "salt_marsh_review.txt"])
    review = Review.objects.get()
    film, article = review.film, SourceDocument.objects.get(kind="article")
    from_article = Credit.objects.filter(film=film, source_document=article)
    places_from_article = FilmLocation.objects.filter(
        film=film, source_document=article
    )
    assert from_article.filter(role=Credit.Role.ACTOR).exists()
    assert places_from_article.exists()
    # Places only the review names (the importer reads one into it today).
    review_only = Location.objects.exclude(film_locations__source_document=article)

    set_status(review, Review.Status.DRAFT)
    response = client.get(film.get_absolute_url())
    assert response.status_code == 200
    assert {c.pk for c in response.context["cast"]} == set(
        from_article.filter(role=Credit.Role.ACTOR).values_list("pk", flat=True)
    )
    crew = {(p.pk, role) for p, roles in response.context["crew"] for role in roles}
    assert crew == {(c.person_id, c.get_role_display()) for c in from_article.crew()}
    assert "Metacritic: 68/100" in response.content.decode()
    for place in review_only:
        assert status_of(client, place) == 404
    # The films the draft names in passing are hidden with it.
    (listed,) = client.get("/films/").context["object_list"]
    assert (listed.credit_count, listed.location_count) == (
        from_article.count(),
        places_from_article.count(),
    )

    set_status(review, Review.Status.PUBLISHED)
    for place in review_only:
        assert status_of(client, place) == 200
    listed = client.get("/films/").context["object_list"]
    (listed,) = [row for row in listed if row == film]
    assert (listed.credit_count, listed.location_count) == (
        film.credits.count(),
        film.film_locations.count(),
    )


# --- The rule against an independent statement of it, on many documents ------


def expected_visible() -> dict:
    """The rule restated in Python, row by row, to check the querysets against."""
    published = set(Review.objects.published().values_list("pk", flat=True))
    review_of = dict(
        Review.objects.exclude(source_document=None).values_list(
            "source_document", "pk"
        )
    )
    public_docs = {
        doc.pk
        for doc in SourceDocument.objects.all()
        if (
            review_of[doc.pk] in published
            if doc.pk in review_of
            else doc.kind == "article"
        )
    }

    def facts(model):
        return [
            fact
            for fact in model.objects.all()
            if fact.source_document_id is None or fact.source_document_id in public_docs
        ]

    credits, film_locations, ratings = (
        facts(Credit),
        facts(FilmLocation),
        facts(Rating),
    )
    mentions = [m for m in Mention.objects.all() if m.review_id in published]

    def targets(rows, field):
        return {getattr(row, f"{field}_id") for row in rows} - {None}

    def editors(model):
        return set(model.objects.filter(import_hash="").values_list("pk", flat=True))

    characters = (
        editors(Character)
        | targets(credits, "character")
        | targets(mentions, "character")
    )
    people = editors(Person) | targets(credits, "person") | targets(mentions, "person")
    films = (
        editors(Film)
        | set(Review.objects.published().values_list("film", flat=True))
        | targets(credits, "film")
        | targets(film_locations, "film")
        | targets(ratings, "film")
        | targets(mentions, "film")
        | set(
            Character.objects.filter(pk__in=characters).values_list("film", flat=True)
        )
    )
    parent = dict(Location.objects.values_list("pk", "parent"))
    locations = set()
    for pk in (
        editors(Location)
        | targets(film_locations, "location")
        | targets(mentions, "location")
    ):
        while pk is not None and pk not in locations:
            locations.add(pk)
            pk = parent[pk]
    return {
        Film: films,
        Person: people,
        Character: characters,
        Location: locations,
        Credit: {c.pk for c in credits},
        FilmLocation: {f.pk for f in film_locations},
        Rating: {r.pk for r in ratings},
    }


@pytest.mark.parametrize(
    "statuses",
    [
        ["published"],
        ["draft"],
        ["draft", "published", "archived", "in_review", "published"],
        ["published", "deleted", "draft"],
    ],
    ids=["all-published", "all-draft", "mixed", "some-deleted"],
)
def test_visibility_matches_the_rule_on_invented_documents(client, tmp_path, statuses):
    import_docs(tmp_path)
    for i, review in enumerate(Review.objects.order_by("slug")):
        status = statuses[i % len(statuses)]
        if status == "deleted":
            review.delete()
        else:
            set_status(review, status)

    expected = expected_visible()
    for model, pks in expected.items():
        visible = set(model.objects.visible().values_list("pk", flat=True))
        assert visible == pks, model.__name__
    if statuses == ["published"]:
        assert expected[Film] == set(Film.objects.values_list("pk", flat=True))
    elif len(statuses) > 1:  # some hidden, some shown
        assert any(len(pks) < model.objects.count() for model, pks in expected.items())
        assert all(expected.values())

    home = client.get("/")
    assert home.context["people_count"] == len(expected[Person])
    assert home.context["location_count"] == len(expected[Location])
    films = client.get(reverse("films:film_list")).context["object_list"]
    assert {film.pk for film in films} == expected[Film]
    for film in films:
        assert film.credit_count == len(
            expected[Credit] & set(film.credits.values_list("pk", flat=True))
        )
        assert film.location_count == len(
            expected[FilmLocation]
            & set(film.film_locations.values_list("pk", flat=True))
        )
    # A page per model and outcome (the querysets above cover every row).
    for model in (Film, Person, Location):
        shown = model.objects.filter(pk__in=expected[model]).first()
        hidden = model.objects.exclude(pk__in=expected[model]).first()
        if shown:
            assert status_of(client, shown) == 200
        if hidden:
            assert status_of(client, hidden) == 404


# --- Single rules, with factories ---------------------------------------------


def test_rows_an_editor_made_are_visible_without_any_evidence(client):
    film = FilmFactory()
    person = PersonFactory()
    place = LocationFactory()
    character = CharacterFactory(film=film)
    for row in (film, person, place):
        assert status_of(client, row) == 200
    assert character.name in client.get(film.get_absolute_url()).content.decode()
    home = client.get("/")
    assert list(home.context["films"]) == [film]
    assert (home.context["people_count"], home.context["location_count"]) == (1, 1)


def test_an_editors_fact_makes_an_imported_film_and_person_visible(client):
    film = FilmFactory(**IMPORTED)
    person = PersonFactory(**IMPORTED)
    assert status_of(client, film) == 404
    CreditFactory(film=film, person=person, crew=True)  # no source document
    assert status_of(client, film) == 200
    assert status_of(client, person) == 200


@pytest.mark.parametrize("unpublished", UNPUBLISHED)
def test_facts_follow_their_documents_review(client, unpublished):
    film = FilmFactory(**IMPORTED)
    person = PersonFactory(**IMPORTED)
    place = LocationFactory(**IMPORTED)
    draft = review_doc(unpublished)
    CreditFactory(film=film, person=person, source_document=draft, crew=True)
    FilmLocationFactory(film=film, location=place, source_document=draft, **IMPORTED)
    for row in (film, person, place):
        assert status_of(client, row) == 404
    assert client.get("/").context["people_count"] == 0

    review = Review.objects.get(source_document=draft)
    set_status(review, Review.Status.PUBLISHED)
    for row in (film, person, place):
        assert status_of(client, row) == 200


def test_a_review_document_without_its_review_is_withheld(client):
    """Deleting a draft review must not publish what it said."""
    document = review_doc(Review.Status.DRAFT)
    credit = CreditFactory(
        source_document=document, film__import_hash="1" * 64, crew=True
    )
    Review.objects.filter(source_document=document).delete()
    assert not Credit.objects.visible().filter(pk=credit.pk).exists()
    assert status_of(client, credit.film) == 404
    article = article_doc()
    assert list(SourceDocument.objects.public()) == [article]


def test_the_film_list_counts_only_visible_facts(client):
    film = FilmFactory(title="Counted", **IMPORTED)
    article, draft = article_doc(), review_doc(Review.Status.DRAFT)
    CreditFactory.create_batch(2, film=film, source_document=article)
    CreditFactory(film=film, source_document=draft)
    FilmLocationFactory(film=film, source_document=article)
    FilmLocationFactory(film=film, source_document=draft)
    for url in ("/", reverse("films:film_list")):
        assert 'Counted (2017)</a> <span class="meta">2 credits · 1 locations' in (
            client.get(url).content.decode()
        )


def test_person_and_location_pages_list_only_visible_facts(client):
    shown = FilmFactory(title="Shown", **IMPORTED)
    hidden = FilmFactory(title="Hidden", **IMPORTED)
    article, draft = article_doc(), review_doc(Review.Status.DRAFT)
    credit = CreditFactory(film=shown, source_document=article, crew=True)
    CreditFactory(film=hidden, person=credit.person, source_document=draft, crew=True)
    place = FilmLocationFactory(film=shown, source_document=article).location
    FilmLocationFactory(film=hidden, location=place, source_document=draft)

    for row in (credit.person, place):
        content = client.get(row.get_absolute_url()).content.decode()
        assert "Shown (2017)" in content
        assert "Hidden" not in content
    assert status_of(client, hidden) == 404


def test_a_place_is_visible_through_a_visible_place_inside_it(client):
    france = LocationFactory(name="France", kind=Location.Kind.COUNTRY, **IMPORTED)
    paris = LocationFactory(name="Paris", parent=france, **IMPORTED)
    louvre = LocationFactory(name="Louvre", parent=paris, **IMPORTED)
    lyon = LocationFactory(name="Lyon", parent=france, **IMPORTED)
    document = review_doc(Review.Status.PUBLISHED)
    FilmLocationFactory(location=louvre, source_document=document)
    FilmLocationFactory(location=lyon, source_document=review_doc(Review.Status.DRAFT))

    for place in (france, paris, louvre):
        assert status_of(client, place) == 200
    assert status_of(client, lyon) == 404
    children = client.get(france.get_absolute_url()).context["location"].children.all()
    assert list(children) == [paris]
    assert client.get("/").context["location_count"] == 3

    set_status(Review.objects.get(source_document=document), Review.Status.ARCHIVED)
    for place in (france, paris, louvre):
        assert status_of(client, place) == 404
    assert client.get("/").context["location_count"] == 0


def test_a_published_mention_shows_its_target_and_a_characters_film(client):
    review = ReviewFactory()
    other = FilmFactory(title="Named in passing", **IMPORTED)
    character = CharacterFactory(film=other, **IMPORTED)
    place = LocationFactory(**IMPORTED)
    MentionFactory(review=review, of_character=True, character=character)
    MentionFactory(review=review, of_location=True, location=place)
    MentionFactory(review=review, person__import_hash="1" * 64)

    response = client.get(review.get_absolute_url())
    for mention in response.context["review"].mentions.all():
        url = mention.target.get_absolute_url().split("#")[0]
        assert client.get(url).status_code == 200, mention
    assert character.name in client.get(other.get_absolute_url()).content.decode()

    set_status(review, Review.Status.DRAFT)
    for row in (other, place, Person.objects.get(mentions__isnull=False)):
        assert status_of(client, row) == 404


@pytest.mark.parametrize(
    "model", [Film, Person, Character, Location, Credit, FilmLocation]
)
def test_editors_still_see_hidden_rows_in_the_admin(admin_client, tmp_path, model):
    import_docs(tmp_path, ["still_waters_review.txt"])
    set_status(Review.objects.get(), Review.Status.DRAFT)
    assert not model.objects.visible().exists()
    opts = model._meta
    response = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count() > 0


# --- Found by review: evidence deleted, draft-only themes, long place chains ---


def test_an_imported_fact_whose_document_was_deleted_stays_hidden(client, db):
    document = SourceDocumentFactory()
    ReviewFactory(source_document=document, status=Review.Status.DRAFT)
    person = PersonFactory(**IMPORTED)
    CreditFactory(person=person, source_document=document, **IMPORTED)
    assert client.get(person.get_absolute_url()).status_code == 404
    document.delete()  # the credit's link to it is cut (SET_NULL)
    assert client.get(person.get_absolute_url()).status_code == 404


def test_a_theme_only_a_draft_uses_is_hidden(client, db):
    secret = ThemeFactory(name="Secret theme", slug="secret-theme", **IMPORTED)
    ReviewFactory(status=Review.Status.DRAFT, themes=[secret])
    ReviewFactory(themes=[ThemeFactory(name="Open theme", slug="open-theme")])
    page = client.get(reverse("reviews:review_list")).content.decode()
    assert "Secret theme" not in page and "Open theme" in page
    assert client.get("/api/v1/themes/secret-theme/").status_code == 404
    assert client.get("/feeds/reviews/theme/secret-theme/").status_code == 404


def test_breadcrumbs_stop_at_the_first_hidden_place(client, db):
    top = LocationFactory(name="Hidden top", slug="hidden-top", **IMPORTED)
    chain = [top]
    for level in range(5):
        chain.append(
            LocationFactory(
                name=f"L{level}", slug=f"l{level}", parent=chain[-1], **IMPORTED
            )
        )
    MentionFactory(review=ReviewFactory(), of_location=True, location=chain[-1])
    assert client.get(top.get_absolute_url()).status_code == 404
    for place in chain[1:]:
        page = client.get(place.get_absolute_url())
        assert page.status_code == 200
        assert "Hidden top" not in page.content.decode()
    api = client.get(f"/api/v1/locations/{chain[-1].slug}/").json()
    assert "hidden-top" not in [p["slug"] for p in api["parents"]]
