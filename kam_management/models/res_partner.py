from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

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
    "kam_is_key_person",
    "kam_decision_role",
    "kam_department",
    "kam_interests",
    "kam_education",
    "kam_career",
    "kam_reports_to_id",
    *KAM_MEASURES,
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
        aggregator="avg",
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
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                [("commercial_partner_id", "in", commercials.ids)],
                ["commercial_partner_id"],
            )
        )
        commercial_of = {p.id: p.commercial_partner_id.id for p in family}
        open_deals = (
            self.env["crm.lead"]
            .sudo()
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
            .sudo()
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
        "kam_influence_given_ids.is_internal", "kam_influence_given_ids.lead_id"
    )
    def _compute_kam_is_indirect_key_person(self):
        for partner in self:
            partner.kam_is_indirect_key_person = any(
                influence.is_internal and not influence.lead_id
                for influence in partner.kam_influence_given_ids
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
            self._kam_check_measure_levels(vals)
            if vals.get("kam_is_key_account"):
                vals.setdefault("kam_key_account_since", today)
        partners = super().create(vals_list)
        if any(KAM_ACCOUNT_FIELDS & vals.keys() for vals in vals_list):
            partners._kam_check_coverage()
        partners._kam_log_measures(
            {partner: {} for partner in partners}, vals_list=vals_list
        )
        return partners

    def write(self, vals):
        if KAM_ACCOUNT_FIELDS & vals.keys():
            self._kam_check_coverage()
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
            newly_flagged.kam_key_account_since = fields.Date.context_today(self)
        if before:
            self._kam_log_measures(before)
        return result

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

    def _kam_log_measures(self, before, vals_list=None):
        """Keep every change of the three measures as dated history, in one create."""
        history = []
        now = fields.Datetime.now()
        for index, (partner, old_levels) in enumerate(before.items()):
            names = (
                [n for n in KAM_MEASURES if vals_list[index].get(n)]
                if vals_list is not None
                else list(old_levels)
            )
            for name in names:
                old, new = old_levels.get(name) or False, partner[name] or False
                if old != new:
                    history.append(
                        {
                            "partner_id": partner.id,
                            "measure": name,
                            "old_level": old,
                            "new_level": new,
                            "user_id": self.env.uid,
                            "date": now,
                        }
                    )
        if history:
            # sudo: history is written by the system, never edited by users; the
            # change itself already passed the user's rights on the partner.
            self.env["kam.portrait.history"].sudo().create(history)

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
            "params": {"model": "res.partner", "res_id": account.id},
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
