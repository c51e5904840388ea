from odoo import fields, models

KAM_CLASSES = [
    ("A", "A - Strategic"),
    ("B", "B - Keep and Defend"),
    ("C", "C - Break Through"),
    ("D", "D - Serve Efficiently"),
]


class KamClassHistory(models.Model):
    """A change of a customer's ABCD class: when, from what to what, and why."""

    _name = "kam.class.history"
    _inherit = ["kam.coverage.mixin"]
    _description = "Key-Account Class History"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one(
        "res.users", string="Changed By", required=True, default=lambda s: s.env.user
    )
    old_class = fields.Selection(KAM_CLASSES)
    new_class = fields.Selection(KAM_CLASSES)
    reason = fields.Char(string="Why")
    potential = fields.Monetary(currency_field="currency_id")
    contribution = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", required=True)
