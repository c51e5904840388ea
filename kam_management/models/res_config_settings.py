from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kam_evaluation_interval_months = fields.Integer(
        related="company_id.kam_evaluation_interval_months",
        readonly=False,
    )
