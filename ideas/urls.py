from django.urls import path

from . import api, feeds
from .views import detail, submitting, taking_part

app_name = "ideas"

# These live under /<language>/ideas/, beside the Wagtail pages of the Ideas section
# (campaign pages), so a campaign may not take a slug used here (see RESERVED_SLUGS).
urlpatterns = [
    path("new/", submitting.submit, name="submit"),
    path("similar/", submitting.similar, name="similar"),
    path("new/picture/<str:token>/", submitting.kept_picture, name="kept_picture"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/edit/", submitting.edit, name="edit"),
    path("<int:pk>/withdraw/", submitting.withdraw, name="withdraw"),
    path("<int:pk>/vote/", taking_part.vote, name="vote"),
    path("<int:pk>/follow/", taking_part.follow, name="follow"),
    path("<int:pk>/comment/", taking_part.comment, name="comment"),
    path("<int:pk>/flag/", taking_part.flag_idea, name="flag"),
    path("comments/<int:pk>/edit/", taking_part.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/flag/", taking_part.flag_comment, name="flag_comment"),
    path("feed/", feeds.IdeasRssFeed(), name="feed"),
    path("feed/atom/", feeds.IdeasAtomFeed(), name="atom"),
    path("feed/<int:campaign_pk>/", feeds.IdeasRssFeed(), name="campaign_feed"),
    path("feed/<int:campaign_pk>/atom/", feeds.IdeasAtomFeed(), name="campaign_atom"),
    path("open-data.json", api.open_data, name="open_data"),
]
