from django.urls import path

from .views import field_reports, joining, participants, programs, results, sessions

app_name = "youth"

# Under /<language>/youth/, beside the Wagtail "Youth programs" section page and its
# curricula (never add a "" route: /<language>/youth/ itself is that page). Every route
# starts with one of the words below, which no curriculum may take as its slug. Each block
# is one job; a job's views are in youth/views/<job>.py.
urlpatterns = [
    # --- Programs and sessions: the educator area, programs, sessions, opening, attendance.
    path("educator/", programs.educator_home, name="educator"),
    path("programs/new/", programs.program_new, name="program_new"),
    path("programs/<int:pk>/", programs.program_detail, name="program"),
    path("programs/<int:pk>/edit/", programs.program_edit, name="program_edit"),
    path("programs/<int:pk>/sessions/new/", sessions.session_new, name="session_new"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<int:pk>/open/", sessions.session_open, name="session_open"),
    path("sessions/<int:pk>/close/", sessions.session_close, name="session_close"),
    path("sessions/<int:pk>/attendance/", sessions.attendance, name="attendance"),
    path("sessions/<int:pk>/joins/<int:join_pk>/free/", sessions.free_name, name="free_name"),
    # --- Participants: the roster, consent (paper, online link, school), handouts, privacy.
    path("programs/<int:pk>/roster/", participants.roster, name="roster"),
    path("programs/<int:pk>/roster/new/", participants.participant_new, name="participant_new"),
    path("participants/<int:pk>/edit/", participants.participant_edit, name="participant_edit"),
    path("participants/<int:pk>/consent/", participants.record_consent, name="record_consent"),
    path(
        "participants/<int:pk>/consent-link/",
        participants.send_consent_link,
        name="send_consent_link",
    ),
    path("consent/<str:token>/", participants.guardian_consent, name="guardian_consent"),
    path(
        "programs/<int:pk>/consent-form.pdf",
        participants.consent_form_pdf,
        name="consent_form_pdf",
    ),
    path("programs/<int:pk>/school-consent/", participants.school_consent, name="school_consent"),
    path("programs/<int:pk>/handouts.pdf", participants.handouts_pdf, name="handouts_pdf"),
    path("privacy/", participants.privacy, name="privacy"),
    # --- Joining with a code: the code, the name, the survey, filing a field report.
    path("join/", joining.join, name="join"),
    path("join/name/", joining.choose_name, name="choose_name"),
    path("join/session/", joining.participant_home, name="participant_home"),
    path("join/survey/", joining.start_survey, name="start_survey"),
    path("join/report/", joining.file_field_report, name="file_field_report"),
    path("join/leave/", joining.leave, name="leave"),
    # --- Field reports: the review queue, releasing, photos, the class's results.
    path("sessions/<int:pk>/review/", field_reports.review_queue, name="review"),
    path("field-reports/<int:pk>/", field_reports.review_field_report, name="field_report"),
    path("field-reports/photos/<int:pk>/", field_reports.field_photo, name="field_photo"),
    path("class/<str:key>/", field_reports.class_results, name="class_results"),
    # --- Results and the program report: pre/post change, PDF and CSV.
    path("programs/<int:pk>/results/", results.program_results, name="program_results"),
    path("programs/<int:pk>/report.pdf", results.program_report_pdf, name="program_report_pdf"),
    path("programs/<int:pk>/report.csv", results.program_report_csv, name="program_report_csv"),
]
