from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from accounts.urls import allauth_urlpatterns

from . import api_urls, opendata, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("language/<str:code>/", views.switch_language, name="switch-language"),
    # The open-data API: one address for every language (texts come in all of them).
    path("api/v1/", include((api_urls.urlpatterns, "api"), namespace="api")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("help/", views.help_index, name="help"),
    path("help/<slug:slug>/", views.help_page, name="help-page"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("", include(opendata.urlpatterns)),
    path("", include("drafts.urls")),
    path("", include("plans.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include(allauth_urlpatterns)),
    path("", include("comments.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
