from odoo import api, fields, models


class KamPlanLineMixin(models.AbstractModel):
    """A line of an account plan (a relationship or an opportunity target): bound to
    the plan's account, and kept as it was once the plan is closed."""

    _name = "kam.plan.line.mixin"
    _inherit = ["kam.coverage.mixin"]
    _description = "Account Plan Line"

    plan_id = fields.Many2one(
        "kam.account.plan",
        string="Plan",
        required=True,
        index=True,
        ondelete="cascade",
    )
    account_id = fields.Many2one(
        related="plan_id.account_id", store=True, index=True, precompute=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Only ids are looked at here; other values are the input checks' to refuse.
        plans = self.env["kam.account.plan"].browse(
            {
                vals["plan_id"]
                for vals in vals_list
                if isinstance(vals.get("plan_id"), int)
                and not isinstance(vals["plan_id"], bool)
            }
        )
        if not self.env.su:
            plans._kam_check_open()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self.plan_id._kam_check_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_plan_open(self):
        self.plan_id._kam_check_open()
