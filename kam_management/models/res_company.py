from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # Settings live on the company so that each company of a multi-company database
    # keeps its own; res.config.settings only shows them.
    kam_evaluation_interval_months = fields.Integer(
        string="Customer Evaluation Interval (months)",
        default=3,
        help="How often a key account is evaluated again: is it still qualified? "
        "The KAM method re-runs the customer evaluation every 3 months.",
    )

    @api.constrains("kam_evaluation_interval_months")
    def _check_kam_evaluation_interval_months(self):
        for company in self:
            if not 1 <= company.kam_evaluation_interval_months <= 24:
                raise ValidationError(
                    _(
                        "The customer evaluation interval must be between 1 and 24 "
                        "months (company %(company)s).",
                        company=company.name,
                    )
                )
