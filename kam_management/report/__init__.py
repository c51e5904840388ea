from . import kam_account_plan_report
from . import kam_lane_report
