from odoo import _, fields, models
from odoo.exceptions import AccessError

from ..models.kam_input_mixin import kam_ensure_one


class KamExpertKpiGenerate(models.TransientModel):
    """Compute the customer lead experts' KPIs of a year (again): one record per
    expert and year, ratings kept."""

    _name = "kam.expert.kpi.generate"
    _inherit = ["kam.input.mixin"]
    _description = "Compute Lead Expert KPIs"
    _kam_bounds = {"year": (2000, 2999)}

    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
    )

    def action_generate(self):
        kam_ensure_one(self)
        if not self.env.user.has_group("kam_management.group_kam_manager"):
            raise AccessError(
                _("Only a Key Accounts manager computes the experts' KPIs.")
            )
        kpis = self.env["kam.lead.expert.kpi"]._kam_generate(self.year)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_management.kam_lead_expert_kpi_action"
        )
        action["domain"] = [("id", "in", kpis.ids)]
        action["context"] = {}
        return action
