from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .kam_key_person import KAM_DECISION_ROLES, KAM_STANCES


class KamDecisionMember(models.Model):
    """A person of the customer in one opportunity's decision chain (商机决策链).

    Role and reporting line hold for this project only; they override the customer's
    organisation chart in the opportunity's effective network. Bound to the key
    account of the opportunity's customer, whose coverage decides who changes it.
    """

    _name = "kam.decision.member"
    _inherit = ["kam.coverage.mixin"]
    _description = "Decision Chain Member"
    _order = "lead_id, sequence, id"

    sequence = fields.Integer(default=10)
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, index=True, ondelete="cascade"
    )
    customer_id = fields.Many2one(related="account_id.partner_id", string="Customer")
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('is_company', '=', False), "
        "('commercial_partner_id', '=', customer_id)]",
    )
    key_person_id = fields.Many2one(
        "kam.key.person",
        string="Portrait",
        compute="_compute_key_person_id",
        help="The account's portrait of this person, where there is one.",
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
        "('commercial_partner_id', '=', customer_id), ('id', '!=', partner_id)]",
        help="Empty: the person's usual reporting line holds for this project.",
    )
    stance = fields.Selection(KAM_STANCES, compute="_compute_key_person_id")
    choice_score = fields.Integer(compute="_compute_key_person_id")
    has_score = fields.Boolean(compute="_compute_key_person_id")
    note = fields.Char()

    path_text = fields.Text(
        string="Way In",
        compute="_compute_path_text",
        help="For a decision maker who opposes us or whom none of our people "
        "influences: the strongest chains of positive influences from our people "
        "to them (at most 4 steps), with the product of their strengths (low 0.3, "
        "medium 0.6, high 0.9). Who should introduce us to whom.",
    )

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

    def _kam_portraits(self):
        """{(account id, partner id): portrait} of these members, one search."""
        portraits = self.env["kam.key.person"].search(
            [
                ("account_id", "in", self.account_id.ids),
                ("partner_id", "in", self.partner_id.ids),
            ]
        )
        return {(p.account_id.id, p.partner_id.id): p for p in portraits}

    @api.depends("account_id", "partner_id")
    def _compute_key_person_id(self):
        portraits = self._kam_portraits()
        for member in self:
            portrait = portraits.get((member.account_id.id, member.partner_id.id))
            member.key_person_id = portrait
            member.stance = portrait.stance if portrait else "unknown"
            member.choice_score = portrait.choice_score if portrait else 0
            member.has_score = bool(portrait and portrait.has_score)

    @api.depends("lead_id", "partner_id", "role")
    def _compute_path_text(self):
        leads = self.lead_id._origin.filtered("id")
        networks = self.env["kam.network"]._kam_networks(self.env["kam.account"], leads)
        for member in self:
            network = networks.get(("lead", member.lead_id._origin.id))
            entry = next(
                (
                    p
                    for p in (network["paths"] if network else ())
                    if p["target"] == member.partner_id.id
                ),
                None,
            )
            if not entry:
                member.path_text = False
            elif not entry["paths"]:
                member.path_text = _(
                    "No chain of positive influences from our people reaches "
                    "%(name)s within 4 steps.",
                    name=entry["name"],
                )
            else:
                member.path_text = "\n".join(
                    f"{' → '.join(path['names'])} ({path['strength']:.2f})"
                    for path in entry["paths"]
                )

    @api.depends("partner_id", "account_id")
    def _compute_role(self):
        portraits = self._kam_portraits()
        for member in self:
            portrait = portraits.get((member.account_id.id, member.partner_id.id))
            member.role = (
                (portrait and portrait.decision_role) or member.role or "other"
            )

    @api.constrains("partner_id", "reports_to_id", "lead_id", "account_id")
    def _check_member(self):
        # sudo: the chain's consistency is checked on the data, whoever changes it
        # (a manager may not read another salesperson's opportunity).
        for member in self.sudo():  # sudo: see above
            customer = member.lead_id.partner_id.commercial_partner_id
            if customer != member.account_id.partner_id:
                raise ValidationError(
                    _(
                        "The opportunity %(lead)s is not for %(account)s: its decision "
                        "chain belongs to the key account of its own customer.",
                        lead=member.lead_id.name,
                        account=member.account_id.display_name,
                    )
                )
            for person in member.partner_id | member.reports_to_id:
                if person.commercial_partner_id != customer:
                    raise ValidationError(
                        _(
                            "%(person)s does not work for %(account)s, the customer of "
                            "this opportunity: the decision chain holds the customer's "
                            "people; record outsiders as influences.",
                            person=person.display_name,
                            account=customer.display_name,
                        )
                    )
        for lead in self.sudo().lead_id:  # sudo: see above
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

    @api.model_create_multi
    def create(self, vals_list):
        self.env["crm.lead"]._kam_fill_account(vals_list)
        return super().create(vals_list)
