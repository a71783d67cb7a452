"""The open-data API's routes (`/api/v1/`): every app's viewsets, the schema and its page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework import routers

from comments.api import AlternativeViewSet, CommentViewSet
from drafts.api import DraftViewSet, SubjectAreaViewSet, VersionViewSet
from plans.api import PlanItemViewSet, PlanViewSet
from reports.api import ReportViewSet

from .api_docs import api_docs

router = routers.DefaultRouter()
router.include_root_view = True
router.register("drafts", DraftViewSet, basename="draft")
router.register("versions", VersionViewSet, basename="version")
router.register("comments", CommentViewSet, basename="comment")
router.register("alternatives", AlternativeViewSet, basename="alternative")
router.register("plans", PlanViewSet, basename="plan")
router.register("plan-items", PlanItemViewSet, basename="plan-item")
router.register("reports", ReportViewSet, basename="report")
router.register("subject-areas", SubjectAreaViewSet, basename="subject-area")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", api_docs, name="docs"),
    path("", include(router.urls)),
]
