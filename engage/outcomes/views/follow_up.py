"""A reporter's answer to "is it really fixed?", from the signed link in the e-mail.

No account is needed: the link itself says which question it answers (see
``FixedCheck.token``). The view reads the form and calls ``follow_up.answer``, which
checks again, inside its transaction, that the question may still be answered.
"""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from engage.reports.listing import CategoryNames

from .. import follow_up
from ..forms import FixedCheckForm
from ..models import FixedCheck

TEMPLATE = "outcomes/fixed_check.html"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def fixed_check(request, token):
    check = FixedCheck.objects.for_token(token)
    if check is None:
        return render(request, "outcomes/fixed_check_invalid.html", status=404)
    context = {
        "check": check,
        "report": check.report,
        "category_name": CategoryNames().name(check.report.category),
    }
    refusal = follow_up.answer_refusal(check)
    if refusal:
        return render(request, TEMPLATE, {**context, "refusal": refusal})
    form = FixedCheckForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            follow_up.answer(
                check,
                fixed=form.cleaned_data["fixed"],
                satisfaction=form.cleaned_data["satisfaction"],
                comment=form.cleaned_data["comment"],
            )
        except follow_up.AnswerRefused as refused:
            return render(request, TEMPLATE, {**context, "refusal": str(refused)})
        # Back to the same address: a reload shows the thanks, never a second answer.
        return redirect(request.path)
    return render(request, TEMPLATE, {**context, "form": form})
