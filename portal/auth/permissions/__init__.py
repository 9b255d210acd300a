"""Every permission rule of the portal, as named predicates, and the decorator that routes use.

A predicate takes the user (possibly anonymous) and the objects the page is about, and says
whether the user may proceed. Routes declare their rule with `@requires(...)`; templates call the
same predicates through the `perm` global. Grants are scoped (DESIGN §1) and never leak across
scopes. The rules live in one module per capability under this package; all are importable
from here, and a new capability adds its module to the list below.
"""

from portal.auth.permissions.accounts import *  # noqa: F403
from portal.auth.permissions.admin import *  # noqa: F403
from portal.auth.permissions.assembly import *  # noqa: F403
from portal.auth.permissions.core import (  # noqa: F401
    Refusal,
    anyone,
    compound_has_committee,
    explain_refusal,
    explained_by,
    hides_existence,
    is_admin,
    is_committee_member,
    is_community_staff,
    requires,
    signed_in,
)
from portal.auth.permissions.elections import *  # noqa: F403
from portal.auth.permissions.forum import *  # noqa: F403
from portal.auth.permissions.ledger import *  # noqa: F403
from portal.auth.permissions.management import *  # noqa: F403
from portal.auth.permissions.mediation import *  # noqa: F403
from portal.auth.permissions.notices import *  # noqa: F403
from portal.auth.permissions.notifications import *  # noqa: F403
from portal.auth.permissions.places import *  # noqa: F403
from portal.auth.permissions.registration import *  # noqa: F403
from portal.auth.permissions.volunteering import *  # noqa: F403
