from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from engage.core.activity import activity_sections, page_links

from .forms import ProfileForm


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect("profile")
        messages.error(request, _("Please correct the errors below."))
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def my_activity(request):
    """What the person has done, one section per kind, each paginated on its own."""
    sections = [
        section.paginate(request.GET.get(section.key))
        for section in activity_sections(request.user)
    ]
    for section in sections:
        section.links = page_links(request.GET, section.key, section.page)
    return render(request, "accounts/my_activity.html", {"sections": sections})
