"""Who reviews knowledge-base answers: staff, for every department; a department's staff
members (``Department.members``), for their own departments' answers."""

from engage.accounts.roles import STAFF, has_role

from ..models import Department


def review_departments(user):
    """The departments whose answers ``user`` reviews: None for all of them (staff), a
    QuerySet (empty for everyone else)."""
    if not user.is_authenticated:
        return Department.objects.none()
    if user.is_superuser or has_role(user, STAFF):
        return None
    return Department.objects.filter(members=user)


def can_review_answers(user):
    departments = review_departments(user)
    return departments is None or departments.exists()
