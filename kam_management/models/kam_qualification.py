from odoo import fields, models

from .res_company import QUALIFICATION_METHODS


class KamQualification(models.Model):
    """One qualification decision: does this customer qualify as a key account, by
    which method, decided when and by whom, with the figures of that moment. Rows are
    only added, so re-running never loses the earlier results."""

    _name = "kam.qualification"
    _inherit = ["kam.coverage.mixin"]
    _description = "Key-Account Qualification"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one(
        "res.users", string="Decided By", required=True, default=lambda s: s.env.user
    )
    method = fields.Selection(QUALIFICATION_METHODS, required=True)
    qualified = fields.Boolean()
    score_total = fields.Float(string="Score")
    score_threshold = fields.Float()
    potential = fields.Monetary(currency_field="currency_id")
    potential_threshold = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", required=True)
    note = fields.Char()
