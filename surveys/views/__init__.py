"""The public site's views of surveys: answering (``answering``) and reading the results
and the pre/post comparison (``results``). They are reached through the survey page's
sub-pages, ``surveys.routes``."""
