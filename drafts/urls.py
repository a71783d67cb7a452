from django.urls import path

from . import views
from .feeds import BodyDraftsFeed, DraftsFeed, SubjectDraftsFeed, VersionsFeed

app_name = "drafts"

urlpatterns = [
    # Public
    path("drafts/", views.draft_list, name="list"),
    path("feeds/drafts/", DraftsFeed(), name="feed"),
    path("feeds/drafts/bodies/<str:short_name>/", BodyDraftsFeed(), name="feed-body"),
    path("feeds/drafts/subjects/<slug:slug>/", SubjectDraftsFeed(), name="feed-subject"),
    path("feeds/versions/", VersionsFeed(), name="feed-versions"),
    path("drafts/<str:reference>/", views.draft_detail, name="detail"),
    path("drafts/<str:reference>/versions/<int:number>/", views.version_detail, name="version"),
    path(
        "drafts/<str:reference>/versions/<int:number>/text-<str:language>.<str:fmt>",
        views.version_text,
        name="version-text",
    ),
    path("drafts/<str:reference>/diff/", views.version_diff, name="version-diff"),
    path(
        "drafts/<str:reference>/attachments/<int:pk>/",
        views.attachment_download,
        name="attachment",
    ),
    # Staff of the developer body
    path("manage/drafts/", views.staff_list, name="staff-list"),
    path("manage/drafts/new/", views.staff_create, name="staff-create"),
    path("manage/drafts/<str:reference>/", views.staff_detail, name="staff-detail"),
    path("manage/drafts/<str:reference>/edit/", views.staff_edit, name="staff-edit"),
    path(
        "manage/drafts/<str:reference>/versions/new/",
        views.staff_version_new,
        name="staff-version-new",
    ),
    path(
        "manage/drafts/<str:reference>/attachments/new/",
        views.staff_attachment_new,
        name="staff-attachment-new",
    ),
    path("manage/drafts/<str:reference>/publish/", views.staff_publish, name="staff-publish"),
    path("manage/drafts/<str:reference>/extend/", views.staff_extend, name="staff-extend"),
    path("manage/drafts/<str:reference>/close/", views.staff_close, name="staff-close"),
    path("manage/drafts/<str:reference>/outcome/", views.staff_outcome, name="staff-outcome"),
]
