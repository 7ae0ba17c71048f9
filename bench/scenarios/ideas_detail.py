"""An idea page with many comments: /en/ideas/<pk>/, the most discussed of 50,000 ideas.

The page shows the idea, its status history, and every visible comment with its replies
(each with a folded reply form and flag form for people logged in; anonymous visitors get
the comments only): 500 comments at full volume, 5 at the 1/100 volume of the query
check. Its cost therefore grows with that idea's comments, not with the other ideas.
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
