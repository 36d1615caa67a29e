from django import forms
from django.utils.translation import gettext_lazy as _

from centers.roles import Role, is_admin, user_role
from centers.selectors import centers_for_user, health_data_centers_for_user
from ipsweb.formfields import ModelMultipleChoiceField, check_upload_size
from qualitative.models import Code, Project, Source
from qualitative.uploads import text_of_upload

# The review model, reached through the relation rather than imported (reviews is a sibling layer).
Review = Source._meta.get_field("review").related_model


class DateInput(forms.DateInput):
    input_type = "date"


class ProjectForm(forms.ModelForm):
    centers = ModelMultipleChoiceField(
        label=_("Centers"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Project
        fields = ["name", "description", "centers"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centers"].queryset = centers_for_user(user).order_by("name", "code")


class SourceForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("UTF-8 text (.txt) or Word (.docx), at most 1 MiB."),
    )

    class Meta:
        model = Source
        fields = [
            "kind",
            "center",
            "review",
            "title",
            "date",
            "interviewer",
            "informants",
            "text",
        ]
        widgets = {"date": DateInput(format="%Y-%m-%d"), "text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        if is_admin(user):
            centers = centers_for_user(user)
            reviews = Review.objects.all()
        elif user_role(user) == Role.RESEARCHER:
            centers = health_data_centers_for_user(user)
            reviews = Review.objects.none()
            self.fields["kind"].choices = [
                c for c in Source.Kind.choices if c[0] != Source.Kind.REVIEW_NOTES
            ]
        else:  # reviewers: notes of the reviews they are on
            reviews = Review.objects.filter(assignments__reviewer=user)
            centers = centers_for_user(user).filter(pk__in=reviews.values("center_id"))
            notes = Source.Kind.REVIEW_NOTES
            self.fields["kind"].choices = [(notes.value, notes.label)]
        self.fields["center"].queryset = centers.order_by("name", "code")
        self.fields["review"].queryset = reviews.select_related("center").order_by("-visit_start")

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            check_upload_size(upload)
            return text_of_upload(upload.name, upload.read())
        return ""

    def clean(self):
        cleaned = super().clean()
        uploaded = cleaned.get("upload")
        if uploaded:
            cleaned["text"] = uploaded
        elif not (cleaned.get("text") or "").strip() and "upload" not in self.errors:
            self.add_error("text", _("Enter the text or upload a file."))
        return cleaned


class CorrectionForm(forms.Form):
    text = forms.CharField(label=_("Corrected text"), widget=forms.Textarea(attrs={"rows": 16}))


class CodeForm(forms.ModelForm):
    class Meta:
        model = Code
        fields = ["name", "parent", "definition", "colour", "examples", "scale_items", "statements"]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "definition": forms.Textarea(attrs={"rows": 3}),
            "examples": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        parents = project.codes.order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        items = self.fields["scale_items"].queryset.select_related("scale")
        self.fields["scale_items"].queryset = items.order_by(
            "scale__code", "scale__version", "number"
        )
        self.fields["scale_items"].label_from_instance = lambda item: (
            f"{item.scale.code} v{item.scale.version}: {item.number}. {item.short_name}"
        )
        self.fields["statements"].queryset = self.fields["statements"].queryset.filter(
            is_active=True
        )


class CodingForm(forms.Form):
    code = forms.ModelChoiceField(queryset=Code.objects.none())
    start = forms.IntegerField(min_value=0, max_value=10**7)
    end = forms.IntegerField(min_value=1, max_value=10**7)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].queryset = project.codes.all()


class MemoForm(forms.Form):
    text = forms.CharField(label=_("Memo"), widget=forms.Textarea(attrs={"rows": 3}))


class ExcerptFilterForm(forms.Form):
    code = forms.ModelChoiceField(label=_("Code"), queryset=Code.objects.none(), required=False)
    center = forms.ModelChoiceField(label=_("Center"), queryset=None, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *Source.Kind.choices], required=False
    )
    informant = forms.CharField(label=_("Informant"), max_length=100, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    coder = forms.ModelChoiceField(label=_("Coder"), queryset=None, required=False)

    def __init__(self, *args, project: Project, coders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].queryset = project.codes.order_by("name")
        self.fields["center"].queryset = project.centers.order_by("name")
        self.fields["coder"].queryset = coders


class RefiImportForm(forms.Form):
    file = forms.FileField(
        label=_("REFI-QDA file"),
        help_text=_("A project (.qdpx, text sources) or a codebook (.qdc), at most 20 MB."),
    )
    center = forms.ModelChoiceField(
        label=_("Center of the imported sources"),
        queryset=None,
        required=False,
        help_text=_("Needed for a project; a codebook has no sources."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        centers = centers_for_user(user) if is_admin(user) else health_data_centers_for_user(user)
        self.fields["center"].queryset = centers.order_by("name", "code")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and upload.size > 20 * 1024 * 1024:
            self.add_error("file", _("The file is larger than 20 MB."))
        if upload and not upload.name.lower().endswith(".qdc") and not cleaned.get("center"):
            self.add_error("center", _("Choose the center the project's sources are from."))
        return cleaned
