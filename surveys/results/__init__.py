"""A survey's results, counted by the database and shaped for the page, the PDF and charts.

Everything a result shows comes from one ``Counter`` of keys (see ``surveys.tallies``):
the stored tallies when no filter is set (a few hundred rows, however many responses), or
the same keys computed by the database for the filtered responses. Means and medians are
worked out exactly from the counts by value; nothing loads the answers into Python. Only
texts (short and long answers, the texts of "Other") are read row by row, a page at a time.

``summary.survey_results`` builds the results of every question (``question_results``,
with ``numbers`` and ``texts``); ``crosstab.cross_tab`` counts one choice question against
another in one query; ``comparison.compare`` sets a pre survey beside its post survey. The
filters are read by ``surveys.filters.ResultsFilterForm`` (a bad value is named and
ignored, never an error page).
"""
