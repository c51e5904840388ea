from odoo import _, api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    kam_decision_member_ids = fields.One2many(
        "kam.decision.member",
        "lead_id",
        string="Decision Chain",
        groups="kam_management.group_kam_user",
    )
    kam_influence_ids = fields.One2many(
        "kam.influence",
        "lead_id",
        string="Influences in This Opportunity",
        groups="kam_management.group_kam_user",
    )
    kam_decision_maker_count = fields.Integer(
        string="Decision Makers",
        compute="_compute_kam_decision_summary",
        groups="kam_management.group_kam_user",
    )
    kam_supporting_decision_maker_count = fields.Integer(
        string="Supporting Decision Makers",
        compute="_compute_kam_decision_summary",
        groups="kam_management.group_kam_user",
    )
    kam_support_score = fields.Integer(
        string="Support Score",
        compute="_compute_kam_decision_summary",
        groups="kam_management.group_kam_user",
        help="0-100: the decision chain's support for us. Each member's choice score "
        "(50 while unknown), moved by the influences on them (low 5, medium 10, "
        "high 20 points, up for a positive and down for a negative direction), "
        "averaged with "
        "weights by role: decision maker 3, evaluators 2, gatekeeper 1.5, others 1. "
        "Without a decision chain, the customer's key persons count.",
    )
    kam_uncovered_key_person_ids = fields.Many2many(
        "res.partner",
        string="Key Persons Not Reached",
        compute="_compute_kam_decision_summary",
        groups="kam_management.group_kam_user",
        help="Key persons of the decision chain that none of our people influences.",
    )
    kam_network_differences = fields.Text(
        string="Differences from the Customer Map",
        compute="_compute_kam_decision_summary",
        groups="kam_management.group_kam_user",
    )

    @api.depends(
        "partner_id",
        "kam_decision_member_ids.role",
        "kam_decision_member_ids.reports_to_id",
        "kam_influence_ids",
    )
    def _compute_kam_decision_summary(self):
        leads = self.filtered(lambda lead: lead.id and lead.partner_id)
        networks = self.env["kam.network"]._kam_networks(
            self.env["res.partner"], leads._origin
        )
        for lead in self:
            network = networks.get(("lead", lead._origin.id))
            summary = network["summary"] if network else {}
            lead.kam_decision_maker_count = summary.get("decision_makers", 0)
            lead.kam_supporting_decision_maker_count = summary.get(
                "supporting_decision_makers", 0
            )
            lead.kam_support_score = summary.get("support_score", 0)
            lead.kam_uncovered_key_person_ids = [
                fields.Command.set(summary.get("uncovered_ids", []))
            ]
            lead.kam_network_differences = (
                "\n".join(network["differences"]) if network else False
            )

    def action_kam_relationship_map(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "kam_relationship_map",
            "name": _("Relationship Map"),
            "params": {"model": "crm.lead", "res_id": self.id},
        }
