"""Forms check the shape of input; the services in reviews.services check the rules."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from centers.forms import DateInput, link_expiry_field
from centers.models import Center
from ipsweb.formfields import ModelMultipleChoiceField, check_upload_size
from ipsweb.jsoninput import JSONInputError, json_loads
from ipsweb.translations import active_language, localized
from reviews import selectors
from reviews.facts import display_number, fact_label
from reviews.models import ActionItem, FidelityScale, Review, ScaleItem
from reviews.rating_workbook import SheetEntry, SheetInvalid, read_workbook
from reviews.scale_format import CODE_PATTERN
from reviews.scoring import SCORE_BOUND_MAX, SCORE_BOUND_MIN, Band, needs_improvement
from reviews.services import follow_up
from reviews.services.consensus import TEXT_MAX_LENGTH, ConsensusEntry
from reviews.services.facts import MAX_REQUEST_DAYS, default_request_expiry
from reviews.services.ratings import EVIDENCE_MAX_LENGTH

STRENGTHS_MAX_LENGTH = 20_000


def _user_label(user) -> str:
    """Full name and username: two people with one name can be told apart."""
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


# ---------------------------------------------------------------------------------------------
# Scales


class ScaleForm(forms.ModelForm):
    class Meta:
        model = FidelityScale
        fields = [
            "name",
            "code",
            "language",
            "description",
            "min_score",
            "max_score",
            "improvement_at_or_below",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Shared by every version; it cannot change.")
            # The other languages' texts are translations of these: the language stays.
            self.fields["language"].disabled = True
        else:
            self.initial.setdefault("language", active_language())
            self.fields["language"].required = False

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or active_language()

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not CODE_PATTERN.match(code):
            raise forms.ValidationError(_("Use 1-30 letters, digits or hyphens."))
        return code


class ScaleTranslationForm(forms.Form):
    """Every text of a draft in one other language, beside its default text. All optional: a
    text left empty shows the default one."""

    def __init__(self, data=None, *, scale: FidelityScale, language: str):
        super().__init__(data)
        self.language = language
        self.groups: list[tuple[str, list[tuple[str, str]]]] = []
        self._targets: dict[str, tuple[object, str]] = {}
        self._group(_("Scale"), scale, {"name": 200, "description": None}, "scale")
        for section in scale.sections.all():
            self._group(section.name, section, {"name": 200}, f"section-{section.pk}")
        for band in scale.bands.all():
            heading = f"{band.min_total}–{band.max_total}"
            self._group(heading, band, {"label": 100}, f"band-{band.pk}")
        for section in scale.sections.all():
            for item in section.items.all():
                limits = {"name": 300, "short_name": 100, "assesses": None}
                fields = self._group(str(item), item, limits, f"item-{item.pk}")
                for anchor in item.anchors.all():
                    fields += self._fields(
                        anchor, {"text": 2000}, f"anchor-{anchor.pk}", score=anchor.score
                    )

    def _group(self, heading: str, obj, limits: dict, prefix: str) -> list[tuple[str, str]]:
        fields = self._fields(obj, limits, prefix)
        self.groups.append((heading, fields))
        return fields

    def _fields(self, obj, limits: dict, prefix: str, score=None) -> list[tuple[str, str]]:
        names = []
        for field, limit in limits.items():
            name = f"{prefix}-{field}"
            model_field = obj._meta.get_field(field)
            label = (
                _("Score %(score)s") % {"score": score}
                if score is not None
                else model_field.verbose_name
            )
            long = limit is None or limit > 300
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=limit,
                initial=obj.translations.get(self.language, {}).get(field, ""),
                help_text=getattr(obj, field),
                widget=forms.Textarea(attrs={"rows": 2}) if long else forms.TextInput,
            )
            self._targets[name] = (obj, field)
            names.append((name, getattr(obj, field)))
        return names

    def rows(self) -> list[tuple[object, dict[str, str]]]:
        """(row, its texts in the language) for the service."""
        texts: dict[int, tuple[object, dict]] = {}
        for name, (obj, field) in self._targets.items():
            texts.setdefault(id(obj), (obj, {}))[1][field] = self.cleaned_data.get(name, "")
        return list(texts.values())


class SectionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.IntegerField(label=_("Order"), min_value=1, max_value=99)
    name = forms.CharField(label=_("Section name"), max_length=200)


SectionFormSet = forms.formset_factory(SectionForm, extra=1, can_delete=True)


def section_rows(formset) -> list[tuple[int | None, int, str]]:
    """The sections the user kept or added: (id or None, order, name)."""
    return [
        (form.cleaned_data.get("id"), form.cleaned_data["number"], form.cleaned_data["name"])
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class BandForm(forms.Form):
    min_total = forms.IntegerField(label=_("Lowest total"), min_value=0, max_value=100_000)
    max_total = forms.IntegerField(label=_("Highest total"), min_value=0, max_value=100_000)
    label = forms.CharField(label=_("Label"), max_length=100)


BandFormSet = forms.formset_factory(BandForm, extra=1, can_delete=True)


def band_rows(formset) -> list[Band]:
    """The bands the user kept or added."""
    return [
        Band(**{k: form.cleaned_data[k] for k in ("min_total", "max_total", "label")})
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class ItemForm(forms.ModelForm):
    data_sources = forms.MultipleChoiceField(
        label=_("Data sources"),
        choices=ScaleItem.DataSource.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ScaleItem
        fields = ["number", "section", "name", "short_name", "assesses", "data_sources"]
        widgets = {"assesses": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, scale: FidelityScale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = scale.sections.all()
        self.fields["number"].min_value = 1


class AnchorForm(forms.Form):
    score = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Anchor text"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


AnchorFormSet = forms.formset_factory(AnchorForm, extra=0)


def anchor_formset(scale: FidelityScale, item: ScaleItem | None, data=None):
    """One anchor text field per score of the scale's range, highest score first."""
    texts = item.anchor_texts() if item and item.pk else {}
    initial = [{"score": s, "text": texts.get(s, "")} for s in reversed(scale.score_choices)]
    return AnchorFormSet(data, initial=initial, prefix="anchors")


class ScaleImportForm(forms.Form):
    file = forms.FileField(
        label=_("Scale file (JSON)"),
        help_text=_("A file in the ipsweb scale format, such as one exported from a scale page."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload_size(upload)
        try:
            return json_loads(upload.read())
        except JSONInputError as error:
            raise forms.ValidationError(
                _("This is not a readable JSON file: %(error)s") % {"error": error}
            ) from error


# ---------------------------------------------------------------------------------------------
# Reviews


class ReviewPlanForm(forms.ModelForm):
    reviewers = ModelMultipleChoiceField(
        label=_("Reviewers"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Two or more reviewers rate each item independently."),
    )
    lead = forms.ModelChoiceField(
        label=_("Lead reviewer"),
        queryset=get_user_model().objects.none(),
        help_text=_("Leads the consensus, writes the report and finalizes the review."),
    )

    class Meta:
        model = Review
        fields = ["center", "scale", "kind", "visit_start", "visit_end"]
        widgets = {
            "visit_start": DateInput(format="%Y-%m-%d"),
            "visit_end": DateInput(format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        review = self.instance
        self.fields["center"].queryset = Center.objects.filter(is_active=True).order_by("name")
        self.fields["scale"].queryset = selectors.published_scales()
        self.fields["scale"].label_from_instance = lambda s: (
            f"{localized(s, 'name')} · {s.code} v{s.version}"
        )
        for name in ("reviewers", "lead"):
            self.fields[name].queryset = selectors.eligible_reviewers()
            self.fields[name].label_from_instance = _user_label
        if review.pk:
            assignments = list(review.assignments.all())
            self.initial.setdefault("reviewers", [a.reviewer_id for a in assignments])
            self.initial.setdefault(
                "lead", next((a.reviewer_id for a in assignments if a.is_lead), None)
            )
            if review.status != Review.Status.PLANNED:
                for name in ("center", "scale", "kind"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Fixed once rating has started.")
                # A disabled field still needs its choices to show the current value.
                self.fields["center"].queryset = Center.objects.filter(pk=review.center_id)
                self.fields["scale"].queryset = FidelityScale.objects.filter(pk=review.scale_id)
        else:
            latest = self.fields["scale"].queryset.first()
            self.initial.setdefault("scale", latest.pk if latest else None)


class ReviewFilterForm(forms.Form):
    q = forms.CharField(label=_("Center"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Review.Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class RatingSheetForm(forms.Form):
    """Every item of the scale on one page: a score (radio buttons) and evidence notes."""

    def __init__(
        self,
        *args,
        items: list[ScaleItem],
        scale: FidelityScale,
        versions: dict[int, int] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.items = items
        # The stored version of each rated item, for the autosave's version check.
        self.versions = versions or {}
        choices = [(s, str(s)) for s in scale.score_choices]
        for item in items:
            self.fields[f"score_{item.pk}"] = forms.TypedChoiceField(
                label=_("Score for item %(number)s") % {"number": item.number},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"evidence_{item.pk}"] = forms.CharField(
                label=_("Evidence notes for item %(number)s") % {"number": item.number},
                required=False,
                max_length=EVIDENCE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            # The version of the rating the page showed (0: none), for the version check.
            self.fields[f"version_{item.pk}"] = forms.IntegerField(
                required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput
            )

    def rows(self) -> list[dict]:
        """Per item: the item, its score options (radio, anchor text; highest score first),
        the score and evidence fields."""
        rows = []
        for item in self.items:
            anchors = {anchor.score: localized(anchor, "text") for anchor in item.anchors.all()}
            score = self[f"score_{item.pk}"]
            options = sorted(score, key=lambda radio: -int(radio.data["value"]))
            rows.append(
                {
                    "item": item,
                    "options": [(o, anchors.get(int(o.data["value"]), "")) for o in options],
                    "score": score,
                    "evidence": self[f"evidence_{item.pk}"],
                    "version": self.versions.get(item.pk, 0),
                }
            )
        return rows

    def entries(self) -> dict[int, tuple[int | None, str]]:
        return {
            item.pk: (
                self.cleaned_data[f"score_{item.pk}"],
                self.cleaned_data[f"evidence_{item.pk}"],
            )
            for item in self.items
        }

    def versions_seen(self) -> dict[int, int]:
        """The version of each item the page showed (items without one are not checked)."""
        return {
            item.pk: self.cleaned_data[f"version_{item.pk}"]
            for item in self.items
            if self.cleaned_data.get(f"version_{item.pk}") is not None
        }

    @staticmethod
    def initial_for(ratings) -> dict:
        initial = {}
        for item_id, rating in ratings.items():
            initial[f"score_{item_id}"] = rating.score
            initial[f"evidence_{item_id}"] = rating.evidence
        return initial


class RatingWorkbookForm(forms.Form):
    """An uploaded XLSX rating sheet, read and checked against the review and the reviewer."""

    file = forms.FileField(
        label=_("Filled rating sheet (.xlsx)"),
        help_text=_("The Excel sheet you downloaded from this page, with your scores filled in."),
    )

    def __init__(self, *args, review: Review, reviewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.reviewer = reviewer

    def clean_file(self) -> list[SheetEntry]:
        upload = self.cleaned_data["file"]
        check_upload_size(upload)
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Upload the Excel workbook (.xlsx) downloaded from this page, not “%(name)s”.")
                % {"name": upload.name[:100]}
            )
        scale = self.review.scale
        try:
            return read_workbook(
                upload.read(),
                review_id=self.review.pk,
                reviewer_id=self.reviewer.pk,
                minimum=scale.min_score,
                maximum=scale.max_score,
                items=list(ScaleItem.objects.filter(scale=scale).values_list("pk", "number")),
                evidence_max_length=EVIDENCE_MAX_LENGTH,
            )
        except SheetInvalid as error:
            raise forms.ValidationError(error.messages) from None


class AutosaveForm(forms.Form):
    """The JSON body of one autosave: {"item": id, "score": 1-5 or null, "evidence": "...",
    "version": the rating's version the page last saw (0: none saved yet)}. The rating page
    always sends a version; without one the save is not checked against the stored version."""

    item = forms.IntegerField(min_value=1)
    score = forms.IntegerField(required=False, min_value=SCORE_BOUND_MIN, max_value=SCORE_BOUND_MAX)
    evidence = forms.CharField(required=False, max_length=EVIDENCE_MAX_LENGTH)
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)

    TYPES = {
        "item": (int,),
        "score": (int, type(None)),
        "evidence": (str,),
        "version": (int, type(None)),
    }

    @classmethod
    def from_json(cls, payload) -> "AutosaveForm":
        """A bound form for a decoded JSON body; values of the wrong JSON type are refused
        (rather than turned into text), and so is anything but an object."""
        if not isinstance(payload, dict):
            payload = {}
        form = cls({k: "" if v is None else v for k, v in payload.items() if k in cls.TYPES})
        form.wrong_types = [
            key
            for key, types in cls.TYPES.items()
            if key in payload
            and (isinstance(payload[key], bool) or not isinstance(payload[key], types))
        ]
        return form

    def clean(self):
        for key in getattr(self, "wrong_types", []):
            self.add_error(key, _("This value has the wrong type."))
        return super().clean()

    def first_error(self) -> str:
        field, errors = next(iter(self.errors.items()))
        prefix = "" if field == "__all__" else f"{field}: "
        return f"{prefix}{errors[0]}"


def _consensus_text(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        show_hidden_initial=True,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class ConsensusForm(forms.Form):
    """One item of the consensus form. The editable fields keep their initial values in hidden
    inputs, so the page knows which items the user actually changed."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    score = forms.TypedChoiceField(
        label=_("Consensus score"),
        coerce=int,
        empty_value=None,
        required=False,
        show_hidden_initial=True,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    rationale = _consensus_text(_("Rationale"))
    recommendation = _consensus_text(_("Recommendation"))

    def __init__(self, *args, scale: FidelityScale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [("", _("Choose"))] + [
            (s, str(s)) for s in scale.score_choices
        ]

    def entry(self) -> ConsensusEntry:
        data = self.cleaned_data
        return ConsensusEntry(
            item_id=data["item"],
            score=data["score"],
            rationale=data["rationale"],
            recommendation=data["recommendation"],
            version=data["version"],
            changed=bool({"score", "rationale", "recommendation"} & set(self.changed_data)),
        )

    def show_conflict(self, current) -> None:
        """Show what someone else saved, keep the user's values, and let a second save replace
        the other person's (the form now carries the stored version and values as its base)."""
        self.data[self.add_prefix("version")] = str(current.version)
        self.data[self.add_initial_prefix("score")] = str(current.score)
        self.data[self.add_initial_prefix("rationale")] = current.rationale
        self.data[self.add_initial_prefix("recommendation")] = current.recommendation
        self.conflict = current


ConsensusFormSet = forms.formset_factory(ConsensusForm, extra=0)


def consensus_formset(review: Review, comparison, data=None):
    """One form per item, prefilled with the stored consensus, or with the common score where
    every reviewer agreed and nothing is stored yet."""
    initial = []
    for row in comparison.items:
        stored = row.consensus
        initial.append(
            {
                "item": row.item.pk,
                "version": stored.version if stored else 0,
                "score": stored.score if stored else row.agreed_score,
                "rationale": stored.rationale if stored else "",
                "recommendation": stored.recommendation if stored else "",
            }
        )
    formset = ConsensusFormSet(
        data.copy() if data is not None else None,
        initial=initial,
        prefix="items",
        form_kwargs={"scale": review.scale},
    )
    formset.incomplete = data is not None and (
        not formset.management_form.is_valid()
        or formset.total_form_count() != len(comparison.items)
    )
    if formset.incomplete:
        # A page that does not match the review (tampered with, or from another version of
        # the scale) is not read at all: the user gets a fresh form.
        formset = consensus_formset(review, comparison)
        formset.incomplete = True
    for form, row in zip(formset.forms, comparison.items, strict=True):
        form.row = row
        form.conflict = None
    return formset


class StrengthsForm(forms.Form):
    strengths = forms.CharField(
        label=_("Strengths"),
        required=False,
        max_length=STRENGTHS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the center does well, for the report."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the review's history."),
    )


class ReportLanguageForm(forms.Form):
    """The language of the report PDF, to download (``?language=``) or to send."""

    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=settings.LANGUAGES,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class QuoteForm(forms.Form):
    """An excerpt beside an item of the consensus page, to quote in the report."""

    quote = forms.RegexField(regex=r"^[1-9][0-9]{0,2}:[0-9a-f]{32}$")  # item number:excerpt key

    def clean(self):
        data = super().clean()
        if "quote" in data:
            number, data["key"] = data["quote"].split(":")
            data["item"] = int(number)
        return data


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        # The version the page was loaded with: a save over a newer one is refused.
        fields = ["item", "action", "owner", "due_date", "status", "version"]
        widgets = {
            "action": forms.Textarea(attrs={"rows": 3}),
            "due_date": DateInput(format="%Y-%m-%d"),
            "version": forms.HiddenInput,
        }

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]  # a new action has no other version to overwrite
        threshold = review.scale.improvement_at_or_below
        self.fields["item"].queryset = ScaleItem.objects.filter(
            scale=review.scale,
            pk__in=[
                c.item_id
                for c in review.consensus_scores.only("item_id", "score")
                if needs_improvement(c.score, threshold)
            ],
        )
        self.fields["item"].label_from_instance = lambda item: (
            f"{item.number}. {localized(item, 'name')}"
        )
        self.fields["item"].help_text = _("Items with a consensus score of %(n)s or lower.") % {
            "n": review.scale.improvement_at_or_below
        }


# ---------------------------------------------------------------------------------------------
# Facts and data requests

FACT_KIND_HELP = {
    "count": _("A whole number from %(min)s to %(max)s."),
    "days": _("Days: a whole number from %(min)s to %(max)s."),
    "percent": _("Percent: from %(min)s to %(max)s."),
    "number": _("A number from %(min)s to %(max)s (decimals allowed)."),
}


class FactsForm(forms.Form):
    """One field per fact of the review's scale version (empty: not known yet). The bounds and
    whole numbers are checked here for a clear message next to the field, and again by the
    services."""

    def __init__(self, *args, facts, **kwargs):
        super().__init__(*args, **kwargs)
        self.facts = facts
        for fact in facts:
            bounds = {"min": display_number(fact.min), "max": display_number(fact.max)}
            self.fields[fact.key] = forms.DecimalField(
                label=fact_label(fact),
                required=False,
                localize=True,
                max_digits=14,
                decimal_places=0 if fact.whole else 2,
                min_value=Decimal(fact.min.numerator) / fact.min.denominator,
                max_value=Decimal(fact.max.numerator) / fact.max.denominator,
                help_text=FACT_KIND_HELP[fact.kind] % bounds,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )

    @staticmethod
    def initial_for(values) -> dict:
        """Stored values without trailing zeros: 20, not 20.00 (nor 2E+1)."""
        return {
            key: value.quantize(Decimal(1))
            if value == value.to_integral_value()
            else value.normalize()
            for key, value in values.items()
        }

    def values(self) -> dict:
        return {fact.key: self.cleaned_data.get(fact.key) for fact in self.facts}


class DataRequestForm(forms.Form):
    expires_on = link_expiry_field(max_days=MAX_REQUEST_DAYS, initial=default_request_expiry)


class FollowUpLinkForm(forms.Form):
    expires_on = link_expiry_field(
        max_days=follow_up.MAX_LINK_DAYS, initial=follow_up.default_link_expiry
    )


class ActionProgressForm(forms.Form):
    """The center's contact updates one action: its status and a dated progress note."""

    action = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    note = forms.CharField(
        label=_("Progress note"),
        required=False,
        max_length=follow_up.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was done, and what is next. Saved with today's date."),
    )
