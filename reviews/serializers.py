"""API representations of reviews, themes and mentions (see
`films.serializers` for the conventions: ``url``, ``html_url``, nested links,
lean lists, write serializers answering with the detail)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from films.models import Film, SourceDocument
from films.serializers import API, FilmLinkSerializer, HtmlUrlField, api_url
from films.serializers import reviews_url as filtered_reviews_url
from reviews.models import Mention, Review, Theme

# --- Themes -----------------------------------------------------------------


class ThemeLinkSerializer(serializers.ModelSerializer):
    url = api_url("theme")
    html_url = HtmlUrlField()

    class Meta:
        model = Theme
        fields = ["slug", "name", "url", "html_url"]


class ThemeSerializer(serializers.ModelSerializer):
    url = api_url("theme")
    html_url = HtmlUrlField()
    reviews_url = serializers.SerializerMethodField()

    class Meta:
        model = Theme
        fields = ["url", "html_url", "slug", "name", "description", "reviews_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_reviews_url(self, theme) -> str:
        return filtered_reviews_url(self.context, "theme", theme.slug)


# --- Mentions ---------------------------------------------------------------


class TargetLinkSerializer(serializers.Serializer):
    """What a mention names: a person, character, place or film."""

    kind = serializers.ChoiceField(choices=Mention.Kind.choices)
    slug = serializers.SlugField()
    name = serializers.CharField(help_text="Its name (a film's title).")
    url = serializers.URLField()
    html_url = serializers.URLField()


@extend_schema_field(TargetLinkSerializer)
class MentionTargetField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, mention):
        target = mention.target
        request = self.context.get("request")
        html_url = target.get_absolute_url()
        return {
            "kind": mention.kind,
            "slug": target.slug,
            "name": target.title if mention.kind == Mention.Kind.FILM else target.name,
            "url": reverse(
                f"{API}:{mention.kind}-detail",
                kwargs={"slug": target.slug},
                request=request,
            ),
            "html_url": request.build_absolute_uri(html_url) if request else html_url,
        }


class ReviewLinkSerializer(serializers.ModelSerializer):
    url = api_url("review")
    html_url = HtmlUrlField()

    class Meta:
        model = Review
        fields = ["slug", "headline", "url", "html_url"]


class ReviewMentionSerializer(serializers.ModelSerializer):
    """A mention inside its review."""

    url = api_url("mention", "pk")
    target = MentionTargetField()
    sentence = serializers.CharField(
        source="source_sentence",
        read_only=True,
        help_text="The sentence of the review that names the target.",
    )

    class Meta:
        model = Mention
        fields = ["id", "url", "kind", "target", "count", "sentence"]


class MentionSerializer(ReviewMentionSerializer):
    html_url = HtmlUrlField()
    review = ReviewLinkSerializer(read_only=True)

    class Meta(ReviewMentionSerializer.Meta):
        fields = [
            "id",
            "url",
            "html_url",
            "review",
            "kind",
            "target",
            "count",
            "sentence",
        ]


# --- Reviews ----------------------------------------------------------------


class SourceDocumentSerializer(serializers.ModelSerializer):
    """The imported document a review was made from (metadata, not its text)."""

    class Meta:
        model = SourceDocument
        fields = ["filename", "kind", "sha256", "imported_at"]


class ReviewListSerializer(serializers.ModelSerializer):
    url = api_url("review")
    html_url = HtmlUrlField()
    film = FilmLinkSerializer(read_only=True)
    themes = ThemeLinkSerializer(many=True, read_only=True)
    kind = serializers.ChoiceField(
        source="source_document.kind",
        choices=SourceDocument.Kind.choices,
        read_only=True,
        allow_null=True,
        help_text="The kind of document it was imported from (null if none).",
    )

    class Meta:
        model = Review
        fields = [
            "url",
            "html_url",
            "slug",
            "headline",
            "film",
            "byline",
            "outlet",
            "published_on",
            "status",
            "published_at",
            "featured",
            "tone",
            "tone_score",
            "word_count",
            "kind",
            "excerpt",
            "themes",
        ]


class ReviewDetailSerializer(ReviewListSerializer):
    mentions = ReviewMentionSerializer(many=True, read_only=True)
    source_document = SourceDocumentSerializer(read_only=True, allow_null=True)

    class Meta(ReviewListSerializer.Meta):
        fields = [
            *ReviewListSerializer.Meta.fields,
            "body",
            "source_url",
            "source_document",
            "mentions",
            "created_at",
            "updated_at",
        ]


class ReviewWriteSerializer(serializers.ModelSerializer):
    """Review fields as `reviews.services` takes them: the film and themes by
    slug; the services check the workflow (who may set which status)."""

    film = serializers.SlugRelatedField(slug_field="slug", queryset=Film.objects.all())
    themes = serializers.SlugRelatedField(
        slug_field="slug", queryset=Theme.objects.all(), many=True, required=False
    )

    class Meta:
        model = Review
        fields = [
            "slug",
            "headline",
            "film",
            "body",
            "excerpt",
            "byline",
            "outlet",
            "source_url",
            "published_on",
            "status",
            "published_at",
            "featured",
            "tone",
            "tone_score",
            "word_count",
            "themes",
        ]
