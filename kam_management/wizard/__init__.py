from . import kam_account_nominate
from . import kam_account_decide
from . import kam_team_proposal
from . import kam_expert_kpi_generate
from . import kam_assessment_generate
from . import kam_gate_pass
from . import kam_personal_data_erase
