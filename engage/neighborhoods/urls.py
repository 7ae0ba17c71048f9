from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("suggest.json", views.suggest, name="suggest"),
    path("reverse.json", views.reverse, name="reverse"),
]
