from django.urls import path

from . import views

urlpatterns = [
    path("", views.profile, name="profile"),
]

# Mounted at /<language>/me/ by engage/urls.py.
activity_urlpatterns = [
    path("", views.my_activity, name="my_activity"),
]
