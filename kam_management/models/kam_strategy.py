from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_input_mixin import kam_ensure_one

CLASS_FIELDS = {
    "A": "for_class_a",
    "B": "for_class_b",
    "C": "for_class_c",
    "D": "for_class_d",
}


class KamStrategy(models.Model):
    """A management strategy (管理策略) for some of the ABCD classes, with the tactics
    (战术) that make it concrete. Applying it to accounts schedules its tactics as
    activities for the people who hold the tactics' roles."""

    _name = "kam.strategy"
    _description = "Key-Account Management Strategy"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    description = fields.Html(translate=True)
    for_class_a = fields.Boolean(string="Class A")
    for_class_b = fields.Boolean(string="Class B")
    for_class_c = fields.Boolean(string="Class C")
    for_class_d = fields.Boolean(string="Class D")
    auto_apply = fields.Boolean(
        string="Apply on Class Change",
        help="When an account enters one of this strategy's classes, apply it at "
        "once instead of only proposing it.",
    )
    tactic_ids = fields.One2many("kam.tactic", "strategy_id", string="Tactics")
    account_ids = fields.One2many("kam.account", "strategy_id", string="Accounts")
    account_count = fields.Integer(compute="_compute_account_count")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )

    def _compute_account_count(self):
        counts = dict(
            self.env["kam.account"]._read_group(
                [("strategy_id", "in", self.ids)],
                groupby=["strategy_id"],
                aggregates=["__count"],
            )
        )
        for strategy in self:
            strategy.account_count = counts.get(strategy, 0)

    @api.constrains("for_class_a", "for_class_b", "for_class_c", "for_class_d")
    def _check_classes(self):
        for strategy in self:
            if not any(strategy[f] for f in CLASS_FIELDS.values()):
                raise ValidationError(
                    _(
                        "Strategy %(name)s applies to no class: tick at least one of "
                        "A, B, C and D.",
                        name=strategy.name,
                    )
                )

    def _kam_applies_to(self, account_class):
        kam_ensure_one(self)
        return bool(account_class) and self[CLASS_FIELDS[account_class]]

    def _kam_apply(self, accounts):
        """Schedule this strategy's tactics on `accounts` as activities. Tactics that
        already have an open activity on an account are skipped, so applying twice
        creates nothing new. Returns the created activities."""
        kam_ensure_one(self)
        # With this strategy's user: the accounts may come from another environment.
        accounts = accounts.with_env(self.env)
        accounts._kam_check_team()
        tactics = self.tactic_ids
        Activity = self.env["mail.activity"]
        # sudo: activities assigned to other people (solution manager, lead expert)
        # are part of applying the strategy the user may apply on this account.
        open_pairs = {
            (activity.res_id, activity.kam_tactic_id.id)
            for activity in Activity.sudo().search(  # sudo: see above
                [
                    ("res_model", "=", "kam.account"),
                    ("res_id", "in", accounts.ids),
                    ("kam_tactic_id", "in", tactics.ids),
                ]
            )
        }
        model_id = self.env["ir.model"]._get_id("kam.account")
        today = fields.Date.context_today(self)
        values = [
            tactic._kam_activity_values(account, model_id, today)
            for account in accounts
            for tactic in tactics
            if (account.id, tactic.id) not in open_pairs
        ]
        # mail.activity subscribes each assignee while creating; the same new
        # follower twice in one batch would collide. Batches of distinct (account,
        # assignee) pairs: as many as the most tactics one person gets on one account.
        created = Activity.sudo()  # sudo: see above
        while values:
            batch, rest, seen = [], [], set()
            for vals in values:
                key = (vals["res_id"], vals["user_id"])
                (rest if key in seen else batch).append(vals)
                seen.add(key)
            created |= Activity.sudo().create(batch)  # sudo: see above
            values = rest
        accounts.sudo().write(  # sudo: system fields, coverage checked above
            {"strategy_id": self.id, "proposed_strategy_id": self.id}
        )
        return created

    def action_apply_to_accounts(self):
        """From the strategy: apply it to the selected accounts in context."""
        kam_ensure_one(self)
        ids = self.env.context.get("kam_account_ids") or []
        if not isinstance(ids, (list, tuple)) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in ids
        ):
            raise UserError(_("Choose the key accounts to apply the strategy to."))
        accounts = self.env["kam.account"].browse(ids).exists()
        if not accounts:
            raise UserError(_("Choose the key accounts to apply the strategy to."))
        # A strategy other than the proposed one is a manager's decision; the team
        # applies the proposed strategy from the account.
        accounts._kam_check_manager()
        self._kam_apply(accounts)
        return True
