from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .kam_input_mixin import kam_ensure_one

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
    "closeness": [
        ("1", "1 - Stranger"),
        ("2", "2 - Acquainted"),
        ("3", "3 - Friendly"),
        ("4", "4 - Trusted"),
        ("5", "5 - Close Ally"),
    ],
    "solution_acceptance": [
        ("1", "1 - Rejects"),
        ("2", "2 - Sceptical"),
        ("3", "3 - Open"),
        ("4", "4 - Convinced"),
        ("5", "5 - Champions It"),
    ],
    "price_acceptance": [
        ("1", "1 - Refuses"),
        ("2", "2 - Resists"),
        ("3", "3 - Negotiable"),
        ("4", "4 - Accepts"),
        ("5", "5 - Fully Accepts"),
    ],
}
KAM_MEASURE_NAMES = [
    ("closeness", "Relationship Closeness"),
    ("solution_acceptance", "Solution Acceptance"),
    ("price_acceptance", "Price Acceptance"),
]
# Weights of the choice score: closeness decides most in B2B, then the solution, then
# the price (a price gap is the easiest to close once the person wants us).
KAM_MEASURE_WEIGHTS = {
    "closeness": 0.40,
    "solution_acceptance": 0.35,
    "price_acceptance": 0.25,
}
KAM_SUPPORTER_SCORE = 65
KAM_OPPONENT_SCORE = 35


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


class KamKeyPerson(models.Model):
    """The account's record of one person of the customer (个体关键画像): portrait,
    the three measures and their history, and the reporting line (汇报关系).

    Bound to the key account, so each of our companies keeps its own view of the
    person and access follows the account's coverage.
    """

    _name = "kam.key.person"
    _inherit = ["kam.coverage.mixin", "mail.thread"]
    _description = "Key Person"
    _order = "account_id, sequence, name, id"
    _parent_name = "reports_to_id"

    _kam_system_fields = frozenset({"choice_score", "stance", "has_score"})

    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('is_company', '=', False), ('type', '=', 'contact'), "
        "('commercial_partner_id', '=', customer_id)]",
    )
    customer_id = fields.Many2one(related="account_id.partner_id", string="Customer")
    name = fields.Char(related="partner_id.name", store=True)
    function = fields.Char(related="partner_id.function", string="Position")
    avatar_128 = fields.Image(related="partner_id.avatar_128")
    is_key_person = fields.Boolean(
        string="Key Person",
        default=True,
        tracking=True,
        help="A person who weighs on the customer's buying decisions. Others are "
        "kept for their reporting line or influence.",
    )
    decision_role = fields.Selection(
        KAM_DECISION_ROLES,
        string="Buying Role",
        tracking=True,
        help="The person's usual role in the customer's buying decisions.",
    )
    department = fields.Char()
    interests = fields.Text()
    education = fields.Char(string="School")
    career = fields.Text(string="Career History")
    closeness = fields.Selection(
        KAM_MEASURES["closeness"],
        string="Relationship Closeness",
        help="How close our relationship with this person is.",
    )
    solution_acceptance = fields.Selection(
        KAM_MEASURES["solution_acceptance"],
        help="How far this person accepts our solution.",
    )
    price_acceptance = fields.Selection(
        KAM_MEASURES["price_acceptance"],
        help="How far this person accepts our price.",
    )
    choice_score = fields.Integer(
        compute="_compute_choice_score",
        store=True,
        aggregator="avg",
        help="0-100: will this person choose us? The weighted average of the three "
        "measures (closeness 40%, solution 35%, price 25%), each level 1-5 counted "
        "as 0-100; capped at 35 when any measure is at its lowest level. Empty "
        "while no measure is known.",
    )
    has_score = fields.Boolean(compute="_compute_choice_score", store=True)
    stance = fields.Selection(
        KAM_STANCES,
        compute="_compute_choice_score",
        store=True,
        index=True,
        help="Supporter from a choice score of 65, opponent up to 35, neutral between; "
        "unknown while no measure is set.",
    )
    history_ids = fields.One2many(
        "kam.portrait.history", "key_person_id", string="Portrait History"
    )
    reports_to_id = fields.Many2one(
        "kam.key.person",
        string="Reports To",
        index=True,
        ondelete="set null",
        domain="[('account_id', '=', account_id), ('id', '!=', id)]",
        help="Who this person reports to inside the customer (汇报关系).",
    )
    subordinate_ids = fields.One2many(
        "kam.key.person", "reports_to_id", string="Direct Reports"
    )
    is_indirect_key_person = fields.Boolean(
        string="Indirect Key Person",
        compute="_compute_is_indirect_key_person",
        help="Influences a key person of the same customer (间接关键人).",
    )

    _sql_constraints = [
        (
            "person_once_per_account",
            "UNIQUE(account_id, partner_id)",
            "This person already has a portrait on this key account.",
        ),
        (
            "not_own_boss",
            "CHECK(reports_to_id IS NULL OR reports_to_id != id)",
            "A person cannot report to themselves.",
        ),
    ]

    # ------------------------------------------------------------------ compute
    @api.depends(*KAM_MEASURES)
    def _compute_choice_score(self):
        for person in self:
            score = kam_choice_score({name: person[name] for name in KAM_MEASURES})
            # Integer columns cannot be empty: has_score tells a 0 from "unknown".
            person.choice_score = score or 0
            person.has_score = score is not None
            person.stance = kam_stance(score)

    def _compute_is_indirect_key_person(self):
        # One grouped read for the batch: customer-level influences given by these
        # people inside their own customer.
        influencers = {
            (account.id, partner.id)
            for account, partner in self.env["kam.influence"]._read_group(
                [
                    ("account_id", "in", self.account_id.ids),
                    ("influencer_id", "in", self.partner_id.ids),
                    ("influencer_kind", "=", "internal"),
                    ("lead_id", "=", False),
                ],
                groupby=["account_id", "influencer_id"],
            )
        }
        for person in self:
            person.is_indirect_key_person = (
                person.account_id.id,
                person.partner_id.id,
            ) in influencers

    # ------------------------------------------------------------------ constraints
    @api.constrains("partner_id", "account_id")
    def _check_partner_id(self):
        for person in self:
            partner = person.partner_id
            if partner.is_company:
                raise ValidationError(
                    _(
                        "%(name)s is a company: key persons are people. Add the "
                        "people who decide inside it.",
                        name=partner.display_name,
                    )
                )
            if partner.commercial_partner_id != person.account_id.partner_id:
                raise ValidationError(
                    _(
                        "%(person)s does not work for %(account)s: a key account "
                        "portrays the people of its customer. Record outsiders as "
                        "influences.",
                        person=partner.display_name,
                        account=person.account_id.partner_id.display_name,
                    )
                )

    @api.constrains("reports_to_id", "account_id")
    def _check_reports_to_id(self):
        for person in self.filtered("reports_to_id"):
            boss = person.reports_to_id
            if boss == person:
                # Before _has_cycle flushes: the database's check would answer.
                raise ValidationError(_("A person cannot report to themselves."))
            if boss.account_id != person.account_id:
                raise ValidationError(
                    _(
                        "%(person)s cannot report to %(boss)s: they are people of "
                        "different key accounts. Record it as an influence instead.",
                        person=person.display_name,
                        boss=boss.display_name,
                    )
                )
        if self._has_cycle("reports_to_id"):
            raise ValidationError(
                _(
                    "This reporting line would go round in a circle: a person cannot "
                    "report, directly or indirectly, to themselves."
                )
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        people = super().create(vals_list)
        # Read the records, not vals: context defaults are only filled in by create.
        people._kam_log_measures(
            {person: dict.fromkeys(KAM_MEASURES, False) for person in people}
        )
        return people

    def write(self, vals):
        changed = [name for name in KAM_MEASURES if name in vals]
        before = {
            person: {name: person[name] for name in changed}
            for person in (self if changed else self.browse())
        }
        result = super().write(vals)
        if before:
            self._kam_log_measures(before)
        return result

    # ------------------------------------------------------------------ business
    def _kam_log_measures(self, before):
        """Keep every change of the three measures as dated history, in one create.
        `before` maps each person to its old levels of the measures to compare."""
        history = []
        now = fields.Datetime.now()
        for person, old_levels in before.items():
            for name, old in old_levels.items():
                new = person[name] or False
                if (old or False) != new:
                    history.append(
                        {
                            "key_person_id": person.id,
                            "account_id": person.account_id.id,
                            "measure": name,
                            "old_level": old or False,
                            "new_level": new,
                            "user_id": self.env.uid,
                            "date": now,
                        }
                    )
        if history:
            # sudo: history is written by the system, never edited by users; the
            # change itself already passed the user's rights on the person.
            self.env["kam.portrait.history"].sudo().create(history)  # sudo: see above

    def action_kam_relationship_map(self):
        kam_ensure_one(self)
        return self.account_id.action_kam_relationship_map()

    def action_kam_open_partner(self):
        kam_ensure_one(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }
