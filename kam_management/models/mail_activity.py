from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    kam_tactic_id = fields.Many2one(
        "kam.tactic", string="Tactic", index="btree_not_null", ondelete="set null"
    )
    kam_duty = fields.Selection(
        [
            ("introduce_expert", "Introduce the Lead Expert"),
            ("design_solutions", "Design Solutions to Seed"),
            ("seed_solutions", "Seed Solutions, Incubate Opportunities"),
            ("staff_expert", "Staff a Customer Lead Expert"),
            ("staff_solution_manager", "Staff a Solution Manager"),
        ],
        string="Iron Triangle Duty",
        index="btree_not_null",
    )

    def _action_done(self, feedback=False, attachment_ids=None):
        # A recurring tactic schedules its next occurrence when this one is done.
        # sudo: the assignee (a team leader, an expert) may not have Key Accounts
        # rights; the next occurrence follows the tactic, not the user's rights.
        recurring = self.sudo().filtered(  # sudo: see above
            lambda a: a.kam_tactic_id.recurrence_months
        )
        recurring = recurring.filtered(lambda a: a.res_model == "kam.account")
        Account = self.env["kam.account"].sudo()  # sudo: see above
        accounts = Account.browse(recurring.mapped("res_id"))
        strategy_of = {a.id: a.strategy_id for a in accounts}
        next_values = []
        today = fields.Date.context_today(self)
        for activity in recurring:
            tactic = activity.kam_tactic_id
            # A tactic of a strategy the account no longer follows stops here.
            if strategy_of.get(activity.res_id) != tactic.strategy_id:
                continue
            account = accounts.browse(activity.res_id)
            values = tactic._kam_activity_values(
                account,
                activity.res_model_id.id,
                today + relativedelta(months=tactic.recurrence_months),
            )
            values["date_deadline"] = today + relativedelta(
                months=tactic.recurrence_months
            )
            next_values.append(values)
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if next_values:
            self.sudo().create(next_values)  # sudo: as when the strategy was applied
        return result

    @api.model
    def _kam_create(self, vals_list):
        """Create activities in batches where no record gets two for the same user:
        Odoo subscribes each activity's assignee, and the same assignee twice on one
        record in one batch would be subscribed twice (a unique key fails)."""
        created = [None] * len(vals_list)
        pending = list(enumerate(vals_list))
        while pending:
            batch, seen, rest = [], set(), []
            for index, values in pending:
                key = (values["res_model_id"], values["res_id"], values.get("user_id"))
                (rest if key in seen else batch).append((index, values))
                seen.add(key)
            records = self.create([values for _index, values in batch])
            for (index, _values), record in zip(batch, records, strict=True):
                created[index] = record.id
            pending = rest
        # In the order of vals_list.
        return self.browse(created)
