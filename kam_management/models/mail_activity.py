from dateutil.relativedelta import relativedelta

from odoo import fields, models


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
