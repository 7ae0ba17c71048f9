# Being written: the Open311 GeoReport v2 endpoints.
app_name = "open311"
urlpatterns = []
