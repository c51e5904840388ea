from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_input_mixin import kam_ensure_one


class CrmLead(models.Model):
    _inherit = "crm.lead"

    kam_account_id = fields.Many2one(
        "kam.account",
        string="Key Account",
        compute="_compute_kam_account_id",
        groups="kam_management.group_kam_user",
        help="The key account of the customer in the opportunity's company.",
    )
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

    kam_expert_id = fields.Many2one(
        "kam.lead.expert",
        string="Incubated By",
        index="btree_not_null",
        # An expert of another company is credited nothing here (and its KPIs
        # would count this company's revenue).
        check_company=True,
        groups="kam_management.group_kam_user",
        help="The customer lead expert who incubated this opportunity: set when it "
        "is created on a key account with a lead expert and no open opportunity "
        "(a new customer). The expert's credit is its revenue.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        credits = self._kam_expert_credits(vals_list)
        leads = super().create(vals_list)
        for lead, experts in zip(leads, credits, strict=True):
            # The expert of the customer's account in the lead's own company (Odoo
            # computes it from the team and the salesperson).
            expert = experts and experts.get(lead.company_id.id or self.env.company.id)
            if expert:
                # sudo: the credit is the system's, whoever creates the lead.
                lead.sudo().kam_expert_id = expert  # sudo: see above
        # The customer's first opportunity ends the iron triangle's acquisition
        # work on its account. sudo: the duties are the system's.
        opportunities = leads.filtered(lambda lead: lead.type == "opportunity")
        if opportunities.partner_id:
            accounts = (
                self.env["kam.account"]
                .sudo()  # sudo: see above
                .search(
                    [
                        (
                            "partner_id",
                            "in",
                            opportunities.partner_id.commercial_partner_id.ids,
                        ),
                        ("state", "=", "allocated"),
                    ]
                )
            )
            accounts._kam_iron_triangle_sync()
        return leads

    @api.model
    def _kam_expert_credits(self, vals_list):
        """For each new opportunity, the lead experts it may credit, by company
        ({company id: expert id}, or None): the active expert of its customer's key
        account in that company, when that account is a new customer (no open
        opportunity, no order yet). A constant number of queries."""
        credits = [None] * len(vals_list)
        wanted = [
            i
            for i, vals in enumerate(vals_list)
            if vals.get("partner_id") and not vals.get("kam_expert_id")
        ]
        if not wanted:
            return credits
        # sudo: which account and expert a customer has decides the credit; the
        # user's rights on them do not.
        Partner = self.env["res.partner"].sudo()  # sudo: see above
        partners = Partner.browse({vals_list[i]["partner_id"] for i in wanted})
        Account = self.env["kam.account"].sudo()  # sudo: see above
        accounts = Account.search(
            [
                ("partner_id", "in", partners.commercial_partner_id.ids),
                ("lead_expert_id", "!=", False),
            ]
        )
        if not accounts:
            return credits
        stages = accounts._kam_lifecycle_stages()
        of = {
            (a.partner_id.id, a.company_id.id): a
            for a in accounts
            if stages.get(a.id) == "acquisition"
        }
        for i in wanted:
            customer = Partner.browse(vals_list[i]["partner_id"]).commercial_partner_id
            credits[i] = {
                company_id: account.lead_expert_id.id
                for (partner_id, company_id), account in of.items()
                if partner_id == customer.id
            }
        return credits

    @api.depends("partner_id", "company_id")
    def _compute_kam_account_id(self):
        # One search for the batch.
        accounts = self.env["kam.account"].search(
            [("partner_id", "in", self.partner_id.commercial_partner_id.ids)]
        )
        of = {(a.partner_id.id, a.company_id.id): a for a in accounts}
        for lead in self:
            company = lead.company_id or self.env.company
            lead.kam_account_id = of.get(
                (lead.partner_id.commercial_partner_id.id, company.id)
            )

    @api.model
    def _kam_fill_account(self, vals_list):
        """Records of a decision chain get the key account of their opportunity."""
        lead_ids = {
            vals["lead_id"]
            for vals in vals_list
            if vals.get("lead_id") and not vals.get("account_id")
        }
        if not lead_ids:
            return
        leads = self.browse(lead_ids).exists()
        # sudo: which account an opportunity belongs to decides the record rule that
        # applies next; the record itself is still checked against the user's rights.
        account_of = {
            lead.id: lead.sudo().kam_account_id  # sudo: see above
            for lead in leads
        }
        for vals in vals_list:
            if vals.get("lead_id") and not vals.get("account_id"):
                account = account_of.get(vals["lead_id"])
                if not account:
                    raise UserError(
                        _(
                            "The customer of this opportunity is not a key account "
                            "of this company: nominate it first, then map the "
                            "decision chain."
                        )
                    )
                vals["account_id"] = account.id

    @api.depends(
        "partner_id",
        "kam_decision_member_ids.role",
        "kam_decision_member_ids.reports_to_id",
        "kam_influence_ids",
    )
    def _compute_kam_decision_summary(self):
        # _origin: in a form being edited the record has a temporary id.
        leads = self.filtered(lambda lead: lead._origin.id and lead.partner_id)._origin
        networks = self.env["kam.network"]._kam_networks(self.env["kam.account"], leads)
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

    @api.constrains("partner_id")
    def _check_kam_decision_chain_customer(self):
        for lead in self:
            account = lead.partner_id.commercial_partner_id
            # sudo: a chain the user cannot read still belongs to this opportunity.
            strangers = (
                lead.sudo().kam_decision_member_ids.partner_id  # sudo: see above
                | lead.sudo().kam_influence_ids.influenced_id  # sudo: see above
            ).filtered(lambda p, a=account: p.commercial_partner_id != a)
            if strangers:
                raise ValidationError(
                    _(
                        "The decision chain of %(lead)s holds people of another "
                        "customer (%(names)s): remove them before changing the "
                        "customer.",
                        lead=lead.name,
                        names=", ".join(strangers.mapped("name")),
                    )
                )

    def action_kam_nominate(self):
        kam_ensure_one(self)
        if not self.partner_id:
            raise UserError(_("Set the opportunity's customer first."))
        return self.partner_id.commercial_partner_id.action_kam_nominate()

    def action_kam_relationship_map(self):
        kam_ensure_one(self)
        self.check_access("read")
        # A tag of its own: after a reload only active_id survives in the URL.
        return {
            "type": "ir.actions.client",
            "tag": "kam_decision_chain_map",
            "name": _("Decision Chain: %s", self.name),
            "context": {"active_id": self.id, "active_model": "crm.lead"},
        }
