"""Writing organisations: onboarding, profiles, members and invitations. Every write is audited.

Each function takes keyword arguments, validates with ``full_clean()``, runs in one
transaction and records its audit entry in that transaction. Problems a person can fix are
raised as ``ValidationError`` with a translated message; an actor without the role a change
needs gets ``PermissionDenied`` (views check access first, so that is a second line). Changes
to memberships lock the organisation row first (``select_for_update``), so two changes to the
same organisation's members run one after the other and the last administrator can never
leave by a race.
"""

from livslang.organisations.services._common import OBJECT_TYPE, RESERVED_SLUGS, unique_slug
from livslang.organisations.services.members import (
    accept_invitation,
    change_role,
    decline_invitation,
    forget_person,
    invite,
    leave,
    remove_member,
    revoke_invitation,
)
from livslang.organisations.services.onboarding import (
    decide_request,
    register_imported_provider,
    request_organisation,
)
from livslang.organisations.services.profiles import (
    CENTRE_FIELDS,
    EDITABLE_FIELDS,
    register_rename_listener,
    repoint_municipality,
    save_profile,
    update_centre_profile,
    update_organisation,
)

__all__ = [
    "CENTRE_FIELDS",
    "EDITABLE_FIELDS",
    "OBJECT_TYPE",
    "RESERVED_SLUGS",
    "accept_invitation",
    "change_role",
    "decide_request",
    "decline_invitation",
    "forget_person",
    "invite",
    "leave",
    "register_imported_provider",
    "register_rename_listener",
    "remove_member",
    "repoint_municipality",
    "request_organisation",
    "revoke_invitation",
    "save_profile",
    "unique_slug",
    "update_centre_profile",
    "update_organisation",
]
