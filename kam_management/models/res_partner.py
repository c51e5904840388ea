from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .kam_class_history import KAM_CLASSES

KAM_LIFECYCLE_STAGES = [
    ("acquisition", "New Customer, No Opportunity"),
    ("deal", "Deal in Progress"),
    ("delivery", "Delivery and Service"),
]

KAM_DECISION_ROLES = [
    ("decision_maker", "Decision Maker"),
    ("technical_evaluator", "Technical Evaluator"),
    ("business_evaluator", "Business / User Evaluator"),
    ("gatekeeper", "Procurement Gatekeeper"),
    ("coach", "Coach / Sponsor"),
    ("other", "Other"),
]

KAM_STANCES = [
    ("supporter", "Supporter"),
    ("neutral", "Neutral"),
    ("opponent", "Opponent"),
    ("unknown", "Unknown"),
]

# The article's three measures, each a level on a fixed 1-5 scale with words for each.
KAM_MEASURES = {
    "kam_closeness": [
        ("1", "1 - Stranger"),
        ("2", "2 - Acquainted"),
        ("3", "3 - Friendly"),
        ("4", "4 - Trusted"),
        ("5", "5 - Close Ally"),
    ],
    "kam_solution_acceptance": [
        ("1", "1 - Rejects"),
        ("2", "2 - Sceptical"),
        ("3", "3 - Open"),
        ("4", "4 - Convinced"),
        ("5", "5 - Champions It"),
    ],
    "kam_price_acceptance": [
        ("1", "1 - Refuses"),
        ("2", "2 - Resists"),
        ("3", "3 - Negotiable"),
        ("4", "4 - Accepts"),
        ("5", "5 - Fully Accepts"),
    ],
}
KAM_MEASURE_NAMES = [
    ("kam_closeness", "Relationship Closeness"),
    ("kam_solution_acceptance", "Solution Acceptance"),
    ("kam_price_acceptance", "Price Acceptance"),
]
# Weights of the choice score: closeness decides most in B2B, then the solution, then
# the price (a price gap is the easiest to close once the person wants us).
KAM_MEASURE_WEIGHTS = {
    "kam_closeness": 0.40,
    "kam_solution_acceptance": 0.35,
    "kam_price_acceptance": 0.25,
}
KAM_SUPPORTER_SCORE = 65
KAM_OPPONENT_SCORE = 35

# Fields that only the account's manager (or a Key Accounts manager) may change: the
# account flag, and the key-person portrait of the account's contacts.
KAM_ACCOUNT_FIELDS = {
    "kam_is_key_account",
    "kam_is_competitor",
    "kam_is_key_person",
    "kam_decision_role",
    "kam_department",
    "kam_interests",
    "kam_education",
    "kam_career",
    "kam_reports_to_id",
    *KAM_MEASURES,
    "kam_headcount",
    "kam_annual_revenue",
    "kam_revenue_currency_id",
    "kam_potential_manual",
    "kam_potential_manual_amount",
    "kam_potential_rationale",
    "kam_class_override",
    "kam_class_override_reason",
    "kam_solution_manager_id",
    "kam_lead_expert_id",
}


# Figures and decisions of the engines: written by the system only (sudo or SQL),
# never by a user's write, which would skip coverage, reasons and history.
KAM_SYSTEM_FIELDS = {
    "kam_key_account_since",
    "kam_potential",
    "kam_potential_rule_id",
    "kam_contribution",
    "kam_qualified",
    "kam_qualification_date",
    "kam_class_computed",
    "kam_class",
    "kam_classified_date",
    "kam_strategy_id",
    "kam_proposed_strategy_id",
}

# Changing these re-runs the classification engine for the changed accounts.
KAM_CLASSIFICATION_INPUTS = {
    "kam_headcount",
    "kam_annual_revenue",
    "kam_revenue_currency_id",
    "kam_potential_manual",
    "kam_potential_manual_amount",
    "kam_class_override",
    "industry_id",
}


def kam_choice_score(levels):
    """The 0-100 likelihood that a person chooses us, from the three measures.

    Each level 1-5 is mapped to 0-100 ((level - 1) * 25) and averaged with
    KAM_MEASURE_WEIGHTS over the measures that are known; with none known there is
    no score (None). A person with a 1 on any known measure is capped at 35 (an
    opponent): one refusal blocks a deal whatever the other measures say.
    """
    known = {name: int(level) for name, level in levels.items() if level}
    if not known:
        return None
    weight = sum(KAM_MEASURE_WEIGHTS[name] for name in known)
    score = sum(
        KAM_MEASURE_WEIGHTS[name] * (level - 1) * 25 for name, level in known.items()
    )
    score = round(score / weight)
    if min(known.values()) == 1:
        score = min(score, KAM_OPPONENT_SCORE)
    return score


def kam_stance(score):
    if score is None:
        return "unknown"
    if score >= KAM_SUPPORTER_SCORE:
        return "supporter"
    if score <= KAM_OPPONENT_SCORE:
        return "opponent"
    return "neutral"


class ResPartner(models.Model):
    _inherit = "res.partner"

    kam_is_key_account = fields.Boolean(
        string="Key Account",
        tracking=True,
        index=True,
        copy=False,
        groups="kam_management.group_kam_user",
        help="This customer is managed as a key account: it gets key-person portraits, "
        "a classification, a strategy and an account plan.",
    )
    kam_key_account_since = fields.Date(
        string="Key Account Since",
        readonly=True,
        copy=False,
        groups="kam_management.group_kam_user",
    )
    kam_is_competitor = fields.Boolean(
        string="Competitor",
        index=True,
        groups="kam_management.group_kam_user",
        help="A competitor (友商): its employees appear as external influencers.",
    )
    # Key-person portrait (persons of a customer)
    kam_is_key_person = fields.Boolean(
        string="Key Person",
        index=True,
        tracking=True,
        groups="kam_management.group_kam_user",
        help="A person who weighs on the customer's buying decisions.",
    )
    kam_decision_role = fields.Selection(
        KAM_DECISION_ROLES,
        string="Buying Role",
        groups="kam_management.group_kam_user",
        help="The person's usual role in the customer's buying decisions.",
    )
    kam_department = fields.Char(
        string="Department", groups="kam_management.group_kam_user"
    )
    kam_interests = fields.Text(
        string="Interests", groups="kam_management.group_kam_user"
    )
    kam_education = fields.Char(string="School", groups="kam_management.group_kam_user")
    kam_career = fields.Text(
        string="Career History", groups="kam_management.group_kam_user"
    )
    kam_closeness = fields.Selection(
        KAM_MEASURES["kam_closeness"],
        string="Relationship Closeness",
        groups="kam_management.group_kam_user",
        help="How close our relationship with this person is.",
    )
    kam_solution_acceptance = fields.Selection(
        KAM_MEASURES["kam_solution_acceptance"],
        string="Solution Acceptance",
        groups="kam_management.group_kam_user",
        help="How far this person accepts our solution.",
    )
    kam_price_acceptance = fields.Selection(
        KAM_MEASURES["kam_price_acceptance"],
        string="Price Acceptance",
        groups="kam_management.group_kam_user",
        help="How far this person accepts our price.",
    )
    kam_choice_score = fields.Integer(
        string="Choice Score",
        compute="_compute_kam_choice_score",
        store=True,
        aggregator=None,
        groups="kam_management.group_kam_user",
        help="0-100: will this person choose us? The weighted average of the three "
        "measures (closeness 40%, solution 35%, price 25%), each level 1-5 counted "
        "as 0-100; capped at 35 when any measure is at its lowest level.",
    )
    kam_stance = fields.Selection(
        KAM_STANCES,
        string="Stance",
        compute="_compute_kam_choice_score",
        store=True,
        index=True,
        groups="kam_management.group_kam_user",
        help="Supporter from a choice score of 65, opponent up to 35, neutral between; "
        "unknown while no measure is set.",
    )
    kam_portrait_history_ids = fields.One2many(
        "kam.portrait.history",
        "partner_id",
        string="Portrait History",
        groups="kam_management.group_kam_user",
    )
    kam_reports_to_id = fields.Many2one(
        "res.partner",
        string="Reports To",
        index=True,
        domain="[('is_company', '=', False), ('id', '!=', id), "
        "('commercial_partner_id', '=', commercial_partner_id)]",
        groups="kam_management.group_kam_user",
        help="Who this person reports to inside the customer (汇报关系).",
    )
    kam_subordinate_ids = fields.One2many(
        "res.partner",
        "kam_reports_to_id",
        string="Direct Reports",
        groups="kam_management.group_kam_user",
    )
    kam_influence_received_ids = fields.One2many(
        "kam.influence",
        "influenced_id",
        string="Influenced By",
        groups="kam_management.group_kam_user",
    )
    kam_influence_given_ids = fields.One2many(
        "kam.influence",
        "influencer_id",
        string="Influences",
        groups="kam_management.group_kam_user",
    )
    kam_is_indirect_key_person = fields.Boolean(
        string="Indirect Key Person",
        compute="_compute_kam_is_indirect_key_person",
        store=True,
        groups="kam_management.group_kam_user",
        help="Influences a key person of the same customer (间接关键人).",
    )
    # Identification: comprehensive scoring and experience estimation
    kam_currency_id = fields.Many2one(
        "res.currency", compute="_compute_kam_currency_id", string="KAM Currency"
    )
    kam_score_ids = fields.One2many(
        "kam.account.score",
        "partner_id",
        string="Scores",
        groups="kam_management.group_kam_user",
    )
    kam_score_total = fields.Float(
        string="Score",
        compute="_compute_kam_score_total",
        store=True,
        aggregator="avg",
        groups="kam_management.group_kam_user",
        help="Comprehensive score 0-100: each criterion's score (0-10) times its "
        "weight (%), summed and divided by 10.",
    )
    kam_headcount = fields.Integer(
        string="Headcount", groups="kam_management.group_kam_user"
    )
    kam_annual_revenue = fields.Monetary(
        string="Annual Revenue",
        currency_field="kam_revenue_currency_id",
        groups="kam_management.group_kam_user",
    )
    kam_revenue_currency_id = fields.Many2one(
        "res.currency",
        string="Revenue Currency",
        default=lambda self: self.env.company.currency_id,
        groups="kam_management.group_kam_user",
    )
    kam_potential_manual = fields.Boolean(
        string="Potential Entered by Hand",
        groups="kam_management.group_kam_user",
        help="Enter the potential by hand, with the reasoning, instead of the "
        "estimation rules.",
    )
    kam_potential_manual_amount = fields.Monetary(
        string="Potential (by hand)",
        currency_field="kam_currency_id",
        groups="kam_management.group_kam_user",
    )
    kam_potential_rationale = fields.Text(
        string="Rationale", groups="kam_management.group_kam_user"
    )
    kam_potential_rule_id = fields.Many2one(
        "kam.estimation.rule",
        copy=False,
        string="Estimated By",
        readonly=True,
        groups="kam_management.group_kam_user",
    )
    kam_potential = fields.Monetary(
        copy=False,
        string="Potential",
        currency_field="kam_currency_id",
        readonly=True,
        aggregator="sum",
        groups="kam_management.group_kam_user",
        help="Estimated yearly purchasing potential (潜力), in the company currency.",
    )
    kam_contribution = fields.Monetary(
        copy=False,
        string="Contribution",
        currency_field="kam_currency_id",
        readonly=True,
        aggregator="sum",
        groups="kam_management.group_kam_user",
        help="Confirmed sales (贡献度) of the customer and its contacts over the "
        "contribution window, untaxed, in the company currency.",
    )
    kam_qualified = fields.Boolean(
        copy=False,
        string="Qualified",
        readonly=True,
        groups="kam_management.group_kam_user",
    )
    kam_qualification_date = fields.Datetime(
        copy=False,
        string="Last Qualification",
        readonly=True,
        groups="kam_management.group_kam_user",
    )
    kam_qualification_ids = fields.One2many(
        "kam.qualification",
        "partner_id",
        string="Qualification History",
        groups="kam_management.group_kam_user",
    )
    # Resource investment strategy: ABCD
    kam_class_computed = fields.Selection(
        KAM_CLASSES,
        copy=False,
        string="Computed Class",
        readonly=True,
        groups="kam_management.group_kam_user",
    )
    kam_class_override = fields.Selection(
        KAM_CLASSES,
        string="Class Set by Hand",
        groups="kam_management.group_kam_user",
    )
    kam_class_override_reason = fields.Char(
        string="Why by Hand", groups="kam_management.group_kam_user"
    )
    kam_class = fields.Selection(
        KAM_CLASSES,
        copy=False,
        string="Class",
        readonly=True,
        index=True,
        groups="kam_management.group_kam_user",
        help="A: high potential, high contribution; B: low potential, high "
        "contribution; C: high potential, low contribution; D: low, low.",
    )
    kam_classified_date = fields.Datetime(
        copy=False,
        string="Classified On",
        readonly=True,
        groups="kam_management.group_kam_user",
    )
    kam_class_history_ids = fields.One2many(
        "kam.class.history",
        "partner_id",
        string="Class History",
        groups="kam_management.group_kam_user",
    )
    # Management strategy and the people its tactics go to
    kam_strategy_id = fields.Many2one(
        "kam.strategy",
        copy=False,
        string="Strategy",
        readonly=True,
        groups="kam_management.group_kam_user",
    )
    kam_proposed_strategy_id = fields.Many2one(
        "kam.strategy",
        copy=False,
        string="Proposed Strategy",
        readonly=True,
        groups="kam_management.group_kam_user",
    )
    kam_obsolete_activity_ids = fields.Many2many(
        "mail.activity",
        string="Activities Made Obsolete",
        compute="_compute_kam_obsolete_activity_ids",
        groups="kam_management.group_kam_user",
        help="Open activities of the current strategy's tactics that the proposed "
        "strategy does not have.",
    )
    kam_solution_manager_id = fields.Many2one(
        "res.users",
        string="Solution Manager",
        domain="[('share', '=', False)]",
        groups="kam_management.group_kam_user",
    )
    kam_lead_expert_id = fields.Many2one(
        "res.users",
        string="Customer Lead Expert",
        domain="[('share', '=', False)]",
        groups="kam_management.group_kam_user",
    )
    kam_lifecycle_stage = fields.Selection(
        KAM_LIFECYCLE_STAGES,
        string="Lifecycle Stage",
        compute="_compute_kam_lifecycle_stage",
        store=True,
        index=True,
        groups="kam_management.group_kam_user",
        help="Where the customer stands in its life cycle: a new customer with no "
        "opportunity yet (acquisition), an open opportunity (deal in progress), or "
        "confirmed orders and no open opportunity (delivery and service). Computed "
        "from the opportunities and sales orders of the company and its contacts.",
    )

    @api.depends(
        "commercial_partner_id",
        "opportunity_ids.active",
        "opportunity_ids.stage_id",
        "child_ids.opportunity_ids.active",
        "child_ids.opportunity_ids.stage_id",
        "sale_order_ids.state",
        "child_ids.sale_order_ids.state",
    )
    def _compute_kam_lifecycle_stage(self):
        # One batch: the same few queries whatever the number of partners.
        # sudo: the stage describes the account, so it counts every opportunity and
        # order, not only those the current salesperson may read; only the stage
        # leaves this method. _origin: a partner still being created has none yet.
        commercials = self.commercial_partner_id._origin
        family = (
            self.env["res.partner"]
            .sudo()  # sudo: see above
            .with_context(active_test=False)
            .search_fetch(
                [("commercial_partner_id", "in", commercials.ids)],
                ["commercial_partner_id"],
            )
        )
        commercial_of = {p.id: p.commercial_partner_id.id for p in family}
        open_deals = (
            self.env["crm.lead"]
            .sudo()  # sudo: see above
            ._read_group(
                [
                    ("type", "=", "opportunity"),
                    ("partner_id", "in", family.ids),
                    ("stage_id.is_won", "=", False),
                ],
                groupby=["partner_id"],
            )
        )
        orders = (
            self.env["sale.order"]
            .sudo()  # sudo: see above
            ._read_group(
                [("partner_id", "in", family.ids), ("state", "=", "sale")],
                groupby=["partner_id"],
            )
        )
        with_deal = {commercial_of[partner.id] for (partner,) in open_deals}
        with_order = {commercial_of[partner.id] for (partner,) in orders}
        for partner in self:
            commercial_id = partner.commercial_partner_id._origin.id
            if commercial_id in with_deal:
                partner.kam_lifecycle_stage = "deal"
            elif commercial_id in with_order:
                partner.kam_lifecycle_stage = "delivery"
            else:
                partner.kam_lifecycle_stage = "acquisition"

    @api.depends(*KAM_MEASURES)
    def _compute_kam_choice_score(self):
        for partner in self:
            score = kam_choice_score({name: partner[name] for name in KAM_MEASURES})
            partner.kam_choice_score = score or 0
            partner.kam_stance = kam_stance(score)

    @api.depends(
        "kam_influence_given_ids.is_internal",
        "kam_influence_given_ids.lead_id",
        "kam_influence_given_ids.active",
    )
    def _compute_kam_is_indirect_key_person(self):
        for partner in self:
            partner.kam_is_indirect_key_person = any(
                influence.is_internal and not influence.lead_id and influence.active
                for influence in partner.kam_influence_given_ids
            )

    @api.depends_context("company")
    @api.depends("company_id")
    def _compute_kam_currency_id(self):
        for partner in self:
            partner.kam_currency_id = (
                partner.company_id.currency_id or self.env.company.currency_id
            )

    @api.depends(
        "kam_score_ids.score",
        "kam_score_ids.criterion_id.weight",
        "kam_score_ids.criterion_id.active",
    )
    def _compute_kam_score_total(self):
        for partner in self:
            partner.kam_score_total = sum(
                line.criterion_id.weight * line.score / 10
                for line in partner.kam_score_ids
                if line.criterion_id.active
            )

    @api.depends("kam_strategy_id", "kam_proposed_strategy_id")
    def _compute_kam_obsolete_activity_ids(self):
        # The proposed strategy is the latest decision (applying sets it too): open
        # tactic activities that it does not have are obsolete. One search.
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", self._origin.ids),
                ("kam_tactic_id", "!=", False),
            ]
        )
        for partner in self:
            keep = partner.kam_proposed_strategy_id.tactic_ids
            partner.kam_obsolete_activity_ids = activities.filtered(
                lambda a, p=partner, k=keep: (
                    a.res_id == p._origin.id and a.kam_tactic_id not in k
                )
            )

    @api.constrains("kam_reports_to_id", "commercial_partner_id")
    def _check_kam_reports_to_id(self):
        for partner in self.filtered("kam_reports_to_id"):
            boss = partner.kam_reports_to_id
            if boss.commercial_partner_id != partner.commercial_partner_id:
                raise ValidationError(
                    _(
                        "%(person)s cannot report to %(boss)s: they work for different "
                        "customers. Record it as an influence instead.",
                        person=partner.display_name,
                        boss=boss.display_name,
                    )
                )
        if self._has_cycle("kam_reports_to_id"):
            raise ValidationError(
                _(
                    "This reporting line would go round in a circle: a person cannot "
                    "report, directly or indirectly, to themselves."
                )
            )

    @api.constrains("kam_is_key_person", "is_company")
    def _check_kam_is_key_person(self):
        for partner in self:
            if partner.kam_is_key_person and partner.is_company:
                raise ValidationError(
                    _(
                        "%(name)s is a company: key persons are people. Mark the "
                        "people who decide inside it.",
                        name=partner.display_name,
                    )
                )

    @api.constrains(
        "kam_headcount",
        "kam_annual_revenue",
        "kam_potential_manual",
        "kam_potential_manual_amount",
        "kam_potential_rationale",
    )
    def _check_kam_estimation_inputs(self):
        for partner in self:
            if partner.kam_headcount < 0 or partner.kam_annual_revenue < 0:
                raise ValidationError(
                    _(
                        "%(name)s: headcount and revenue cannot be negative.",
                        name=partner.display_name,
                    )
                )
            if partner.kam_potential_manual:
                if partner.kam_potential_manual_amount <= 0:
                    raise ValidationError(
                        _(
                            "%(name)s: a potential entered by hand must be above zero.",
                            name=partner.display_name,
                        )
                    )
                if not (partner.kam_potential_rationale or "").strip():
                    raise ValidationError(
                        _(
                            "%(name)s: say why when you enter the potential by hand "
                            "(the rationale).",
                            name=partner.display_name,
                        )
                    )

    @api.constrains("kam_class_override", "kam_class_override_reason")
    def _check_kam_class_override(self):
        for partner in self:
            if (
                partner.kam_class_override
                and not (partner.kam_class_override_reason or "").strip()
            ):
                raise ValidationError(
                    _(
                        "%(name)s: say why you set class %(cls)s by hand.",
                        name=partner.display_name,
                        cls=partner.kam_class_override,
                    )
                )

    @api.constrains("kam_is_key_account", "is_company")
    def _check_kam_is_key_account(self):
        for partner in self:
            if partner.kam_is_key_account and not partner.is_company:
                raise ValidationError(
                    _(
                        "%(name)s is a person: only companies can be key accounts. "
                        "Mark the company it works for instead.",
                        name=partner.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            self._kam_check_system_fields(vals)
            self._kam_check_measure_levels(vals)
            if vals.get("kam_is_key_account"):
                vals.setdefault("kam_key_account_since", today)
        partners = super().create(vals_list)
        # Read the records, not vals: context defaults are only filled in by create.
        with_kam_data = partners._kam_with_data()
        with_kam_data._kam_check_coverage()
        with_kam_data._kam_log_measures(
            {partner: dict.fromkeys(KAM_MEASURES, False) for partner in with_kam_data}
        )
        return partners

    def write(self, vals):
        self._kam_check_system_fields(vals)
        if KAM_ACCOUNT_FIELDS & vals.keys():
            self._kam_check_coverage()
        if "user_id" in vals:
            self._kam_check_handover()
        if "parent_id" in vals:
            # A portrayed contact leaves its customer only with that customer's
            # coverage (and, below, lands only in a covered one).
            self._kam_with_data()._kam_check_coverage()
        self._kam_check_measure_levels(vals)
        changed_measures = [name for name in KAM_MEASURES if name in vals]
        before = {
            partner: {name: partner[name] for name in changed_measures}
            for partner in (self if changed_measures else self.browse())
        }
        newly_flagged = self.browse()
        if vals.get("kam_is_key_account"):
            newly_flagged = self.filtered(lambda p: not p.kam_is_key_account)
        result = super().write(vals)
        if newly_flagged:
            # Marked again after a pause, an account counts from the new date.
            # sudo: a system field (see KAM_SYSTEM_FIELDS).
            since = fields.Date.context_today(self)
            newly_flagged.sudo().kam_key_account_since = since  # sudo: system field
        if before:
            self._kam_log_measures(before)
        if "parent_id" in vals:
            # A portrayed contact moved to another customer must land in one the
            # user covers too.
            self._kam_with_data()._kam_check_coverage()
        if KAM_CLASSIFICATION_INPUTS & vals.keys():
            # sudo: keeping the stored class current is the system's job; the change
            # that triggers it has already passed the user's rights.
            accounts = self.sudo().filtered("kam_is_key_account")  # sudo: see above
            self.env["kam.classification"].sudo()._kam_classify(  # sudo: see above
                accounts,
                reason=_("Inputs changed by hand"),
            )
        return result

    @api.model
    def _kam_check_system_fields(self, vals):
        if KAM_SYSTEM_FIELDS & vals.keys() and not self.env.su:
            raise AccessError(
                _(
                    "%(fields)s are computed by Key Accounts: change the figures, the "
                    "class set by hand or apply a strategy instead.",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in sorted(KAM_SYSTEM_FIELDS & vals.keys())
                    ),
                )
            )

    @api.model
    def _kam_check_measure_levels(self, vals):
        """Refuse a level outside a measure's scale with words, before the ORM's
        technical error about selection values."""
        for name, scale in KAM_MEASURES.items():
            level = vals.get(name)
            if level and str(level) not in dict(scale):
                raise ValidationError(
                    _(
                        "%(measure)s must be a level from 1 to 5, not %(level)s.",
                        measure=self._fields[name].get_description(self.env)["string"],
                        level=level,
                    )
                )
            if level:
                vals[name] = str(level)

    def _kam_log_measures(self, before):
        """Keep every change of the three measures as dated history, in one create.
        `before` maps each partner to its old levels of the measures to compare."""
        history = []
        now = fields.Datetime.now()
        for partner, old_levels in before.items():
            for name, old in old_levels.items():
                new = partner[name] or False
                if (old or False) != new:
                    history.append(
                        {
                            "partner_id": partner.id,
                            "measure": name,
                            "old_level": old or False,
                            "new_level": new,
                            "user_id": self.env.uid,
                            "date": now,
                        }
                    )
        if history:
            # sudo: history is written by the system, never edited by users; the
            # change itself already passed the user's rights on the partner.
            self.env["kam.portrait.history"].sudo().create(history)  # sudo: see above

    def _kam_with_data(self):
        """The partners among these that hold key-account data."""
        # sudo: only tells which records to check; nothing read leaves this method.
        checked = KAM_ACCOUNT_FIELDS - {"kam_revenue_currency_id"}
        return self.browse(
            self.sudo()  # sudo: see above
            .filtered(lambda p: any(p[name] for name in checked))
            .ids
        )

    def _kam_check_handover(self):
        """Only a key account's manager, or a Key Accounts manager, hands it over:
        otherwise anyone could name themselves account manager to gain coverage."""
        user = self.env.user
        if self.env.su or user.has_group("kam_management.group_kam_manager"):
            return
        # sudo: the flag decides the check; salespeople without the KAM group may
        # not read it.
        taken = self.sudo().filtered(  # sudo: see above
            lambda p: p.kam_is_key_account and p.user_id and p.user_id != user
        )
        if taken:
            raise AccessError(
                _(
                    "%(names)s: only the account manager or a Key Accounts manager "
                    "can hand over a key account.",
                    names=", ".join(taken.mapped("display_name")),
                )
            )

    def _kam_check_coverage(self):
        """Key Accounts users change the key-account data only of the customers they
        cover; managers change it everywhere."""
        user = self.env.user
        if self.env.su or user.has_group("kam_management.group_kam_manager"):
            return
        others = self.filtered(lambda p: p.commercial_partner_id.user_id != user)
        if others:
            raise AccessError(
                _(
                    "You can change the key-account data only of customers whose "
                    "account manager you are. %(names)s: ask their account manager "
                    "or a Key Accounts manager.",
                    names=", ".join(others.mapped("display_name")),
                )
            )

    def action_kam_relationship_map(self):
        self.ensure_one()
        account = self.commercial_partner_id
        return {
            "type": "ir.actions.client",
            "tag": "kam_relationship_map",
            "name": _("Relationship Map: %s", account.name),
            "context": {"active_id": account.id, "active_model": "res.partner"},
        }

    def action_kam_org_chart(self):
        self.ensure_one()
        account = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_management.res_partner_action_org_chart"
        )
        action["name"] = _("Org Chart: %s", account.name)
        action["domain"] = [
            ("commercial_partner_id", "=", account.id),
            ("is_company", "=", False),
            ("type", "=", "contact"),
        ]
        action["context"] = {"default_parent_id": account.id}
        return action

    def action_kam_classify(self):
        """Recompute contribution, potential and class of these accounts now."""
        accounts = self.filtered("kam_is_key_account")
        if not accounts:
            raise UserError(_("Only key accounts are classified: mark them first."))
        accounts._kam_check_coverage()
        accounts._kam_check_figures()
        self.env["kam.classification"]._kam_classify(
            accounts, reason=_("Recomputed on demand")
        )
        return True

    def action_kam_qualify(self):
        """Decide again whether these customers qualify as key accounts, keeping the
        decision and its figures as history."""
        companies = self.filtered("is_company")
        if not companies:
            raise UserError(_("Qualification is decided for companies."))
        companies._kam_check_coverage()
        if self.env.company.kam_qualification_method in ("estimation", "both"):
            companies._kam_check_figures()
        self.env["kam.classification"]._kam_qualify(companies)
        return True

    def _kam_check_figures(self):
        """On demand, say which accounts have no figure to estimate a potential from,
        instead of silently counting it as zero."""
        blind = self.filtered(
            lambda p: (
                not p.kam_potential_manual
                and not p.kam_headcount
                and not p.kam_annual_revenue
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
        for strategy, accounts in self.grouped("kam_proposed_strategy_id").items():
            if strategy:
                strategy._kam_apply(accounts)
        return True
