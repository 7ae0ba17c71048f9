"""An idea page with many comments: /en/ideas/<pk>/, the most discussed of 50,000 ideas.

The idea has 500 comments at full volume (5 at the 1/100 volume of the query check). The
page shows the idea, its status history, and the first page of its comment threads: 20
top-level comments, oldest first, each with its replies (with a folded reply form and flag
form for people logged in; anonymous visitors get the comments only). Neither its cost nor
its queries should grow with that idea's comments or with the other ideas.
"""

from bench import ideas

NAME = "ideas-detail"
VOLUME = ideas.VOLUME


def seed(volume):
    ideas.seed(volume)


def requests():
    return [ideas.hot_idea().get_absolute_url()]


def check(response):
    idea = ideas.hot_idea()
    html = response.content.decode()
    shown = html.count('id="comment-')
    assert shown > 0, "No comment is shown."
    assert idea.title in html
    return f"{shown} comments shown of {idea.comment_count}"
