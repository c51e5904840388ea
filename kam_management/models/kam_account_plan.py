from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .kam_input_mixin import kam_ensure_one

PLAN_STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("in_progress", "In Progress"),
    ("closed", "Closed"),
]
PRIORITIES = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Top"),
]
# The classes a plan is made for (账户规划 for A and C accounts).
PLANNED_CLASSES = ("A", "C")
# The last year of a plan (as of the yearly KPIs and assessment).
LAST_YEAR = 2999


class KamAccountPlan(models.Model):
    """The account plan (账户规划) of a key account for one period, in four parts:
    industry and customer (行业和客户), customer priority (客户优先级), relationship
    resources and targets (人脉资源现状和目标) and opportunities and targets
    (机会和目标). Draft → approved by a Key Accounts manager → in progress → closed.
    """

    _name = "kam.account.plan"
    _inherit = ["kam.coverage.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Account Plan"
    _order = "date_from desc, account_id, id"

    _kam_system_fields = frozenset({"state", "approved_by_id", "approved_date"})
    _kam_bounds = {"revenue_target": (0, 1e14)}

    name = fields.Char(compute="_compute_name", store=True)
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1),
        tracking=True,
    )
    date_to = fields.Date(
        string="Until",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=12, day=31),
        tracking=True,
    )
    state = fields.Selection(
        PLAN_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand="_expand_states",
    )
    user_id = fields.Many2one(
        related="account_id.user_id", string="Account Manager", store=True
    )
    account_class = fields.Selection(related="account_id.account_class")
    class_override = fields.Boolean(
        string="Planned by Exception",
        copy=False,
        tracking=True,
        help="Plans are made for class A and C accounts; a Key Accounts manager may "
        "plan another account, saying why.",
    )
    class_override_reason = fields.Char(string="Why Plan It", copy=False)
    approved_by_id = fields.Many2one(
        "res.users", string="Approved By", readonly=True, copy=False
    )
    approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)
    currency_id = fields.Many2one(related="company_id.currency_id")
    # 1. Industry and customer
    industry_analysis = fields.Html(string="Industry")
    customer_analysis = fields.Html(string="Customer")
    # 2. Customer priority
    priority = fields.Selection(PRIORITIES, default="1", tracking=True)
    priority_rationale = fields.Text(string="Rationale")
    # 3. Relationship resources and targets
    relation_target_ids = fields.One2many(
        "kam.plan.relation.target", "plan_id", string="Relationship Targets", copy=True
    )
    targets_total = fields.Integer(compute="_compute_targets")
    targets_reached = fields.Integer(compute="_compute_targets")
    # 4. Opportunities and targets
    opportunity_target_ids = fields.One2many(
        "kam.plan.opportunity.target",
        "plan_id",
        string="Opportunity Targets",
        copy=True,
    )
    revenue_target = fields.Monetary(tracking=True)
    revenue_actual = fields.Monetary(
        string="Confirmed Sales",
        compute="_compute_revenue_actual",
        help="Confirmed untaxed sales of the customer in the plan's period, in the "
        "company currency: the classification's contribution figure, over this "
        "period.",
    )
    revenue_attainment = fields.Float(
        string="Attainment (%)", compute="_compute_revenue_actual"
    )

    # ------------------------------------------------------------------ compute
    def _expand_states(self, states, domain):
        return [key for key, _label in PLAN_STATES]

    @api.depends("account_id.name", "date_from", "date_to")
    def _compute_name(self):
        for plan in self:
            plan.name = _(
                "%(account)s, %(start)s – %(end)s",
                account=plan.account_id.name or "",
                start=plan.date_from or "",
                end=plan.date_to or "",
            )

    @api.depends("relation_target_ids.reached", "relation_target_ids.key_person_id")
    def _compute_targets(self):
        for plan in self:
            plan.targets_total = len(plan.relation_target_ids)
            plan.targets_reached = len(plan.relation_target_ids.filtered("reached"))

    @api.depends("account_id", "date_from", "date_to", "revenue_target")
    def _compute_revenue_actual(self):
        # The classification engine's figure; one query per company and period
        # (plans of a batch mostly share their period).
        Engine = self.env["kam.classification"]
        actual = {}
        plans = self.filtered(lambda p: p.account_id and p.date_from and p.date_to)
        for (company, start, end), group in plans.grouped(
            lambda p: (p.company_id, p.date_from, p.date_to)
        ).items():
            sales = Engine.with_company(company)._kam_contributions(
                group.account_id, since=start, until=end
            )
            for plan in group:
                actual[plan.id] = sales.get(plan.account_id.id, 0.0)
        for plan in self:
            plan.revenue_actual = actual.get(plan.id, 0.0)
            plan.revenue_attainment = (
                100.0 * plan.revenue_actual / plan.revenue_target
                if plan.revenue_target
                else 0.0
            )

    # ------------------------------------------------------------------ constraints
    @api.constrains("date_from", "date_to", "account_id")
    def _check_period(self):
        for plan in self:
            # Emptied by a client: said here, before the comparisons below fail.
            if not plan.date_from or not plan.date_to:
                raise ValidationError(_("A plan's period needs a start and an end."))
            if plan.date_to < plan.date_from:
                raise ValidationError(_("A plan's period cannot end before it starts."))
            # The figures of the period and the next period's plan count days and
            # months past its end: near the calendar's end (9999) they overflow.
            if plan.date_to.year > LAST_YEAR:
                raise ValidationError(
                    _(
                        "A plan's period ends in %(year)s at the latest.",
                        year=LAST_YEAR,
                    )
                )
        # sudo: a plan the user cannot read still takes the period.
        others = self.sudo().search(  # sudo: see above
            [
                ("account_id", "in", self.account_id.ids),
                ("id", "not in", self.ids),
                ("date_from", "<=", max(self.mapped("date_to"))),
                ("date_to", ">=", min(self.mapped("date_from"))),
            ]
        )
        for plan in self:
            for other in others | (self - plan):
                if (
                    other.account_id == plan.account_id
                    and other.date_from <= plan.date_to
                    and other.date_to >= plan.date_from
                ):
                    raise ValidationError(
                        _(
                            "%(account)s already has a plan for %(start)s – %(end)s: "
                            "one plan per account and period. Change that plan, or "
                            "choose a period that does not overlap it.",
                            account=plan.account_id.display_name,
                            start=other.date_from,
                            end=other.date_to,
                        )
                    )

    @api.constrains("class_override", "class_override_reason", "account_id")
    def _check_class(self):
        for plan in self:
            if plan.class_override:
                if not (plan.class_override_reason or "").strip():
                    raise ValidationError(
                        _("Say why this account is planned by exception.")
                    )
            elif plan.account_id.account_class not in PLANNED_CLASSES:
                raise ValidationError(
                    _(
                        "%(account)s is of class %(cls)s: account plans are for "
                        "class A and C accounts. A Key Accounts manager may plan it "
                        "by exception, with a reason.",
                        account=plan.account_id.display_name,
                        cls=plan.account_id.account_class or _("(not classified)"),
                    )
                )

    # ------------------------------------------------------------------ CRUD
    def _kam_check_override_right(self, vals, creating=False):
        # A new plan without an exception (a copy of an A plan says so) needs no
        # right; changing an exception does.
        if self.env.su:
            return
        if creating and not vals.get("class_override"):
            return
        if not creating and not {"class_override", "class_override_reason"} & set(vals):
            return
        if not self.env.user.has_group("kam_management.group_kam_manager"):
            raise AccessError(
                _(
                    "Only a Key Accounts manager plans an account of another class "
                    "than A and C."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kam_check_override_right(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._kam_check_override_right(vals)
        if not self.env.su:
            self._kam_check_open()
        return super().write(vals)

    def _kam_check_open(self):
        """A closed plan is kept as it was at its close."""
        closed = self.filtered(lambda p: p.state == "closed")
        if closed:
            raise UserError(
                _(
                    "%(plans)s: a closed plan is kept as it was. Plan the next "
                    "period instead.",
                    plans=", ".join(closed.mapped("name")),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(plan.state != "draft" for plan in self):
            raise UserError(
                _(
                    "Only draft plans are deleted; an approved plan is kept (close "
                    "it when its period is over)."
                )
            )

    def copy_data(self, default=None):
        """The copy is the next period's plan: it starts the day after this one
        ends and lasts as long (whole months stay whole months)."""
        default = dict(default or {})
        vals_list = super().copy_data(default)
        for plan, vals in zip(self, vals_list, strict=True):
            if "date_from" in default or "date_to" in default:
                continue
            start = plan.date_to + relativedelta(days=1)
            end_of_month = plan.date_to + relativedelta(day=31)
            if plan.date_from.day == 1 and plan.date_to == end_of_month:
                months = (
                    (plan.date_to.year - plan.date_from.year) * 12
                    + plan.date_to.month
                    - plan.date_from.month
                    + 1
                )
                end = start + relativedelta(months=months, days=-1)
            else:
                end = start + (plan.date_to - plan.date_from)
            vals.update(date_from=start, date_to=end)
            if plan.class_override and self.env.user.has_group(
                "kam_management.group_kam_manager"
            ):
                # A manager's exception carries over when a manager plans on.
                vals.update(
                    class_override=True,
                    class_override_reason=plan.class_override_reason,
                )
        return vals_list

    # ------------------------------------------------------------------ actions
    def _kam_move(self, allowed_from, new_state):
        wrong = self.filtered(lambda p: p.state not in allowed_from)
        if wrong:
            labels = dict(PLAN_STATES)
            raise UserError(
                _(
                    "%(plans)s: a plan moves to %(new)s only from %(from)s.",
                    plans=", ".join(wrong.mapped("name")),
                    new=labels[new_state],
                    **{"from": ", ".join(labels[s] for s in allowed_from)},
                )
            )
        self.check_access("write")
        # sudo: state is a system field; the access was checked above.
        self.sudo().write({"state": new_state})  # sudo: see above

    def action_kam_approve(self):
        """A Key Accounts manager approves the plan."""
        if not self.env.user.has_group("kam_management.group_kam_manager"):
            raise AccessError(
                _("Only a Key Accounts manager approves an account plan.")
            )
        self._kam_move(("draft",), "approved")
        # sudo: see _kam_move.
        self.sudo().write(  # sudo: see above
            {"approved_by_id": self.env.uid, "approved_date": fields.Datetime.now()}
        )
        return True

    def action_kam_start(self):
        self._kam_move(("approved",), "in_progress")
        return True

    def action_kam_close(self):
        self._kam_move(("approved", "in_progress"), "closed")
        return True

    def action_kam_reset_draft(self):
        """Back to draft for changes; it must be approved again."""
        if not self.env.user.has_group("kam_management.group_kam_manager"):
            raise AccessError(
                _("Only a Key Accounts manager sends an approved plan back to draft.")
            )
        self._kam_move(("approved", "in_progress"), "draft")
        self.sudo().write(  # sudo: see _kam_move
            {"approved_by_id": False, "approved_date": False}
        )
        return True

    def action_kam_next_period(self):
        """Start the next period's plan as a copy of this one."""
        kam_ensure_one(self)
        new = self.copy()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
        }
