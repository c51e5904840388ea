from dateutil.relativedelta import relativedelta

from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    kam_tactic_id = fields.Many2one(
        "kam.tactic", string="Tactic", index="btree_not_null", ondelete="set null"
    )

    def _action_done(self, feedback=False, attachment_ids=None):
        # A recurring tactic schedules its next occurrence when this one is done.
        recurring = self.filtered(lambda a: a.kam_tactic_id.recurrence_months)
        next_values = []
        today = fields.Date.context_today(self)
        for activity in recurring:
            tactic = activity.kam_tactic_id
            account = self.env["res.partner"].browse(activity.res_id)
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
