"""Youth programs: curricula (pages), programs and sessions, participants with the least
data possible, their consents and attendance, and the field reports they file.

Rules that must hold whatever the timing are in the database: one consent in force per
participant, one attendance mark per participant and session, a roster name joined by one
device per session (partial unique constraints), unique join codes.
"""

from .codes import new_join_code, new_participant_token, new_results_key, normalise_code
from .curricula import CurriculumPage, LessonPage
from .field_reports import FieldReport, FieldReportPhoto
from .participants import Attendance, GuardianConsent, Participant, SessionJoin
from .programs import Partner, Program, Session
from .retention import PurgeLog, YouthRetention

__all__ = [
    "Attendance",
    "CurriculumPage",
    "FieldReport",
    "FieldReportPhoto",
    "GuardianConsent",
    "LessonPage",
    "Participant",
    "Partner",
    "Program",
    "PurgeLog",
    "Session",
    "SessionJoin",
    "YouthRetention",
    "new_join_code",
    "new_participant_token",
    "new_results_key",
    "normalise_code",
]
