from django.urls import path

from .crews import views as crew_views
from .views import browse, filing

app_name = "reports"
urlpatterns = [
    path("", browse.report_list, name="list"),
    path("map/", browse.report_map, name="map"),
    path("reports.geojson", browse.report_geojson, name="geojson"),
    path("new/", filing.file_report, name="new"),
    path("new/photos/<str:token>/", filing.kept_photo, name="kept_photo"),
    # --- Crews in the field (engage.reports.crews): before "<reference>/", which would
    # take "crew" for a reference.
    path("crew/", crew_views.crew_today, name="crew_today"),
    path("crew/<str:reference>/", crew_views.crew_report, name="crew_report"),
    path("crew/<str:reference>/update/", crew_views.crew_update, name="crew_update"),
    path("<str:reference>/", filing.report_detail, name="detail"),
    path("<str:reference>/support/", filing.support_report, name="support"),
    path("<str:reference>/follow/", filing.follow_report, name="follow"),
    path("<str:reference>/reopen/", filing.reopen_report, name="reopen"),
    path("<str:reference>/confirm-fixed/", filing.confirm_fixed_report, name="confirm_fixed"),
]
