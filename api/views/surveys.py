"""Survey aggregates (the seed paper's Tables 2-4) with the survey dashboard's suppression for
the caller, and participant-level data for those who may export it (logged as an export)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers as fields
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers
from api.errors import form_errors
from api.filters import id_or_code
from api.permissions import has_perm
from centers.selectors import health_data_centers_for_user
from participants import exports, services
from participants.dashboard import Filters, dashboard, sees_periods
from participants.forms import FilterForm
from participants.models import ExportLog, ReadLog
from participants.statistics import Cell
from participants.views.registry import log_read


def _filters(request: Request) -> Filters:
    """The dashboard's filter form, with the center given by id or code; 400 when invalid."""
    centers = health_data_centers_for_user(request.user)
    data = request.query_params.copy()
    center = data.get("center", "")
    if center and not center.isdigit():
        found = id_or_code(centers, center).first()
        data["center"] = str(found.pk) if found else center
    form = FilterForm(data, centers=centers, periods=sees_periods(request.user))
    if not form.is_valid():
        raise form_errors(form)
    cleaned = form.cleaned_data
    return Filters(
        center=cleaned.get("center"),
        arm=cleaned.get("arm") or "",
        included_from=cleaned.get("included_from"),
        included_to=cleaned.get("included_to"),
    )


def cell_json(cell: Cell | None) -> dict | None:
    if cell is None:
        return None
    return {
        "count": cell.count,
        "percent": cell.percent,
        "display": cell.display,
        "suppressed": cell.suppressed,
    }


def _reach(row) -> dict:
    return {
        "label": str(row.label),
        "n": cell_json(row.n),
        "share": cell_json(row.share),
        "mean": row.mean,
        "sd": row.sd,
        "left_out": row.left_out,
    }


def _statement(row) -> dict:
    return {
        "statement": row.statement.text,
        "yes": cell_json(row.yes),
        "n": cell_json(row.n),
        "left_out": row.left_out,
    }


class SurveyAggregatesView(APIView):
    """The survey dashboard's numbers, suppressed exactly as the page shows them to you."""

    permission_classes = [has_perm("participants.view_participant")]

    @extend_schema(
        tags=["surveys"],
        parameters=[serializers.SurveyQuerySerializer],
        responses=serializers.SurveyAggregatesSerializer,
    )
    def get(self, request: Request) -> Response:
        data = dashboard(request.user, _filters(request))
        return Response(
            {
                "threshold": data.threshold,
                "groups": data.groups,
                "included": cell_json(data.included),
                "statuses": [
                    {"status": str(label), "cell": cell_json(cell)} for label, cell in data.statuses
                ],
                "reach": [_reach(row) for row in data.reach],
                "severity": [_reach(row) for row in data.severity],
                "facilitators": [_statement(row) for row in data.facilitators],
                "barriers": [_statement(row) for row in data.barriers],
                "scales": [
                    {
                        "name": table.name,
                        "label": str(table.label),
                        "n": cell_json(table.n),
                        "mean": table.mean,
                        "sd": table.sd,
                        "levels": [
                            {"level": str(level), "cell": cell_json(cell)}
                            for level, cell in table.levels
                        ],
                        "left_out": table.left_out,
                    }
                    for table in data.scales
                ],
                "follow_ups_received": cell_json(data.follow_ups_received),
                "follow_ups_due": cell_json(data.follow_ups_due),
                "rows_left_out": data.rows_left_out,
            }
        )


class ColumnSerializer(fields.Serializer):
    name = fields.CharField()
    description = fields.CharField()
    kind = fields.CharField()


class ParticipantDataSerializer(fields.Serializer):
    columns = ColumnSerializer(many=True)
    rows = fields.ListField(child=fields.ListField(child=fields.JSONField(allow_null=True)))


class ParticipantDataView(APIView):
    """Participant-level data, as the participant export has it (admins; logged as an export)."""

    permission_classes = [has_perm("participants.export_participants")]

    @extend_schema(
        tags=["surveys"],
        parameters=[serializers.SurveyQuerySerializer],
        responses=ParticipantDataSerializer,
    )
    def get(self, request: Request) -> Response:
        filters = _filters(request)
        export = exports.export_data(request.user, filters)
        services.export_record(
            user=request.user,
            format=ExportLog.Format.API,
            filters=filters.describe(),
            row_count=len(export.rows),
        )
        log_read(request, ReadLog.Kind.EXPORT, center=filters.center)
        names = [column.name for column in export.columns]
        response = Response(
            {
                "columns": [
                    {"name": c.name, "description": str(c.description), "kind": c.kind}
                    for c in export.columns
                ],
                "rows": [[row.get(name) for name in names] for row in export.rows],
            }
        )
        response["Cache-Control"] = "no-store"
        return response
