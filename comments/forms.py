import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import RespondentProfile
from drafts.validators import validate_attachment

from .models import MAX_ALTERNATIVE_LENGTH, MAX_COMMENT_LENGTH, Answer, Comment, CommentReport, Vote


class CommentForm(forms.Form):
    section = forms.TypedChoiceField(label=_("About"), coerce=int, empty_value=None, required=False)
    position = forms.ChoiceField(label=_("My position"), choices=Comment.Position.choices)
    text = forms.CharField(
        label=_("Comment"),
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text, up to 10,000 characters. Line breaks are kept."),
    )
    attachment = forms.FileField(
        label=_("Attach a file (optional)"),
        required=False,
        help_text=_("PDF, DOCX, XLSX or ODT."),
        validators=[validate_attachment],
    )
    key = forms.UUIDField(widget=forms.HiddenInput)
    # A field people never see: bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, sections=(), ask_profile=False, **kwargs):
        super().__init__(*args, **kwargs)
        if ask_profile:
            # Who the participant is, asked once, with the first comment (the reports count by it).
            for name in ("category", "region", "show_name"):
                self.fields[name] = RespondentProfile._meta.get_field(name).formfield()
        self.fields["section"].choices = [("", _("The draft as a whole"))] + [
            (s.pk, f"{s.label}. {s.heading}" if s.heading else s.label)
            for s in sections
            if s.kind == "article"
        ]
        self.fields["key"].initial = uuid.uuid4()
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def save_profile(self, user):
        """The respondent profile asked with the first comment, if it was."""
        if "category" in self.fields:
            RespondentProfile.objects.create(
                user=user,
                category=self.cleaned_data["category"],
                region=self.cleaned_data["region"],
                show_name=self.cleaned_data["show_name"],
            )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This field must stay empty."))
        return ""


class VoteForm(forms.Form):
    value = forms.ChoiceField(
        choices=Vote.Value.choices, widget=forms.RadioSelect, label=_("My vote")
    )


class AnswerForm(forms.Form):
    # No decision is preselected: one answer may go to fifty comments at once, and a default
    # ("accepted") would be published for all of them by a responder who only typed a reason.
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("— choose a decision —")), *Answer.Decision.choices],
        error_messages={"required": _("Choose a decision.")},
    )
    reasoning = forms.CharField(
        label=_("Reasoning (shown publicly)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required unless the proposal is accepted."),
    )
    carried_in = forms.TypedChoiceField(
        label=_("Article of a later version that carries the change"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    # A receipt number rather than a list: a draft may have thousands of comments.
    duplicate_of = forms.CharField(
        label=_("Duplicate of (receipt number of the earlier comment)"),
        max_length=60,
        required=False,
        help_text=_("For the decision “Duplicate of another comment”, e.g. MJ-2026-0001-C000042."),
    )

    def __init__(self, *args, later_sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carried_in"].choices = [("", "—")] + [
            (s.pk, f"v{s.version.number}: {s.label}") for s in later_sections
        ]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") != Answer.Decision.ACCEPTED
            and not cleaned.get("reasoning", "").strip()
        ):
            self.add_error(
                "reasoning",
                _("Give the reasons: they are required unless the proposal is accepted."),
            )
        if (
            cleaned.get("decision") == Answer.Decision.DUPLICATE
            and not cleaned.get("duplicate_of", "").strip()
        ):
            self.add_error(
                "duplicate_of", _("Give the receipt number of the comment this one repeats.")
            )
        return cleaned


class ReportForm(forms.ModelForm):
    class Meta:
        model = CommentReport
        fields = ["reason", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class DisputeForm(forms.ModelForm):
    """The author of a hidden comment asks the moderators to reconsider."""

    class Meta:
        model = CommentReport
        fields = ["note"]
        labels = {"note": _("Why the comment should be shown again")}
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = True
        self.instance.reason = Comment.HideReason.OTHER


class ModerationForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Comment.HideReason.choices)
    note = forms.CharField(
        label=_("Note (shown publicly)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AlternativeForm(forms.Form):
    text = forms.CharField(
        label=_("Your alternative text of the draft"),
        required=False,
        max_length=MAX_ALTERNATIVE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 16}),
    )
    attachment = forms.FileField(
        label=_("Or attach it as a file"),
        required=False,
        help_text=_("PDF, DOCX or ODT."),
        validators=[validate_attachment],
    )
    explanation = forms.CharField(
        label=_("Why is your version better?"), widget=forms.Textarea(attrs={"rows": 5})
    )
    key = forms.UUIDField(widget=forms.HiddenInput)
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].initial = uuid.uuid4()
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This field must stay empty."))
        return ""

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("text", "").strip() or cleaned.get("attachment")):
            raise forms.ValidationError(_("Give the alternative text, a file, or both."))
        return cleaned


class CampaignSplitForm(forms.Form):
    reason = forms.CharField(
        label=_("Why this comment is not part of the campaign"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CampaignMergeForm(forms.Form):
    other = forms.CharField(
        label=_("Receipt number of a comment of the other campaign"), max_length=60
    )
    reason = forms.CharField(
        label=_("Why the two campaigns are one"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CampaignAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in Answer.Decision.choices if c[0] != Answer.Decision.DUPLICATE],
    )
    reasoning = forms.CharField(
        label=_("Reasoning (shown publicly)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required unless the proposal is accepted."),
    )
