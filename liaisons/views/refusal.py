"""The one page that says why a person may not do what they asked (a liaison outside their
neighborhoods, a resident on a liaison's page…), with the reason the rule gave."""

from django.shortcuts import render


def refused(request, reason, *, event=None, status=403):
    return render(
        request, "liaisons/refused.html", {"reason": reason, "event": event}, status=status
    )
