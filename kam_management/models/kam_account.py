from collections import defaultdict

from odoo import SUPERUSER_ID, Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .kam_account_decision import ACCOUNT_STATES
from .kam_class_history import KAM_CLASSES
from .kam_input_mixin import kam_action_titled, kam_ensure_one

KAM_LIFECYCLE_STAGES = [
    ("acquisition", "New Customer, No Opportunity"),
    ("deal", "Deal in Progress"),
    ("delivery", "Delivery and Service"),
]

# Changing these marks the account due for the classification engine.
CLASSIFICATION_INPUTS = {
    "headcount",
    "annual_revenue",
    "revenue_currency_id",
    "potential_manual",
    "potential_manual_amount",
    "class_override",
}


class KamAccount(models.Model):
    """A key account (大客户): one customer company in one of our companies.

    The home of what describes the account: its state in the company-level steps
    (nominated → qualified → allocated, or dropped), its team, identification figures,
    qualification, potential, contribution, ABCD class, strategy, and the tactic
    activities on its chatter. Figures are written by the engines only.
    """

    _name = "kam.account"
    _inherit = ["kam.input.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Key Account"
    _order = "name, id"
    _check_company_auto = True

    _kam_system_fields = frozenset(
        {
            "state",
            "since_date",
            "user_id",
            "team_user_ids",
            "score_total",
            "potential",
            "potential_rule_id",
            "contribution",
            "contribution_fast_lane",
            "qualified",
            "qualification_date",
            "computed_class",
            "account_class",
            "classified_date",
            "strategy_id",
            "proposed_strategy_id",
            "due",
            "lifecycle_stage",
            "has_solution_manager",
            "lead_expert_id",
            "triangle_complete",
            "health_score",
            "health_color",
            "health_reason_data",
            "health_date",
        }
    )
    _kam_bounds = {
        "headcount": (0, 10_000_000),
        "annual_revenue": (0, 1e14),
        "potential_manual_amount": (0, 1e14),
    }

    # ------------------------------------------------------------------ fields
    name = fields.Char(related="partner_id.name", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    industry_id = fields.Many2one(related="partner_id.industry_id")
    active = fields.Boolean(default=True, tracking=True)
    state = fields.Selection(
        ACCOUNT_STATES,
        default="nominated",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
        copy=False,
        group_expand="_expand_states",
        help="Nominated: proposed by a salesperson. Qualified: meets the qualification "
        "rules or a Key Accounts manager decided so. Allocated: a manager named its "
        "team. Dropped: no longer managed as a key account.",
    )
    decision_ids = fields.One2many(
        "kam.account.decision", "account_id", string="Decisions"
    )
    since_date = fields.Date(string="Key Account Since", readonly=True, copy=False)
    color = fields.Integer()
    # Team (coverage)
    member_ids = fields.One2many("kam.account.member", "account_id", string="Team")
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        compute="_compute_team",
        store=True,
        index=True,
        tracking=True,
    )
    team_user_ids = fields.Many2many(
        "res.users",
        "kam_account_team_user_rel",
        "account_id",
        "user_id",
        string="Active Team",
        compute="_compute_team",
        store=True,
        help="Users holding an active role on this account: they change it.",
    )
    has_solution_manager = fields.Boolean(
        string="Solution Manager Named", compute="_compute_team", store=True
    )
    lead_expert_id = fields.Many2one(
        "kam.lead.expert",
        string="Customer Lead Expert",
        compute="_compute_team",
        store=True,
        index=True,
        help="The active customer lead expert (客户引领专家) of the account.",
    )
    triangle_complete = fields.Boolean(
        string="Iron Triangle Complete",
        compute="_compute_team",
        store=True,
        help="Account manager, solution manager and customer lead expert are all "
        "named (铁三角): what a new customer with no opportunity needs.",
    )
    triangle_gaps = fields.Char(
        string="Missing in the Triangle", compute="_compute_triangle_gaps"
    )
    lifecycle_stage = fields.Selection(
        KAM_LIFECYCLE_STAGES,
        compute="_compute_lifecycle_stage",
        search="_search_lifecycle_stage",
        help="New customer with no opportunity, deal in progress (an open "
        "opportunity), or delivery and service (confirmed orders, no open deal).",
    )
    # People
    key_person_ids = fields.One2many(
        "kam.key.person", "account_id", string="Key Persons"
    )
    key_person_count = fields.Integer(compute="_compute_key_person_count")
    # Identification: comprehensive scoring and experience estimation
    score_ids = fields.One2many("kam.account.score", "account_id", string="Scores")
    score_total = fields.Float(
        string="Score",
        compute="_compute_score_total",
        store=True,
        aggregator="avg",
        help="Comprehensive score 0-100: each criterion's score (0-10) times its "
        "weight (%), summed and divided by 10.",
    )
    headcount = fields.Integer(tracking=True)
    annual_revenue = fields.Monetary(
        currency_field="revenue_currency_id", tracking=True
    )
    revenue_currency_id = fields.Many2one(
        "res.currency",
        string="Revenue Currency",
        default=lambda self: self.env.company.currency_id,
    )
    potential_manual = fields.Boolean(
        string="Potential Entered by Hand",
        tracking=True,
        help="Enter the potential by hand, with the reasoning, instead of the "
        "estimation rules.",
    )
    potential_manual_amount = fields.Monetary(
        string="Potential (by hand)", currency_field="currency_id", tracking=True
    )
    potential_rationale = fields.Text(string="Rationale")
    # Engine figures
    potential_rule_id = fields.Many2one(
        "kam.estimation.rule", string="Estimated By", readonly=True, copy=False
    )
    potential = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        copy=False,
        aggregator="sum",
        help="Estimated yearly purchasing potential (潜力), in the company currency.",
    )
    contribution = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        copy=False,
        aggregator="sum",
        help="Confirmed sales (贡献度) of the customer and its contacts in this "
        "company over the contribution window, untaxed, in the company currency.",
    )
    contribution_fast_lane = fields.Monetary(
        string="Of Which Fast Lane",
        currency_field="currency_id",
        readonly=True,
        copy=False,
        aggregator="sum",
        help="The part of the contribution from fast-lane orders (小单快速通道).",
    )
    fast_lane_order_count = fields.Integer(
        string="Fast-Lane Orders", compute="_compute_fast_lane_order_count"
    )
    qualified = fields.Boolean(readonly=True, copy=False)
    qualification_date = fields.Datetime(
        string="Last Qualification", readonly=True, copy=False
    )
    qualification_ids = fields.One2many(
        "kam.qualification", "account_id", string="Qualification History"
    )
    computed_class = fields.Selection(KAM_CLASSES, readonly=True, copy=False)
    class_override = fields.Selection(
        KAM_CLASSES, string="Class Set by Hand", tracking=True, copy=False
    )
    class_override_reason = fields.Char(string="Why by Hand", copy=False)
    account_class = fields.Selection(
        KAM_CLASSES,
        string="Class",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="A: high potential, high contribution; B: low potential, high "
        "contribution; C: high potential, low contribution; D: low, low.",
    )
    classified_date = fields.Datetime(string="Classified On", readonly=True, copy=False)
    class_history_ids = fields.One2many(
        "kam.class.history", "account_id", string="Class History"
    )
    due = fields.Boolean(
        string="Due for Recomputation",
        readonly=True,
        copy=False,
        index=True,
        help="Its inputs or orders changed: the scheduled action recomputes it.",
    )
    # Strategy
    strategy_id = fields.Many2one(
        "kam.strategy", readonly=True, copy=False, tracking=True
    )
    proposed_strategy_id = fields.Many2one(
        "kam.strategy", string="Proposed Strategy", readonly=True, copy=False
    )
    # Plans, evaluations, health
    plan_ids = fields.One2many("kam.account.plan", "account_id", string="Plans")
    evaluation_ids = fields.One2many(
        "kam.evaluation", "account_id", string="Evaluations"
    )
    evaluation_count = fields.Integer(compute="_compute_evaluation_count")
    health_score = fields.Integer(
        string="Health",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="0-100, from the decision makers' stance, the plan's relationship "
        "targets, overdue evaluations and tactics, and the days since the last "
        "contact with each key person. The reasons say what lowers it.",
    )
    health_color = fields.Selection(
        [("green", "Healthy"), ("amber", "At Risk"), ("red", "Critical")],
        string="Health Status",
        readonly=True,
        copy=False,
        index=True,
    )
    # The engine's reasons as [points, key, arguments]; the text below words them
    # in the reader's language (models/kam_health.py).
    health_reason_data = fields.Json(readonly=True, copy=False)
    health_reasons = fields.Text(compute="_compute_health_reasons")
    health_date = fields.Datetime(
        string="Health Computed On", readonly=True, copy=False
    )
    health_history_ids = fields.One2many(
        "kam.health.history", "account_id", string="Health over Time"
    )
    plan_count = fields.Integer(compute="_compute_plan_count")
    user_can_edit = fields.Boolean(
        compute="_compute_user_can_edit",
        help="The current user is in the account's active team or a Key Accounts "
        "manager: the buttons that change the account are shown.",
    )
    obsolete_activity_ids = fields.Many2many(
        "mail.activity",
        string="Activities Made Obsolete",
        compute="_compute_obsolete_activity_ids",
        help="Open activities of the current strategy's tactics that the proposed "
        "strategy does not have.",
    )

    _sql_constraints = [
        (
            "partner_company_unique",
            "UNIQUE(partner_id, company_id)",
            "This customer is already a key account of this company.",
        ),
    ]

    # ------------------------------------------------------------------ compute
    def _expand_states(self, states, domain):
        return [key for key, _label in ACCOUNT_STATES]

    @api.depends(
        "member_ids.user_id",
        "member_ids.is_active",
        "member_ids.role_id",
        "member_ids.expert_id",
    )
    def _compute_team(self):
        for account in self:
            current = account.member_ids.filtered("is_active")
            active = current.filtered("user_id")
            managers = active.filtered("role_id.is_account_manager")
            account.user_id = managers[:1].user_id
            account.team_user_ids = active.user_id
            codes = set(current.role_id.mapped("code"))
            account.has_solution_manager = "solution_manager" in codes
            account.lead_expert_id = current.filtered(
                lambda m: m.role_id.code == "lead_expert"
            )[:1].expert_id
            account.triangle_complete = bool(
                account.user_id
                and account.has_solution_manager
                and account.lead_expert_id
            )

    @api.depends("user_id", "has_solution_manager", "lead_expert_id")
    def _compute_triangle_gaps(self):
        for account in self:
            gaps = []
            if not account.user_id:
                gaps.append(_("Account Manager"))
            if not account.has_solution_manager:
                gaps.append(_("Solution Manager"))
            if not account.lead_expert_id:
                gaps.append(_("Customer Lead Expert"))
            account.triangle_gaps = ", ".join(gaps)

    def _compute_evaluation_count(self):
        counts = dict(
            self.env["kam.evaluation"]._read_group(
                [("account_id", "in", self.ids)],
                groupby=["account_id"],
                aggregates=["__count"],
            )
        )
        for account in self:
            account.evaluation_count = counts.get(account, 0)

    def _compute_fast_lane_order_count(self):
        # sudo: a count of the customer's fast-lane quotations and orders; the list
        # behind the button shows what the user may read.
        groups = (
            self.env["sale.order"]
            .sudo()  # sudo: see above
            ._read_group(
                [
                    ("kam_fast_lane", "=", True),
                    ("state", "!=", "cancel"),
                    ("partner_id.commercial_partner_id", "in", self.partner_id.ids),
                    ("company_id", "in", self.company_id.ids),
                ],
                groupby=["partner_id", "company_id"],
                aggregates=["__count"],
            )
        )
        counts_of = defaultdict(int)
        for partner, company, count in groups:
            counts_of[(partner.commercial_partner_id.id, company.id)] += count
        for account in self:
            account.fast_lane_order_count = counts_of[
                (account.partner_id.id, account.company_id.id)
            ]

    @api.depends("health_reason_data")
    @api.depends_context("lang")
    def _compute_health_reasons(self):
        # No list: never computed; an empty one: nothing lowers it.
        computed = self.filtered(lambda a: isinstance(a.health_reason_data, list))
        texts = self.env["kam.health"]._kam_reasons_texts(
            computed.mapped("health_reason_data")
        )
        (self - computed).health_reasons = False
        for account, text in zip(computed, texts, strict=True):
            account.health_reasons = text

    def _compute_plan_count(self):
        counts = dict(
            self.env["kam.account.plan"]._read_group(
                [("account_id", "in", self.ids)],
                groupby=["account_id"],
                aggregates=["__count"],
            )
        )
        for account in self:
            account.plan_count = counts.get(account, 0)

    @api.depends_context("uid")
    @api.depends("team_user_ids")
    def _compute_user_can_edit(self):
        # The record rules decide, in one query for the batch.
        editable = self._origin._filtered_access("write")
        for account in self:
            account.user_can_edit = account._origin in editable

    @api.depends(
        "score_ids.score",
        "score_ids.criterion_id.weight",
        "score_ids.criterion_id.active",
    )
    def _compute_score_total(self):
        for account in self:
            account.score_total = sum(
                line.criterion_id.weight * line.score / 10
                for line in account.score_ids
                if line.criterion_id.active
            )

    def _compute_key_person_count(self):
        counts = dict(
            self.env["kam.key.person"]._read_group(
                [("account_id", "in", self.ids)],
                groupby=["account_id"],
                aggregates=["__count"],
            )
        )
        for account in self:
            account.key_person_count = counts.get(account, 0)

    def _kam_lifecycle_stages(self):
        """{account id: stage} in three queries whatever the number of accounts:
        open opportunities and confirmed orders of each customer in the account's
        company, counted by the database."""
        accounts = self.filtered("id")
        partners = accounts.partner_id
        # sudo: only whether such records exist is read, to place the account in its
        # life cycle; the opportunities and orders themselves stay the user's to see.
        people = (
            self.env["res.partner"]
            .sudo()  # sudo: see above
            .with_context(active_test=False)
            .search_fetch(
                [("commercial_partner_id", "in", partners.ids)],
                ["commercial_partner_id"],
            )
        )
        customer_of = {p.id: p.commercial_partner_id.id for p in people}
        Lead = self.env["crm.lead"].sudo()  # sudo: see above
        open_deals = {
            (customer_of.get(partner.id), company.id or None)
            for partner, company in Lead._read_group(
                [
                    ("partner_id", "in", list(customer_of)),
                    ("type", "=", "opportunity"),
                    ("stage_id.is_won", "=", False),
                ],
                groupby=["partner_id", "company_id"],
            )
        }
        Order = self.env["sale.order"].sudo()  # sudo: see above
        ordered = {
            (customer_of.get(partner.id), company.id)
            for partner, company in Order._read_group(
                [("partner_id", "in", list(customer_of)), ("state", "=", "sale")],
                groupby=["partner_id", "company_id"],
            )
        }
        stages = {}
        for account in accounts:
            key = (account.partner_id.id, account.company_id.id)
            # An opportunity of no company is every company's.
            if key in open_deals or (account.partner_id.id, None) in open_deals:
                stages[account.id] = "deal"
            elif key in ordered:
                stages[account.id] = "delivery"
            else:
                stages[account.id] = "acquisition"
        return stages

    def _compute_lifecycle_stage(self):
        stages = self._kam_lifecycle_stages()
        for account in self:
            account.lifecycle_stage = stages.get(account.id, "acquisition")

    def _search_lifecycle_stage(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("The life cycle stage can only be compared."))
        wanted = {value} if isinstance(value, str) else set(value or ())
        accounts = self.search([])
        stages = accounts._kam_lifecycle_stages()
        ids = [aid for aid, stage in stages.items() if stage in wanted]
        positive = operator in ("=", "in")
        return [("id", "in" if positive else "not in", ids)]

    @api.depends("strategy_id", "proposed_strategy_id")
    def _compute_obsolete_activity_ids(self):
        # The proposed strategy is the latest decision (applying sets it too): open
        # tactic activities that it does not have are obsolete. One search.
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self._origin.ids),
                ("kam_tactic_id", "!=", False),
            ]
        )
        for account in self:
            keep = account.proposed_strategy_id.tactic_ids
            account.obsolete_activity_ids = activities.filtered(
                lambda a, acc=account, k=keep: (
                    a.res_id == acc._origin.id and a.kam_tactic_id not in k
                )
            )

    @api.depends_context("allowed_company_ids")
    @api.depends("partner_id", "company_id")
    def _compute_display_name(self):
        multi = len(self.env.companies) > 1
        for account in self:
            name = account.partner_id.name or ""
            if multi and account.company_id:
                name = f"{name} ({account.company_id.name})"
            account.display_name = name

    # ------------------------------------------------------------------ constraints
    @api.constrains("partner_id")
    def _check_partner_id(self):
        for account in self:
            if not account.partner_id.is_company:
                raise ValidationError(
                    _(
                        "%(name)s is a person: only companies can be key accounts. "
                        "Nominate the company it works for instead.",
                        name=account.partner_id.display_name,
                    )
                )

    @api.constrains(
        "potential_manual", "potential_manual_amount", "potential_rationale"
    )
    def _check_potential_manual(self):
        for account in self.filtered("potential_manual"):
            if account.potential_manual_amount <= 0:
                raise ValidationError(
                    _(
                        "%(name)s: a potential entered by hand must be above zero.",
                        name=account.display_name,
                    )
                )
            if not (account.potential_rationale or "").strip():
                raise ValidationError(
                    _(
                        "%(name)s: say why when you enter the potential by hand "
                        "(the rationale).",
                        name=account.display_name,
                    )
                )

    @api.constrains("class_override", "class_override_reason")
    def _check_class_override(self):
        for account in self.filtered("class_override"):
            if not (account.class_override_reason or "").strip():
                raise ValidationError(
                    _(
                        "%(name)s: say why you set class %(cls)s by hand.",
                        name=account.display_name,
                        cls=account.class_override,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        accounts = super().create(vals_list)
        # sudo: the first decision is the system's record of who created the account.
        self.env["kam.account.decision"].sudo().create(  # sudo: see above
            [
                {
                    "account_id": account.id,
                    "new_state": account.state,
                    "reason": self.env.context.get("kam_nomination_reason")
                    or _("Created by %s", self.env.user.name),
                }
                for account in accounts
            ]
        )
        return accounts

    def write(self, vals):
        if not self.env.su:
            self._kam_check_team()
            if "active" in vals:
                # Archiving drops an account without a decision: a manager's call.
                self._kam_check_manager()
        for name in ("partner_id", "company_id"):
            if name in vals and any(a[name].id != vals[name] for a in self):
                raise UserError(
                    _(
                        "A key account stays with its customer and company: nominate "
                        "the other customer as an account of its own."
                    )
                )
        result = super().write(vals)
        if CLASSIFICATION_INPUTS & vals.keys():
            self._kam_mark_due()
        return result

    # ------------------------------------------------------------------ actions
    def _kam_check_team(self):
        """The write rule (the account's active team, or a manager), said in words
        instead of the ORM's generic refusal. The record rules decide."""
        outside = self - self._filtered_access("write")
        if outside:
            raise AccessError(
                _(
                    "%(names)s: only the account's team and Key Accounts managers "
                    "work on it. Ask its account manager, or propose yourself for "
                    "its team.",
                    names=", ".join(outside.mapped("display_name")),
                )
            )

    def _kam_check_manager(self):
        """Company-level decisions (qualify, allocate, drop) are the Key Accounts
        managers' (the article: 客户识别、客户分配…是在公司层面上需要完成的任务)."""
        if not self.env.su and not self.env.user.has_group(
            "kam_management.group_kam_manager"
        ):
            raise AccessError(
                _(
                    "Only a Key Accounts manager decides whether a customer is a key "
                    "account and who covers it. Nominate it, or ask your manager."
                )
            )
        self.check_access("write")

    def _kam_set_state(self, new_state, reason):
        """Record a company-level decision and move the accounts to `new_state`."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Say why: every decision on a key account is kept."))
        if new_state == "allocated":
            unstaffed = self.filtered(lambda a: not a.user_id)
            if unstaffed:
                raise UserError(
                    _(
                        "%(names)s: name an active account manager in the team "
                        "before allocating.",
                        names=", ".join(unstaffed.mapped("display_name")),
                    )
                )
        today = fields.Date.context_today(self)
        decisions = [
            {
                "account_id": account.id,
                "old_state": account.state,
                "new_state": new_state,
                "reason": reason,
            }
            for account in self
            if account.state != new_state
        ]
        # sudo: state and decisions are system fields; the caller checked the rights.
        self.env["kam.account.decision"].sudo().create(decisions)  # sudo: see above
        for account in self.sudo():  # sudo: see above
            values = {"state": new_state}
            if new_state == "qualified" and not account.since_date:
                values["since_date"] = today
            account.write(values)
        if new_state == "allocated":
            self._kam_iron_triangle_sync()
        return True

    def action_kam_decide(self):
        """Open the decision dialog (qualify, allocate, drop) for these accounts."""
        self._kam_check_manager()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_management.kam_account_decide_action"
        )
        action["context"] = {
            "default_account_ids": self.ids,
            "default_new_state": self.env.context.get("kam_new_state", "qualified"),
        }
        return action

    def action_kam_qualify(self):
        """Decide by the qualification rules (scoring / estimation) now, keeping the
        decision and its figures. Runs with the user's rights."""
        self._kam_check_team()
        if self.env.company.kam_qualification_method in ("estimation", "both"):
            self._kam_check_figures()
        self.env["kam.classification"]._kam_qualify(self)
        return True

    def action_kam_classify(self):
        """Recompute contribution, potential and class of these accounts now."""
        self._kam_check_team()
        self._kam_check_figures()
        self.env["kam.classification"]._kam_classify(
            self, reason=_("Recomputed on demand")
        )
        return True

    def _kam_check_figures(self):
        """On demand, say which accounts have no figure to estimate a potential from,
        instead of silently counting it as zero."""
        blind = self.filtered(
            lambda a: (
                not a.potential_manual and not a.headcount and not a.annual_revenue
            )
        )
        if blind:
            raise UserError(
                _(
                    "%(names)s: no headcount, annual revenue or potential entered by "
                    "hand, so no potential can be estimated. Enter one of them first.",
                    names=", ".join(blind.mapped("display_name")),
                )
            )

    def action_kam_apply_proposed_strategy(self):
        self._kam_check_team()
        for strategy, accounts in self.grouped("proposed_strategy_id").items():
            if strategy:
                strategy._kam_apply(accounts)
        return True

    def action_kam_relationship_map(self):
        kam_ensure_one(self)
        self.check_access("read")
        return {
            "type": "ir.actions.client",
            "tag": "kam_relationship_map",
            "name": _("Relationship Map: %s", self.display_name),
            "context": {"active_id": self.id, "active_model": self._name},
        }

    def action_kam_org_chart(self):
        kam_ensure_one(self)
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_management.kam_key_person_action_org_chart"
        )
        kam_action_titled(action, _("Org Chart: %s", self.display_name))
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"default_account_id": self.id}
        return action

    def action_kam_key_persons(self):
        kam_ensure_one(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_management.kam_key_person_action"
        )
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"default_account_id": self.id}
        return action

    # ------------------------------------------------------------------ business
    def _kam_mark_due(self):
        """The inputs of these accounts changed: the engine recomputes them off the
        user's path, in the scheduled action, which is woken now."""
        if not self:
            return
        self.flush_recordset()
        # One statement for the batch; `due` is an engine field, kept out of users'
        # values.
        self.env.execute_query(
            SQL("UPDATE kam_account SET due = TRUE WHERE id IN %s", tuple(self.ids))
        )
        self.invalidate_recordset(["due"], flush=False)
        cron = self.env.ref("kam_management.ir_cron_kam_classify", False)
        if cron:
            # sudo: waking the scheduled action is not a right of the user's.
            cron.sudo()._trigger()  # sudo: see above

    @api.model
    def _kam_account_of(self, partners, company=None):
        """{commercial partner id: account} of `partners` in `company`, one search."""
        company = company or self.env.company
        accounts = self.search(
            [
                ("partner_id", "in", partners.commercial_partner_id.ids),
                ("company_id", "=", company.id),
            ]
        )
        return {account.partner_id.id: account for account in accounts}

    def _kam_staffing_manager(self):
        """The Key Accounts manager who staffs this account: the one who allocated
        it, else a manager of its company. Gaps in the team go to them."""
        self.ensure_one()
        return self._kam_staffing_managers()[self.id]

    def _kam_staffing_managers(self):
        """{account id: the Key Accounts manager who staffs it} for the batch, in a
        number of queries that does not grow with it (one search per company for
        the accounts that no manager allocated)."""
        result, unallocated = {}, self.browse()
        for account in self:
            decision = account.decision_ids.filtered(
                lambda d: d.new_state == "allocated"
            )[:1]
            # Not the superuser: an account created allocated (data, import) has
            # the system's decision, and OdooBot staffs nothing.
            manager = decision.user_id.filtered(
                lambda u: (
                    u.id != SUPERUSER_ID
                    and u.has_group("kam_management.group_kam_manager")
                )
            )
            if manager:
                result[account.id] = manager.with_env(self.env)
            else:
                unallocated |= account
        group = self.env.ref("kam_management.group_kam_manager")
        for company, accounts in unallocated.grouped("company_id").items():
            # sudo: finding who manages the company's accounts is not a user's right.
            manager = (
                self.env["res.users"]
                .sudo()  # sudo: see above
                .search(
                    [
                        ("groups_id", "in", group.id),
                        ("company_ids", "in", company.id),
                        ("share", "=", False),
                        ("id", "!=", SUPERUSER_ID),
                    ],
                    order="id",
                    limit=1,
                )
            )
            for account in accounts:
                result[account.id] = manager.with_env(self.env)
        return result

    def _kam_iron_triangle_sync(self):
        """Keep the iron triangle's duties (铁三角) as activities on allocated
        accounts of the acquisition stage: each member's duty to the member, each
        missing role as a staffing task to a Key Accounts manager (never to the
        account manager: they cannot do the expert's work). Gaps that are filled
        close their staffing task; an account that leaves the stage (its first
        opportunity, an order) or is no longer allocated closes them all. Creates
        nothing twice."""
        candidates = self.filtered("id")
        if not candidates:
            return
        # sudo: duties are assigned by the system to whoever holds the role, who
        # may not be the user whose change triggered them.
        Activity = self.env["mail.activity"].sudo()  # sudo: see above
        open_duties = Activity.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", candidates.ids),
                ("kam_duty", "!=", False),
            ]
        )
        accounts = candidates.filtered(lambda a: a.state == "allocated" and a.active)
        stages = accounts._kam_lifecycle_stages() if accounts else {}
        accounts = accounts.filtered(lambda a: stages.get(a.id) == "acquisition")
        over = open_duties.filtered(lambda a: a.res_id not in accounts.ids)
        if over:
            over.action_feedback(
                feedback=_(
                    "The iron triangle's work on this new customer ends here: it "
                    "has an opportunity or an order now, or is no longer allocated."
                )
            )
            open_duties -= over
        if not accounts:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        labels = dict(self.env["mail.activity"]._fields["kam_duty"].selection)
        notes = {
            "introduce_expert": _(
                "Introduce the customer lead expert to the customer's key persons "
                "and arrange regular exchanges."
            ),
            "design_solutions": _(
                "Recommend and design the solutions you are responsible for, for "
                "the customer lead expert to seed."
            ),
            "seed_solutions": _(
                "Position early with the customer's key persons, seed our "
                "solutions and incubate opportunities."
            ),
            "staff_expert": _(
                "This new customer has no customer lead expert: account managers "
                "cannot do the expert's work. Name an expert in the account team."
            ),
            "staff_solution_manager": _(
                "This new customer has no solution manager. Name one in the "
                "account team."
            ),
        }
        to_create, filled = [], Activity.browse()
        staffing_of = accounts._kam_staffing_managers()
        for account in accounts:
            staffing = staffing_of[account.id]
            expert = account.lead_expert_id
            wanted = {}
            if expert and account.user_id:
                wanted["introduce_expert"] = account.user_id
            if account.has_solution_manager:
                holder = account.member_ids.filtered(
                    lambda m: m.is_active and m.role_id.code == "solution_manager"
                )[:1]
                wanted["design_solutions"] = holder.user_id
            else:
                wanted["staff_solution_manager"] = staffing
            if expert:
                wanted["seed_solutions"] = expert._kam_task_user(account, staffing)
            else:
                wanted["staff_expert"] = staffing
            mine = open_duties.filtered(lambda a, acc=account: a.res_id == acc.id)
            filled |= mine.filtered(
                lambda a, w=wanted: (
                    a.kam_duty.startswith("staff_") and a.kam_duty not in w
                )
            )
            present = set(mine.mapped("kam_duty"))
            for duty, user in wanted.items():
                if duty in present or not user:
                    continue
                note = notes[duty]
                if duty == "seed_solutions" and expert.is_external:
                    note = _(
                        "(%(expert)s, an external expert, holds this: arrange it "
                        "with them.) %(note)s",
                        expert=expert.name,
                        note=note,
                    )
                to_create.append(
                    {
                        "res_model_id": model_id,
                        "res_id": account.id,
                        "activity_type_id": todo.id,
                        "summary": labels[duty],
                        "note": note,
                        "user_id": user.id,
                        "date_deadline": today,
                        "kam_duty": duty,
                    }
                )
        if filled:
            filled.action_feedback(feedback=_("The role is staffed."))
        if to_create:
            Activity._kam_create(to_create)

    def action_kam_iron_triangle(self):
        """Schedule the iron triangle's duties and staffing tasks now."""
        self._kam_check_team()
        self._kam_iron_triangle_sync()
        return True

    def action_kam_plans(self):
        kam_ensure_one(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_management.kam_account_plan_action"
        )
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"default_account_id": self.id}
        return action

    def action_kam_evaluations(self):
        kam_ensure_one(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_management.kam_evaluation_action"
        )
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"default_account_id": self.id}
        return action

    # ------------------------------------------------------------------ monetisation
    def _kam_chain_commands(self):
        """Commands that fill a new opportunity's decision chain with this
        account's key persons and their buying roles, decision makers first."""
        self.ensure_one()
        portraits = self.env["kam.key.person"].search(
            [
                ("account_id", "=", self.id),
                "|",
                ("is_key_person", "=", True),
                ("decision_role", "!=", False),
            ]
        )
        weight = self.env["kam.network"]._kam_role_weight
        portraits = portraits.sorted(
            lambda p: (-weight(p.decision_role), p.partner_id.name or "")
        )
        return [
            Command.create(
                {
                    "sequence": sequence,
                    "partner_id": portrait.partner_id.id,
                    "role": portrait.decision_role or "other",
                }
            )
            for sequence, portrait in enumerate(portraits, start=1)
        ]

    def _kam_chain_commands_for_user(self):
        """The pre-filled decision chain where the current user maps this
        account's chains (its active team, Key Accounts managers); none otherwise:
        the account's team maps it later."""
        self.ensure_one()
        if not self.env.user.has_group("kam_management.group_kam_user"):
            return []
        if not self._filtered_access("write"):
            return []
        return self._kam_chain_commands()

    def action_kam_new_big_deal(self):
        """A new opportunity of the big-deal process (大单打单过程), its decision
        chain filled from the account's key persons: Odoo's form, saved by the
        user (nothing is created until then)."""
        kam_ensure_one(self)
        self.check_access("read")
        if self.state == "dropped" or not self.partner_id.active:
            raise UserError(
                _(
                    "%(account)s is no longer managed as a key account (dropped or "
                    "archived): open an ordinary opportunity instead.",
                    account=self.display_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": _("New Big Deal"),
            "res_model": "crm.lead",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_type": "opportunity",
                "default_partner_id": self.partner_id.id,
                "default_company_id": self.company_id.id,
                "default_user_id": self._kam_quoting_user().id,
                "default_kam_big_deal_marked": True,
                "default_kam_decision_member_ids": self._kam_chain_commands_for_user(),
            },
        }

    def action_kam_fast_lane_quotation(self):
        """The small-deal fast lane (小单快速通道): Odoo's own quotation form for the
        customer, marked fast lane, with _kam_quoting_user as salesperson (Odoo
        then takes their sales team, the customer's pricelist and terms). Nothing
        is created until the user saves."""
        kam_ensure_one(self)
        self.check_access("read")
        self.env["sale.order"]._kam_check_fast_lane_customer(
            self.partner_id, self.company_id
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action.update(
            {
                "views": [(self.env.ref("sale.view_order_form").id, "form")],
                "view_mode": "form",
                "target": "current",
                "context": {
                    "default_partner_id": self.partner_id.id,
                    "default_company_id": self.company_id.id,
                    "default_user_id": self._kam_quoting_user().id,
                    "default_origin": _("Fast lane: %s", self.name),
                    "default_kam_fast_lane": True,
                },
            }
        )
        kam_action_titled(action, _("Fast-Lane Quotation"))
        return action

    def _kam_quoting_user(self):
        """The salesperson of a quotation made from this account: its account
        manager when the user may sell on others' behalf, else the user (Odoo lets
        a salesperson with own documents only save their own orders)."""
        if self.user_id and self.env.user.has_group(
            "sales_team.group_sale_salesman_all_leads"
        ):
            return self.user_id
        return self.env.user

    def action_kam_fast_lane_orders(self):
        kam_ensure_one(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action.update(
            {
                "domain": [
                    ("kam_fast_lane", "=", True),
                    ("partner_id.commercial_partner_id", "=", self.partner_id.id),
                    ("company_id", "=", self.company_id.id),
                ],
                "context": {
                    "default_partner_id": self.partner_id.id,
                    "default_company_id": self.company_id.id,
                    "default_kam_fast_lane": True,
                },
            }
        )
        kam_action_titled(action, _("Fast Lane: %s", self.name))
        return action

    def action_kam_refresh_health(self):
        """Compute the health of these accounts now, with the user's rights."""
        self.check_access("read")
        self.env["kam.health"]._kam_compute_health(self)
        return True
