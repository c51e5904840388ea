from odoo import _, api, fields, models
from odoo.modules.module import get_module_icon


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _get_activity_groups(self):
        """A user's evaluations to do are their to-dos: the activity menu counts
        them by due date, as calendar counts today's meetings, instead of one
        activity beside each evaluation."""
        groups = super()._get_activity_groups()
        Evaluation = self.env["kam.evaluation"]
        if not Evaluation.has_access("read"):
            return groups
        today = fields.Date.context_today(self)
        counts = {"overdue": 0, "today": 0, "planned": 0}
        for deadline, count in Evaluation._read_group(
            [("user_id", "=", self.env.uid), ("state", "=", "todo")],
            groupby=["date_deadline:day"],
            aggregates=["__count"],
        ):
            if deadline < today:
                counts["overdue"] += count
            elif deadline == today:
                counts["today"] += count
            else:
                counts["planned"] += count
        if not any(counts.values()):
            return groups
        # Activities scheduled on evaluations by hand join the same line.
        group = next((g for g in groups if g.get("model") == Evaluation._name), None)
        if group is None:
            group = {
                "id": self.env["ir.model"]._get_id(Evaluation._name),
                "model": Evaluation._name,
                "type": "activity",
                "icon": get_module_icon("kam_management"),
                "total_count": 0,
                "today_count": 0,
                "overdue_count": 0,
                "planned_count": 0,
                "view_type": "list",
            }
            groups.append(group)
        group["name"] = _("Key Account Evaluations")
        for state, count in counts.items():
            group[f"{state}_count"] += count
        group["total_count"] += counts["overdue"] + counts["today"]
        return groups
