from django.contrib.auth import get_user_model
from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from .models import EmailOptOut
from .preferences import ALL_TOPICS, read_unsubscribe_token
from .topics import all_topics


@csrf_exempt  # The signed token is the credential; mail clients POST here (RFC 8058).
def unsubscribe(request, token):
    """One click from an e-mail stops that topic; the page offers to undo it."""
    try:
        user_pk, topic = read_unsubscribe_token(token)
    except signing.BadSignature:
        raise Http404 from None
    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None:
        raise Http404

    resubscribe = request.method == "POST" and request.POST.get("action") == "resubscribe"
    if topic == ALL_TOPICS:
        user.email_notifications = resubscribe
        user.save(update_fields=["email_notifications"])
    elif resubscribe:
        EmailOptOut.objects.filter(user=user, topic=topic).delete()
    else:
        EmailOptOut.objects.get_or_create(user=user, topic=topic)

    return render(
        request,
        "notifications/unsubscribe.html",
        {
            "topic": all_topics().get(topic),
            "all_topics": topic == ALL_TOPICS,
            "subscribed": resubscribe,
            "token": token,
        },
    )
