from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

BATCH_SIZE = 500

# The engine's stored figures and the cast of each in a VALUES list (an untyped
# NULL or number would not match the column type).
STORED_CASTS = {
    "kam_contribution": "%s::numeric",
    "kam_potential": "%s::numeric",
    "kam_potential_rule_id": "%s::int4",
    "kam_class_computed": "%s::varchar",
    "kam_class": "%s::varchar",
    "kam_classified_date": "%s::timestamp",
}


def kam_class_of(potential_high, contribution_high):
    """The ABCD class (资源投入策略) of a customer from its two axes."""
    if contribution_high:
        return "A" if potential_high else "B"
    return "C" if potential_high else "D"


class KamClassification(models.AbstractModel):
    """The classification engine: contribution, potential, ABCD class and
    qualification of key accounts, in batches with a constant number of queries.

    Forms (on demand), the scheduled action and later the evaluations all call
    `_kam_classify` and `_kam_qualify`; nothing computes these a second way.
    """

    _name = "kam.classification"
    _description = "Key-Account Classification Engine"

    # ------------------------------------------------------------------ helpers
    @api.model
    def _kam_converter(self, currencies, date):
        """A function converting amounts of `currencies` into the company currency
        with the rates of `date`, read once. Refuses currencies without any rate:
        Odoo would silently count them 1:1."""
        company = self.env.company
        currencies = (currencies - company.currency_id).filtered("id")
        if currencies:
            with_rates = {
                currency.id
                # sudo: rates are public figures; users may lack accounting rights.
                for (currency,) in self.env["res.currency.rate"]
                .sudo()  # sudo: see above
                ._read_group(
                    [
                        ("currency_id", "in", currencies.ids),
                        # as _get_rates: a branch uses its root company's rates
                        ("company_id", "in", [company.root_id.id, company.id, False]),
                    ],
                    groupby=["currency_id"],
                )
            }
            missing = currencies.filtered(lambda c: c.id not in with_rates)
            if missing:
                raise UserError(
                    _(
                        "There is no exchange rate for %(currencies)s: enter one "
                        "(Settings > Currencies) so that amounts in it can be counted "
                        "in %(company_currency)s.",
                        currencies=", ".join(missing.mapped("name")),
                        company_currency=company.currency_id.name,
                    )
                )
        rates = (currencies | company.currency_id)._get_rates(company, date)
        target = rates[company.currency_id.id]

        def convert(amount, currency):
            if not amount or not currency or currency == company.currency_id:
                return amount or 0.0
            return amount / rates[currency.id] * target

        return convert

    @api.model
    def _kam_contributions(self, accounts):
        """Confirmed untaxed sales of each account and its contacts over the window,
        in the company currency: {account id: amount}. One statement for the batch:
        each order is converted at its own date's rate (sale.order.currency_rate)."""
        company = self.env.company
        since = fields.Datetime.now() - relativedelta(
            months=company.kam_contribution_months
        )
        self.env["sale.order"].flush_model(
            [
                "state",
                "date_order",
                "amount_untaxed",
                "currency_rate",
                "partner_id",
                "company_id",
                "currency_id",
            ]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id, so.currency_id,
                       SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1))
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state = 'sale'
                   AND so.company_id = %s
                   AND so.date_order >= %s
                   AND p.commercial_partner_id IN %s
              GROUP BY p.commercial_partner_id, so.currency_id
                """,
                company.id,
                since,
                tuple(accounts.ids) or (0,),
            )
        )
        # Orders in a currency without any rate were counted 1:1 by Odoo: refuse.
        self._kam_converter(
            self.env["res.currency"].browse({row[1] for row in rows}),
            fields.Date.context_today(self),
        )
        result = dict.fromkeys(accounts.ids, 0.0)
        for account_id, _currency_id, amount in rows:
            result[account_id] += float(amount or 0.0)
        return result

    @api.model
    def _kam_potentials(self, accounts):
        """{account id: (potential, rule)} from the manual figure or the first
        matching estimation rule, in the company currency."""
        rules = self.env["kam.estimation.rule"].search(
            [("company_id", "in", [self.env.company.id, False])]
        )
        convert = self._kam_converter(
            rules.currency_id | accounts.kam_revenue_currency_id,
            fields.Date.context_today(self),
        )
        result = {}
        for account in accounts:
            if account.kam_potential_manual:
                result[account.id] = (
                    account.kam_potential_manual_amount,
                    rules.browse(),
                )
                continue
            result[account.id] = (0.0, rules.browse())
            for rule in rules:
                if rule.industry_id and rule.industry_id != account.industry_id:
                    continue
                estimate = rule._kam_estimate(account, convert)
                if estimate is not None:
                    result[account.id] = (estimate, rule)
                    break
        return result

    # ------------------------------------------------------------------ engine
    @api.model
    def _kam_classify(self, accounts, reason=None):
        """Recompute contribution, potential and class of `accounts`; keep class
        changes as history and propose (or apply) the strategy of the new class."""
        for batch in split_every(
            BATCH_SIZE, accounts.ids, self.env["res.partner"].browse
        ):
            self._kam_classify_batch(batch, reason or _("Recomputed"))

    @api.model
    def _kam_classify_batch(self, accounts, reason):
        company = self.env.company
        currency = company.currency_id
        accounts.fetch(
            [
                "industry_id",
                "kam_headcount",
                "kam_annual_revenue",
                "kam_revenue_currency_id",
                "kam_potential_manual",
                "kam_potential_manual_amount",
                "kam_class",
                "kam_class_override",
                "kam_class_override_reason",
                "kam_strategy_id",
            ]
        )
        contributions = self._kam_contributions(accounts)
        potentials = self._kam_potentials(accounts)
        now = fields.Datetime.now()
        figures, history, changed = {}, [], {}
        for account in accounts:
            contribution = contributions[account.id]
            potential, rule = potentials[account.id]
            computed = kam_class_of(
                potential >= company.kam_potential_threshold,
                contribution >= company.kam_contribution_threshold,
            )
            new_class = account.kam_class_override or computed
            figures[account.id] = {
                "kam_contribution": contribution,
                "kam_potential": potential,
                "kam_potential_rule_id": rule.id or None,
                "kam_class_computed": computed,
                "kam_class": new_class,
                "kam_classified_date": now,
            }
            if new_class != account.kam_class:
                changed[account.id] = new_class
                history.append(
                    {
                        "partner_id": account.id,
                        "date": now,
                        "user_id": self.env.uid,
                        "old_class": account.kam_class or False,
                        "new_class": new_class,
                        "reason": account.kam_class_override_reason
                        if account.kam_class_override
                        else reason,
                        "potential": potential,
                        "contribution": contribution,
                        "currency_id": currency.id,
                    }
                )
        self._kam_store(accounts, figures)
        if history:
            # sudo: history is the system's record; who ran it is in user_id.
            self.env["kam.class.history"].sudo().create(history)  # sudo: see above
            self._kam_propose_strategies(accounts.browse(list(changed)))

    @api.model
    def _kam_propose_strategies(self, accounts):
        """After a class change: the first strategy of the new class is proposed;
        one marked for automatic use is applied at once."""
        strategies = self.env["kam.strategy"].search(
            [("company_id", "in", [self.env.company.id, False])]
        )
        for new_class, group in accounts.grouped("kam_class").items():
            strategy = strategies.filtered(lambda s, c=new_class: s._kam_applies_to(c))[
                :1
            ]
            group.sudo().write(  # sudo: a system field
                {"kam_proposed_strategy_id": strategy.id}
            )
            if strategy.auto_apply:
                strategy._kam_apply(group)

    @api.model
    def _kam_qualify(self, partners):
        """Decide whether `partners` qualify as key accounts by the company's
        method; every decision is added to the history with its figures."""
        company = self.env.company
        method = company.kam_qualification_method
        if method in ("scoring", "either", "both"):
            self.env["kam.score.criterion"]._kam_check_weights()
        potentials = self._kam_potentials(partners)
        now = fields.Datetime.now()
        decisions, qualified_ids = [], []
        for partner in partners:
            score = partner.kam_score_total
            potential = potentials[partner.id][0]
            by_score = score >= company.kam_score_threshold
            by_potential = potential >= company.kam_potential_threshold
            qualified = {
                "scoring": by_score,
                "estimation": by_potential,
                "either": by_score or by_potential,
                "both": by_score and by_potential,
            }[method]
            if qualified:
                qualified_ids.append(partner.id)
            decisions.append(
                {
                    "partner_id": partner.id,
                    "date": now,
                    "user_id": self.env.uid,
                    "method": method,
                    "qualified": qualified,
                    "score_total": score,
                    "score_threshold": company.kam_score_threshold,
                    "potential": potential,
                    "potential_threshold": company.kam_potential_threshold,
                    "currency_id": company.currency_id.id,
                }
            )
        # sudo: the decision is the system's record; who ran it is in user_id.
        self.env["kam.qualification"].sudo().create(decisions)  # sudo: see above
        self._kam_store(
            partners,
            {
                partner.id: {
                    "kam_potential": potentials[partner.id][0],
                    "kam_potential_rule_id": potentials[partner.id][1].id or None,
                }
                for partner in partners
            },
        )
        qualified = partners.browse(qualified_ids)
        # Two writes whatever the number of partners.
        # sudo: system fields (KAM_SYSTEM_FIELDS).
        qualified.sudo().write(  # sudo: see above
            {"kam_qualified": True, "kam_qualification_date": now}
        )
        (partners - qualified).sudo().write(  # sudo: see above
            {"kam_qualified": False, "kam_qualification_date": now}
        )
        return qualified

    @api.model
    def _kam_store(self, partners, figures):
        """Store per-partner figures ({id: {field: value}}, the same fields for each)
        in one UPDATE statement for the whole batch, where the ORM would write one
        row at a time. Only the engine's own fields (STORED_CASTS) are stored."""
        if not figures:
            return
        names = list(next(iter(figures.values())))
        # Pending ORM values would overwrite the statement's results at the next flush.
        partners.flush_recordset(names)
        rows = SQL(", ").join(
            SQL(
                "(%s)",
                SQL(", ").join(
                    [SQL("%s", partner_id)]
                    + [SQL(STORED_CASTS[name], values[name]) for name in names]
                ),
            )
            for partner_id, values in figures.items()
        )
        self.env.execute_query(
            SQL(
                "UPDATE res_partner AS p SET %s FROM (VALUES %s) AS v(%s) "
                "WHERE p.id = v.id",
                SQL(", ").join(
                    SQL("%s = v.%s", SQL.identifier(name), SQL.identifier(name))
                    for name in names
                ),
                rows,
                SQL(", ").join(SQL.identifier(name) for name in ["id", *names]),
            )
        )
        partners.invalidate_recordset(names, flush=False)

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_kam_classify(self):
        """Daily: classify every key account; qualify again those whose last
        qualification is older than the company's evaluation interval."""
        accounts = self.env["res.partner"].search([("kam_is_key_account", "=", True)])
        self._kam_classify(accounts, reason=_("Scheduled recomputation"))
        due_before = fields.Datetime.now() - relativedelta(
            months=self.env.company.kam_evaluation_interval_months
        )
        due = accounts.filtered(
            lambda a: (
                not a.kam_qualification_date or a.kam_qualification_date < due_before
            )
        )
        criteria_ok = True
        try:
            self.env["kam.score.criterion"]._kam_check_weights()
        except UserError:
            criteria_ok = self.env.company.kam_qualification_method == "estimation"
        if due and criteria_ok:
            for batch in split_every(BATCH_SIZE, due.ids, accounts.browse):
                self._kam_qualify(batch)

    # ------------------------------------------------------------------ quadrant
    @api.model
    def get_quadrant_data(self, mine=True):
        """Classified key accounts as points of the potential x contribution chart,
        read in one query, with the thresholds that split the quadrants."""
        company = self.env.company
        domain = [("kam_is_key_account", "=", True), ("kam_class", "!=", False)]
        if mine:
            domain.append(("user_id", "=", self.env.uid))
        accounts = self.env["res.partner"].search_fetch(
            domain,
            ["name", "kam_potential", "kam_contribution", "kam_class", "user_id"],
        )
        currency = company.currency_id

        def label(amount):
            return currency.format(amount)

        return {
            "potential_threshold": company.kam_potential_threshold,
            "contribution_threshold": company.kam_contribution_threshold,
            "potential_threshold_label": label(company.kam_potential_threshold),
            "contribution_threshold_label": label(company.kam_contribution_threshold),
            "months": company.kam_contribution_months,
            "accounts": [
                {
                    "id": account.id,
                    "name": account.name,
                    "potential": account.kam_potential,
                    "contribution": account.kam_contribution,
                    "potential_label": label(account.kam_potential),
                    "contribution_label": label(account.kam_contribution),
                    "kam_class": account.kam_class,
                }
                for account in accounts
            ],
        }
