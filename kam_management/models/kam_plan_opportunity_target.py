from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

TARGET_STATES = [
    ("planned", "Planned"),
    ("open", "In the Pipeline"),
    ("won", "Won"),
    ("lost", "Lost"),
]


class KamPlanOpportunityTarget(models.Model):
    """Part 4 of the account plan (机会和目标): an opportunity to pursue, with the
    revenue and date aimed at, and where it stands in the pipeline."""

    _name = "kam.plan.opportunity.target"
    _inherit = ["kam.plan.line.mixin"]
    _description = "Opportunity Target of an Account Plan"
    _order = "plan_id, target_date, id"

    customer_id = fields.Many2one(related="account_id.partner_id", string="Customer")
    name = fields.Char(string="Opportunity to Pursue", required=True)
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        ondelete="set null",
        domain="[('type', '=', 'opportunity'), "
        "('partner_id', 'child_of', customer_id)]",
    )
    currency_id = fields.Many2one(related="plan_id.currency_id")
    target_revenue = fields.Monetary()
    target_date = fields.Date()
    # What the user may read of the opportunity; nothing of one they may not.
    status = fields.Selection(TARGET_STATES, compute="_compute_lead_figures")
    stage_name = fields.Char(string="Stage", compute="_compute_lead_figures")
    expected_revenue = fields.Monetary(compute="_compute_lead_figures")
    probability = fields.Float(compute="_compute_lead_figures")

    _kam_bounds = {"target_revenue": (0, 1e14)}

    # Per user: what one user may read of the opportunity is not another's (nor the
    # superuser's) in the same transaction.
    @api.depends_context("uid")
    @api.depends(
        "lead_id.stage_id.is_won",
        "lead_id.active",
        "lead_id.expected_revenue",
        "lead_id.probability",
    )
    def _compute_lead_figures(self):
        leads = self.lead_id.with_context(active_test=False)
        readable = leads._filtered_access("read")
        for line in self:
            lead = line.lead_id if line.lead_id in readable else False
            if not line.lead_id:
                status = "planned"
            elif not lead:
                status = False
            elif lead.stage_id.is_won:
                status = "won"
            elif not lead.active:
                status = "lost"
            else:
                status = "open"
            line.status = status
            line.stage_name = lead.stage_id.name if lead else False
            line.expected_revenue = lead.expected_revenue if lead else 0.0
            line.probability = lead.probability if lead else 0.0

    @api.onchange("lead_id")
    def _onchange_lead_id(self):
        if self.lead_id and not self.name:
            self.name = self.lead_id.name

    @api.constrains("lead_id", "plan_id")
    def _check_lead(self):
        for line in self.filtered("lead_id"):
            # sudo: the customer of a linked opportunity is compared, not shown.
            lead = line.lead_id.sudo()  # sudo: see above
            if (
                lead.partner_id.commercial_partner_id
                != line.plan_id.account_id.partner_id
            ):
                raise ValidationError(
                    _(
                        "The opportunity %(lead)s is not one of %(account)s.",
                        lead=lead.name,
                        account=line.plan_id.account_id.display_name,
                    )
                )
