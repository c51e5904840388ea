from . import kam_account_plan_report
