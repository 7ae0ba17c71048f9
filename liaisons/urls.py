from django.urls import path

from . import feeds
from .views import signups
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
    path("liaison/", not_built_yet, name="dashboard"),
    path("liaison/message/", not_built_yet, name="message_volunteers"),
    path("liaison/reports/<int:pk>/follow-up/", not_built_yet, name="follow_up"),
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
    path("events/<int:pk>/sign-up/", signups.sign_up, name="sign_up"),
    path("events/<int:pk>/withdraw/", signups.cancel_signup, name="cancel_signup"),
    path("events/<int:pk>/offer/", signups.answer_offer, name="answer_offer"),
    path("events/<int:pk>/event.ics", feeds.event_ics, name="event_ics"),
    path("events/<int:pk>/roster.pdf", signups.roster_pdf, name="roster_pdf"),
    path("events/<int:pk>/sign-in-sheet.pdf", signups.sign_in_sheet, name="sign_in_sheet"),
    path("events.ics", feeds.feed, name="feed"),
    path("events/in/<slug:slug>.ics", feeds.neighborhood_feed, name="neighborhood_feed"),
    path("c/<str:token>.ics", feeds.volunteer_feed, name="volunteer_feed"),
    path("c/new-address/", signups.reset_calendar_token, name="reset_calendar_token"),
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
