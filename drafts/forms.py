import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import PlanItem

from .models import Attachment, Draft, SubjectArea
from .structure import align_texts, text_from_docx


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DraftForm(forms.ModelForm):
    subject_areas = forms.ModelMultipleChoiceField(
        SubjectArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Subject areas"),
    )

    class Meta:
        model = Draft
        fields = [
            "organization",
            "act_type",
            "title_ky",
            "title_ru",
            "summary_ky",
            "summary_ru",
            "title_en",
            "summary_en",
            "subject_areas",
        ]
        widgets = {
            "title_ky": forms.Textarea(attrs={"rows": 2}),
            "title_ru": forms.Textarea(attrs={"rows": 2}),
            "summary_ky": forms.Textarea(attrs={"rows": 4}),
            "summary_ru": forms.Textarea(attrs={"rows": 4}),
            "title_en": forms.Textarea(attrs={"rows": 2}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
        }

    plan_item = forms.ModelChoiceField(
        PlanItem.objects.none(),
        required=False,
        label=_("Plan item this draft implements"),
        empty_label=_("None: the draft is not in the plan"),
        help_text=_(
            "Open items of your body's approved plans. After you enter a title, press "
            "“List matching plan items first” to see the items that look like it at the top."
        ),
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the bodies the clerk edits for: a tampered form cannot name another body.
        self.fields["organization"].queryset = bodies
        if self.instance.pk:
            del self.fields["organization"]
            del self.fields["plan_item"]  # linked from the draft's staff page instead
        else:
            if len(bodies) == 1:
                self.fields["organization"].initial = bodies[0]
            self.fields["plan_item"].queryset = self._open_plan_items(bodies)
            self.fields["plan_item"].label_from_instance = lambda item: (
                f"{item.plan.organization.short_name} {item.plan.year} Q{item.quarter} — "
                f"{item.title}"
            )[:160]
        # Screen readers pronounce each field in its own language.
        for name in ("title_ky", "summary_ky"):
            self.fields[name].widget.attrs["lang"] = "ky"
        for name in ("title_ru", "summary_ru"):
            self.fields[name].widget.attrs["lang"] = "ru"
        for name in ("title_en", "summary_en"):
            self.fields[name].widget.attrs["lang"] = "en"

    def _open_plan_items(self, bodies):
        """The bodies' open plan items; once a title is typed, the look-alikes come first."""
        items = (
            PlanItem.objects.public()
            .open()
            .filter(plan__organization__in=bodies)
            .select_related("plan__organization")
        )
        title_ru = str(self.data.get("title_ru", "")).strip()
        title_ky = str(self.data.get("title_ky", "")).strip()
        if title_ru or title_ky:
            items = items.with_similarity(title_ru=title_ru, title_ky=title_ky).order_by(
                "-similarity", "plan__year", "quarter", "pk"
            )
        else:
            items = items.order_by("plan__year", "quarter", "pk")
        return items

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("title_ky", "").strip() or cleaned.get("title_ru", "").strip()):
            raise ValidationError(_("Enter the title in Kyrgyz, in Russian or in both."))
        item, body = cleaned.get("plan_item"), cleaned.get("organization")
        if item is not None and body is not None and item.plan.organization_id != body.pk:
            self.add_error("plan_item", _("Choose an item of the plan of the draft's body."))
        return cleaned


class VersionForm(forms.Form):
    text_ky = forms.CharField(
        label=_("Text in Kyrgyz"), required=False, widget=forms.Textarea(attrs={"rows": 16})
    )
    text_ru = forms.CharField(
        label=_("Text in Russian"), required=False, widget=forms.Textarea(attrs={"rows": 16})
    )
    docx = forms.FileField(
        label=_("Or upload a Word file (.docx)"),
        required=False,
        help_text=_("Its text is split into chapters and articles. Tables are not carried over."),
    )
    docx_language = forms.ChoiceField(
        label=_("Language of the Word file"),
        choices=[("ru", _("Russian")), ("ky", _("Kyrgyz"))],
        initial="ru",
        required=False,
    )
    change_note = forms.CharField(
        label=_("What changed in this version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, first_version: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text_ky"].widget.attrs["lang"] = "ky"
        self.fields["text_ru"].widget.attrs["lang"] = "ru"
        self.first_version = first_version
        if not first_version:
            self.fields["change_note"].required = True

    def clean_docx(self):
        upload = self.cleaned_data.get("docx")
        if upload and not upload.name.lower().endswith(".docx"):
            raise ValidationError(_("Upload the text as a .docx file."))
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("docx")
        if upload:
            text = text_from_docx(upload)
            upload.seek(0)
            language = cleaned.get("docx_language") or "ru"
            if cleaned.get(f"text_{language}", "").strip():
                raise ValidationError(
                    _("Either paste the text or upload a file for one language, not both.")
                )
            cleaned[f"text_{language}"] = text
        if not self.errors:
            align_texts(cleaned.get("text_ru", ""), cleaned.get("text_ky", ""))
        return cleaned


class AttachmentForm(forms.ModelForm):
    # A version's documents are the draft text, its notes and tables: a few, never hundreds.
    # The limit keeps one clerk's mistake (or a stolen session) from filling the storage.
    MAX_PER_VERSION = 30

    class Meta:
        model = Attachment
        fields = ["kind", "title", "file"]

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version

    def clean(self):
        cleaned = super().clean()
        if self.version.attachments.count() >= self.MAX_PER_VERSION:
            raise ValidationError(
                _("A version can have at most %(limit)s documents; this one has them all."),
                params={"limit": self.MAX_PER_VERSION},
                code="too_many",
            )
        return cleaned


class PublishForm(forms.Form):
    starts = forms.DateField(label=_("First day of the discussion"), widget=DateInput())
    ends = forms.DateField(label=_("Last day of the discussion"), widget=DateInput())
    justification = forms.CharField(
        label=_("Justification of a shorter period"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required only when the period is shorter than the legal minimum; shown publicly."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["starts"].initial = today
        self.fields["ends"].initial = today + datetime.timedelta(days=Draft.minimum_days() - 1)

    def clean(self):
        cleaned = super().clean()
        if "starts" in cleaned and "ends" in cleaned:
            for field, message in Draft.check_period(
                cleaned["starts"], cleaned["ends"], cleaned.get("justification", "")
            ).items():
                self.add_error(field, message)
        return cleaned


class ExtendForm(forms.Form):
    until = forms.DateField(label=_("New last day of the discussion"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason (shown publicly)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        error_messages={"invalid_choice": _("Choose an outcome the draft can move to.")},
    )
    note = forms.CharField(
        label=_("Note (shown publicly)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, draft: Draft, **kwargs):
        super().__init__(*args, **kwargs)
        # "Report published" is reached by publishing the report (reports.services), never
        # by a click that could leave the public without one.
        self.fields["status"].choices = [
            (status.value, status.label)
            for status in Draft.OUTCOMES
            if draft.can_move_to(status) and status != Draft.Status.SUMMARISED
        ]
