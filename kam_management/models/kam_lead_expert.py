from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import ValidationError

from .kam_input_mixin import kam_action_titled, kam_ensure_one


class KamLeadExpert(models.Model):
    """A customer lead expert (客户引领专家): one of our people or an external
    consultant, alone or a team, who befriends and mentors the customer's key persons
    and shapes their view of solutions long before a deal.

    The accounts they lead are the account-team memberships of the role *customer
    lead expert*; the key persons they reach are the influences held by the expert's
    people; the opportunities they incubated name them (crm.lead.kam_expert_id).
    """

    _name = "kam.lead.expert"
    _inherit = ["kam.input.mixin", "mail.thread"]
    _description = "Customer Lead Expert"
    _order = "name, id"
    _check_company_auto = True

    _kam_system_fields = frozenset({"is_external"})

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    is_team = fields.Boolean(
        string="Team of Experts",
        help="Several people act together as the customer lead expert.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Our Expert",
        index=True,
        ondelete="restrict",
        domain="[('share', '=', False)]",
        tracking=True,
        help="One of our people (for a team: who leads it).",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="External Expert",
        index=True,
        ondelete="restrict",
        tracking=True,
        help="A consultant or consultancy outside the company.",
    )
    member_partner_ids = fields.Many2many(
        "res.partner",
        "kam_lead_expert_member_rel",
        "expert_id",
        "partner_id",
        string="Team Members",
        domain="[('is_company', '=', False)]",
        help="The people of the team; their influences count as the expert's.",
    )
    coordinator_id = fields.Many2one(
        "res.users",
        string="Coordinator",
        domain="[('share', '=', False)]",
        tracking=True,
        help="For an external expert: who in our company arranges their work and "
        "receives the expert's tasks (they have no Odoo user).",
    )
    is_external = fields.Boolean(
        string="External", compute="_compute_is_external", store=True
    )
    expertise_area_ids = fields.Many2many(
        "kam.expertise.area", string="Expertise Areas"
    )
    note = fields.Html()
    membership_ids = fields.One2many(
        "kam.account.member", "expert_id", string="Account Memberships"
    )
    account_ids = fields.Many2many(
        "kam.account",
        string="Accounts Led",
        compute="_compute_account_ids",
        help="Key accounts where the expert holds the customer lead expert role today.",
    )
    account_count = fields.Integer(compute="_compute_account_ids")
    influence_ids = fields.Many2many(
        "kam.influence",
        string="Influences Held",
        compute="_compute_reach",
        help="Influences of the expert's people on the customers' key persons.",
    )
    key_person_ids = fields.Many2many(
        "kam.key.person",
        string="Key Persons Reached",
        compute="_compute_reach",
    )
    key_person_count = fields.Integer(string="Reached", compute="_compute_reach")
    seed_ids = fields.One2many(
        "kam.solution.seed", "expert_id", string="Solutions Seeded"
    )
    seed_count = fields.Integer(compute="_compute_seed_count")
    lead_ids = fields.One2many(
        "crm.lead", "kam_expert_id", string="Opportunities Incubated"
    )
    lead_count = fields.Integer(string="Opportunities", compute="_compute_lead_figures")
    currency_id = fields.Many2one(related="company_id.currency_id")
    expected_revenue = fields.Monetary(
        compute="_compute_lead_figures",
        help="Expected revenue of the open and won opportunities the expert "
        "incubated (the expert's credit).",
    )
    won_revenue = fields.Monetary(
        compute="_compute_lead_figures",
        help="Revenue of the opportunities the expert incubated that were won.",
    )
    kpi_ids = fields.One2many("kam.lead.expert.kpi", "expert_id", string="KPIs")

    _sql_constraints = [
        (
            "user_or_partner",
            "CHECK(user_id IS NULL OR partner_id IS NULL)",
            "An expert is either one of our users or an external partner, not both.",
        ),
    ]

    # ------------------------------------------------------------------ compute
    @api.depends("user_id", "partner_id")
    def _compute_name(self):
        for expert in self:
            if not expert.name:
                expert.name = expert.user_id.name or expert.partner_id.name

    @api.depends("user_id")
    def _compute_is_external(self):
        for expert in self:
            expert.is_external = not expert.user_id

    def _compute_account_ids(self):
        memberships = self.env["kam.account.member"].search(
            [("expert_id", "in", self.ids), ("is_active", "=", True)]
        )
        for expert in self:
            accounts = memberships.filtered(
                lambda m, e=expert: m.expert_id == e
            ).account_id
            expert.account_ids = accounts
            expert.account_count = len(accounts)

    def _kam_partners(self):
        """The people whose influences are the expert's."""
        return self.user_id.partner_id | self.partner_id | self.member_partner_ids

    @api.model
    def _kam_reach(self, experts, domain=None):
        """{expert id: influences} of the expert's people on key persons of the
        expert's company (another company's accounts are none of its business), in
        one search for the batch."""
        partners_of = {expert.id: expert._kam_partners() for expert in experts}
        company_of = {expert.id: expert.company_id for expert in experts}
        everyone = self.env["res.partner"].union(*partners_of.values())
        influences = self.env["kam.influence"].search(
            [
                ("influencer_id", "in", everyone.ids),
                ("company_id", "in", experts.company_id.ids),
            ]
            + list(domain or [])
        )
        return {
            expert_id: influences.filtered(
                lambda i, p=partners, c=company_of[expert_id]: (
                    i.influencer_id in p and i.company_id == c
                )
            )
            for expert_id, partners in partners_of.items()
        }

    def _compute_reach(self):
        reach = self._kam_reach(self._origin)
        influences = self.env["kam.influence"].union(*reach.values())
        portraits = self.env["kam.key.person"].search(
            [
                ("account_id", "in", influences.account_id.ids),
                ("partner_id", "in", influences.influenced_id.ids),
            ]
        )
        portrait_of = {(p.account_id.id, p.partner_id.id): p for p in portraits}
        for expert in self:
            held = reach.get(expert._origin.id, influences.browse())
            persons = self.env["kam.key.person"].union(
                *(
                    portrait_of[key]
                    for key in {(i.account_id.id, i.influenced_id.id) for i in held}
                    if key in portrait_of
                )
            )
            expert.influence_ids = held
            expert.key_person_ids = persons
            expert.key_person_count = len(persons)

    def _compute_seed_count(self):
        counts = dict(
            self.env["kam.solution.seed"]._read_group(
                [("expert_id", "in", self.ids)],
                groupby=["expert_id"],
                aggregates=["__count"],
            )
        )
        for expert in self:
            expert.seed_count = counts.get(expert, 0)

    def _compute_lead_figures(self):
        # One grouped read: open and won opportunities (lost ones are archived).
        Lead = self.env["crm.lead"]
        rows = Lead._read_group(
            [("kam_expert_id", "in", self.ids), ("type", "=", "opportunity")],
            groupby=["kam_expert_id", "stage_id"],
            aggregates=["__count", "expected_revenue:sum"],
        )
        figures = {}
        for expert, stage, count, revenue in rows:
            count_, expected, won = figures.get(expert.id, (0, 0.0, 0.0))
            figures[expert.id] = (
                count_ + count,
                expected + revenue,
                won + (revenue if stage.is_won else 0.0),
            )
        for expert in self:
            count, expected, won = figures.get(expert.id, (0, 0.0, 0.0))
            expert.lead_count = count
            expert.expected_revenue = expected
            expert.won_revenue = won

    # ------------------------------------------------------------------ constraints
    # company_id: always among the created values (a default), so that the check
    # runs on a new expert given neither a user nor a partner.
    @api.constrains(
        "user_id", "partner_id", "is_team", "member_partner_ids", "company_id"
    )
    def _check_expert(self):
        for expert in self:
            if not expert.user_id and not expert.partner_id:
                raise ValidationError(
                    _(
                        "%(name)s: a customer lead expert is one of our users or an "
                        "external partner (a consultant). Choose one.",
                        name=expert.name or _("The expert"),
                    )
                )
            if expert.user_id.share:
                raise ValidationError(
                    _(
                        "%(user)s is a portal user: an external expert is entered "
                        "as an external partner.",
                        user=expert.user_id.name,
                    )
                )
            if expert.is_team and not expert.member_partner_ids:
                raise ValidationError(
                    _(
                        "%(name)s is a team of experts: add its members.",
                        name=expert.name,
                    )
                )
            companies = expert.member_partner_ids.filtered("is_company")
            if companies:
                raise ValidationError(
                    _(
                        "%(names)s: team members are people, not companies.",
                        names=", ".join(companies.mapped("name")),
                    )
                )

    # ------------------------------------------------------------------ business
    @api.model
    def _kam_find_or_create(self, user=None, partner=None, company=None):
        """The expert record of `user` or `partner` in `company`, created when a
        manager names someone in the lead-expert role who has none yet."""
        company = company or self.env.company
        domain = [("company_id", "=", company.id)]
        if user:
            domain.append(("user_id", "=", user.id))
        else:
            domain.append(("partner_id", "=", partner.id))
        expert = self.with_context(active_test=False).search(domain, limit=1)
        if not expert:
            expert = self.create(
                {
                    "company_id": company.id,
                    "user_id": user.id if user else False,
                    "partner_id": False if user else partner.id,
                    # The manager naming an external expert coordinates them; not
                    # the superuser loading data.
                    "coordinator_id": False
                    if user or self.env.uid == SUPERUSER_ID
                    else self.env.uid,
                }
            )
        return expert

    def _kam_task_user(self, account, staffing=None):
        """Who receives the expert's tasks: the expert, or for an external one the
        coordinator, or else a Key Accounts manager (`staffing`, when the caller
        has it already). Never the account manager: the article says they cannot
        do the expert's work."""
        self.ensure_one()
        holder = self.user_id or self.coordinator_id
        if holder:
            return holder
        return account._kam_staffing_manager() if staffing is None else staffing

    # ------------------------------------------------------------------ actions
    def action_kam_accounts(self):
        kam_ensure_one(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_management.kam_account_action"
        )
        action["domain"] = [("id", "in", self.account_ids.ids)]
        action["context"] = {}
        return action

    def action_kam_key_persons(self):
        kam_ensure_one(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_management.kam_key_person_action"
        )
        action["domain"] = [("id", "in", self.key_person_ids.ids)]
        action["context"] = {}
        return action

    def action_kam_closeness(self):
        """The closeness of the persons the expert reaches, over time."""
        kam_ensure_one(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_management.kam_portrait_history_action_closeness"
        )
        action["domain"] = [
            ("key_person_id", "in", self.key_person_ids.ids),
            ("measure", "=", "closeness"),
        ]
        kam_action_titled(action, _("Closeness over Time: %s", self.name))
        return action

    def action_kam_opportunities(self):
        kam_ensure_one(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm.crm_lead_opportunities"
        )
        action["domain"] = [("kam_expert_id", "=", self.id)]
        action["context"] = {}
        return action
