"""What the API reads and writes, field by field (the OpenAPI schema is made from these).

Numbers of the comparison come twice: at full precision (``mean``) and as the page shows them
(``display.mean``: the same display rounding as the page and its exports, as text).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from centers.models import Center, EmploymentOutcome
from reviews.models import FidelityScale, Review, ScaleAnchor, ScaleBand, ScaleItem, ScaleSection


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details: every error of the API has this shape."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="On 400: the messages of each field (``__all__``: of the whole request).",
    )
    rows = serializers.ListField(
        child=serializers.DictField(child=serializers.JSONField()),
        required=False,
        help_text="On 400 from the bulk upsert: every problem, as {row, column, message}.",
    )


class CenterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Center
        fields = [
            "id",
            "code",
            "name",
            "region",
            "municipality",
            "ips_started_on",
            "employment_specialists",
            "is_active",
        ]


class CenterRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Center
        fields = ["id", "code", "name"]


class AnchorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScaleAnchor
        fields = ["score", "text"]


class ItemSerializer(serializers.ModelSerializer):
    anchors = AnchorSerializer(many=True, read_only=True)
    section = serializers.CharField(source="section.name", read_only=True)

    class Meta:
        model = ScaleItem
        fields = ["id", "number", "name", "short_name", "section", "assesses", "anchors"]


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScaleSection
        fields = ["number", "name"]


class BandSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScaleBand
        fields = ["label", "min_total", "max_total"]


class ScaleSerializer(serializers.ModelSerializer):
    class Meta:
        model = FidelityScale
        fields = [
            "id",
            "code",
            "version",
            "name",
            "status",
            "description",
            "min_score",
            "max_score",
            "improvement_at_or_below",
            "published_at",
        ]


class ScaleDetailSerializer(ScaleSerializer):
    sections = SectionSerializer(many=True, read_only=True)
    items = ItemSerializer(many=True, read_only=True)
    bands = BandSerializer(many=True, read_only=True)

    class Meta(ScaleSerializer.Meta):
        fields = [*ScaleSerializer.Meta.fields, "sections", "items", "bands"]


class ItemScoreSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    score = serializers.IntegerField(allow_null=True)


class ReviewSerializer(serializers.ModelSerializer):
    center = CenterRefSerializer(read_only=True)
    scale = serializers.SerializerMethodField()
    band = serializers.CharField(source="band_label")
    item_scores = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "center",
            "scale",
            "kind",
            "visit_start",
            "visit_end",
            "finalized_at",
            "total",
            "band",
            "item_scores",
        ]

    def get_scale(self, review) -> str:
        return f"{review.scale.code}:{review.scale.version}"

    @extend_schema_field(ItemScoreSerializer(many=True))
    def get_item_scores(self, review) -> list[dict]:
        return [
            {"number": number, "score": score}
            for number, score in enumerate(review.item_scores, start=1)
        ]


class ReportItemSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    score = serializers.IntegerField(allow_null=True)
    rationale = serializers.CharField(allow_blank=True)
    recommendation = serializers.CharField(allow_blank=True)
    previous_score = serializers.IntegerField(allow_null=True)
    change = serializers.IntegerField(allow_null=True)
    needs_improvement = serializers.BooleanField()


class SectionSubtotalSerializer(serializers.Serializer):
    name = serializers.CharField()
    subtotal = serializers.IntegerField(allow_null=True)
    missing = serializers.ListField(child=serializers.IntegerField())


class ActionSerializer(serializers.Serializer):
    item = serializers.IntegerField(allow_null=True)
    action = serializers.CharField()
    owner = serializers.CharField(allow_blank=True)
    due_date = serializers.DateField(allow_null=True)
    status = serializers.CharField()


class ReportSerializer(serializers.Serializer):
    review = ReviewSerializer()
    strengths = serializers.CharField(allow_blank=True)
    total = serializers.IntegerField(allow_null=True)
    max_total = serializers.IntegerField()
    band = serializers.CharField(allow_null=True)
    missing = serializers.ListField(child=serializers.IntegerField())
    sections = SectionSubtotalSerializer(many=True)
    needing_improvement = serializers.ListField(child=serializers.IntegerField())
    previous_review = serializers.IntegerField(allow_null=True)
    items = ReportItemSerializer(many=True)
    actions = ActionSerializer(many=True)


# --- The comparison ------------------------------------------------------------------------


class SummaryDisplaySerializer(serializers.Serializer):
    mean = serializers.CharField()
    sd = serializers.CharField()
    minimum = serializers.CharField()
    maximum = serializers.CharField()
    n = serializers.CharField()


class SummarySerializer(serializers.Serializer):
    n = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    sd = serializers.FloatField(allow_null=True)
    minimum = serializers.FloatField(allow_null=True)
    maximum = serializers.FloatField(allow_null=True)
    display = SummaryDisplaySerializer()


class TotalsDisplaySerializer(SummaryDisplaySerializer):
    median = serializers.CharField()


class TotalsSerializer(SummarySerializer):
    median = serializers.FloatField(allow_null=True)
    display = TotalsDisplaySerializer()


class ComparedCenterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField(allow_blank=True)
    review_id = serializers.IntegerField()
    visit_start = serializers.DateField()
    total = serializers.IntegerField()
    items_scored = serializers.IntegerField()
    complete = serializers.BooleanField()
    band = serializers.CharField(allow_null=True)
    employment_rate = serializers.FloatField(allow_null=True)
    group = serializers.ChoiceField(choices=["upper", "lower"], allow_null=True)
    display = serializers.DictField(child=serializers.CharField())


class NotReviewedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class GroupDifferenceSerializer(serializers.Serializer):
    lower_mean = serializers.FloatField(allow_null=True)
    upper_mean = serializers.FloatField(allow_null=True)
    difference = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    display = serializers.DictField(child=serializers.CharField())


class ComparisonItemSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    scores = serializers.ListField(
        child=serializers.IntegerField(allow_null=True),
        help_text="One score per center, in the order of ``centers``; null: no score.",
    )
    stats = SummarySerializer()
    groups = GroupDifferenceSerializer(allow_null=True)


class GroupsSerializer(serializers.Serializer):
    method = serializers.CharField()
    upper_name = serializers.CharField()
    lower_name = serializers.CharField()
    upper = serializers.ListField(child=serializers.CharField())
    lower = serializers.ListField(child=serializers.CharField())
    without_rate = serializers.ListField(child=serializers.CharField())
    median_rate = serializers.FloatField(allow_null=True)
    k = serializers.IntegerField(allow_null=True)
    upper_totals = SummarySerializer()
    lower_totals = SummarySerializer()
    total_difference = serializers.FloatField(allow_null=True)


class ComparisonSerializer(serializers.Serializer):
    scale = serializers.CharField(allow_null=True, help_text="code:version of the items and bands")
    order = serializers.CharField()
    centers = ComparedCenterSerializer(many=True)
    not_reviewed = NotReviewedSerializer(many=True)
    items = ComparisonItemSerializer(many=True)
    totals = TotalsSerializer()
    groups = GroupsSerializer(allow_null=True)
    notes = serializers.ListField(child=serializers.CharField())


class ComparisonQuerySerializer(serializers.Serializer):
    """The comparison page's parameters (documentation; the page's form checks them)."""

    centers_from = serializers.ChoiceField(choices=["all", "region", "hand"], required=False)
    region = serializers.CharField(required=False)
    codes = serializers.CharField(required=False, help_text="Center codes: C1, C2, C4")
    scale = serializers.CharField(required=False, help_text="A scale code, e.g. IPS-25")
    visited_from = serializers.DateField(required=False)
    visited_to = serializers.DateField(required=False)
    period_from = serializers.CharField(required=False, help_text="A quarter: 2024 Q1")
    period_to = serializers.CharField(required=False, help_text="A quarter: 2025 Q4")
    grouping = serializers.ChoiceField(choices=["median", "top_k", "hand", "none"], required=False)
    k = serializers.IntegerField(required=False, min_value=1)
    group1 = serializers.CharField(required=False)
    group2 = serializers.CharField(required=False)
    order = serializers.ChoiceField(choices=["items", "difference"], required=False)


# --- Portfolio, outcomes ---------------------------------------------------------------------


class PortfolioQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False)
    region = serializers.CharField(required=False)
    band = serializers.CharField(required=False)
    overdue = serializers.BooleanField(required=False)
    inactive = serializers.BooleanField(required=False)
    sort = serializers.CharField(required=False)
    dir = serializers.ChoiceField(choices=["asc", "desc"], required=False)


class PortfolioRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField(allow_blank=True)
    is_active = serializers.BooleanField()
    review_id = serializers.IntegerField(allow_null=True)
    visit_start = serializers.DateField(allow_null=True)
    scale = serializers.CharField(source="scale_code", allow_blank=True)
    total = serializers.IntegerField(allow_null=True)
    band = serializers.CharField(allow_blank=True)
    previous_total = serializers.IntegerField(allow_null=True)
    change = serializers.IntegerField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()


class PortfolioPageSerializer(serializers.Serializer):
    """A page of the portfolio, as the other lists are paged."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PortfolioRowSerializer(many=True)


class OutcomeSerializer(serializers.ModelSerializer):
    center = CenterRefSerializer(read_only=True)
    employment_rate = serializers.FloatField(read_only=True, allow_null=True)
    period = serializers.CharField(read_only=True)

    class Meta:
        model = EmploymentOutcome
        fields = [
            "id",
            "center",
            "year",
            "quarter",
            "period",
            "served",
            "working",
            "employment_rate",
            "entered_at",
        ]


class OutcomeWriteSerializer(serializers.Serializer):
    """One quarter (documentation; the page's outcome form checks the values)."""

    center = serializers.CharField(help_text="The center's id or code (create only).")
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    served = serializers.IntegerField(min_value=0)
    working = serializers.IntegerField(min_value=0)


class OutcomeCorrectSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False)
    quarter = serializers.IntegerField(min_value=1, max_value=4, required=False)
    served = serializers.IntegerField(min_value=0, required=False)
    working = serializers.IntegerField(min_value=0, required=False)


class BulkRowSerializer(serializers.Serializer):
    center_code = serializers.CharField()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    served = serializers.IntegerField()
    working = serializers.IntegerField()


class BulkSerializer(serializers.Serializer):
    replace_existing = serializers.BooleanField(default=False)
    rows = BulkRowSerializer(many=True)


class BulkResultRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["created", "replaced", "unchanged"])
    outcome = OutcomeSerializer()
    previous = serializers.DictField(child=serializers.IntegerField(), allow_null=True)


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    replaced = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    rows = BulkResultRowSerializer(many=True)


# --- Surveys ---------------------------------------------------------------------------------


class CellSerializer(serializers.Serializer):
    """A count as the survey dashboard shows it to the caller: ``count`` and ``percent`` are
    null when suppressed; ``display`` is then "<5", "-" or a range."""

    count = serializers.IntegerField(allow_null=True)
    percent = serializers.FloatField(allow_null=True)
    display = serializers.CharField(allow_blank=True)
    suppressed = serializers.BooleanField()


class ReachRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    n = CellSerializer()
    share = CellSerializer(allow_null=True)
    mean = serializers.FloatField(allow_null=True)
    sd = serializers.FloatField(allow_null=True)
    left_out = serializers.IntegerField()


class StatementRowSerializer(serializers.Serializer):
    statement = serializers.CharField()
    yes = CellSerializer()
    n = CellSerializer()
    left_out = serializers.IntegerField()


class LevelSerializer(serializers.Serializer):
    level = serializers.CharField()
    cell = CellSerializer()


class ScaleTableSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    n = CellSerializer()
    mean = serializers.FloatField(allow_null=True)
    sd = serializers.FloatField(allow_null=True)
    levels = LevelSerializer(many=True)
    left_out = serializers.IntegerField()


class StatusSerializer(serializers.Serializer):
    status = serializers.CharField()
    cell = CellSerializer()


class SurveyAggregatesSerializer(serializers.Serializer):
    threshold = serializers.IntegerField(help_text="0: exact numbers; else counts below it hidden")
    groups = serializers.IntegerField()
    included = CellSerializer()
    statuses = StatusSerializer(many=True)
    reach = ReachRowSerializer(many=True, help_text="Table 2")
    severity = ReachRowSerializer(many=True)
    facilitators = StatementRowSerializer(many=True, help_text="Table 3")
    barriers = StatementRowSerializer(many=True, help_text="Table 3")
    scales = ScaleTableSerializer(many=True, help_text="Table 4")
    follow_ups_received = CellSerializer()
    follow_ups_due = CellSerializer()
    rows_left_out = serializers.IntegerField()


class SurveyQuerySerializer(serializers.Serializer):
    center = serializers.CharField(required=False, help_text="id or code")
    arm = serializers.CharField(required=False)
    included_from = serializers.DateField(required=False)
    included_to = serializers.DateField(required=False)
