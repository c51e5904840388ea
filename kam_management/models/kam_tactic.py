from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

RESPONSIBLE_ROLES = [
    ("account_manager", "Account Manager"),
    ("solution_manager", "Solution Manager"),
    ("lead_expert", "Customer Lead Expert"),
    ("sales_manager", "Sales Team Leader"),
]


class KamTactic(models.Model):
    """A tactic (战术) of a management strategy: what to do, by whom, by when, and
    how often."""

    _name = "kam.tactic"
    _description = "Key-Account Tactic"
    _order = "strategy_id, sequence, id"

    sequence = fields.Integer(default=10)
    strategy_id = fields.Many2one(
        "kam.strategy", required=True, ondelete="cascade", index=True
    )
    name = fields.Char(string="What to Do", required=True, translate=True)
    description = fields.Text(translate=True)
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity Type",
        default=lambda self: self.env.ref("mail.mail_activity_data_todo", False),
        domain="['|', ('res_model', '=', False), ('res_model', '=', 'kam.account')]",
    )
    responsible_role = fields.Selection(
        RESPONSIBLE_ROLES, required=True, default="account_manager"
    )
    deadline_days = fields.Integer(
        string="Deadline (days)", default=14, help="Due this many days after applying."
    )
    recurrence_months = fields.Integer(
        string="Repeat Every (months)",
        help="0: once. Otherwise, when the activity is done, the next one is "
        "scheduled this many months later.",
    )

    @api.constrains("deadline_days", "recurrence_months")
    def _check_timing(self):
        for tactic in self:
            if tactic.deadline_days < 0 or tactic.recurrence_months < 0:
                raise ValidationError(
                    _(
                        "Tactic %(name)s: deadline and recurrence cannot be negative.",
                        name=tactic.name,
                    )
                )

    def _kam_responsible(self, account):
        """(user, external partner) for this tactic's role on `account`. The user
        is who holds the role; where nobody does, or an external partner does (who
        has no Odoo user), the account manager is assigned instead, except for the
        lead expert's tactics (see below)."""
        self.ensure_one()
        external = self.env["res.partner"]
        if self.responsible_role == "sales_manager":
            user = account.user_id.sale_team_id.user_id
        else:
            holders = account.member_ids.filtered(
                lambda m, code=self.responsible_role: (
                    m.is_active and m.role_id.code == code
                )
            )
            user = holders.filtered("user_id")[:1].user_id
            external = holders.filtered("partner_id")[:1].partner_id
        if self.responsible_role == "lead_expert":
            # The expert's work is never the account manager's (the article): an
            # external expert's tasks go to their coordinator, a missing expert's
            # to the manager who staffs the account.
            expert = account.lead_expert_id
            user = expert.user_id or expert.coordinator_id
            external = expert.partner_id if expert.is_external else external
            user = user or account._kam_staffing_manager() or self.env.user
            return user, not expert.user_id, external
        return user or account.user_id or self.env.user, not user, external

    def _kam_activity_values(self, account, model_id, from_date):
        user, stand_in, external = self._kam_responsible(account)
        note = self.description or ""
        role = dict(RESPONSIBLE_ROLES)[self.responsible_role]
        if stand_in and external:
            note = _(
                "(%(partner)s, an external %(role)s, holds this: assigned here to "
                "arrange it with them.) %(note)s",
                partner=external.name,
                role=role,
                note=note,
            )
        elif stand_in:
            note = _(
                "(No %(role)s on this account: assigned here.) %(note)s",
                role=role,
                note=note,
            )
        return {
            "res_model_id": model_id,
            "res_id": account.id,
            "activity_type_id": self.activity_type_id.id,
            "summary": self.name,
            "note": note,
            "user_id": user.id,
            "date_deadline": from_date + relativedelta(days=self.deadline_days),
            "kam_tactic_id": self.id,
        }
