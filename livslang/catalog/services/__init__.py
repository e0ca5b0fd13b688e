"""Writing the catalogue: offerings, cohorts, local study groups. Every write is audited and
recorded in the change log (``livslang.catalog.changes``) in the same transaction.

Each function takes keyword arguments, validates (``ValidationError`` keyed by field, with
messages that name the field and why), runs in one transaction and re-checks that the actor
is an editor or administrator of the offering's owner (``PermissionDenied`` otherwise; views
check access first, so this is a second line).

Change-log events: an offering gets ``created`` when made (also copies), ``updated`` on edits
while published, ``published``/``unpublished`` (also on archive). Its cohorts get
``published``/``unpublished`` with it; a cohort made under a published offering gets
``created`` then ``published``, otherwise ``created``; edits and status changes of cohorts of
a published offering record ``updated``.
"""

from livslang.catalog.services._common import COHORT_TYPE, OFFERING_TYPE, make_slug
from livslang.catalog.services.cohorts import (
    COHORT_FIELDS,
    STUDY_GROUP_FIELDS,
    TRANSITIONS,
    copy_cohort,
    create_cohort,
    repoint_municipality,
    set_cohort_status,
    update_cohort,
)
from livslang.catalog.services.offerings import (
    OFFERING_FIELDS,
    archive_offering,
    copy_offering,
    create_offering,
    organisation_renamed,
    publish_offering,
    unpublish_offering,
    update_offering,
)

__all__ = [
    "COHORT_FIELDS",
    "COHORT_TYPE",
    "OFFERING_FIELDS",
    "OFFERING_TYPE",
    "STUDY_GROUP_FIELDS",
    "TRANSITIONS",
    "archive_offering",
    "copy_cohort",
    "copy_offering",
    "create_cohort",
    "create_offering",
    "make_slug",
    "organisation_renamed",
    "publish_offering",
    "repoint_municipality",
    "set_cohort_status",
    "unpublish_offering",
    "update_cohort",
    "update_offering",
]
