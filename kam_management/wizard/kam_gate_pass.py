from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.kam_input_mixin import kam_ensure_one


class KamGatePass(models.TransientModel):
    """A Key Accounts manager lets a big deal into a stage whose gates it does not
    meet, with a reason: one kam.gate.override per gated stage it passes, what was
    missing kept beside the reason, and a note in the opportunity's chatter."""

    _name = "kam.gate.pass"
    _inherit = ["kam.input.mixin"]
    _description = "Pass a Stage Gate"

    lead_id = fields.Many2one("crm.lead", string="Opportunity", required=True)
    stage_id = fields.Many2one(
        "crm.stage",
        string="Into Stage",
        required=True,
        domain="['|', ('team_id', '=', False), ('team_id', '=', team_id)]",
    )
    team_id = fields.Many2one(related="lead_id.team_id")
    missing = fields.Text(
        string="What Is Missing", compute="_compute_missing", readonly=True
    )
    reason = fields.Text(required=True)

    def _kam_failures(self):
        self.ensure_one()
        lead = self.lead_id
        return lead._kam_gate_failures(
            {lead.id: lead.stage_id}, {lead.id: self.stage_id}
        )

    @api.depends("lead_id", "stage_id")
    def _compute_missing(self):
        for wizard in self:
            if not (wizard.lead_id and wizard.stage_id):
                wizard.missing = False
                continue
            failures = wizard._kam_failures()
            wizard.missing = (
                "\n".join(
                    self.env["crm.lead"]._kam_gate_lines(failures[wizard.lead_id])
                )
                if failures
                else _("Nothing: the deal meets the gates of this stage.")
            )

    def action_pass(self):
        kam_ensure_one(self)
        if not self.env.user.has_group("kam_management.group_kam_manager"):
            raise AccessError(
                _("Only Key Accounts managers let a big deal pass a stage gate.")
            )
        lead = self.lead_id
        if lead.stage_id == self.stage_id:
            raise UserError(
                _(
                    "%(lead)s is already in %(stage)s.",
                    lead=lead.name,
                    stage=self.stage_id.name,
                )
            )
        failures = self._kam_failures()
        missing = failures.get(lead, [])
        by_stage = {}
        for gate, texts in missing:
            by_stage.setdefault(gate.stage_id, []).append((gate, texts))
        lines = self.env["crm.lead"]
        self.env["kam.gate.override"].create(
            [
                {
                    "lead_id": lead.id,
                    "stage_id": stage.id,
                    "gate_ids": [fields.Command.set([g.id for g, _t in items])],
                    "missing": "\n".join(lines._kam_gate_lines(items)),
                    "reason": self.reason,
                }
                for stage, items in by_stage.items()
            ]
        )
        lead.write({"stage_id": self.stage_id.id})
        if missing:
            lead.message_post(
                body=_(
                    "Let into %(stage)s past its gates by %(user)s: %(reason)s",
                    stage=self.stage_id.name,
                    user=self.env.user.name,
                    reason=self.reason,
                )
            )
        return {"type": "ir.actions.act_window_close"}
