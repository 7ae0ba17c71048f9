"""A campaign page: the first of the two benchmark campaigns, with ~20,000 of the 50,000
ideas (and their 1,000,000 votes and 200,000 comments) in the database. Default sort
(trending), first page of 20."""

from bench import ideas

NAME = "ideas-campaign"
VOLUME = ideas.VOLUME


def seed(volume):
    ideas.seed(volume)


def requests():
    return [ideas.campaign_url()]


def check(response):
    html = response.content.decode()
    listed = html.count('class="idea-card ')
    assert listed > 0, "The campaign lists no idea."
    assert "Benchmark campaign 1" in html
    return f"{listed} ideas listed"
