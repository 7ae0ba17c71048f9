from django.urls import path

from . import privacy_views, views

urlpatterns = [
    path("", views.profile, name="profile"),
    path("privacy/", privacy_views.privacy_settings, name="privacy_settings"),
    path("privacy/download/", privacy_views.request_data_download, name="request_data_download"),
    path("privacy/download/<uuid:token>/", privacy_views.data_download, name="data_download"),
    path("privacy/delete/", privacy_views.delete_account, name="delete_account"),
]

# Mounted at /<language>/me/ by engage/urls.py.
activity_urlpatterns = [
    path("", views.my_activity, name="my_activity"),
]
