"""Writing sign-ups, waitlists, pre-registrations and alerts; see each module:

* ``signups``: sign up, cancel, the waitlist and promotion, pre-registration, the
  participant list (row lock first: never overbooks);
* ``alerts``: saved searches and interests, unsubscribing, the daily digest;
* ``pledges``: employers' pledges of participants toward a cohort's minimum;
* ``privacy``: erasure holds, anonymising a learner, retention.
"""

from livslang.enrolments.services.alerts import (
    MAX_SAVED_SEARCHES,
    SUBJECT_DIGEST,
    UNSUBSCRIBE_SALT,
    add_interest,
    criteria_of,
    delete_saved_searches,
    new_matches,
    remove_search,
    save_search,
    search_state,
    searches_for_token,
    send_digests,
    unsubscribe,
    unsubscribe_token,
    unsubscribe_url,
)
from livslang.enrolments.services.pledges import (
    PLEDGE_STATUSES,
    may_pledge_for,
    pledge,
    withdraw_pledge,
)
from livslang.enrolments.services.privacy import (
    anonymise_expired,
    anonymise_learner,
    erasure_holds,
)
from livslang.enrolments.services.signups import (
    OBJECT_TYPE,
    SIGN_UP_STATUSES,
    SUBJECT_CONFIRMED,
    SUBJECT_PROMOTED,
    SUBJECT_WAITLISTED,
    NotOpen,
    cancel,
    enrol,
    fill_from_waitlist,
    participant_list,
    pre_register,
    waitlist_position,
    withdraw_pre_registration,
)

__all__ = [
    "MAX_SAVED_SEARCHES",
    "OBJECT_TYPE",
    "PLEDGE_STATUSES",
    "SIGN_UP_STATUSES",
    "SUBJECT_CONFIRMED",
    "SUBJECT_DIGEST",
    "SUBJECT_PROMOTED",
    "SUBJECT_WAITLISTED",
    "UNSUBSCRIBE_SALT",
    "NotOpen",
    "add_interest",
    "anonymise_expired",
    "anonymise_learner",
    "cancel",
    "criteria_of",
    "delete_saved_searches",
    "enrol",
    "erasure_holds",
    "fill_from_waitlist",
    "may_pledge_for",
    "new_matches",
    "participant_list",
    "pledge",
    "pre_register",
    "remove_search",
    "save_search",
    "search_state",
    "searches_for_token",
    "send_digests",
    "unsubscribe",
    "unsubscribe_token",
    "unsubscribe_url",
    "waitlist_position",
    "withdraw_pledge",
    "withdraw_pre_registration",
]
