from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Attachment, Draft, SubjectArea, Version


@admin.register(Draft)
class DraftAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title_ru", "organization", "status", "discussion_ends"]
    list_filter = ["status", "act_type", "organization"]
    search_fields = ["reference", "title_ru", "title_ky"]
    readonly_fields = ["reference", "status", "published_at", "closed_at", "changed_at"]


@admin.register(Version)
class VersionAdmin(SimpleHistoryAdmin):
    list_display = ["draft", "number", "published_at"]
    raw_id_fields = ["draft"]


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["version", "kind", "original_name", "size"]
    raw_id_fields = ["version"]


@admin.register(SubjectArea)
class SubjectAreaAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "name_ru", "name_ky", "name_en"]
