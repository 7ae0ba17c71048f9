"""Creating and changing a youth program (educators for their own programs, staff for all).

Who runs a program is decided here, not by the form alone: an educator who creates a
program is always one of its educators (otherwise they would lose it the moment it is
saved), and only staff choose or change the educators. A change of the program's surveys
reaches the access code of any session open at that moment, so the code a class is using
keeps opening the survey the session now runs.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from engage.core.audit import record

from .. import rules
from ..models import Program
from .sessions import sync_access_code

# The fields the program form may set; the rest (consent, purge, who created it) are set
# by their own operations.
PROGRAM_FIELDS = (
    "name",
    "description",
    "site",
    "neighborhood",
    "starts_on",
    "ends_on",
    "curriculum",
    "pre_survey",
    "post_survey",
    "allow_anonymous",
)


def _check_fields(fields):
    if fields["ends_on"] < fields["starts_on"]:
        raise ValidationError(_("The last day cannot be before the first day."))
    pre, post = fields.get("pre_survey"), fields.get("post_survey")
    if pre is not None and post is not None and pre.pk == post.pk:
        raise ValidationError(
            _("Choose two different surveys: each participant answers each survey once.")
        )


def create_program(by, fields, *, educators=(), partners=()):
    """A new program; ``educators`` only count when ``by`` is staff."""
    if not rules.is_educator(by):
        raise ValidationError(_("Only educators and city staff can create youth programs."))
    _check_fields(fields)
    with transaction.atomic():
        program = Program(created_by=by, **{name: fields[name] for name in PROGRAM_FIELDS})
        program.save()
        chosen = set(educators) if rules.is_staff(by) else set()
        if not rules.is_staff(by):
            chosen.add(by)
        program.educators.set(chosen)
        program.partners.set(partners)
        record(program, "youth.program_create", user=by)
    return program


def update_program(by, program, fields, *, educators=None, partners=()):
    """Save the form's changes; ``educators`` (staff only) replaces the list when given."""
    _check_fields(fields)
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        if not rules.can_manage_program(by, locked):
            raise ValidationError(_("You do not run this program."))
        surveys_before = (locked.pre_survey_id, locked.post_survey_id)
        for name in PROGRAM_FIELDS:
            setattr(locked, name, fields[name])
        locked.save()
        if educators is not None and rules.is_staff(by):
            locked.educators.set(educators)
        locked.partners.set(partners)
        if surveys_before != (locked.pre_survey_id, locked.post_survey_id):
            _resync_open_sessions(locked)
        record(locked, "youth.program_update", user=by, data={"fields": sorted(fields)})
    return locked


def _resync_open_sessions(program):
    # Locked first, read after (see ``youth.services.sessions._locked_session``).
    with_codes = program.sessions.filter(access_code__isnull=False)
    list(with_codes.select_for_update().values_list("pk"))
    for session in with_codes.select_related("access_code"):
        session.program = program
        sync_access_code(session)
