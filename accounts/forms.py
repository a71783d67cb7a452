from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RespondentProfile


class RespondentProfileForm(forms.ModelForm):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    class Meta:
        model = RespondentProfile
        fields = ["first_name", "last_name", "category", "region", "organisation_name", "show_name"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name

    def save(self, commit=True):
        profile = super().save(commit=False)
        profile.user = self.user
        self.user.first_name = self.cleaned_data["first_name"].strip()
        self.user.last_name = self.cleaned_data["last_name"].strip()
        if commit:
            self.user.save(update_fields=["first_name", "last_name"])
            profile.save()
        return profile


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("What is the key for?"),
        max_length=100,
        help_text=_("For example the name of your application or research project."),
    )
