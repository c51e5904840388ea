from odoo.tools.sql import column_exists, create_column

from .models.res_company import SMALL_DEAL_THRESHOLD


def pre_init_hook(env):
    """Make crm.lead's stored "Big Deal" column with its values in one statement,
    before the ORM would compute it lead by lead on a CRM of years of leads. At
    install no lead is marked big and every company has the default threshold;
    an empty value reads as false."""
    cr = env.cr
    if column_exists(cr, "crm_lead", "kam_is_big_deal"):
        return
    create_column(cr, "crm_lead", "kam_is_big_deal", "boolean")
    cr.execute(
        "UPDATE crm_lead SET kam_is_big_deal = TRUE WHERE expected_revenue >= %s",
        [SMALL_DEAL_THRESHOLD],
    )


def uninstall_hook(env):
    """Account teams point at the team roles with "restrict" (a role in use is not
    deleted). Uninstalling deletes the roles, which the addon's data holds, before
    it drops the tables: the teams go first, all of them, as their table would."""
    env.cr.execute("DELETE FROM kam_account_member")
