"""What the youth part tells the page cache (connected in ``YouthConfig.ready``).

Every write to the part's tables empties the cache of anonymous pages
(``engage.core.page_cache``) except the tables named here: young participants, their
guardians' consent, attendance and joins never appear on a public page.
"""

from engage.core.page_cache import not_shown_to_visitors

from .models import Attendance, GuardianConsent, Participant, PurgeLog, SessionJoin

not_shown_to_visitors(Participant, GuardianConsent, Attendance, SessionJoin, PurgeLog)
