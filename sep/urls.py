from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from accounts.urls import allauth_urlpatterns

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("language/<str:code>/", views.switch_language, name="switch-language"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
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
