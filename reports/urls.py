from django.urls import path

from . import dashboard, views
from .feeds import ReportsFeed

app_name = "reports"

urlpatterns = [
    # Public (a report is public once published; before that, its body's only)
    path("drafts/<str:reference>/report/", views.latest_report, name="latest"),
    path("drafts/<str:reference>/reports/<int:number>/", views.report_detail, name="report"),
    path(
        "drafts/<str:reference>/reports/<int:number>/<str:fmt>/",
        views.report_export,
        name="export",
    ),
    path("feeds/reports/", ReportsFeed(), name="feed"),
    # MoJ analysts
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/bodies/<str:short_name>/", dashboard.dashboard_body, name="dashboard-body"),
    # Staff of the developer body
    path("manage/drafts/<str:reference>/reports/", views.staff_reports, name="staff-reports"),
    path("manage/drafts/<str:reference>/reports/build/", views.staff_build, name="staff-build"),
    path(
        "manage/drafts/<str:reference>/reports/<int:number>/publish/",
        views.staff_publish,
        name="staff-publish",
    ),
]
