from odoo import _, api, fields, models
from odoo.exceptions import UserError


class KamEvaluationItem(models.Model):
    """One item of an evaluation's improvement plan (提升和改进计划): what to do, who
    and by when. It becomes an activity on the key account, where the team works;
    the item is done when that activity is."""

    _name = "kam.evaluation.item"
    _inherit = ["kam.coverage.mixin"]
    _description = "Improvement Plan Item"
    _order = "evaluation_id, date_deadline, id"

    _kam_system_fields = frozenset({"activity_id"})

    evaluation_id = fields.Many2one(
        "kam.evaluation",
        string="Evaluation",
        required=True,
        index=True,
        ondelete="cascade",
    )
    account_id = fields.Many2one(
        related="evaluation_id.account_id", store=True, index=True, precompute=True
    )
    name = fields.Char(string="Improvement", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        domain="[('share', '=', False)]",
        default=lambda self: self.env.user,
    )
    date_deadline = fields.Date(
        string="Due Date", required=True, default=fields.Date.context_today
    )
    activity_id = fields.Many2one(
        "mail.activity", string="Activity", readonly=True, ondelete="set null"
    )
    is_done = fields.Boolean(
        string="Done",
        compute="_compute_is_done",
        help="Its activity on the account was done (or removed).",
    )

    @api.depends("activity_id")
    def _compute_is_done(self):
        for item in self:
            item.is_done = bool(item.id) and not item.activity_id

    @api.model_create_multi
    def create(self, vals_list):
        items = super().create(vals_list)
        closed = items.evaluation_id.filtered(lambda e: e.state == "cancelled")
        if closed:
            raise UserError(_("A cancelled evaluation has no improvement plan."))
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("kam.account")
        # A loop, not a comprehension: _() finds the language in this frame.
        values = []
        for item in items:
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": item.account_id.id,
                    "activity_type_id": todo.id,
                    "summary": item.name,
                    "note": _(
                        "Improvement plan of %(evaluation)s",
                        evaluation=item.evaluation_id.name,
                    ),
                    "user_id": item.user_id.id,
                    "date_deadline": item.date_deadline,
                }
            )
        # sudo: the activity is assigned to the item's owner, who may not be the
        # user writing the plan; the item itself was checked by the access rules.
        activities = (
            self.env["mail.activity"].sudo()._kam_create(values)  # sudo: see above
        )
        for item, activity in zip(items, activities, strict=True):
            item.sudo().activity_id = activity  # sudo: see above
        return items

    def write(self, vals):
        result = super().write(vals)
        # The activity on the account is the item: it follows the item's changes.
        changes = {
            "name": "summary",
            "user_id": "user_id",
            "date_deadline": "date_deadline",
        }
        values = {changes[k]: v for k, v in vals.items() if k in changes}
        if values and self.activity_id:
            # sudo: see create.
            self.activity_id.sudo().write(values)  # sudo: see above
        return result

    def unlink(self):
        # sudo: see create; an item removed from the plan leaves no task behind.
        activities = self.activity_id.sudo()  # sudo: see above
        result = super().unlink()
        activities.unlink()
        return result
