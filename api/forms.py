from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken
from centers.forms import DateInput


class TokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "expires_on"]
        widgets = {"expires_on": DateInput(format="%Y-%m-%d")}
        help_texts = {"name": _("What the token is for, e.g. “Quarterly report script”.")}
