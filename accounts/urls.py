from django.urls import include, path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
]

# Sign-up, e-mail confirmation, sign-in, password reset and sign-out (django-allauth); its URL
# names are global (account_login, account_signup, …).
allauth_urlpatterns = [path("", include("allauth.urls"))]
