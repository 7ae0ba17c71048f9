"""Department queues and crews: each department's queue and its assignments, and the page a
crew member works from on a phone, whose updates survive a dropped connection."""
