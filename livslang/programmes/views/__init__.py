"""Programme pages. Every view authorises first with one helper from ``access``, validates
with a form, calls one service and renders or redirects. Read-only pages are ``require_safe``.
"""

from livslang.programmes.views.action_plans import (
    action_create,
    action_edit,
    action_status,
)
from livslang.programmes.views.agreements import (
    agreement,
    agreement_list,
    agreement_region,
    evidence_create,
    regional_action_create,
)
from livslang.programmes.views.coordination import (
    decision_create,
    follow_up_status,
    group,
    meeting,
    meeting_create,
    meeting_edit,
)
from livslang.programmes.views.digest import digest_settings, digest_unsubscribe
from livslang.programmes.views.experiences import (
    experience,
    experience_comment,
    experience_create,
    experiences,
)
from livslang.programmes.views.reading import (
    actions,
    detail,
    goal,
    goal_chart,
    overview,
    programme_list,
    progress_chart,
    report,
    report_xlsx,
    responsibilities,
    track,
)
from livslang.programmes.views.structure import (
    goal_create,
    goal_edit,
    initiative_create,
    initiative_edit,
    measurement_create,
    measurement_import,
    partners,
    programme_create,
    programme_edit,
    track_create,
    track_edit,
    track_goal_create,
)

__all__ = [
    "action_create",
    "action_edit",
    "action_status",
    "actions",
    "agreement",
    "agreement_list",
    "agreement_region",
    "decision_create",
    "detail",
    "digest_settings",
    "digest_unsubscribe",
    "evidence_create",
    "experience",
    "experience_comment",
    "experience_create",
    "experiences",
    "follow_up_status",
    "goal",
    "goal_chart",
    "goal_create",
    "goal_edit",
    "group",
    "initiative_create",
    "initiative_edit",
    "measurement_create",
    "measurement_import",
    "meeting",
    "meeting_create",
    "meeting_edit",
    "overview",
    "partners",
    "programme_create",
    "programme_edit",
    "programme_list",
    "progress_chart",
    "regional_action_create",
    "report",
    "report_xlsx",
    "responsibilities",
    "track",
    "track_create",
    "track_edit",
    "track_goal_create",
]
