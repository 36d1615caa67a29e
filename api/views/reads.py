"""Read endpoints: each reads through the selector of the page that shows the same thing, so the
API has the pages' scope (404 outside it) and rules, never copies of them."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers
from api.comparison import comparison_for_user
from api.errors import form_errors
from api.filters import CenterFilter, ReviewFilter, as_id, id_or_code
from api.pagination import Pagination
from api.permissions import has_perm
from centers.selectors import centers_for_user
from dashboards import selectors as dashboards
from dashboards.forms import ComparisonForm, PortfolioForm
from dashboards.views import READ_CENTER_REVIEWS
from reviews import selectors as reviews
from reviews.models import FidelityScale, Review, ScaleItem

ID_OR_CODE = OpenApiParameter(
    "id", str, OpenApiParameter.PATH, description="The id (digits) or the code."
)


@extend_schema(tags=["centers"])
class CenterViewSet(viewsets.ReadOnlyModelViewSet):
    """The centers in your scope, by code."""

    serializer_class = serializers.CenterSerializer
    filterset_class = CenterFilter
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return centers_for_user(self.request.user).order_by("code", "pk")

    def get_object(self):
        return get_object_or_404(id_or_code(self.get_queryset(), self.kwargs["pk"]))

    @extend_schema(parameters=[ID_OR_CODE])
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


@extend_schema(tags=["scales"])
class ScaleViewSet(viewsets.ReadOnlyModelViewSet):
    """Scale versions, with their items, anchors and bands."""

    permission_classes = [has_perm("reviews.view_fidelityscale")]
    lookup_value_regex = "[^/]+"
    filterset_fields = ["code", "status"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ScaleDetailSerializer
        return serializers.ScaleSerializer

    def get_queryset(self):
        return FidelityScale.objects.order_by("code", "-version", "pk")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "id",
                str,
                OpenApiParameter.PATH,
                description="The id, a code (its newest published version) or code:version.",
            )
        ]
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    def get_object(self):
        value = self.kwargs["pk"]
        if "\x00" in value:
            raise Http404
        scales = self.get_queryset()
        if as_id(value) is not None:
            scales = scales.filter(pk=as_id(value))
        elif ":" in value:
            code, _sep, version = value.rpartition(":")
            if as_id(version) is None:
                raise Http404
            scales = scales.filter(code__iexact=code, version=as_id(version))
        else:
            scales = scales.filter(code__iexact=value, status=FidelityScale.Status.PUBLISHED)
        scale = scales.prefetch_related(
            "bands",
            "sections",
            Prefetch(
                "items",
                queryset=ScaleItem.objects.select_related("section")
                .prefetch_related("anchors")
                .order_by("number"),
            ),
        ).first()
        if scale is None:
            raise Http404
        return scale


@extend_schema(tags=["reviews"])
class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """Final reviews you may read (as on the pages), with total, band and item scores."""

    serializer_class = serializers.ReviewSerializer
    filterset_class = ReviewFilter
    lookup_value_regex = "[^/]+"  # so that /reviews/x/ answers the API's 404, not the site's

    def get_queryset(self):
        return (
            reviews.reviews_for_user(self.request.user)
            .filter(status=Review.Status.FINAL)
            .select_related("center", "scale")
            .order_by("center__code", "-visit_start", "pk")
        )

    @extend_schema(responses=serializers.ReportSerializer)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def report(self, request: Request, pk=None) -> Response:
        """The review's report: items with consensus, rationale and change, and the action plan."""
        review = self.get_object()
        report = reviews.review_report(reviews.review_for_user(request.user, review.pk))
        return Response(report_json(report))


def report_json(report) -> dict:
    result = report.result
    return {
        "review": serializers.ReviewSerializer(report.review).data,
        "strengths": report.review.strengths,
        "total": result.total,
        "max_total": result.max_total,
        "band": result.band,
        "missing": list(result.missing),
        "sections": [
            {"name": s.section, "subtotal": s.subtotal, "missing": list(s.missing)}
            for s in result.sections
        ],
        "needing_improvement": list(result.needing_improvement),
        "previous_review": report.previous.pk if report.previous else None,
        "items": [
            {
                "number": row.item.number,
                "name": row.item.name,
                "score": row.consensus.score if row.consensus else None,
                "rationale": row.consensus.rationale if row.consensus else "",
                "recommendation": row.consensus.recommendation if row.consensus else "",
                "previous_score": row.change.previous,
                "change": row.change.change,
                "needs_improvement": row.needs_improvement,
            }
            for row in report.rows
        ],
        "actions": [
            {
                "item": action.item.number if action.item else None,
                "action": action.action,
                "owner": action.owner,
                "due_date": action.due_date,
                "status": action.status,
            }
            for action in report.actions
        ],
    }


class ComparisonView(APIView):
    """The comparison page's numbers (its parameters, its scope)."""

    permission_classes = [has_perm(READ_CENTER_REVIEWS)]

    @extend_schema(
        tags=["dashboards"],
        parameters=[serializers.ComparisonQuerySerializer],
        responses=serializers.ComparisonSerializer,
    )
    def get(self, request: Request) -> Response:
        form = ComparisonForm(request.query_params, user=request.user)
        selection = form.selection()
        if selection is None:
            raise form_errors(form)
        return Response(comparison_for_user(request.user, selection))


class PortfolioView(APIView):
    """The portfolio page's rows: every center in scope with its latest final review."""

    permission_classes = [has_perm(READ_CENTER_REVIEWS)]

    @extend_schema(
        tags=["dashboards"],
        parameters=[serializers.PortfolioQuerySerializer],
        responses=serializers.PortfolioPageSerializer,
    )
    def get(self, request: Request) -> Response:
        form = PortfolioForm(
            request.query_params, user=request.user, bands=dashboards.band_labels()
        )
        if not form.is_valid():
            raise form_errors(form)
        rows = dashboards.portfolio(request.user, form.filters())
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        data = serializers.PortfolioRowSerializer(page, many=True).data
        return paginator.get_paginated_response(data)
