"""Forms check the shape of input; services check the rules.

"Not answered" is an explicit choice on every question with choices, and an empty box on every
number: both are stored as NULL (see participants/models.py).
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from centers.forms import DateInput, link_expiry_field
from centers.models import Center
from ipsweb.dates import validate_plausible_date
from ipsweb.formfields import check_upload_size
from ipsweb.translations import (
    SOURCE_LANGUAGE,
    active_language,
    language_codes,
    language_name,
    localized,
)
from participants.completeness import COMMENT_FIELDS, SCALE_FIELDS, completeness
from participants.models import (
    BASELINE_RANGES,
    BaselineSurvey,
    DiagnosticScreen,
    ExportLog,
    FollowUpSurvey,
    Participant,
    Statement,
)
from participants.selectors import centers_for_registration
from participants.services import BLANK_FOLLOW_UP, MAX_LINK_DAYS, default_link_expiry

NOT_ANSWERED = _("Not answered")
YES = _("Yes")
NO = _("No")


def _to_bool(value: str) -> bool:
    return value == "True"


class YesNoField(forms.TypedChoiceField):
    """Yes / No / an explicit "not answered" (stored as NULL)."""

    def __init__(self, *, empty_label=NOT_ANSWERED, yes=YES, no=NO, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            choices=[("True", yes), ("False", no), ("", empty_label)],
            coerce=_to_bool,
            empty_value=None,
            widget=forms.RadioSelect,
            **kwargs,
        )


class ScaleField(forms.TypedChoiceField):
    """A labelled 1-5 scale with an explicit "not answered" (stored as NULL)."""

    def __init__(self, *, scale, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            choices=[*scale.choices, ("", NOT_ANSWERED)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **kwargs,
        )


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["center", "arm", "included_on", "consent_on"]
        widgets = {
            "included_on": DateInput(format="%Y-%m-%d"),
            "consent_on": DateInput(format="%Y-%m-%d"),
        }
        help_texts = {
            "consent_on": _("The day the participant gave written informed consent."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = centers_for_registration(user)
        if not self.instance.pk:
            self.fields["included_on"].initial = timezone.localdate()
            self.fields["consent_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in ["included_on", "consent_on"]:
            if cleaned.get(name) and cleaned[name] > today:
                self.add_error(name, _("This date is in the future."))
        return cleaned


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Withdrawn on"),
        widget=DateInput(format="%Y-%m-%d"),
        initial=timezone.localdate,
        validators=[validate_plausible_date],
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Write no names or health details: a short reason such as “by own wish”."),
    )

    def clean_withdrawn_on(self) -> datetime.date:
        day = self.cleaned_data["withdrawn_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return day


class EraseForm(forms.Form):
    confirm_code = forms.CharField(
        label=_("Type the study code to confirm"), max_length=20, strip=True
    )

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant

    def clean_confirm_code(self) -> str:
        code = self.cleaned_data["confirm_code"].upper()
        if code != self.participant.study_code:
            raise forms.ValidationError(_("This is not the study code of this participant."))
        return code


class VersionedForm(forms.Form):
    """Carries the version of the stored survey the user is editing (see ipsweb.concurrency)."""

    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        if not isinstance(self, forms.ModelForm):
            kwargs.pop("instance", None)
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = instance.version if instance and instance.pk else 0

    def expected_version(self) -> int:
        return self.cleaned_data.get("version") or 0


class BaselineForm(VersionedForm, forms.ModelForm):
    gender = forms.TypedChoiceField(
        label=_("Gender"),
        choices=[*BaselineSurvey.Gender.choices, ("", NOT_ANSWERED)],
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    higher_education = YesNoField(label=_("Higher education (college or university)"))
    reading_writing_difficulties = YesNoField(label=_("Reading or writing disabilities"))
    violence_experienced = YesNoField(label=_("Has experienced violence"))
    involuntary_commitment = YesNoField(
        label=_("Has been involuntarily committed to a psychiatric hospital")
    )

    class Meta:
        model = BaselineSurvey
        fields = [
            "age",
            "gender",
            "higher_education",
            "reading_writing_difficulties",
            "years_employed",
            "eq_vas",
            "whodas_total",
            "violence_experienced",
            "involuntary_commitment",
            "years_with_complaints",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (low, high) in BASELINE_RANGES.items():
            field = self.fields[name]
            field.min_value, field.max_value = low, high
            field.widget.attrs.update({"min": low, "max": high, "placeholder": NOT_ANSWERED})
            field.help_text = _("%(low)s to %(high)s. Leave empty if not answered.") % {
                "low": low,
                "high": high,
            }


def diagnosis_field(label) -> YesNoField:
    return YesNoField(label=label, empty_label=_("Not assessed"), yes=_("Found"), no=_("Not found"))


class DiagnosticForm(VersionedForm, forms.ModelForm):
    recurrent_depression = diagnosis_field(_("Recurrent depression"))
    psychosis = diagnosis_field(_("Psychosis"))
    bipolar = diagnosis_field(_("Bipolar disorder"))
    anxiety = diagnosis_field(_("Anxiety"))
    substance_addiction = diagnosis_field(_("Substance addiction"))

    class Meta:
        model = DiagnosticScreen
        fields = DiagnosticScreen.DIAGNOSES


class FollowUpForm(VersionedForm):
    """The follow-up survey, for staff and for the participant's own link alike."""

    facilitator_comment = forms.CharField(
        label=_("Anything else that helped you? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    barrier_comment = forms.CharField(
        label=_("Anything else that made it harder? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    specialist_satisfaction = ScaleField(
        scale=FollowUpSurvey.Satisfaction,
        label=_("How satisfied are you with your IPS specialist?"),
    )
    general_satisfaction = ScaleField(
        scale=FollowUpSurvey.Satisfaction,
        label=_("All in all, how satisfied are you with IPS?"),
    )
    usefulness = ScaleField(
        scale=FollowUpSurvey.Usefulness,
        label=_("How useful has it been for you to participate in IPS?"),
    )

    confirm_sparse = forms.BooleanField(
        label=_("Save with only these answers"),
        required=False,
        help_text=_("Fewer than half of the questions are answered."),
    )

    VALUE_FIELDS = [*COMMENT_FIELDS, *SCALE_FIELDS]
    # Set by clean(): the form shows ``confirm_sparse`` only when it is needed.
    asks_confirmation = False

    def __init__(self, *args, statements: list[Statement], instance=None, answers=None, **kw):
        if instance is not None:
            initial = {name: getattr(instance, name) for name in self.VALUE_FIELDS}
            for statement_id, agrees in (answers or {}).items():
                initial[f"statement_{statement_id}"] = "" if agrees is None else str(agrees)
            kw.setdefault("initial", initial)
        super().__init__(*args, instance=instance, **kw)
        self.statements = statements
        for statement in statements:
            label = localized(statement, "text")
            self.fields[f"statement_{statement.pk}"] = YesNoField(label=label)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        done = completeness(self.values(), self.answers())
        self.asks_confirmation = done.is_sparse
        if done.is_blank:
            raise forms.ValidationError(BLANK_FOLLOW_UP, code="blank")
        if done.is_sparse and not cleaned.get("confirm_sparse"):
            raise forms.ValidationError(
                ngettext(
                    "Only %(answered)s of the %(questions)s questions is answered.",
                    "Only %(answered)s of the %(questions)s questions are answered.",
                    done.answered,
                )
                % {"answered": done.answered, "questions": done.questions}
                + " "
                + gettext(
                    "Answer more, or tick “Save with only these answers” below and submit again."
                ),
                code="sparse",
            )
        return cleaned

    def _statement_fields(self, kind: str):
        return [self[f"statement_{s.pk}"] for s in self.statements if s.kind == kind]

    def facilitator_fields(self):
        return self._statement_fields(Statement.Kind.FACILITATOR)

    def barrier_fields(self):
        return self._statement_fields(Statement.Kind.BARRIER)

    def question_names(self) -> list[str]:
        """The fields answered by choosing (yes/no statements and the 1-5 questions)."""
        return [f"statement_{s.pk}" for s in self.statements] + list(SCALE_FIELDS)

    @property
    def question_count(self) -> int:
        return len(self.question_names())

    @property
    def answered_count(self) -> int:
        """How many of those questions have an answer as the form stands (shown before saving,
        kept up to date by static/js/follow-up-entry.js)."""
        return sum(self[name].value() not in (None, "") for name in self.question_names())

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.VALUE_FIELDS}

    def answers(self) -> dict[int, bool | None]:
        return {s.pk: self.cleaned_data[f"statement_{s.pk}"] for s in self.statements}


class LinkForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the survey"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("The participant can switch to another language on the survey page."),
    )
    expires_on = link_expiry_field(max_days=MAX_LINK_DAYS, initial=default_link_expiry)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The staff member's own language unless they choose another.
        self.fields["language"].initial = active_language()

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or active_language()


class StatementForm(forms.ModelForm):
    """The statement with its default text and one optional text per other language."""

    class Meta:
        model = Statement
        fields = ["kind", "text", "position", "is_active"]
        help_texts = {
            "text": _(
                "Changing the text of a statement that has answers retires it and adds a new "
                "one, so old answers keep their meaning."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Text")
        for code in self.translation_languages():
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": language_name(code)},
                required=False,
                max_length=300,
                initial=self.instance.translations.get(code, {}).get("text", ""),
                help_text=_("Optional: where it is empty, the survey shows the text above."),
            )

    @staticmethod
    def translation_languages() -> list[str]:
        return [code for code in language_codes() if code != SOURCE_LANGUAGE]

    def translations(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"text_{code}"] for code in self.translation_languages()}


class FilterForm(forms.Form):
    """Dashboard and export filters: center (in scope), arm, inclusion period."""

    center = forms.ModelChoiceField(
        label=_("Center"), queryset=Center.objects.none(), required=False, empty_label=_("All")
    )
    arm = forms.ChoiceField(
        label=_("Trial arm"), choices=[("", _("All")), *Participant.Arm.choices], required=False
    )
    included_from = forms.DateField(
        label=_("Included from"), required=False, widget=DateInput(format="%Y-%m-%d")
    )
    included_to = forms.DateField(
        label=_("Included until"), required=False, widget=DateInput(format="%Y-%m-%d")
    )

    def __init__(self, *args, centers, periods: bool = True, **kwargs):
        """``periods`` False leaves the inclusion period out (viewers of suppressed numbers)."""
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = centers.order_by("name")
        if not periods:
            del self.fields["included_from"]
            del self.fields["included_to"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("included_from"), cleaned.get("included_to")
        if start and end and start > end:
            self.add_error("included_to", _("The end of the period is before its start."))
        return cleaned


class ExportForm(FilterForm):
    # API reads are logged as exports too (format "api"); the page offers the files.
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[c for c in ExportLog.Format.choices if c[0] != ExportLog.Format.API],
    )


class ReadLogFilterForm(forms.Form):
    """Filters of the read log; an invalid one is reported and left out."""

    user = forms.ModelChoiceField(
        label=_("Read by"), queryset=get_user_model().objects.order_by("username"), required=False
    )
    center = forms.ModelChoiceField(
        label=_("Center"), queryset=Center.objects.order_by("name"), required=False
    )
    read_from = forms.DateField(
        label=_("From"), required=False, widget=DateInput(format="%Y-%m-%d")
    )
    read_to = forms.DateField(label=_("Until"), required=False, widget=DateInput(format="%Y-%m-%d"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("read_from"), cleaned.get("read_to")
        if start and end and start > end:
            self.add_error("read_to", _("The end of the period is before its start."))
        return cleaned

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        help_text=_(
            "The columns of the participant-level export or of the template below; CSV in UTF-8 "
            "with commas or semicolons, or an Excel workbook (XLSX, first sheet)."
        ),
    )
    unknown_codes_are_new = forms.BooleanField(
        label=_("Study codes ipsweb does not know are new participants"),
        required=False,
        help_text=_(
            "For data exported from another ipsweb installation: such rows get new study codes. "
            "Without this, an unknown study code is an error (a typo, or a participant of a "
            "center you may not import for)."
        ),
    )

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        check_upload_size(upload, self.max_bytes)
        return upload.read()


class ImportConfirmForm(forms.Form):
    change_existing = forms.BooleanField(
        label=_("Change the existing answers shown above"), required=False
    )
