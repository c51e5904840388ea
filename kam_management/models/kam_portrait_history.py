from odoo import fields, models

from .res_partner import KAM_MEASURE_NAMES

LEVELS = [(str(level), str(level)) for level in range(1, 6)]


class KamPortraitHistory(models.Model):
    """One change of one of a key person's three measures: who, when, old, new.

    Trends and later evaluations read it; it is written only by res.partner."""

    _name = "kam.portrait.history"
    _description = "Key-Person Measure History"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Key Person",
        required=True,
        ondelete="cascade",
        index=True,
    )
    account_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    measure = fields.Selection(KAM_MEASURE_NAMES, required=True)
    old_level = fields.Selection(LEVELS, string="Old Level")
    new_level = fields.Selection(LEVELS, string="New Level")
    user_id = fields.Many2one("res.users", string="Changed By", required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
