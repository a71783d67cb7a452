from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sep.querystrings import safe_next

from .adapter import TOO_MANY
from .forms import ApiKeyForm, RespondentProfileForm
from .models import ApiKey, RespondentProfile


@login_required
def profile(request):
    """Who the participant is: asked once before the first comment, editable any time."""
    instance = RespondentProfile.objects.filter(user=request.user).first()
    form = RespondentProfileForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect(
            safe_next(request, request.POST.get("next", ""), reverse("accounts:profile"))
        )
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))},
    )


# A new key is shown once, on the page the request redirects to; only its hash is stored.
NEW_KEY_SESSION = "new_api_key"


@login_required
def api_keys(request):
    """The signed-in user's keys for the open-data API: request a new one, see the old ones."""
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _api_key, key = ApiKey.issue(user=request.user, name=form.cleaned_data["name"])
        request.session[NEW_KEY_SESSION] = key
        return redirect("accounts:api-keys")
    return render(
        request,
        "accounts/api_keys.html",
        {
            "form": form,
            "new_key": request.session.pop(NEW_KEY_SESSION, None),
            "keys": ApiKey.objects.filter(user=request.user),
        },
    )


@login_required
@require_POST
def api_key_revoke(request, pk):
    api_key = get_object_or_404(ApiKey, pk=pk, user=request.user)
    api_key.revoke()
    messages.success(request, _("The key was revoked: it no longer works."))
    return redirect("accounts:api-keys")


class LoginView(allauth_views.LoginView):
    """allauth's sign-in page; refused by the login_failed limit, it is a 429 with Retry-After
    and the same form, its message saying how many minutes to wait (accounts.adapter)."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        for error in form.errors.as_data().get("__all__", []):
            if error.code == TOO_MANY and error.params and "retry_after" in error.params:
                response.status_code = 429
                response["Retry-After"] = str(error.params["retry_after"])
        return response
