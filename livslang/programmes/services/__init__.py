"""Every change to a programme or an agreement: keyword-only arguments, validated with
``full_clean``, one transaction, one audit entry per change. Callers pass the acting user; the
role rules in ``rules`` are checked here too, so no page can skip them.

``structure`` keeps programmes, tracks, goals, actions and initiatives; ``coordination`` the
coordination group's meetings, decisions and follow-ups; ``agreements`` the regional follow-up
of agreements; ``experiences`` the knowledge base; ``digest`` the weekly e-mail.
"""

from livslang.programmes.services._base import (
    ACTION_FIELDS,
    GOAL_FIELDS,
    INDICATOR_FIELDS,
    INITIATIVE_FIELDS,
    PROGRAMME_FIELDS,
    TRACK_FIELDS,
)
from livslang.programmes.services.agreements import add_evidence, create_regional_action
from livslang.programmes.services.coordination import (
    add_member,
    create_group,
    create_meeting,
    record_decision,
    remove_member,
    set_follow_up_status,
    update_group,
    update_meeting,
)
from livslang.programmes.services.digest import (
    forget_person,
    send_weekly_digests,
    set_digest_preference,
    unsubscribe_url,
    user_for_token,
    wants_digest,
)
from livslang.programmes.services.experiences import comment_on, publish_experience
from livslang.programmes.services.structure import (
    create_action,
    create_goal,
    create_initiative,
    create_programme,
    create_track,
    import_measurements,
    record_measurement,
    remove_partner,
    set_action_status,
    set_partner,
    take_statistics_measurements,
    update_action,
    update_goal,
    update_initiative,
    update_programme,
    update_track,
)

__all__ = [
    "ACTION_FIELDS",
    "GOAL_FIELDS",
    "INDICATOR_FIELDS",
    "INITIATIVE_FIELDS",
    "PROGRAMME_FIELDS",
    "TRACK_FIELDS",
    "add_evidence",
    "add_member",
    "comment_on",
    "create_action",
    "create_goal",
    "create_group",
    "create_initiative",
    "create_meeting",
    "create_programme",
    "create_regional_action",
    "create_track",
    "forget_person",
    "import_measurements",
    "publish_experience",
    "record_decision",
    "record_measurement",
    "remove_member",
    "remove_partner",
    "send_weekly_digests",
    "set_action_status",
    "set_digest_preference",
    "set_follow_up_status",
    "set_partner",
    "take_statistics_measurements",
    "unsubscribe_url",
    "update_action",
    "update_goal",
    "update_group",
    "update_initiative",
    "update_meeting",
    "update_programme",
    "update_track",
    "user_for_token",
    "wants_digest",
]
