"""The outcomes part's public URLs besides its pages (under /<language>/performance/):
the transparency page, open data, and a reporter's answer to "is it really fixed?"."""

urlpatterns: list = []
