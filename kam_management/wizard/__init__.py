from . import kam_account_nominate
from . import kam_account_decide
from . import kam_team_proposal
