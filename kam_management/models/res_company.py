from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Default of each company; the install hook applies it to existing leads.
SMALL_DEAL_THRESHOLD = 20000.0

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

    kam_plan_evaluation_months = fields.Integer(
        string="Account-Plan Execution Evaluation (months)",
        default=3,
        help="Period of the account-plan execution evaluation (账户规划执行评估).",
    )
    kam_coverage_evaluation_months = fields.Integer(
        string="Sales-Coverage Evaluation (months)",
        default=6,
        help="Period of the sales-coverage evaluation (销售覆盖评估).",
    )
    kam_strategy_evaluation_months = fields.Integer(
        string="Strategy and Tactics Evaluation (months)",
        default=6,
        help="Period of the strategy and tactics evaluation (策略战术评估).",
    )
    kam_evaluation_grace_days = fields.Integer(
        string="Days to Complete an Evaluation",
        default=14,
        help="An evaluation is due this many days after its period ends.",
    )
    kam_health_green = fields.Integer(
        string="Healthy From",
        default=70,
        help="A health figure (0-100) from this value is green.",
    )
    kam_health_amber = fields.Integer(
        string="At Risk From",
        default=40,
        help="A health figure from this value (and below green) is amber; below, red.",
    )
    kam_contact_stale_days = fields.Integer(
        string="Key Person Untouched After (days)",
        default=90,
        help="A key person with no contact (meeting, message, portrait update) for "
        "longer lowers the account's health.",
    )
    kam_assessment_revenue_pct = fields.Float(
        string="Qualified From Revenue Attainment (%)",
        default=80.0,
        help="Yearly assessment: revenue from key accounts against the plans' "
        "targets needed to qualify.",
    )
    kam_assessment_on_time_pct = fields.Float(
        string="Qualified From Evaluations on Time (%)",
        default=80.0,
        help="Yearly assessment: share of evaluations done by their due date "
        "needed to qualify.",
    )

    kam_small_deal_threshold = fields.Monetary(
        string="Small-Deal Threshold",
        currency_field="currency_id",
        default=SMALL_DEAL_THRESHOLD,
        help="Monetisation (货币化产出): a deal below this untaxed amount goes the "
        "small-deal fast lane (小单快速通道), straight to a quotation; from this "
        "amount it is a big deal (大单) with its decision chain and stage gates.",
    )
    kam_support_gap_alert = fields.Integer(
        string="Support Gap Alert (points)",
        default=30,
        help="A big deal whose decision chain's support score is this many points "
        "or more below its probability is flagged: the pipeline believes more than "
        "the people who decide.",
    )

    @api.constrains(
        "kam_evaluation_interval_months",
        "kam_plan_evaluation_months",
        "kam_coverage_evaluation_months",
        "kam_strategy_evaluation_months",
    )
    def _check_kam_evaluation_periods(self):
        for company in self:
            for months in (
                company.kam_evaluation_interval_months,
                company.kam_plan_evaluation_months,
                company.kam_coverage_evaluation_months,
                company.kam_strategy_evaluation_months,
            ):
                # Periods tile the year, so the scheduler finds them from the date.
                if months not in (1, 2, 3, 4, 6, 12):
                    raise ValidationError(
                        _(
                            "An evaluation period is 1, 2, 3, 4, 6 or 12 months, so "
                            "that the periods fit the calendar year."
                        )
                    )

    @api.constrains(
        "kam_health_green",
        "kam_health_amber",
        "kam_contact_stale_days",
        "kam_evaluation_grace_days",
        "kam_assessment_revenue_pct",
        "kam_assessment_on_time_pct",
    )
    def _check_kam_health_settings(self):
        for company in self:
            if not 0 < company.kam_health_amber < company.kam_health_green <= 100:
                raise ValidationError(
                    _(
                        "Health thresholds: 0 < at risk < healthy <= 100, for "
                        "example 40 and 70."
                    )
                )
            if not 1 <= company.kam_contact_stale_days <= 3650:
                raise ValidationError(
                    _("Untouched key persons: between 1 and 3650 days.")
                )
            if not 0 <= company.kam_evaluation_grace_days <= 365:
                raise ValidationError(
                    _("Days to complete an evaluation: between 0 and 365.")
                )
            for pct in (
                company.kam_assessment_revenue_pct,
                company.kam_assessment_on_time_pct,
            ):
                if not 0 <= pct <= 1000:
                    raise ValidationError(
                        _("Assessment thresholds are percentages from 0 to 1000.")
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

    @api.constrains("kam_small_deal_threshold", "kam_support_gap_alert")
    def _check_kam_monetisation_settings(self):
        for company in self:
            if not 0 <= company.kam_small_deal_threshold < 1e12:
                raise ValidationError(
                    _(
                        "The small-deal threshold is an amount from zero: 0 sends "
                        "every deal through the big-deal process."
                    )
                )
            if not 1 <= company.kam_support_gap_alert <= 100:
                raise ValidationError(
                    _("The support gap alert is between 1 and 100 points.")
                )
