from odoo import fields, models

ACCOUNT_STATES = [
    ("nominated", "Nominated"),
    ("qualified", "Qualified"),
    ("allocated", "Allocated"),
    ("dropped", "Dropped"),
]


class KamAccountDecision(models.Model):
    """One company-level decision on a key account (nominated, qualified, allocated,
    dropped): who, when and why. Rows are only added."""

    _name = "kam.account.decision"
    _inherit = ["kam.coverage.mixin"]
    _description = "Key-Account Decision"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one(
        "res.users", string="Decided By", required=True, default=lambda s: s.env.user
    )
    old_state = fields.Selection(ACCOUNT_STATES, string="From")
    new_state = fields.Selection(ACCOUNT_STATES, string="To", required=True)
    reason = fields.Text(string="Why", required=True)
