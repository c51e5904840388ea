from datetime import date, datetime, time

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .kam_input_mixin import kam_ensure_one

RATINGS = [
    ("1", "1 - Below Expectations"),
    ("2", "2 - Partly Met"),
    ("3", "3 - Met"),
    ("4", "4 - Exceeded"),
    ("5", "5 - Outstanding"),
]


class KamLeadExpertKpi(models.Model):
    """One customer lead expert's figures for one year (客户引领专家按年度考核),
    computed from the data, with the manager's rating and comment.

    Generated for a year by `_kam_generate`, which can run again: it refreshes the
    figures of the year and keeps the ratings.
    """

    _name = "kam.lead.expert.kpi"
    _inherit = ["kam.input.mixin", "mail.thread"]
    _description = "Customer Lead Expert KPIs"
    _order = "year desc, expert_id"
    _check_company_auto = True

    _kam_system_fields = frozenset(
        {
            "key_persons_reached",
            "closeness_gained",
            "solutions_seeded",
            "opportunities_incubated",
            "expected_revenue",
            "won_revenue",
            "accounts_led",
            "computed_on",
        }
    )
    _kam_bounds = {"year": (2000, 2999)}

    expert_id = fields.Many2one(
        "kam.lead.expert",
        string="Expert",
        required=True,
        index=True,
        ondelete="cascade",
    )
    year = fields.Integer(required=True, index=True, aggregator=False)
    company_id = fields.Many2one(
        related="expert_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    key_persons_reached = fields.Integer(
        readonly=True,
        help="Key persons on whom the expert's people held an influence during "
        "the year.",
    )
    closeness_gained = fields.Integer(
        readonly=True,
        help="Closeness levels gained by those persons over the year (level at the "
        "year's end minus level at its start, from the portrait history; unknown "
        "counts as 1 - Stranger).",
    )
    solutions_seeded = fields.Integer(readonly=True)
    opportunities_incubated = fields.Integer(
        readonly=True, help="Opportunities created in the year that credit the expert."
    )
    expected_revenue = fields.Monetary(
        readonly=True,
        help="Expected revenue of the opportunities incubated in the year.",
    )
    won_revenue = fields.Monetary(
        readonly=True,
        help="Revenue of the expert's opportunities won during the year.",
    )
    accounts_led = fields.Integer(
        readonly=True,
        help="Key accounts where the expert held the lead-expert role during the year.",
    )
    computed_on = fields.Datetime(readonly=True)
    rating = fields.Selection(RATINGS, tracking=True)
    comment = fields.Text(string="Manager's Comment")

    _sql_constraints = [
        (
            "expert_year_unique",
            "UNIQUE(expert_id, year)",
            "This expert already has KPIs for this year: compute them again instead.",
        ),
    ]

    @api.depends("expert_id", "year")
    def _compute_display_name(self):
        for kpi in self:
            kpi.display_name = f"{kpi.expert_id.name or ''} {kpi.year or ''}".strip()

    # ------------------------------------------------------------------ engine
    @api.model
    def _kam_generate(self, year, experts=None):
        """Compute the KPIs of `year` for the experts (default: all active experts
        of the current company), creating or refreshing one record per expert.
        A constant number of queries whatever the number of experts."""
        if not isinstance(year, int) or not 2000 <= year <= 2999:
            raise UserError(_("Choose a year between 2000 and 2999."))
        if experts is None:
            experts = self.env["kam.lead.expert"].search(
                [("company_id", "=", self.env.company.id)]
            )
        figures = self._kam_figures(experts, year)
        existing = self.search([("expert_id", "in", experts.ids), ("year", "=", year)])
        existing_of = {kpi.expert_id.id: kpi for kpi in existing}
        now = fields.Datetime.now()
        # sudo: the figures are system fields; the caller is a manager (access).
        to_create = []
        for expert in experts:
            values = dict(figures[expert.id], computed_on=now)
            kpi = existing_of.get(expert.id)
            if kpi:
                kpi.sudo().write(values)  # sudo: see above
            else:
                to_create.append(dict(values, expert_id=expert.id, year=year))
        created = self.sudo().create(to_create)  # sudo: see above
        return (existing | created).with_env(self.env)

    @api.model
    def _kam_figures(self, experts, year):
        """{expert id: {figure: value}} of `year`."""
        start = datetime.combine(date(year, 1, 1), time.min)
        end = datetime.combine(date(year + 1, 1, 1), time.min)
        first, last = start.date(), date(year, 12, 31)
        result = {
            expert.id: {
                "key_persons_reached": 0,
                "closeness_gained": 0,
                "solutions_seeded": 0,
                "opportunities_incubated": 0,
                "expected_revenue": 0.0,
                "won_revenue": 0.0,
                "accounts_led": 0,
            }
            for expert in experts
        }
        # Accounts led: memberships overlapping the year.
        memberships = (
            self.env["kam.account.member"]
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("expert_id", "in", experts.ids),
                    ("date_from", "<=", last),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", first),
                ],
                ["expert_id", "account_id"],
            )
        )
        led = {}
        for member in memberships:
            led.setdefault(member.expert_id.id, set()).add(member.account_id.id)
        # Key persons reached: influences in force during the year.
        reach = self.env["kam.lead.expert"]._kam_reach(
            experts,
            [
                ("create_date", "<", end),
                "|",
                ("date_start", "=", False),
                ("date_start", "<=", last),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", first),
                ("active", "in", (True, False)),
            ],
        )
        reached = {
            expert_id: {(i.account_id.id, i.influenced_id.id) for i in influences}
            for expert_id, influences in reach.items()
        }
        pairs = set().union(*reached.values()) if reached else set()
        portraits = self.env["kam.key.person"].search_fetch(
            [
                ("account_id", "in", list({a for a, _p in pairs})),
                ("partner_id", "in", list({p for _a, p in pairs})),
            ],
            ["account_id", "partner_id", "closeness"],
        )
        portrait_of = {
            (p.account_id.id, p.partner_id.id): p
            for p in portraits
            if (p.account_id.id, p.partner_id.id) in pairs
        }
        gains = self.env["kam.portrait.history"]._kam_closeness_gains(
            self.env["kam.key.person"].union(*portrait_of.values()), start, end
        )

        # Solutions seeded in the year.
        seeds = dict(
            self.env["kam.solution.seed"]._read_group(
                [
                    ("expert_id", "in", experts.ids),
                    ("date", ">=", first),
                    ("date", "<=", last),
                ],
                groupby=["expert_id"],
                aggregates=["__count"],
            )
        )
        # Opportunities: incubated (created) in the year, and won in the year.
        # sudo: the credit counts every opportunity that names the experts, whoever
        # owns it; the manager computing may read only their own in the CRM. Only
        # the experts' totals are kept.
        Lead = self.env["crm.lead"].with_context(active_test=False)
        Lead = Lead.sudo()  # sudo: see above
        # Lost ones (archived) count as incubated, but their revenue is no credit.
        incubated = {}
        for expert, active, count, revenue in Lead._read_group(
            [
                ("kam_expert_id", "in", experts.ids),
                ("type", "=", "opportunity"),
                ("create_date", ">=", start),
                ("create_date", "<", end),
            ],
            groupby=["kam_expert_id", "active"],
            aggregates=["__count", "expected_revenue:sum"],
        ):
            total, credit = incubated.get(expert, (0, 0.0))
            incubated[expert] = (total + count, credit + (revenue if active else 0.0))
        won = dict(
            Lead._read_group(
                [
                    ("kam_expert_id", "in", experts.ids),
                    ("type", "=", "opportunity"),
                    ("stage_id.is_won", "=", True),
                    ("date_closed", ">=", start),
                    ("date_closed", "<", end),
                ],
                groupby=["kam_expert_id"],
                aggregates=["expected_revenue:sum"],
            )
        )
        for expert in experts:
            figures = result[expert.id]
            persons = [
                portrait_of[key]
                for key in reached.get(expert.id, ())
                if key in portrait_of
            ]
            figures["key_persons_reached"] = len(persons)
            figures["closeness_gained"] = sum(gains[p.id] for p in persons)
            figures["solutions_seeded"] = seeds.get(expert, 0)
            count, revenue = incubated.get(expert, (0, 0.0))
            figures["opportunities_incubated"] = count
            figures["expected_revenue"] = revenue or 0.0
            figures["won_revenue"] = won.get(expert, 0.0) or 0.0
            figures["accounts_led"] = len(led.get(expert.id, ()))
        return result

    def action_kam_refresh(self):
        """Compute these KPIs again from the data (ratings are kept)."""
        # The engine writes as superuser: an expert who reads their own KPIs may
        # not compute them (the managers' right, as in the wizard).
        if not self.env.su and not self.env.user.has_group(
            "kam_management.group_kam_manager"
        ):
            raise AccessError(
                _("Only a Key Accounts manager computes the experts' KPIs.")
            )
        for year, kpis in self.grouped("year").items():
            for company, same in kpis.grouped("company_id").items():
                self.with_company(company)._kam_generate(year, same.expert_id)
        return True

    def action_kam_open_expert(self):
        kam_ensure_one(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "kam.lead.expert",
            "res_id": self.expert_id.id,
            "view_mode": "form",
        }
