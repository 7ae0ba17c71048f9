"""The knowledge base: answers residents read and agents answer from (the pages are
``engage.reports.models.knowledge``), "did this answer your question?", the answers the
report form offers, and the review of answers that grow old."""
