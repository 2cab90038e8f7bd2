"""Reviews, themes and mentions keep their invariants."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from reviews.models import Mention, Review
from tests.factories import (
    CharacterFactory,
    FilmFactory,
    LocationFactory,
    MentionFactory,
    PersonFactory,
    ReviewFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

ONE_TARGET = "A mention names exactly one target, of its kind."


def test_valid_rows_save_and_validate():
    review = ReviewFactory(themes=ThemeFactory.create_batch(2), tone_score=-1.0)
    rows = [
        review,
        ReviewFactory(tone_score=1.0),
        *review.themes.all(),
        MentionFactory(review=review),
        MentionFactory(review=review, of_character=True),
        MentionFactory(review=review, of_location=True),
        MentionFactory(review=review, of_film=True),
    ]
    for row in rows:
        row.full_clean()
        assert type(row).objects.filter(pk=row.pk).exists()
    assert review.themes.count() == 2


class TestReview:
    @pytest.mark.parametrize("score", [1.01, -1.5])
    def test_tone_score_out_of_range_is_rejected(self, assert_rejected, score):
        review = ReviewFactory.build(film=FilmFactory(), tone_score=score)
        assert_rejected(review, "Tone score must be between -1 and 1.")

    def test_unknown_status_is_rejected_by_the_database(self, assert_rejected):
        review = ReviewFactory.build(film=FilmFactory(), status="secret")
        with pytest.raises(ValidationError) as excinfo:
            review.full_clean()
        assert "status" in excinfo.value.message_dict
        assert_rejected(
            review, "Unknown review status.", clean=review.validate_constraints
        )

    def test_published_excludes_every_other_status(self):
        published = ReviewFactory()
        for status in ["draft", "in_review", "archived"]:
            ReviewFactory(status=status)
        assert list(Review.objects.published()) == [published]

    def test_new_review_is_a_draft(self):
        review = Review.objects.create(
            film=FilmFactory(), headline="H", slug="h", body="Body."
        )
        assert review.status == Review.Status.DRAFT
        assert not Review.objects.published().exists()

    def test_save_refreshes_updated_at(self):
        review = ReviewFactory()
        before = review.updated_at
        review.headline = "A new headline"
        review.save()
        review.refresh_from_db()
        assert review.updated_at > before

    def test_film_with_reviews_cannot_be_deleted(self):
        review = ReviewFactory()
        with pytest.raises(ProtectedError):
            review.film.delete()


class TestMention:
    def test_mention_without_target_is_rejected(self, assert_rejected):
        mention = Mention(review=ReviewFactory(), kind=Mention.Kind.PERSON)
        assert_rejected(mention, ONE_TARGET)

    def test_mention_with_two_targets_is_rejected(self, assert_rejected):
        mention = Mention(
            review=ReviewFactory(),
            kind=Mention.Kind.PERSON,
            person=PersonFactory(),
            film=FilmFactory(),
        )
        assert_rejected(mention, ONE_TARGET)

    @pytest.mark.parametrize(
        ("kind", "target"),
        [
            (Mention.Kind.LOCATION, "person"),
            (Mention.Kind.PERSON, "character"),
            (Mention.Kind.FILM, "location"),
            (Mention.Kind.CHARACTER, "film"),
        ],
    )
    def test_target_of_the_wrong_kind_is_rejected(self, assert_rejected, kind, target):
        make = {
            "person": PersonFactory,
            "character": CharacterFactory,
            "location": LocationFactory,
            "film": FilmFactory,
        }[target]
        mention = Mention(review=ReviewFactory(), kind=kind, **{target: make()})
        assert_rejected(mention, ONE_TARGET)

    def test_count_zero_is_rejected(self, assert_rejected):
        mention = MentionFactory.build(
            review=ReviewFactory(), person=PersonFactory(), count=0
        )
        assert_rejected(mention, "A mention occurs at least once.")

    def test_review_mentions_a_target_once(self, assert_rejected):
        existing = MentionFactory()
        duplicate = Mention(
            review=existing.review, kind=Mention.Kind.PERSON, person=existing.person
        )
        assert_rejected(duplicate, "This review already mentions this person.")

    def test_target_follows_kind(self):
        review = ReviewFactory()
        character = CharacterFactory(film=review.film)
        mention = MentionFactory(review=review, of_character=True, character=character)
        assert mention.target == character
        assert str(mention) == f"{character.name} ×1 in {review.headline}"
