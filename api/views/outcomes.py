"""Employment outcomes: read, create, correct and bulk upsert, through the page's outcome form
and the CSV import's service (the same checks, all rows or none)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api import serializers
from api.errors import form_errors
from api.filters import OutcomeFilter, as_id, id_or_code
from centers import services
from centers.forms import OutcomeForm
from centers.models import EmploymentOutcome
from centers.selectors import centers_for_user

ADD = "centers.add_employmentoutcome"
CHANGE = "centers.change_employmentoutcome"
FIELDS = ("year", "quarter", "served", "working")


class RowsRejected(exceptions.ValidationError):
    """The bulk upsert found problems; nothing was written. ``rows`` lists them all."""

    def __init__(self, problems):
        self.rows = [{"row": p.row, "column": p.column, "message": p.message} for p in problems]
        super().__init__({"rows": [_("Nothing was imported: see rows.")]})


def _require(user, *permissions: str) -> None:
    if not all(user.has_perm(p) for p in permissions):
        raise PermissionDenied


def _body(request: Request) -> dict:
    if not isinstance(request.data, dict):
        raise exceptions.ValidationError({"__all__": [_("Send a JSON object.")]})
    return request.data


@extend_schema(tags=["outcomes"])
class OutcomeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Quarterly employment outcomes of the centers in your scope."""

    serializer_class = serializers.OutcomeSerializer
    filterset_class = OutcomeFilter
    lookup_value_regex = "[^/]+"  # so that /outcomes/x/ answers the API's 404, not the site's

    def get_queryset(self):
        return (
            EmploymentOutcome.objects.filter(center__in=centers_for_user(self.request.user))
            .select_related("center")
            .order_by("center__code", "year", "quarter", "pk")
        )

    @extend_schema(
        request=serializers.OutcomeWriteSerializer,
        responses={201: serializers.OutcomeSerializer},
    )
    def create(self, request: Request) -> Response:
        """Add a quarter (admins, as on the page)."""
        _require(request.user, ADD)
        data = _body(request)
        center = None
        if isinstance(data.get("center"), str | int) and not isinstance(data["center"], bool):
            center = id_or_code(centers_for_user(request.user), str(data["center"])).first()
        if center is None:
            raise exceptions.ValidationError(
                {"center": [_("No center you can see has this id or code.")]}
            )
        outcome = self._save(request, EmploymentOutcome(center=center), data)
        return Response(self.get_serializer(outcome).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.OutcomeCorrectSerializer, responses=serializers.OutcomeSerializer
    )
    def update(self, request: Request, pk=None) -> Response:
        """Correct a quarter: all four values (PUT) or some of them (PATCH)."""
        outcome = get_object_or_404(self.get_queryset(), pk=as_id(pk) or 0)
        _require(request.user, CHANGE)
        data = _body(request)
        if request.method == "PATCH":
            data = {name: getattr(outcome, name) for name in FIELDS} | data
        outcome = self._save(request, outcome, data)
        return Response(self.get_serializer(outcome).data)

    @extend_schema(
        request=serializers.OutcomeCorrectSerializer, responses=serializers.OutcomeSerializer
    )
    def partial_update(self, request: Request, pk=None) -> Response:
        return self.update(request, pk)

    @extend_schema(
        request=serializers.BulkSerializer,
        responses=serializers.BulkResultSerializer,
    )
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def bulk(self, request: Request) -> Response:
        """Add or replace many quarters at once: the CSV import's checks, all rows or none.
        Problems answer 400 with every one of them in ``rows`` (row 1 is the first record)."""
        _require(request.user, ADD, CHANGE)
        data = _body(request)
        rows, replace = data.get("rows"), data.get("replace_existing", False)
        errors = {}
        if not isinstance(rows, list):
            errors["rows"] = [_("Send the rows as a list of objects.")]
        if not isinstance(replace, bool):
            errors["replace_existing"] = [_("Send true or false.")]
        if errors:
            raise exceptions.ValidationError(errors)
        try:
            result = services.outcome_records_import(
                actor=request.user, records=rows, replace_existing=replace
            )
        except services.OutcomeImportRejected as rejected:
            raise RowsRejected(rejected.problems) from None
        return Response(
            {
                "created": result.created,
                "replaced": result.replaced,
                "unchanged": result.unchanged,
                "rows": [
                    {
                        "row": row.row,
                        "status": str(row.status),
                        "outcome": self.get_serializer(row.outcome).data,
                        "previous": (
                            dict(zip(("served", "working"), row.previous, strict=True))
                            if row.previous
                            else None
                        ),
                    }
                    for row in result.rows
                ],
            }
        )

    def _save(self, request: Request, outcome: EmploymentOutcome, data: dict):
        form = OutcomeForm({name: data.get(name) for name in FIELDS}, instance=outcome)
        if not form.is_valid():
            raise form_errors(form)
        return services.outcome_save(outcome=form.save(commit=False), actor=request.user)
