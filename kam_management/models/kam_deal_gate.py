from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# The rules a gate may hold, each evaluated by the network engine
# (kam.network._kam_gate_results) on the opportunity's effective network.
GATE_RULES = [
    ("chain_mapped", "Decision Chain Mapped"),
    ("coach", "Coach in the Chain"),
    ("acceptance", "Decision Makers Accept the Solution"),
    ("support", "Support Score"),
    ("reached", "Decision Makers Reached by Our People"),
    ("opponents", "No Strong Opponent Left Uncountered"),
]
# The threshold each rule takes, its bounds and its default; None: no threshold.
GATE_THRESHOLDS = {
    "chain_mapped": (1, 100, 3),
    "coach": (1, 20, 1),
    "acceptance": (1, 5, 3),
    "support": (0, 100, 50),
    "reached": None,
    "opponents": None,
}


class KamDealGate(models.Model):
    """A condition a big deal (大单) must meet to move into a CRM stage: the big-deal
    process (打单过程, TAS+) held to its decision chain. Data a Key Accounts manager
    edits; the network engine evaluates it when an opportunity of a key account
    moves into the stage, and a manager may let a deal pass with a reason
    (kam.gate.override)."""

    _name = "kam.deal.gate"
    _inherit = ["kam.input.mixin"]
    _description = "Big-Deal Stage Gate"
    _order = "stage_sequence, stage_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    stage_id = fields.Many2one(
        "crm.stage",
        string="Stage",
        required=True,
        index=True,
        ondelete="cascade",
        help="A big deal moving into this stage (or past it, short of winning) must "
        "meet the gate.",
    )
    stage_sequence = fields.Integer(
        related="stage_id.sequence", string="Stage Sequence", store=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        index=True,
        help="Empty: the gate holds in every company.",
    )
    rule = fields.Selection(
        GATE_RULES,
        required=True,
        default="chain_mapped",
        help="Decision Chain Mapped: at least Threshold people in the opportunity's "
        "decision chain, a decision maker among them. "
        "Coach in the Chain: at least Threshold coaches (sponsors). "
        "Decision Makers Accept the Solution: each decision maker's solution "
        "acceptance at least Threshold (1-5). "
        "Support Score: the chain's support score at least Threshold (0-100). "
        "Decision Makers Reached by Our People: one of our people (users, lead "
        "experts) influences each decision maker. "
        "No Strong Opponent Left Uncountered: every opponent who decides or has a "
        "high influence in the chain is reached by a positive influence of ours.",
    )
    threshold = fields.Integer(
        compute="_compute_threshold",
        store=True,
        readonly=False,
        precompute=True,
        help="The figure the rule needs; see the rule.",
    )
    needs_threshold = fields.Boolean(compute="_compute_needs_threshold")
    description = fields.Text(
        translate=True, help="Why the gate is there, shown when it holds a deal back."
    )

    _kam_bounds = {"threshold": (0, 100)}

    @api.depends("rule")
    def _compute_threshold(self):
        for gate in self:
            bounds = GATE_THRESHOLDS.get(gate.rule)
            gate.threshold = bounds[2] if bounds else 0

    @api.depends("rule")
    def _compute_needs_threshold(self):
        for gate in self:
            gate.needs_threshold = bool(GATE_THRESHOLDS.get(gate.rule))

    @api.constrains("stage_id")
    def _check_stage(self):
        for gate in self:
            if gate.stage_id.is_won:
                raise ValidationError(
                    _(
                        "%(stage)s is a won stage: winning is the customer's word and "
                        "is never held. Put the gate %(gate)s on a stage before it.",
                        stage=gate.stage_id.name,
                        gate=gate.name,
                    )
                )

    @api.constrains("rule", "threshold")
    def _check_threshold(self):
        for gate in self:
            bounds = GATE_THRESHOLDS.get(gate.rule)
            if bounds and not bounds[0] <= gate.threshold <= bounds[1]:
                rule = dict(self._fields["rule"]._description_selection(self.env))
                raise ValidationError(
                    _(
                        "The gate %(gate)s cannot be evaluated: the rule "
                        "%(rule)s takes a threshold from %(low)s to %(high)s.",
                        gate=gate.name,
                        rule=rule[gate.rule],
                        low=bounds[0],
                        high=bounds[1],
                    )
                )

    def _kam_gates_passed(self, lead, old_stage, new_stage):
        """The gates among these (prefetched, no query here) that a lead meets
        moving from `old_stage` (None: a new lead) into `new_stage`: those of the
        stages after the old one up to the new one, in the pipeline's order, of the
        lead's team and company. Moving back meets none, and neither does winning:
        a won deal is the customer's word, not a step of ours to hold."""
        key = self._kam_stage_key
        if old_stage and old_stage.is_won:
            # Out of Won it starts over: a detour through Won skips nothing.
            old_stage = None
        if new_stage.is_won or (old_stage and key(new_stage) <= key(old_stage)):
            return self.browse()
        company = lead.company_id or self.env.company
        return self.filtered(
            lambda gate: (
                gate.company_id in (company, gate.company_id.browse())
                and (not old_stage or key(gate.stage_id) > key(old_stage))
                and key(gate.stage_id) <= key(new_stage)
                and gate.stage_id.team_id
                in (lead.team_id, gate.stage_id.team_id.browse())
            )
        )

    @staticmethod
    def _kam_stage_key(stage):
        # crm.stage is ordered by sequence, then id.
        return (stage.sequence, stage.id)
