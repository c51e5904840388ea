from odoo import fields, models

from ..models.kam_account_decision import ACCOUNT_STATES
from ..models.kam_input_mixin import kam_ensure_one


class KamAccountDecide(models.TransientModel):
    """A Key Accounts manager's decision on accounts: qualify, allocate, drop or
    reopen, with the reason that is kept."""

    _name = "kam.account.decide"
    _inherit = ["kam.input.mixin"]
    _description = "Decide on Key Accounts"

    account_ids = fields.Many2many("kam.account", string="Key Accounts", required=True)
    new_state = fields.Selection(ACCOUNT_STATES, string="Decision", required=True)
    reason = fields.Text(string="Why", required=True)

    def action_confirm(self):
        kam_ensure_one(self)
        accounts = self.account_ids
        accounts._kam_check_manager()
        accounts._kam_set_state(self.new_state, self.reason)
        return {"type": "ir.actions.act_window_close"}
