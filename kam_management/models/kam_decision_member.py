from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import KAM_DECISION_ROLES


class KamDecisionMember(models.Model):
    """A person of the customer in one opportunity's decision chain (商机决策链).

    Role and reporting line hold for this project only; they override the customer's
    organisation chart in the opportunity's effective network.
    """

    _name = "kam.decision.member"
    _description = "Decision Chain Member"
    _order = "lead_id, sequence, id"

    sequence = fields.Integer(default=10)
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, index=True, ondelete="cascade"
    )
    account_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="lead_id.partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('is_company', '=', False), "
        "('commercial_partner_id', '=', account_id)]",
    )
    role = fields.Selection(
        KAM_DECISION_ROLES,
        string="Role in This Decision",
        compute="_compute_role",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    reports_to_id = fields.Many2one(
        "res.partner",
        string="Reports To in This Project",
        domain="[('is_company', '=', False), "
        "('commercial_partner_id', '=', account_id), ('id', '!=', partner_id)]",
        help="Empty: the person's usual reporting line holds for this project.",
    )
    stance = fields.Selection(related="partner_id.kam_stance")
    choice_score = fields.Integer(related="partner_id.kam_choice_score")
    note = fields.Char()

    _sql_constraints = [
        (
            "person_once_per_lead",
            "UNIQUE(lead_id, partner_id)",
            "This person is already in the opportunity's decision chain.",
        ),
        (
            "not_own_boss",
            "CHECK(reports_to_id IS NULL OR reports_to_id != partner_id)",
            "A person cannot report to themselves.",
        ),
    ]

    @api.depends("partner_id")
    def _compute_role(self):
        for member in self:
            member.role = member.partner_id.kam_decision_role or member.role or "other"

    @api.constrains("partner_id", "reports_to_id", "lead_id")
    def _check_member(self):
        for member in self:
            account = member.lead_id.partner_id.commercial_partner_id
            if not account:
                raise ValidationError(
                    _(
                        "Set the customer of the opportunity %(lead)s before building "
                        "its decision chain.",
                        lead=member.lead_id.name,
                    )
                )
            for person in member.partner_id | member.reports_to_id:
                if person.commercial_partner_id != account:
                    raise ValidationError(
                        _(
                            "%(person)s does not work for %(account)s, the customer of "
                            "this opportunity: the decision chain holds the customer's "
                            "people; record outsiders as influences.",
                            person=person.display_name,
                            account=account.display_name,
                        )
                    )
        for lead in self.lead_id:
            boss_of = {
                m.partner_id.id: m.reports_to_id.id
                for m in lead.kam_decision_member_ids
                if m.reports_to_id
            }
            for start in boss_of:
                seen, current = {start}, boss_of.get(start)
                while current:
                    if current in seen:
                        raise ValidationError(
                            _(
                                "The reporting lines of %(lead)s's decision chain "
                                "would go round in a circle.",
                                lead=lead.name,
                            )
                        )
                    seen.add(current)
                    current = boss_of.get(current)

    def write(self, vals):
        result = super().write(vals)
        # Record rules are checked before a write: moving a record to an account the
        # user does not cover must be refused after it too.
        self.check_access("write")
        return result
