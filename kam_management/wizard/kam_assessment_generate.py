from odoo import fields, models

from ..models.kam_input_mixin import kam_ensure_one


class KamAssessmentGenerate(models.TransientModel):
    """Assess a year (again): teams, salespeople, key accounts and lead experts;
    the managers' decisions are kept."""

    _name = "kam.assessment.generate"
    _inherit = ["kam.input.mixin"]
    _description = "Compute the Yearly Assessment"
    _kam_bounds = {"year": (2000, 2999)}

    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year - 1,
    )

    def action_generate(self):
        kam_ensure_one(self)
        assessments = self.env["kam.assessment"]._kam_generate(self.year)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_management.kam_assessment_action"
        )
        action["domain"] = [("id", "in", assessments.ids)]
        action["context"] = {"search_default_group_subject_type": 1}
        return action
