"""Filters of the API's lists (django-filter): centers by id or code, as everywhere."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from centers.models import FIRST_YEAR, LAST_YEAR, Center, EmploymentOutcome
from reviews.models import Review


def as_id(value) -> int | None:
    """``value`` as an id when it is written in digits (0 when too long to be one), else None."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()):
        return None
    return int(text) if len(text) < 18 else 0


def id_or_code(queryset: QuerySet, value: str, *, pk: str = "pk", code: str = "code") -> QuerySet:
    """Rows whose id is ``value`` (digits) or whose code is it (any letter case)."""
    value = value.strip()
    if "\x00" in value:  # no code has one, and the database refuses to compare it
        return queryset.none()
    number = as_id(value)
    if number is not None:
        return queryset.filter(**{pk: number})
    return queryset.filter(**{f"{code}__iexact": value})


class CenterFilter(django_filters.FilterSet):
    region = django_filters.CharFilter()
    is_active = django_filters.BooleanFilter()
    q = django_filters.CharFilter(method="search", label="Name or code contains")

    class Meta:
        model = Center
        fields = ["region", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class CenterRefFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(method="by_center", label="Center id or code")

    def by_center(self, queryset, name, value):
        return id_or_code(queryset, value, pk="center_id", code="center__code")


class ReviewFilter(CenterRefFilter):
    scale = django_filters.CharFilter(field_name="scale__code", label="Scale code")
    visited_from = django_filters.DateFilter(field_name="visit_start", lookup_expr="gte")
    visited_to = django_filters.DateFilter(field_name="visit_start", lookup_expr="lte")

    class Meta:
        model = Review
        fields = ["center", "scale", "visited_from", "visited_to"]


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


class OutcomeFilter(CenterRefFilter):
    year = YearFilter(min_value=FIRST_YEAR, max_value=LAST_YEAR)
    quarter = django_filters.ChoiceFilter(choices=EmploymentOutcome.Quarter.choices)

    class Meta:
        model = EmploymentOutcome
        fields = ["center", "year", "quarter"]
