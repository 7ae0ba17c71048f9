"""The one page that says why a person may not do what they asked (a report from a
participant without consent, a closed session, a name already taken), with the reason
the rule gave and the way back."""

from django.shortcuts import render


def refused(request, reason, *, back_url="", back_label="", status=403):
    context = {"reason": reason, "back_url": back_url, "back_label": back_label}
    return render(request, "youth/refused.html", context, status=status)
