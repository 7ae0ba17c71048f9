from django.urls import path

from .views import dash
from .views.pending import not_built_yet

app_name = "liaisons"

# Under /<language>/volunteer/, beside the Wagtail "Volunteer" section page (never add a
# "" route here: /<language>/volunteer/ itself is that page). Each block is one job.
urlpatterns = [
    # --- The liaison network: applying, the directory, writing to a liaison (network).
    path("liaisons/", not_built_yet, name="directory"),
    path("liaisons/apply/", not_built_yet, name="apply"),
    path("liaisons/my-application/", not_built_yet, name="my_application"),
    path("liaisons/step-down/", not_built_yet, name="step_down"),
    path("liaisons/in/<slug:slug>/", not_built_yet, name="directory_neighborhood"),
    path("liaisons/<int:pk>/contact/", not_built_yet, name="contact_liaison"),
    #
    # --- The liaison dashboard (dash).
    path("liaison/", dash.dashboard_view, name="dashboard"),
    path("liaison/message/", dash.message_volunteers_view, name="message_volunteers"),
    path("liaison/reports/<int:pk>/follow-up/", dash.follow_up_view, name="follow_up"),
    #
    # --- Volunteers: registering, my details, guardian consent, adopted blocks (volunteers).
    path("register/", not_built_yet, name="volunteer_register"),
    path("my-details/", not_built_yet, name="volunteer_details"),
    path("consent/<str:token>/", not_built_yet, name="guardian_consent"),
    path("adopt/", not_built_yet, name="adopt"),
    path("adopt/<int:pk>/", not_built_yet, name="adoption"),
    #
    # --- Events: the list, the calendar, an event, planning one (events).
    path("events/", not_built_yet, name="events"),
    path("events/calendar/", not_built_yet, name="calendar"),
    path("events/new/", not_built_yet, name="plan_event"),
    path("events/<int:pk>/", not_built_yet, name="event"),
    path("events/<int:pk>/edit/", not_built_yet, name="edit_event"),
    path("events/<int:pk>/cancel/", not_built_yet, name="cancel_event"),
    #
    # --- Sign-ups, the waitlist, calendar files, printed rosters (signups).
    path("events/<int:pk>/sign-up/", not_built_yet, name="sign_up"),
    path("events/<int:pk>/withdraw/", not_built_yet, name="cancel_signup"),
    path("events/<int:pk>/offer/", not_built_yet, name="answer_offer"),
    path("events/<int:pk>/event.ics", not_built_yet, name="event_ics"),
    path("events/<int:pk>/roster.pdf", not_built_yet, name="roster_pdf"),
    path("events/<int:pk>/sign-in-sheet.pdf", not_built_yet, name="sign_in_sheet"),
    path("events.ics", not_built_yet, name="feed"),
    path("events/in/<slug:slug>.ics", not_built_yet, name="neighborhood_feed"),
    path("c/<str:token>.ics", not_built_yet, name="volunteer_feed"),
    #
    # --- On the day and after: my volunteering, check-in, hours, results, fixed reports (dayof).
    path("me/", not_built_yet, name="my_volunteering"),
    path("check-in/<str:code>/", not_built_yet, name="check_in_by_code"),
    path("events/<int:pk>/roster/", not_built_yet, name="roster"),
    path("events/<int:pk>/results/", not_built_yet, name="results"),
    path("events/<int:pk>/fixed/<int:target_pk>/", not_built_yet, name="mark_fixed"),
    path("hours/log/", not_built_yet, name="log_hours"),
    path("hours/review/", not_built_yet, name="review_hours"),
    path("certificate/", not_built_yet, name="certificate"),
    path("certificates/<str:code>/", not_built_yet, name="verify_certificate"),
    #
]
