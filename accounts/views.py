from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .forms import RespondentProfileForm
from .models import RespondentProfile


@login_required
def profile(request):
    """Who the participant is: asked once before the first comment, editable any time."""
    instance = RespondentProfile.objects.filter(user=request.user).first()
    form = RespondentProfileForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        next_url = request.POST.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            return redirect(next_url)
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))},
    )
