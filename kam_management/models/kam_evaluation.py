import logging
from datetime import date

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, html2plaintext

from .kam_input_mixin import kam_ensure_one

_logger = logging.getLogger(__name__)

EVALUATION_KINDS = [
    ("plan", "Account-Plan Execution"),
    ("customer", "Customer Evaluation"),
    ("coverage", "Sales Coverage"),
    ("strategy", "Strategy and Tactics"),
]
# The company setting holding each kind's period, in months.
PERIOD_SETTINGS = {
    "plan": "kam_plan_evaluation_months",
    "customer": "kam_evaluation_interval_months",
    "coverage": "kam_coverage_evaluation_months",
    "strategy": "kam_strategy_evaluation_months",
}
EVALUATION_STATES = [
    ("todo", "To Do"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# Accounts per run of the scheduler (one commit); its queries do not grow with it.
BATCH_SIZE = 1000
# The last year of an evaluation (as of the yearly assessment).
LAST_YEAR = 2999


def kam_period(day, months):
    """The period of `months` months (tiling the calendar year) that holds `day`."""
    first_month = ((day.month - 1) // months) * months + 1
    start = date(day.year, first_month, 1)
    return start, start + relativedelta(months=months, days=-1)


def kam_last_period(today, months):
    """The last period of `months` months that ended before `today`."""
    start, _end = kam_period(today, months)
    return kam_period(start - relativedelta(days=1), months)


class KamEvaluation(models.Model):
    """One of the four scheduled evaluations of a key account (客户运营状态评估) for
    one period: a snapshot of the engines' figures when it is created, compared with
    the previous one of the same kind, the findings, and an improvement plan whose
    items become activities (以便制定和执行下一步提升和改进计划)."""

    _name = "kam.evaluation"
    _inherit = ["kam.coverage.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Key Account Evaluation"
    _order = "period_start desc, account_id, kind, id"

    _kam_system_fields = frozenset(
        {"state", "snapshot", "snapshot_error", "previous_id", "date_done"}
    )

    name = fields.Char(compute="_compute_name", store=True)
    kind = fields.Selection(EVALUATION_KINDS, required=True, index=True, tracking=True)
    period_start = fields.Date(string="Period From", required=True, index=True)
    period_end = fields.Date(string="Period Until", required=True)
    date_deadline = fields.Date(string="Due Date", required=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        EVALUATION_STATES,
        default="todo",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
        copy=False,
        group_expand="_group_expand_states",
    )
    date_done = fields.Date(string="Done On", readonly=True, copy=False)
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    findings = fields.Html()
    cancel_reason = fields.Char(string="Why Cancelled", copy=False)
    item_ids = fields.One2many(
        "kam.evaluation.item", "evaluation_id", string="Improvement Plan"
    )
    snapshot = fields.Json(readonly=True, copy=False)
    snapshot_error = fields.Char(
        readonly=True,
        copy=False,
        help="The snapshot could not be taken when the evaluation was created.",
    )
    previous_id = fields.Many2one(
        "kam.evaluation",
        string="Previous Evaluation",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    snapshot_html = fields.Html(
        string="Figures", compute="_compute_snapshot_html", sanitize=False
    )

    _sql_constraints = [
        (
            "one_per_period",
            "UNIQUE(account_id, kind, period_start)",
            "This account already has an evaluation of this kind for this period.",
        ),
    ]

    # ------------------------------------------------------------------ compute
    @api.model
    def _group_expand_states(self, states, domain):
        """Kanban columns in an evaluation's order (to do, done, cancelled), not
        alphabetical; To Do always shows."""
        return [
            key for key, _label in EVALUATION_STATES if key in states or key == "todo"
        ]

    @api.depends("kind", "account_id.name", "period_start", "period_end")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        template = self._kam_name_template()
        for evaluation in self:
            evaluation.name = template % {
                "kind": kinds.get(evaluation.kind, ""),
                "account": evaluation.account_id.name or "",
                "start": evaluation.period_start or "",
                "end": evaluation.period_end or "",
            }

    @api.model
    def _kam_name_template(self):
        # Translated once for a batch: the scheduler names thousands at a time.
        return _("%(kind)s: %(account)s, %(start)s – %(end)s")

    @api.depends("state", "date_deadline")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for evaluation in self:
            evaluation.is_overdue = bool(
                evaluation.state == "todo"
                and evaluation.date_deadline
                and evaluation.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Overdue can only be compared with true or false."))
        today = fields.Date.context_today(self)
        overdue = [("state", "=", "todo"), ("date_deadline", "<", today)]
        if (operator == "=") == bool(value):
            return overdue
        return ["!", "&", *overdue]

    @api.depends("snapshot", "previous_id.snapshot")
    def _compute_snapshot_html(self):
        labels = self._kam_snapshot_labels()
        for evaluation in self:
            now = evaluation.snapshot or {}
            before = evaluation.previous_id.snapshot or {}
            if not now:
                evaluation.snapshot_html = False
                continue
            rows = []
            # In the labels' order (the database keeps JSON keys in its own).
            keys = [k for k in labels if k in now] + [
                k for k in now if k not in labels and not k.startswith("_")
            ]
            for key in keys:
                value = now[key]
                label = labels.get(key, key)
                shown = evaluation._kam_format(value)
                previous = before.get(key)
                change = ""
                # A yes/no figure is no number (bool is an int in Python): "No → Yes".
                numbers = [
                    isinstance(v, int | float) and not isinstance(v, bool)
                    for v in (value, previous)
                ]
                # Markup: the formatted texts are escaped once, here and no more.
                if all(numbers):
                    delta = value - previous
                    change = Markup("%s → %s") % (
                        evaluation._kam_format(previous),
                        shown,
                    )
                    if delta:
                        change += f" ({'+' if delta > 0 else ''}{round(delta, 2)})"
                elif previous is not None and previous != value:
                    change = Markup("%s → %s") % (
                        evaluation._kam_format(previous),
                        shown,
                    )
                rows.append(
                    Markup("<tr><th>%s</th><td>%s</td><td>%s</td></tr>")
                    % (label, shown, change)
                )
            head = Markup("<tr><th>%s</th><th>%s</th><th>%s</th></tr>") % (
                _("Figure"),
                _("Now"),
                _("Since the Previous Evaluation"),
            )
            evaluation.snapshot_html = (
                Markup('<table class="table table-sm o_kam_snapshot">')
                + head
                + Markup("").join(rows)
                + Markup("</table>")
            )

    @api.model
    def _kam_format(self, value):
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or "–"
        if isinstance(value, float):
            return f"{value:,.2f}"
        if value is None or value == "":
            return "–"
        return escape(str(value))

    @api.model
    def _kam_snapshot_labels(self):
        return {
            "plan": _("Plan"),
            "targets_total": _("Relationship Targets"),
            "targets_reached": _("Relationship Targets Reached"),
            "opportunities_planned": _("Opportunity Targets"),
            "opportunities_won": _("Opportunity Targets Won"),
            "opportunities_open": _("Opportunity Targets in the Pipeline"),
            "opportunities_lost": _("Opportunity Targets Lost"),
            "revenue_target": _("Revenue Target"),
            "revenue_actual": _("Confirmed Sales"),
            "revenue_attainment": _("Revenue Attainment (%)"),
            "score": _("Score"),
            "potential": _("Potential"),
            "contribution": _("Contribution"),
            "qualified": _("Still Qualifies"),
            "account_class": _("Class"),
            "members": _("Team"),
            "missing_roles": _("Roles Not Filled"),
            "activities_done": _("Activities Done in the Period"),
            "open_activities": _("Open Activities"),
            "untouched_key_persons": _("Key Persons Not Touched for Long"),
            "strategy": _("Strategy"),
            "class_changes": _("Class Changes in the Period"),
            "tactics_open": _("Tactics Open"),
            "tactics_overdue": _("Tactics Overdue"),
        }

    # ------------------------------------------------------------------ constraints
    @api.constrains("kind", "period_start", "period_end", "account_id")
    def _check_period(self):
        for evaluation in self:
            # Emptied by a client: said here, before the period is computed.
            if not (
                evaluation.kind and evaluation.period_start and evaluation.period_end
            ):
                raise ValidationError(_("An evaluation needs its kind and its period."))
            # The snapshots count days past the period's end: near the calendar's
            # end (9999) they overflow.
            if evaluation.period_end.year > LAST_YEAR:
                raise ValidationError(
                    _(
                        "An evaluation's period ends in %(year)s at the latest.",
                        year=LAST_YEAR,
                    )
                )
            months = evaluation.company_id[PERIOD_SETTINGS[evaluation.kind]]
            start, end = kam_period(evaluation.period_start, months)
            if (start, end) != (evaluation.period_start, evaluation.period_end):
                kinds = dict(self._fields["kind"]._description_selection(self.env))
                raise ValidationError(
                    _(
                        "%(kind)s: this kind of evaluation covers %(months)s "
                        "months, from the first day of a period of the year: for "
                        "this date, %(start)s – %(end)s.",
                        kind=kinds[evaluation.kind],
                        months=months,
                        start=start,
                        end=end,
                    )
                )

    # ------------------------------------------------------------------ actions
    def action_kam_done(self):
        """Close the evaluation with its findings; its own activities are done."""
        for evaluation in self:
            if evaluation.state != "todo":
                raise UserError(
                    _("%(name)s is not to do any more.", name=evaluation.name)
                )
            if not html2plaintext(evaluation.findings or "").strip():
                raise UserError(
                    _(
                        "%(name)s: write the findings before closing the evaluation: "
                        "they are what the next improvement plan starts from.",
                        name=evaluation.name,
                    )
                )
        self.check_access("write")
        today = fields.Date.context_today(self)
        # sudo: state and date are system fields; the access was checked above.
        self.sudo().write({"state": "done", "date_done": today})  # sudo: see above
        self.activity_ids.action_feedback(feedback=_("Evaluation done."))
        return True

    def action_kam_cancel(self):
        """A Key Accounts manager cancels an evaluation that has no object, saying
        why (in cancel_reason)."""
        if not self.env.user.has_group("kam_management.group_kam_manager"):
            raise AccessError(_("Only a Key Accounts manager cancels an evaluation."))
        if any(not (e.cancel_reason or "").strip() for e in self):
            raise UserError(_("Say why the evaluation is cancelled."))
        if any(e.state != "todo" for e in self):
            raise UserError(_("Only an evaluation to do can be cancelled."))
        self.sudo().write({"state": "cancelled"})  # sudo: see action_kam_done
        self.activity_ids.unlink()
        return True

    def action_kam_refresh_snapshot(self):
        """Take the snapshot again (while the evaluation is to do)."""
        kam_ensure_one(self)
        self.check_access("write")
        if self.state != "todo":
            raise UserError(_("A closed evaluation keeps its snapshot."))
        snapshots = self._kam_snapshots(
            self.account_id, self.kind, self.period_start, self.period_end
        )
        self.sudo().write(  # sudo: see action_kam_done
            {"snapshot": snapshots.get(self.account_id.id), "snapshot_error": False}
        )
        return True

    # ------------------------------------------------------------------ CRUD
    def write(self, vals):
        # The period, due date and responsible are set by the scheduler; changing
        # them is a manager's call (the yearly assessment counts evaluations done
        # on time).
        planned = {"kind", "period_start", "period_end", "date_deadline", "user_id"}
        if (
            planned & vals.keys()
            and not self.env.su
            and not self.env.user.has_group("kam_management.group_kam_manager")
        ):
            raise AccessError(
                _(
                    "Only a Key Accounts manager changes an evaluation's kind, "
                    "period, due date or responsible."
                )
            )
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # The record rules refuse an account the user does not cover; say it in
            # words (the rights on the model first: no name to those without them).
            self.check_access("create")
            # Other values (no account, a wrong id) are the input checks' to refuse.
            self.env["kam.account"].browse(
                {
                    vals["account_id"]
                    for vals in vals_list
                    if isinstance(vals.get("account_id"), int)
                }
            ).exists()._kam_check_team()
        # A new evaluation by hand starts from the engines' figures too.
        evaluations = super().create(vals_list)
        if not self.env.context.get("kam_no_snapshot"):
            for (kind, start, end), group in evaluations.grouped(
                lambda e: (e.kind, e.period_start, e.period_end)
            ).items():
                snapshots = self._kam_snapshots(group.account_id, kind, start, end)
                group._kam_set_snapshots(snapshots)
        return evaluations

    def _kam_set_snapshots(self, snapshots):
        """Store the snapshots and previous evaluations of evaluations created by
        hand (the scheduler passes them at creation)."""
        for (kind, start), group in self.grouped(
            lambda e: (e.kind, e.period_start)
        ).items():
            previous = self._kam_previous(group.account_id, kind, start)
            # sudo: snapshot and previous evaluation are system fields.
            for evaluation in group.sudo():  # sudo: see above
                evaluation.write(
                    {
                        "snapshot": snapshots.get(evaluation.account_id.id),
                        "previous_id": previous.get(evaluation.account_id.id, False),
                    }
                )

    @api.model
    def _kam_previous(self, accounts, kind, start):
        """{account id: its last evaluation of `kind` before `start`}, one query."""
        # sudo: the previous evaluation is compared, whoever may read it.
        earlier = self.sudo().search_fetch(  # sudo: see above
            [
                ("account_id", "in", accounts.ids),
                ("kind", "=", kind),
                ("period_start", "<", start),
                ("state", "!=", "cancelled"),
            ],
            ["account_id"],
            order="period_start desc, id desc",
        )
        result = {}
        for evaluation in earlier:
            result.setdefault(evaluation.account_id.id, evaluation.id)
        return result

    # ------------------------------------------------------------------ snapshots
    @api.model
    def _kam_snapshots(self, accounts, kind, start, end):
        """{account id: figures} of `kind` for the period, from the engines, in a
        constant number of queries for the batch."""
        builder = getattr(self, f"_kam_snapshot_{kind}")
        snapshots = {}
        for company, group in accounts.grouped("company_id").items():
            snapshots.update(builder(group.with_company(company), start, end))
        return snapshots

    @api.model
    def _kam_snapshot_plan(self, accounts, start, end):
        plans = self.env["kam.account.plan"].search(
            [
                ("account_id", "in", accounts.ids),
                ("state", "!=", "draft"),
                ("date_from", "<=", end),
                ("date_to", ">=", start),
            ],
            order="date_from desc",
        )
        plan_of = {}
        for plan in plans:
            plan_of.setdefault(plan.account_id.id, plan)
        result = {}
        for account in accounts:
            plan = plan_of.get(account.id)
            if not plan:
                result[account.id] = {"plan": _("No approved plan for the period")}
                continue
            # sudo: a planned opportunity counts whoever owns it; only the counts
            # are kept (the user may read only their own in the CRM).
            statuses = plan.opportunity_target_ids.sudo().mapped(  # sudo: see above
                "status"
            )
            result[account.id] = {
                "plan": plan.name,
                "targets_total": plan.targets_total,
                "targets_reached": plan.targets_reached,
                "opportunities_planned": len(statuses),
                "opportunities_won": statuses.count("won"),
                "opportunities_open": statuses.count("open"),
                "opportunities_lost": statuses.count("lost"),
                "revenue_target": plan.revenue_target,
                "revenue_actual": plan.revenue_actual,
                "revenue_attainment": round(plan.revenue_attainment, 1),
            }
        return result

    @api.model
    def _kam_snapshot_customer(self, accounts, start, end):
        """A fresh qualification by the company's method (kept in the history, and
        a nominated account that qualifies moves on), and the figures."""
        engine = self.env["kam.classification"]
        qualified = engine._kam_qualify_batch(accounts)
        potentials = engine._kam_potentials(accounts)
        contributions = engine._kam_contributions(accounts)
        return {
            account.id: {
                "score": round(account.score_total, 1),
                "potential": potentials[account.id][0],
                "contribution": contributions.get(account.id, 0.0),
                "qualified": account in qualified,
                "account_class": account.account_class or "",
            }
            for account in accounts
        }

    @api.model
    def _kam_activities_done(self, accounts, since, until, groupby):
        """Activities done on the accounts between the datetimes (their messages),
        counted by `groupby`: [(*groups, count)]."""
        # sudo: counting the team's activity on the account is the evaluation's.
        return (
            self.env["mail.message"]
            .sudo()  # sudo: see above
            ._read_group(
                [
                    ("model", "=", "kam.account"),
                    ("res_id", "in", accounts.ids),
                    ("mail_activity_type_id", "!=", False),
                    ("date", ">=", since),
                    ("date", "<", until),
                ],
                groupby=groupby,
                aggregates=["__count"],
            )
        )

    @api.model
    def _kam_snapshot_coverage(self, accounts, start, end):
        """Who covers the account, since when, how active each member was on it in
        the period, the roles not filled, and the key persons untouched for long."""
        since = fields.Datetime.to_datetime(start)
        until = fields.Datetime.to_datetime(end) + relativedelta(days=1)
        done = {
            (res_id, author.id): count
            for res_id, author, count in self._kam_activities_done(
                accounts, since, until, ["res_id", "author_id"]
            )
        }
        open_activities = {
            (res_id, user.id): count
            for res_id, user, count in self.env["mail.activity"]
            .sudo()  # sudo: see above
            ._read_group(
                [("res_model", "=", "kam.account"), ("res_id", "in", accounts.ids)],
                groupby=["res_id", "user_id"],
                aggregates=["__count"],
            )
        }
        untouched = self.env["kam.health"]._kam_untouched_key_persons(accounts)
        # Translated once for the batch, not once a line.
        stale_line = _("%(name)s (%(days)s days)")
        member_line = _(
            "%(who)s (%(role)s): %(days)s days, %(done)s done, %(open)s open"
        )
        result = {}
        for account in accounts:
            members = account.member_ids.filtered("is_active")
            stale = [
                stale_line % {"name": name, "days": days}
                for name, days in untouched.get(account.id, [])
            ]
            lines = []
            for member in members:
                who = member.user_id.name or member.partner_id.name or ""
                partner = member.user_id.partner_id or member.partner_id
                lines.append(
                    member_line
                    % {
                        "who": who,
                        "role": member.role_id.name,
                        "days": member.tenure_days,
                        "done": done.get((account.id, partner.id), 0),
                        "open": open_activities.get((account.id, member.user_id.id), 0),
                    }
                )
            result[account.id] = {
                "members": lines,
                "missing_roles": account.triangle_gaps or "",
                "activities_done": sum(
                    count
                    for (res_id, _a), count in done.items()
                    if res_id == account.id
                ),
                "open_activities": sum(
                    count
                    for (res_id, _u), count in open_activities.items()
                    if res_id == account.id
                ),
                "untouched_key_persons": stale,
            }
        return result

    @api.model
    def _kam_snapshot_strategy(self, accounts, start, end):
        """The strategy, its tactics done and overdue, and the class changes."""
        since = fields.Datetime.to_datetime(start)
        until = fields.Datetime.to_datetime(end) + relativedelta(days=1)
        today = fields.Date.context_today(self)
        # sudo: counting tactics on the account is the evaluation's.
        tactics = (
            self.env["mail.activity"]
            .sudo()  # sudo: see above
            ._read_group(
                [
                    ("res_model", "=", "kam.account"),
                    ("res_id", "in", accounts.ids),
                    ("kam_tactic_id", "!=", False),
                ],
                groupby=["res_id", "date_deadline:day"],
                aggregates=["__count"],
            )
        )
        done = dict(self._kam_activities_done(accounts, since, until, ["res_id"]))
        changes = self.env["kam.class.history"].search(
            [
                ("account_id", "in", accounts.ids),
                ("date", ">=", since),
                ("date", "<", until),
            ],
            order="date, id",
        )
        result = {}
        for account in accounts:
            mine = [
                (day, count) for res_id, day, count in tactics if res_id == account.id
            ]
            result[account.id] = {
                "strategy": account.strategy_id.name or "",
                "account_class": account.account_class or "",
                "class_changes": [
                    f"{c.old_class or '–'} → {c.new_class or '–'}"
                    for c in changes
                    if c.account_id == account
                ],
                "activities_done": done.get(account.id, 0),
                "tactics_open": sum(count for _day, count in mine),
                "tactics_overdue": sum(
                    count for day, count in mine if day and day < today
                ),
            }
        return result

    # ------------------------------------------------------------------ scheduler
    @api.model
    def _kam_due_domains(self, today):
        """[(company, kind, start, end, domain)]: the accounts that miss the
        evaluation of the last period of each kind that has ended."""
        result = []
        for company in self.env["res.company"].search([]):
            for kind, _label in EVALUATION_KINDS:
                start, end = kam_last_period(today, company[PERIOD_SETTINGS[kind]])
                domain = [
                    ("company_id", "=", company.id),
                    ("state", "=", "allocated"),
                    ("since_date", "<=", end),
                    (
                        "evaluation_ids",
                        "not any",
                        [("kind", "=", kind), ("period_start", "=", start)],
                    ),
                ]
                if kind == "plan":
                    domain.append(
                        (
                            "plan_ids",
                            "any",
                            [
                                ("state", "!=", "draft"),
                                ("date_from", "<=", end),
                                ("date_to", ">=", start),
                            ],
                        )
                    )
                result.append((company, kind, start, end, domain))
        return result

    @api.model
    def _cron_kam_evaluations(self):
        """Create the evaluations that are due, one batch per run: Odoo commits it
        and runs the next while `_notify_progress` says some remain. A unique
        constraint and the search for what is missing make a second run, or a run
        after a crash, create nothing twice."""
        today = fields.Date.context_today(self)
        Account = self.env["kam.account"].with_context(active_test=True)
        due = self._kam_due_domains(today)
        batch, failed = Account, {}
        for position, (company, kind, start, end, domain) in enumerate(due):
            batch = Account.search(domain, limit=BATCH_SIZE, order="id")
            if batch:
                in_company = self.with_company(company)
                failed = self.env["kam.classification"]._kam_run_isolated(
                    batch.with_env(in_company.env),
                    in_company._kam_create_due,
                    kind,
                    start,
                    end,
                    today,
                )
                if failed:
                    in_company._kam_create_failed(failed, kind, start, end, today)
                # The kinds before this one have nothing left.
                due = due[position:]
                break
        remaining = (
            sum(Account.search_count(domain) for *_rest, domain in due) if batch else 0
        )
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return failed

    @api.model
    def _kam_create_due(self, accounts, kind, start, end, today):
        snapshots = self._kam_snapshots(accounts, kind, start, end)
        return self._kam_create_evaluations(
            accounts, kind, start, end, today, snapshots=snapshots
        )

    @api.model
    def _kam_create_failed(self, failed, kind, start, end, today):
        """Accounts whose snapshot failed still get their evaluation, saying why,
        so that the failure reaches someone and is not retried forever."""
        for account, reason in failed.items():
            try:
                with self.env.cr.savepoint():
                    evaluation = self._kam_create_evaluations(
                        account, kind, start, end, today
                    )
                    evaluation.sudo().snapshot_error = reason[:250]  # sudo: system
            except Exception as error:  # noqa: BLE001 - logged, the run goes on
                _logger.warning(
                    "Evaluation of key account %s (id %s) not created: %s",
                    account.display_name,
                    account.id,
                    error,
                )

    @api.model
    def _kam_create_evaluations(
        self, accounts, kind, start, end, today, snapshots=None
    ):
        """Create the evaluations of `kind` for the period, with their snapshots
        and previous evaluations, each followed by its responsible, in a number of
        queries that does not grow with the batch."""
        company = self.env.company
        deadline = end + relativedelta(days=company.kam_evaluation_grace_days)
        previous = self._kam_previous(accounts, kind, start)
        snapshots = snapshots or {}
        values = []
        staffing_of = accounts._kam_staffing_managers()
        label = dict(self._fields["kind"]._description_selection(self.env))[kind]
        template = self._kam_name_template()
        for account in accounts:
            staffing = staffing_of[account.id]
            if kind == "coverage":
                # Is this allocation the best? The allocating manager's question.
                user = staffing or account.user_id
            else:
                user = account.user_id or staffing
            values.append(
                {
                    "name": template
                    % {
                        "kind": label,
                        "account": account.name,
                        "start": start,
                        "end": end,
                    },
                    "state": "todo",
                    "account_id": account.id,
                    "company_id": company.id,
                    "kind": kind,
                    "period_start": start,
                    "period_end": end,
                    "date_deadline": deadline,
                    "user_id": user.id,
                    "snapshot": snapshots.get(account.id),
                    "previous_id": previous.get(account.id, False),
                }
            )
        evaluations = self._kam_insert(values)
        # The evaluation is the responsible's to-do (due date, state; the activity
        # menu counts it): no activity beside it, which would double the work.
        evaluations._kam_subscribe_responsibles()
        return evaluations

    def _kam_subscribe_responsibles(self):
        """Make each new evaluation's responsible a follower with Odoo's default
        subtypes, in one statement where message_subscribe would run once per
        responsible (7 ms each). The evaluations are new: nobody follows them."""
        subtypes = self.env["mail.message.subtype"]._default_subtypes(self._name)[0]
        pairs = [
            (evaluation.id, evaluation.user_id.partner_id.id)
            for evaluation in self
            if evaluation.user_id.partner_id
        ]
        if not pairs:
            return
        relation = self.env["mail.followers"]._fields["subtype_ids"]
        self.env.cr.execute(
            SQL(
                """WITH follower AS (
                       INSERT INTO mail_followers (res_model, res_id, partner_id)
                       SELECT %s, res_id, partner_id
                         FROM unnest(%s::int[], %s::int[]) AS t(res_id, partner_id)
                       RETURNING id)
                   INSERT INTO %s (%s, %s)
                   SELECT follower.id, subtype
                     FROM follower CROSS JOIN unnest(%s::int[]) AS subtype""",
                self._name,
                [res_id for res_id, _partner in pairs],
                [partner for _res_id, partner in pairs],
                SQL.identifier(relation.relation),
                SQL.identifier(relation.column1),
                SQL.identifier(relation.column2),
                subtypes,
            )
        )
        self.invalidate_recordset(["message_follower_ids"])
