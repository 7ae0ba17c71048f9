from django.urls import path

from . import api, feeds, views

app_name = "ideas"

# These live under /<language>/ideas/, beside the Wagtail pages of the Ideas section
# (campaign pages), so a campaign may not take a slug used here (see RESERVED_SLUGS).
urlpatterns = [
    path("new/", views.submit, name="submit"),
    path("similar/", views.similar, name="similar"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/follow/", views.follow, name="follow"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/flag/", views.flag_idea, name="flag"),
    path("comments/<int:pk>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/flag/", views.flag_comment, name="flag_comment"),
    path("feed/", feeds.IdeasRssFeed(), name="feed"),
    path("feed/atom/", feeds.IdeasAtomFeed(), name="atom"),
    path("feed/<int:campaign_pk>/", feeds.IdeasRssFeed(), name="campaign_feed"),
    path("feed/<int:campaign_pk>/atom/", feeds.IdeasAtomFeed(), name="campaign_atom"),
    path("open-data.json", api.open_data, name="open_data"),
]
