from django.urls import path

app_name = "liaisons"

# Under /<language>/volunteer/, beside the Wagtail "Volunteer" section page, which takes
# no child pages of these names. Each block belongs to one job (see docs/anatomy.md).
urlpatterns = [
    # The liaison network: applying, the directory, writing to a liaison.
    #
    # The liaison dashboard.
    #
    # Volunteers: registering, my volunteering, adopted blocks.
    #
    # Events: the list, the calendar, an event, planning one.
    #
    # Sign-ups, the waitlist, rosters and calendar feeds.
    #
    # On the day and after: check-in, hours, results, fixed reports, certificates.
    #
]
