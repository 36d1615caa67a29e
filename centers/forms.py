from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centers.models import Center, EmploymentOutcome, OutcomeBenchmark
from centers.roles import Role, user_role
from ipsweb.formfields import ModelMultipleChoiceField, check_upload_size


class DateInput(forms.DateInput):
    input_type = "date"


def link_expiry_field(*, max_days: int, initial) -> forms.DateField:
    """The last day a link opened without a login works (self-completion, data request, action
    plan follow-up); ``initial`` is a callable giving the default day."""
    return forms.DateField(
        label=_("The link works until the end of"),
        widget=DateInput(format="%Y-%m-%d"),
        initial=initial,
        help_text=_("At most %(days)s days from today.") % {"days": max_days},
    )


class CenterForm(forms.ModelForm):
    class Meta:
        model = Center
        fields = [
            "name",
            "code",
            "region",
            "municipality",
            "ips_started_on",
            "employment_specialists",
            "contact_name",
            "contact_email",
        ]
        widgets = {"ips_started_on": DateInput(format="%Y-%m-%d")}

    def clean_code(self) -> str:
        # Codes are compared and shown in capitals, so "brg" and "BRG" are the same code.
        return self.cleaned_data["code"].strip().upper()

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter a name."))
        return name


class CenterMembersForm(forms.Form):
    members = ModelMultipleChoiceField(
        label=_("Assigned users"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Program managers and reviewers who may see this center."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("username")
        )
        self.fields["members"].label_from_instance = _user_label


def _user_label(user) -> str:
    role = user_role(user)
    name = user.get_full_name() or user.username
    return f"{name} ({user.username}, {role.label})" if role else f"{name} ({user.username})"


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a username longer than any account's before authenticating.

    Django only sets the input's ``maxlength`` attribute; without a validator a crafted post reaches
    ``authenticate()``, and django-axes then fails to record a username longer than its column.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class UserForm(forms.ModelForm):
    # No default: a hurried admin must not create a full admin by leaving the first choice.
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Choose a role…")), *Role.choices], required=True
    )
    centers = ModelMultipleChoiceField(
        label=_("Centers"),
        queryset=Center.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Admins see every center; managers and reviewers only these."),
    )
    health_data_centers = ModelMultipleChoiceField(
        label=_("Participant data of other centers"),
        queryset=Center.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Members see the participants of their own centers. Tick a center only to let this "
            "user also see its participants, surveys and diagnostic screens; reviews never do."
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        required=False,
        strip=False,
    )

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centers"].queryset = Center.objects.order_by("name")
        self.fields["health_data_centers"].queryset = Center.objects.order_by("name")
        self.fields["email"].required = True
        if self.instance.pk:
            self.initial.setdefault("role", user_role(self.instance))
            self.initial.setdefault("centers", list(self.instance.centers.all()))
            self.initial.setdefault(
                "health_data_centers",
                list(Center.objects.filter(health_data_grants__user=self.instance)),
            )
            self.fields[
                "password"
            ].help_text = password_validation.password_validators_help_text_html()
        else:
            # A new user chooses their own password through the invitation mail.
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password")
        if password:
            candidate = self.instance
            for field in ("username", "first_name", "last_name", "email"):
                if field in self.cleaned_data:
                    setattr(candidate, field, self.cleaned_data[field])
            password_validation.validate_password(password, candidate)
        return password


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = EmploymentOutcome
        fields = ["year", "quarter", "served", "working"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and not self.is_bound:
            # Programs report after a quarter ends: suggest the last complete quarter.
            today = timezone.localdate()
            quarter = (today.month - 1) // 3
            # The instance's empty values are in initial already, so setdefault would not do.
            if self.initial.get("year") is None:
                self.initial["year"] = today.year if quarter else today.year - 1
                self.initial["quarter"] = quarter or 4


class BenchmarkForm(forms.ModelForm):
    class Meta:
        model = OutcomeBenchmark
        fields = ["label", "rate_percent", "order", "is_active"]


class OutcomeImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 text with the columns center_code, year, quarter, served, working."),
    )
    replace_existing = forms.BooleanField(
        label=_("Replace quarters that already exist"),
        required=False,
        help_text=_(
            "Without this, a row for a quarter that already has different numbers is an error."
        ),
    )

    def clean_file(self) -> str:
        """The file's text (a byte-order mark from Excel is dropped)."""
        upload = self.cleaned_data["file"]
        check_upload_size(upload)
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”.")
            ) from None
