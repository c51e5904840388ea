from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

QUALIFICATION_METHODS = [
    ("scoring", "Comprehensive Scoring"),
    ("estimation", "Experience Estimation"),
    ("either", "Either Method"),
    ("both", "Both Methods"),
]


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
    kam_qualification_method = fields.Selection(
        QUALIFICATION_METHODS,
        string="Qualification Method",
        default="either",
        required=True,
        help="How a customer qualifies as a key account: by its comprehensive score, "
        "by its estimated purchasing potential, by either, or only by both.",
    )
    kam_score_threshold = fields.Float(
        string="Score Threshold",
        default=60.0,
        help="A weighted score (0-100) from this value qualifies.",
    )
    kam_potential_threshold = fields.Monetary(
        string="Potential Threshold",
        currency_field="currency_id",
        default=500000.0,
        help="An estimated yearly purchasing potential from this amount qualifies, "
        "and counts as high potential in the ABCD classification.",
    )
    kam_contribution_threshold = fields.Monetary(
        string="Contribution Threshold",
        currency_field="currency_id",
        default=100000.0,
        help="Confirmed sales over the window from this amount count as high "
        "contribution in the ABCD classification.",
    )
    kam_contribution_months = fields.Integer(
        string="Contribution Window (months)",
        default=12,
        help="Contribution counts the confirmed sales orders of this many past months.",
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

    @api.constrains(
        "kam_score_threshold",
        "kam_potential_threshold",
        "kam_contribution_threshold",
        "kam_contribution_months",
    )
    def _check_kam_thresholds(self):
        for company in self:
            if not 0 < company.kam_score_threshold <= 100:
                raise ValidationError(
                    _(
                        "The score threshold must be above 0 and at most 100: at 0 "
                        "every customer would qualify."
                    )
                )
            # At zero or below, "low" could never happen: classes B/D or C/D would be
            # impossible.
            if company.kam_potential_threshold <= 0:
                raise ValidationError(
                    _(
                        "The potential threshold must be above zero, otherwise no "
                        "customer could have a low potential (no class B or D)."
                    )
                )
            if company.kam_contribution_threshold <= 0:
                raise ValidationError(
                    _(
                        "The contribution threshold must be above zero, otherwise no "
                        "customer could have a low contribution (no class C or D)."
                    )
                )
            if not 1 <= company.kam_contribution_months <= 60:
                raise ValidationError(
                    _("The contribution window must be between 1 and 60 months.")
                )
