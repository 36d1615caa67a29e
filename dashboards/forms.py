"""GET forms of the dashboards: they check the shape of what is asked for; nothing is stored."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.forms import DateInput
from centers.models import FIRST_YEAR, LAST_YEAR, code_validator
from centers.selectors import codes_in_scope, regions_for_user
from dashboards.selectors import (
    SORT_KEYS,
    PortfolioFilters,
    Selection,
    comparable_scale_codes,
    default_scale_code,
)

MAX_CODES = 5000
CODE = re.compile(code_validator.regex.pattern)
CODE_SEPARATORS = re.compile(r"[\s,;]+")
SELECT = {"class": "form-select"}


QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*Q?\s*([1-4])$", re.IGNORECASE)


class QuarterField(forms.CharField):
    """A quarter written as people write it ("2025 Q3"; "2025Q3" and "2025-3" work too)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> tuple[int, int] | None:
        text = super().to_python(value).strip()
        if not text:
            return None
        match = QUARTER.match(text)
        if not match or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
            raise forms.ValidationError(
                _("Write a quarter like 2025 Q3 (years %(first)s to %(last)s).")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                code="invalid_quarter",
            )
        return int(match[1]), int(match[2])

    def prepare_value(self, value):
        return f"{value[0]} Q{value[1]}" if isinstance(value, tuple) else value


class CodesField(forms.CharField):
    """Center short codes separated by commas, semicolons or spaces, any letter case."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30 * MAX_CODES)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> tuple[str, ...]:
        text = super().to_python(value)
        codes = [code.upper() for code in CODE_SEPARATORS.split(text) if code]
        wrong = [code for code in codes if not CODE.match(code)]
        if wrong:
            raise forms.ValidationError(
                _("Not a center code: %(codes)s. Codes are letters, digits and hyphens.")
                % {"codes": ", ".join(repr(code)[1:-1][:30] for code in wrong[:5])},
                code="invalid_code",
            )
        if len(codes) > MAX_CODES:
            raise forms.ValidationError(
                _("Name at most %(max)s centers.") % {"max": MAX_CODES}, code="too_many"
            )
        return tuple(dict.fromkeys(codes))

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, tuple | list) else value


class SelectionForm(forms.Form):
    """Which centers, which of their reviews and which quarters of outcomes to use."""

    centers_from = forms.ChoiceField(
        label=_("Centers"),
        choices=[
            (Selection.CentersFrom.ALL, _("All active centers you can see")),
            (Selection.CentersFrom.REGION, _("The active centers of one region")),
            (Selection.CentersFrom.HAND, _("Centers chosen by code")),
        ],
        initial=Selection.CentersFrom.ALL,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    region = forms.ChoiceField(label=_("Region"), required=False, widget=forms.Select(attrs=SELECT))
    codes = CodesField(
        label=_("Center codes"),
        help_text=_("For centers chosen by code: short codes such as C1, C2, C4."),
    )
    scale = forms.ChoiceField(label=_("Scale"), required=False, widget=forms.Select(attrs=SELECT))
    visited_from = forms.DateField(
        label=_("Reviews visited from"), required=False, widget=DateInput(format="%Y-%m-%d")
    )
    visited_to = forms.DateField(
        label=_("Reviews visited up to"),
        required=False,
        widget=DateInput(format="%Y-%m-%d"),
        help_text=_("Empty dates: each center's latest final review, whenever it was."),
    )
    period_from = QuarterField(
        label=_("Outcomes from quarter"), help_text=_("For example 2024 Q1; empty: the first.")
    )
    period_to = QuarterField(
        label=_("Outcomes up to quarter"), help_text=_("For example 2025 Q4; empty: the last.")
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.fields["region"].choices = [("", _("Choose a region"))] + [
            (r, r) for r in regions_for_user(user)
        ]
        codes = comparable_scale_codes()
        self.fields["scale"].choices = [(code, code) for code in codes]
        self.fields["scale"].initial = default_scale_code(codes)

    def _codes_in_scope(self, codes: tuple[str, ...]) -> None:
        """Every code must name a center the user can see (others do not exist for them)."""
        if not codes:
            return
        known = codes_in_scope(self.user, codes)
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise forms.ValidationError(
                _("No center you can see has the code %(codes)s.") % {"codes": ", ".join(unknown)},
                code="unknown_codes",
            )

    def clean(self):
        data = super().clean()
        for name in self.code_fields:
            if data.get(name):
                try:
                    self._codes_in_scope(data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        chosen = data.get("centers_from")
        if chosen == Selection.CentersFrom.REGION and not data.get("region"):
            self.add_error("region", _("Choose the region whose centers you want to compare."))
        if chosen == Selection.CentersFrom.HAND and not data.get("codes") and "codes" in data:
            self.add_error("codes", _("Enter the codes of the centers you want to compare."))
        start, end = data.get("visited_from"), data.get("visited_to")
        if start and end and start > end:
            self.add_error("visited_to", _("The end of the window cannot be before its start."))
        first, last = data.get("period_from"), data.get("period_to")
        if first and last and first > last:
            self.add_error("period_to", _("The last quarter cannot be before the first."))
        return data

    def selection_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "centers_from": data["centers_from"] or Selection.CentersFrom.ALL,
            "region": data["region"],
            "codes": data["codes"],
            "scale_code": data["scale"] or self.fields["scale"].initial,
            "visited_from": data["visited_from"],
            "visited_to": data["visited_to"],
            "first": data["period_from"],
            "last": data["period_to"],
        }

    def selection(self) -> Selection | None:
        """What the form asks for (a field left out takes its default), or None when something
        is invalid: the form then shows what to fix."""
        if not self.is_valid():
            return None
        return Selection(**self.selection_arguments())

    code_fields = ("codes",)

    @classmethod
    def for_request(cls, request):
        """The form for a request: unbound (defaults shown) when no field of it was sent."""
        sent = any(name in request.GET for name in cls.base_fields)
        return cls(request.GET if sent else {}, user=request.user)


class ComparisonForm(SelectionForm):
    grouping = forms.ChoiceField(
        label=_("Two groups"),
        choices=[
            (Selection.Grouping.MEDIAN, _("Above and at or below the median employment rate")),
            (Selection.Grouping.TOP_K, _("The top k centers by employment rate and the rest")),
            (Selection.Grouping.HAND, _("Chosen by code")),
            (Selection.Grouping.NONE, _("No groups")),
        ],
        initial=Selection.Grouping.MEDIAN,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    k = forms.IntegerField(
        label=_("k (top centers)"), min_value=1, max_value=MAX_CODES, initial=3, required=False
    )
    group1 = CodesField(label=_("Group 1 codes"))
    group2 = CodesField(
        label=_("Group 2 codes"),
        help_text=_("For groups chosen by code. The difference is group 2 minus group 1."),
    )
    order = forms.ChoiceField(
        label=_("Order of the items"),
        choices=[
            (Selection.Order.ITEMS, _("Scale order")),
            (Selection.Order.DIFFERENCE, _("Largest group difference first")),
        ],
        initial=Selection.Order.ITEMS,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )

    code_fields = ("codes", "group1", "group2")

    def clean(self):
        data = super().clean()
        grouping = data.get("grouping") or Selection.Grouping.MEDIAN
        if grouping == Selection.Grouping.TOP_K and not data.get("k") and "k" in data:
            self.add_error("k", _("Enter how many top centers form the higher group."))
        first, second = data.get("group1"), data.get("group2")
        if grouping == Selection.Grouping.HAND and first is not None and second is not None:
            if not first or not second:
                self.add_error("group2", _("Enter the codes of the centers of both groups."))
            both = [code for code in first if code in second]
            if both:
                self.add_error(
                    "group2",
                    _("A center cannot be in both groups: %(codes)s.") % {"codes": ", ".join(both)},
                )
        return data

    def selection_arguments(self) -> dict:
        data = self.cleaned_data
        return super().selection_arguments() | {
            "grouping": data["grouping"] or Selection.Grouping.MEDIAN,
            "k": data["k"] or self.fields["k"].initial,
            "lower": data["group1"],
            "upper": data["group2"],
            "order": data["order"] or Selection.Order.ITEMS,
        }


class FidelityOutcomeForm(SelectionForm):
    """The same choice of centers, reviews and quarters, without groups."""


class SelfAssessmentForm(SelectionForm):
    """Which centers, and which of their self-assessments (by visit date); no quarters."""

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, user=user, **kwargs)
        del self.fields["period_from"], self.fields["period_to"]
        self.fields["visited_to"].help_text = _(
            "Empty dates: each center's latest final self-assessment, whenever it was."
        )

    def selection_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "centers_from": data["centers_from"] or Selection.CentersFrom.ALL,
            "region": data["region"],
            "codes": data["codes"],
            "scale_code": data["scale"] or self.fields["scale"].initial,
            "visited_from": data["visited_from"],
            "visited_to": data["visited_to"],
        }


class PortfolioForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("Region"), required=False, widget=forms.Select(attrs=SELECT))
    band = forms.ChoiceField(label=_("Band"), required=False, widget=forms.Select(attrs=SELECT))
    overdue = forms.BooleanField(label=_("Only overdue reviews"), required=False)
    inactive = forms.BooleanField(label=_("Include inactive centers"), required=False)
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in SORT_KEYS], widget=forms.HiddenInput
    )
    dir = forms.ChoiceField(
        required=False, choices=[("asc", "asc"), ("desc", "desc")], widget=forms.HiddenInput
    )

    def __init__(self, data=None, *, user, bands: list[tuple[str, str]], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["region"].choices = [("", _("All regions"))] + [
            (r, r) for r in regions_for_user(user)
        ]
        self.fields["band"].choices = [("", _("Any band")), *bands]

    def filters(self) -> PortfolioFilters:
        """The valid part of what was asked for; an invalid value is reported and ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return PortfolioFilters(
            query=(data.get("q") or "").strip(),
            region=data.get("region") or "",
            band=data.get("band") or "",
            overdue_only=bool(data.get("overdue")),
            show_inactive=bool(data.get("inactive")),
            sort=data.get("sort") or "name",
            descending=data.get("dir") == "desc",
        )
