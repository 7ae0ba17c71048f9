from django.urls import path  # noqa: F401 (each job's block below uses it)

app_name = "youth"

# Under /<language>/youth/, beside the Wagtail "Youth programs" section page and its
# curricula (never add a "" route: /<language>/youth/ itself is that page, and never a
# route that could be a curriculum's slug: every route starts with one of the words below).
# Each block is one job; a job's views are in youth/views/<job>.py.
urlpatterns = [
    # --- Programs and sessions: the educator area, programs, sessions, opening, attendance.
    # [programs]
    # [/programs]
    # --- Participants: the roster, consent (paper, online link, school), handouts, privacy.
    # [participants]
    # [/participants]
    # --- Joining with a code: the code, the name, the survey, filing a field report.
    # [joining]
    # [/joining]
    # --- Field reports: the review queue, releasing, photos, the class's results.
    # [field_reports]
    # [/field_reports]
    # --- Results and the program report: pre/post change, PDF and CSV.
    # [results]
    # [/results]
]
