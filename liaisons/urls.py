from django.urls import path

from . import feeds
from .views import (
    after_the_event,
    dashboard,
    events,
    events_browse,
    network,
    on_the_day,
    signups,
    volunteers,
)

app_name = "liaisons"

# Under /<language>/volunteer/, beside the Wagtail "Volunteer" section page (never add a
# "" route here: /<language>/volunteer/ itself is that page). Each block is one job.
urlpatterns = [
    # --- The liaison network: applying, the directory, writing to a liaison.
    path("liaisons/", network.directory, name="directory"),
    path("liaisons/apply/", network.apply, name="apply"),
    path("liaisons/my-application/", network.my_application, name="my_application"),
    path(
        "liaisons/my-application/withdraw/",
        network.withdraw_application,
        name="withdraw_application",
    ),
    path("liaisons/step-down/", network.step_down, name="step_down"),
    path("liaisons/in/<slug:slug>/", network.directory_neighborhood, name="directory_neighborhood"),
    path("liaisons/<int:pk>/contact/", network.contact_liaison, name="contact_liaison"),
    #
    # --- The liaison dashboard.
    path("liaison/", dashboard.dashboard_view, name="dashboard"),
    path("liaison/message/", dashboard.message_volunteers_view, name="message_volunteers"),
    path("liaison/reports/<int:pk>/follow-up/", dashboard.follow_up_view, name="follow_up"),
    #
    # --- Volunteers: registering, my details, guardian consent, adopted blocks.
    path("register/", volunteers.register, name="volunteer_register"),
    path("my-details/", volunteers.details, name="volunteer_details"),
    path("consent/<str:token>/", volunteers.guardian_consent, name="guardian_consent"),
    path(
        "volunteers/<int:pk>/paper-consent/",
        volunteers.paper_consent,
        name="record_paper_consent",
    ),
    path("adopt/", volunteers.adopt, name="adopt"),
    path("adopt/<int:pk>/", volunteers.adoption, name="adoption"),
    path("adopt/<int:pk>/end/", volunteers.end_adoption, name="end_adoption"),
    #
    # --- Events: the list, the calendar, an event, planning one.
    path("events/", events_browse.event_list, name="events"),
    path("events/calendar/", events_browse.event_calendar, name="calendar"),
    path("events/new/", events.plan_event, name="plan_event"),
    path("events/<int:pk>/", events_browse.event_detail, name="event"),
    path("events/<int:pk>/edit/", events.edit_event, name="edit_event"),
    path("events/<int:pk>/cancel/", events.cancel_event, name="cancel_event"),
    #
    # --- Sign-ups, the waitlist, calendar files, printed rosters.
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
    # --- On the day and after: my volunteering, check-in, hours, results, fixed reports.
    path("me/", on_the_day.my_volunteering, name="my_volunteering"),
    path("check-in/<str:code>/", on_the_day.check_in_by_code, name="check_in_by_code"),
    path("events/<int:pk>/roster/", on_the_day.roster, name="roster"),
    path("events/<int:pk>/check-in/", on_the_day.check_in, name="check_in"),
    path("events/<int:pk>/walk-in/", on_the_day.walk_in, name="walk_in"),
    path("events/<int:pk>/hours/", on_the_day.event_hours, name="event_hours"),
    path("events/<int:pk>/results/", after_the_event.results, name="results"),
    path("events/<int:pk>/fixed/<int:target_pk>/", after_the_event.mark_fixed, name="mark_fixed"),
    path("hours/log/", after_the_event.log_hours, name="log_hours"),
    path("hours/review/", after_the_event.review_hours, name="review_hours"),
    path("certificate/", after_the_event.certificate, name="certificate"),
    path("certificate/<str:code>.pdf", after_the_event.certificate_pdf, name="certificate_pdf"),
    path("certificates/<str:code>/", after_the_event.verify_certificate, name="verify_certificate"),
    #
]
