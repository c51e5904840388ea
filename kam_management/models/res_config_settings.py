from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kam_evaluation_interval_months = fields.Integer(
        related="company_id.kam_evaluation_interval_months", readonly=False
    )
    kam_qualification_method = fields.Selection(
        related="company_id.kam_qualification_method", readonly=False
    )
    kam_score_threshold = fields.Float(
        related="company_id.kam_score_threshold", readonly=False
    )
    kam_settings_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Key Accounts Currency"
    )
    kam_potential_threshold = fields.Monetary(
        related="company_id.kam_potential_threshold",
        currency_field="kam_settings_currency_id",
        readonly=False,
    )
    kam_contribution_threshold = fields.Monetary(
        related="company_id.kam_contribution_threshold",
        currency_field="kam_settings_currency_id",
        readonly=False,
    )
    kam_small_deal_threshold = fields.Monetary(
        related="company_id.kam_small_deal_threshold",
        currency_field="kam_settings_currency_id",
        readonly=False,
    )
    kam_support_gap_alert = fields.Integer(
        related="company_id.kam_support_gap_alert", readonly=False
    )
    kam_contribution_months = fields.Integer(
        related="company_id.kam_contribution_months", readonly=False
    )
    kam_plan_evaluation_months = fields.Integer(
        related="company_id.kam_plan_evaluation_months", readonly=False
    )
    kam_coverage_evaluation_months = fields.Integer(
        related="company_id.kam_coverage_evaluation_months", readonly=False
    )
    kam_strategy_evaluation_months = fields.Integer(
        related="company_id.kam_strategy_evaluation_months", readonly=False
    )
    kam_evaluation_grace_days = fields.Integer(
        related="company_id.kam_evaluation_grace_days", readonly=False
    )
    kam_health_green = fields.Integer(
        related="company_id.kam_health_green", readonly=False
    )
    kam_health_amber = fields.Integer(
        related="company_id.kam_health_amber", readonly=False
    )
    kam_contact_stale_days = fields.Integer(
        related="company_id.kam_contact_stale_days", readonly=False
    )
    kam_assessment_revenue_pct = fields.Float(
        related="company_id.kam_assessment_revenue_pct", readonly=False
    )
    kam_assessment_on_time_pct = fields.Float(
        related="company_id.kam_assessment_on_time_pct", readonly=False
    )
    kam_score_weight_total = fields.Float(
        string="Total Weight of the Criteria",
        compute="_compute_kam_score_weight_total",
    )

    @api.depends("company_id")
    def _compute_kam_score_weight_total(self):
        total = self.env["kam.score.criterion"]._kam_weight_total()
        for settings in self:
            settings.kam_score_weight_total = total
