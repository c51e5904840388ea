from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.kam_input_mixin import kam_ensure_one


class KamTeamProposal(models.TransientModel):
    """A team member proposes a change of the account's team (someone to add, or a
    member to end); a Key Accounts manager decides, since allocation is a
    company-level task. The proposal is posted on the account and handed to the
    manager who allocated it as an activity."""

    _name = "kam.team.proposal"
    _inherit = ["kam.input.mixin"]
    _description = "Propose a Team Change"

    account_id = fields.Many2one("kam.account", required=True, readonly=True)
    change = fields.Selection(
        [("add", "Add a Member"), ("end", "End a Membership")],
        required=True,
        default="add",
    )
    role_id = fields.Many2one("kam.account.role", string="Role")
    user_id = fields.Many2one(
        "res.users", string="Who", domain="[('share', '=', False)]"
    )
    member_id = fields.Many2one(
        "kam.account.member",
        string="Membership to End",
        domain="[('account_id', '=', account_id), ('is_active', '=', True)]",
    )
    reason = fields.Text(string="Why", required=True)

    def action_propose(self):
        kam_ensure_one(self)
        account = self.account_id
        if self.env.uid not in account.team_user_ids.ids:
            raise AccessError(
                _(
                    "Only the members of %(account)s's team propose changes to it.",
                    account=account.display_name,
                )
            )
        if self.change == "add" and not (self.role_id and self.user_id):
            raise UserError(_("Say who should join the team, and in which role."))
        if self.change == "end" and not self.member_id:
            raise UserError(_("Choose the membership to end."))
        if self.change == "add":
            what = _(
                "add %(user)s as %(role)s",
                user=self.user_id.name,
                role=self.role_id.name,
            )
        else:
            what = _(
                "end the membership of %(member)s", member=self.member_id.display_name
            )
        summary = _("Team change proposed: %s", what)
        # The manager who allocated the account decides; else any of its company's.
        manager = account._kam_staffing_manager()
        account.message_post(
            body=_("%(summary)s. Why: %(reason)s", summary=summary, reason=self.reason)
        )
        if manager:
            account.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=self.reason,
                user_id=manager.id,
            )
        return {"type": "ir.actions.act_window_close"}
