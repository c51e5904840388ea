from . import res_company
from . import res_config_settings
from . import res_partner
from . import kam_portrait_history
from . import kam_influence
from . import kam_decision_member
from . import kam_network
from . import crm_lead
