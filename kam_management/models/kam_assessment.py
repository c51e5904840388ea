from datetime import date, datetime, time

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

SUBJECT_TYPES = [
    ("team", "Sales Team"),
    ("salesperson", "Salesperson"),
    ("account", "Key Account"),
    ("expert", "Customer Lead Expert"),
]
RESULTS = [("qualified", "Qualified"), ("not_qualified", "Not Qualified")]
# Classes from the most to the least invested in: a move up is towards A.
CLASS_RANK = {"A": 4, "C": 3, "B": 2, "D": 1}
# The figures the engine computes (kept out of users' hands).
FIGURES = (
    "account_count",
    "revenue",
    "revenue_target",
    "revenue_attainment",
    "plan_execution",
    "evaluations_due",
    "evaluations_on_time",
    "on_time_rate",
    "closeness_gained",
    "class_up",
    "class_down",
    "computed_qualified",
    "computed_on",
)


class KamAssessment(models.Model):
    """The yearly assessment (评估和考核) of one sales team, salesperson, key account
    or customer lead expert: figures computed from the year's data, qualified or not
    by the company's thresholds, and the Key Accounts manager's final word."""

    _name = "kam.assessment"
    _inherit = ["kam.input.mixin", "mail.thread"]
    _description = "Yearly Key-Account Assessment"
    _order = "year desc, subject_type, name"
    _check_company_auto = True

    _kam_system_fields = frozenset(FIGURES) | {"subject_key"}

    name = fields.Char(compute="_compute_name", store=True)
    year = fields.Integer(required=True, index=True, aggregator=False)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda s: s.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    subject_type = fields.Selection(SUBJECT_TYPES, string="Assessed", required=True)
    subject_key = fields.Char(readonly=True, index=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Salesperson", ondelete="cascade")
    account_id = fields.Many2one(
        "kam.account", string="Key Account", ondelete="cascade"
    )
    expert_kpi_id = fields.Many2one(
        "kam.lead.expert.kpi", string="Expert KPIs", ondelete="cascade"
    )
    account_count = fields.Integer(string="Key Accounts", readonly=True)
    revenue = fields.Monetary(
        readonly=True,
        help="Confirmed sales of the year from the key accounts assessed, in the "
        "company currency (the classification's contribution figure).",
    )
    revenue_target = fields.Monetary(
        readonly=True, help="Revenue targets of their plans starting in the year."
    )
    # Ratios: a sum or mean of them over a group would mislead.
    revenue_attainment = fields.Float(
        string="Attainment (%)", readonly=True, aggregator=False
    )
    plan_execution = fields.Float(
        string="Plan Execution (%)",
        readonly=True,
        aggregator=False,
        help="Relationship targets reached and opportunity targets won, over all "
        "the targets of the plans of the year.",
    )
    evaluations_due = fields.Integer(readonly=True)
    evaluations_on_time = fields.Integer(readonly=True)
    on_time_rate = fields.Float(
        string="Evaluations on Time (%)", readonly=True, aggregator=False
    )
    closeness_gained = fields.Integer(
        readonly=True,
        help="Closeness levels gained over the year by the accounts' key persons.",
    )
    class_up = fields.Integer(string="Class Moves Up", readonly=True)
    class_down = fields.Integer(string="Class Moves Down", readonly=True)
    computed_qualified = fields.Boolean(
        string="Qualified by the Figures",
        readonly=True,
        help="Revenue attainment and evaluations on time reach the company's "
        "thresholds (a figure with nothing to measure does not count against).",
    )
    computed_on = fields.Datetime(readonly=True)
    final_result = fields.Selection(RESULTS, string="Manager's Decision", tracking=True)
    result = fields.Selection(
        RESULTS,
        compute="_compute_result",
        store=True,
        help="The manager's decision, or else what the figures say.",
    )
    comment = fields.Text(string="Manager's Comment")

    _sql_constraints = [
        (
            "subject_year_unique",
            "UNIQUE(company_id, year, subject_key)",
            "This subject is already assessed for this year: compute again instead.",
        ),
    ]

    @api.depends("subject_type", "team_id", "user_id", "account_id", "expert_kpi_id")
    def _compute_name(self):
        for assessment in self:
            subject = (
                assessment.team_id
                or assessment.user_id
                or assessment.account_id
                or assessment.expert_kpi_id.expert_id
            )
            assessment.name = f"{subject.display_name or ''} {assessment.year or ''}"

    @api.depends("final_result", "computed_qualified")
    def _compute_result(self):
        for assessment in self:
            assessment.result = assessment.final_result or (
                "qualified" if assessment.computed_qualified else "not_qualified"
            )

    # ------------------------------------------------------------------ CRUD
    def _kam_check_manager(self):
        if not self.env.su and not self.env.user.has_group(
            "kam_management.group_kam_manager"
        ):
            raise AccessError(_("Only a Key Accounts manager assesses."))

    @api.model_create_multi
    def create(self, vals_list):
        self._kam_check_manager()
        return super().create(vals_list)

    def write(self, vals):
        self._kam_check_manager()
        return super().write(vals)

    # ------------------------------------------------------------------ engine
    @api.model
    def _kam_generate(self, year):
        """Assess the current company's sales teams, salespeople, key accounts and
        lead experts for `year`: one record each, created or refreshed (the
        manager's decision and comment are kept). A constant number of queries."""
        self._kam_check_manager()
        if not isinstance(year, int) or not 2000 <= year <= 2999:
            raise UserError(_("Choose a year between 2000 and 2999."))
        company = self.env.company
        first, last = date(year, 1, 1), date(year, 12, 31)
        start = datetime.combine(first, time.min)
        end = datetime.combine(date(year + 1, 1, 1), time.min)
        accounts = self.env["kam.account"].search(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("qualified", "allocated")),
                ("since_date", "<=", last),
            ]
        )
        figures = self._kam_account_figures(accounts, first, last, start, end)
        # Who held each account as its account manager during the year.
        memberships = self.env["kam.account.member"].search_fetch(
            [
                ("account_id", "in", accounts.ids),
                ("role_id.is_account_manager", "=", True),
                ("user_id", "!=", False),
                ("date_from", "<=", last),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", first),
            ],
            ["account_id", "user_id"],
        )
        accounts_of_user = {}
        for member in memberships:
            accounts_of_user.setdefault(member.user_id, set()).add(member.account_id.id)
        accounts_of_team = {}
        for user, account_ids in accounts_of_user.items():
            if user.sale_team_id:
                accounts_of_team.setdefault(user.sale_team_id, set()).update(
                    account_ids
                )
        values = {}
        for account in accounts:
            values[f"account:{account.id}"] = dict(
                self._kam_total(figures, {account.id}, company),
                subject_type="account",
                account_id=account.id,
            )
        for user, account_ids in accounts_of_user.items():
            values[f"user:{user.id}"] = dict(
                self._kam_total(figures, account_ids, company),
                subject_type="salesperson",
                user_id=user.id,
            )
        for team, account_ids in accounts_of_team.items():
            values[f"team:{team.id}"] = dict(
                self._kam_total(figures, account_ids, company),
                subject_type="team",
                team_id=team.id,
            )
        # The lead experts' yearly KPIs join the same screen.
        kpis = self.env["kam.lead.expert.kpi"]._kam_generate(year)
        for kpi in kpis:
            values[f"expert:{kpi.id}"] = {
                "subject_type": "expert",
                "expert_kpi_id": kpi.id,
                "account_count": kpi.accounts_led,
                "revenue": kpi.won_revenue,
                "closeness_gained": kpi.closeness_gained,
                "computed_qualified": bool(kpi.rating) and int(kpi.rating) >= 3,
            }
        now = fields.Datetime.now()
        existing = self.search([("company_id", "=", company.id), ("year", "=", year)])
        by_key = {a.subject_key: a for a in existing}
        to_create = []
        # sudo: the figures are system fields; the caller is a manager (checked).
        for key, vals in values.items():
            vals = dict(vals, computed_on=now)
            if key in by_key:
                by_key[key].sudo().write(vals)  # sudo: see above
            else:
                to_create.append(
                    dict(vals, subject_key=key, year=year, company_id=company.id)
                )
        created = self.sudo().create(to_create)  # sudo: see above
        return (existing | created).with_env(self.env)

    @api.model
    def _kam_account_figures(self, accounts, first, last, start, end):
        """{account id: {figure: value}} of the year, for the accounts."""
        engine = self.env["kam.classification"]
        revenue = engine._kam_contributions(accounts, since=first, until=last)
        plans = self.env["kam.account.plan"].search(
            [
                ("account_id", "in", accounts.ids),
                ("state", "!=", "draft"),
                ("date_from", ">=", first),
                ("date_from", "<=", last),
            ]
        )
        evaluations = (
            self.env["kam.evaluation"]
            .sudo()  # sudo: a manager's figures; counted only
            .search_fetch(
                [
                    ("account_id", "in", accounts.ids),
                    ("state", "!=", "cancelled"),
                    ("date_deadline", ">=", first),
                    ("date_deadline", "<=", last),
                ],
                ["account_id", "state", "date_done", "date_deadline"],
            )
        )
        persons = self.env["kam.key.person"].search(
            [("account_id", "in", accounts.ids), ("is_key_person", "=", True)]
        )
        gains = self.env["kam.portrait.history"]._kam_closeness_gains(
            persons, start, end
        )
        moves = self.env["kam.class.history"].search_fetch(
            [
                ("account_id", "in", accounts.ids),
                ("date", ">=", start),
                ("date", "<", end),
            ],
            ["account_id", "old_class", "new_class"],
        )
        figures = {}
        for account in accounts:
            mine = plans.filtered(lambda p, a=account: p.account_id == a)
            targets = mine.relation_target_ids
            # sudo: a planned opportunity won counts whoever owns it; the manager
            # assessing may read only their own in the CRM (the status would be
            # empty). Only the count leaves this method.
            opportunities = mine.opportunity_target_ids.sudo()  # sudo: see above
            due = evaluations.filtered(lambda e, a=account: e.account_id == a)
            up = down = 0
            for move in moves.filtered(lambda m, a=account: m.account_id == a):
                old = CLASS_RANK.get(move.old_class or "", 0)
                new = CLASS_RANK.get(move.new_class or "", 0)
                if old and new:
                    up += new > old
                    down += new < old
            figures[account.id] = {
                "revenue": revenue.get(account.id, 0.0),
                "revenue_target": sum(mine.mapped("revenue_target")),
                "targets": len(targets) + len(opportunities),
                "targets_met": len(targets.filtered("reached"))
                + opportunities.mapped("status").count("won"),
                "evaluations_due": len(due),
                "evaluations_on_time": len(
                    due.filtered(
                        lambda e: (
                            e.state == "done"
                            and e.date_done
                            and e.date_done <= e.date_deadline
                        )
                    )
                ),
                "closeness_gained": sum(
                    gains[p.id] for p in persons if p.account_id == account
                ),
                "class_up": up,
                "class_down": down,
            }
        return figures

    @api.model
    def _kam_total(self, figures, account_ids, company):
        rows = [figures[i] for i in account_ids if i in figures]

        def total(name):
            return sum(row[name] for row in rows)

        revenue, target = total("revenue"), total("revenue_target")
        targets, met = total("targets"), total("targets_met")
        due, on_time = total("evaluations_due"), total("evaluations_on_time")
        attainment = 100.0 * revenue / target if target else 0.0
        on_time_rate = 100.0 * on_time / due if due else 0.0
        # A figure with nothing to measure (no target, no evaluation due) does not
        # count against the subject.
        qualified = (
            not target or attainment >= company.kam_assessment_revenue_pct
        ) and (not due or on_time_rate >= company.kam_assessment_on_time_pct)
        return {
            "account_count": len(rows),
            "revenue": revenue,
            "revenue_target": target,
            "revenue_attainment": round(attainment, 1),
            "plan_execution": round(100.0 * met / targets, 1) if targets else 0.0,
            "evaluations_due": due,
            "evaluations_on_time": on_time,
            "on_time_rate": round(on_time_rate, 1),
            "closeness_gained": total("closeness_gained"),
            "class_up": total("class_up"),
            "class_down": total("class_down"),
            "computed_qualified": qualified,
        }

    @api.model
    def _cron_kam_assess(self):
        """Early in January: assess the year that ended, in every company."""
        year = fields.Date.context_today(self).year - 1
        for company in self.env["res.company"].search([]):
            self.with_company(company)._kam_generate(year)

    def action_kam_refresh(self):
        """Compute these assessments' years again (decisions are kept)."""
        self._kam_check_manager()
        for year, group in self.grouped("year").items():
            for company in group.company_id:
                self.with_company(company)._kam_generate(year)
        return True
