from odoo import fields, models

from .kam_key_person import KAM_MEASURE_NAMES

LEVELS = [(str(level), str(level)) for level in range(1, 6)]


class KamPortraitHistory(models.Model):
    """One change of one of a key person's three measures: who, when, old, new.

    Trends and later evaluations read it; it is written only by kam.key.person."""

    _name = "kam.portrait.history"
    _inherit = ["kam.coverage.mixin"]
    _description = "Key-Person Measure History"
    _order = "date desc, id desc"

    key_person_id = fields.Many2one(
        "kam.key.person",
        string="Key Person",
        required=True,
        ondelete="cascade",
        index=True,
    )
    partner_id = fields.Many2one(
        related="key_person_id.partner_id", string="Person", store=True, index=True
    )
    measure = fields.Selection(KAM_MEASURE_NAMES, required=True)
    old_level = fields.Selection(LEVELS, string="Old Level")
    new_level = fields.Selection(LEVELS, string="New Level")
    user_id = fields.Many2one("res.users", string="Changed By", required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
