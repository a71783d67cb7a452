from django.urls import include, path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("api-keys/", views.api_keys, name="api-keys"),
    path("api-keys/<int:pk>/revoke/", views.api_key_revoke, name="api-key-revoke"),
]

# Sign-up, e-mail confirmation, sign-in, password reset and sign-out (django-allauth); its URL
# names are global (account_login, account_signup, …).
allauth_urlpatterns = [
    # Before allauth's own, which it replaces (same address and name): the 429 of the sign-in
    # limit.
    path("login/", views.LoginView.as_view(), name="account_login"),
    path("", include("allauth.urls")),
]
