from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from centers.models import Center
from centers.roles import Role, user_role
from ipsweb.formfields import ModelMultipleChoiceField


class DateInput(forms.DateInput):
    input_type = "date"


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


class UserForm(forms.ModelForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    centers = ModelMultipleChoiceField(
        label=_("Centers"),
        queryset=Center.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Admins see every center; managers and reviewers only these."),
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
        self.fields["email"].required = True
        if self.instance.pk:
            self.fields["password"].help_text = _("Leave empty to keep the current password.")
            self.initial.setdefault("role", user_role(self.instance))
            self.initial.setdefault("centers", list(self.instance.centers.all()))
        else:
            self.fields["password"].required = True
            self.fields[
                "password"
            ].help_text = password_validation.password_validators_help_text_html()

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password")
        if password:
            candidate = self.instance
            for field in ("username", "first_name", "last_name", "email"):
                if field in self.cleaned_data:
                    setattr(candidate, field, self.cleaned_data[field])
            password_validation.validate_password(password, candidate)
        return password
