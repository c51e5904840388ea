import logging

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

_logger = logging.getLogger(__name__)

BATCH_SIZE = 500

# The engine's stored figures and the cast of each in a VALUES list (an untyped
# NULL or number would not match the column type).
STORED_CASTS = {
    "contribution": "%s::numeric",
    "contribution_fast_lane": "%s::numeric",
    "potential": "%s::numeric",
    "potential_rule_id": "%s::int4",
    "computed_class": "%s::varchar",
    "account_class": "%s::varchar",
    "classified_date": "%s::timestamp",
    "due": "%s::bool",
    "qualified": "%s::bool",
    "qualification_date": "%s::timestamp",
    # The health engine's figures (models/kam_health.py).
    "health_score": "%s::int4",
    "health_color": "%s::varchar",
    "health_reason_data": "%s::jsonb",
    "health_date": "%s::timestamp",
}


def kam_class_of(potential_high, contribution_high):
    """The ABCD class (资源投入策略) of a customer from its two axes."""
    if contribution_high:
        return "A" if potential_high else "B"
    return "C" if potential_high else "D"


class KamClassification(models.AbstractModel):
    """The classification engine: contribution, potential, ABCD class and
    qualification of key accounts, per company, in batches with a constant number of
    queries.

    Buttons (with the user's rights), the scheduled action and later the evaluations
    all call `_kam_classify` and `_kam_qualify`; nothing computes these a second way.
    Each company's accounts are computed with that company's orders, currency,
    thresholds and window.
    """

    _name = "kam.classification"
    _description = "Key-Account Classification Engine"

    # ------------------------------------------------------------------ helpers
    @api.model
    def _kam_check_rates(self, currencies):
        """Refuse currencies without any rate in the current company: Odoo would
        silently count their amounts 1:1."""
        company = self.env.company
        currencies = (currencies - company.currency_id).filtered("id")
        if not currencies:
            return
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
                    "There is no exchange rate for %(currencies)s in %(company)s: "
                    "enter one (Settings > Currencies) so that amounts in it can be "
                    "counted in %(company_currency)s.",
                    currencies=", ".join(missing.mapped("name")),
                    company=company.name,
                    company_currency=company.currency_id.name,
                )
            )

    @api.model
    def _kam_converter(self, currencies, date):
        """A function converting amounts of `currencies` into the company currency
        with the rates of `date`, read once."""
        company = self.env.company
        self._kam_check_rates(currencies)
        currencies = currencies.filtered("id")
        rates = (currencies | company.currency_id)._get_rates(company, date)
        target = rates[company.currency_id.id]

        def convert(amount, currency):
            if not amount or not currency or currency == company.currency_id:
                return amount or 0.0
            return amount / rates[currency.id] * target

        return convert

    @api.model
    def _kam_contributions(self, accounts, since=None, until=None):
        """Confirmed sales of each account over its window: {account id: amount}
        (see _kam_lane_contributions)."""
        return {
            account_id: lanes["total"]
            for account_id, lanes in self._kam_lane_contributions(
                accounts, since, until
            ).items()
        }

    @api.model
    def _kam_lane_contributions(self, accounts, since=None, until=None):
        """Confirmed untaxed sales of each account's customer and its contacts in
        the current company over its window, in its currency, in all and through
        the fast lane: {account id: {"total": amount, "fast_lane": amount}}.

        The window is the company's contribution window, or the days `since` to
        `until` included (an account plan's period). Odoo's own converted figures
        (sale.report: each order at its own date's rate); orders in a currency
        without any rate are refused, not counted 1:1.
        """
        company = self.env.company
        if since:
            since = fields.Datetime.to_datetime(since)
        else:
            since = fields.Datetime.now() - relativedelta(
                months=company.kam_contribution_months
            )
        period = [("date", ">=", since)]
        order_period = [("date_order", ">=", since)]
        if until:
            until = fields.Datetime.to_datetime(until) + relativedelta(days=1)
            period.append(("date", "<", until))
            order_period.append(("date_order", "<", until))
        domain = [
            ("state", "=", "sale"),
            ("company_id", "=", company.id),
            *period,
            ("commercial_partner_id", "in", accounts.partner_id.ids),
        ]
        # sale.report is a view: pending changes of orders must reach the database.
        self.env["sale.order"].flush_model()
        self.env["sale.order.line"].flush_model()
        # sudo: the contribution is the account's total; a salesperson sees only
        # their own orders, but only the total leaves this method.
        Orders = self.env["sale.order"].sudo()  # sudo: see above
        foreign = Orders._read_group(
            [
                ("state", "=", "sale"),
                ("company_id", "=", company.id),
                *order_period,
                ("partner_id.commercial_partner_id", "in", accounts.partner_id.ids),
                ("currency_id", "!=", company.currency_id.id),
            ],
            groupby=["currency_id"],
        )
        self._kam_check_rates(
            self.env["res.currency"].concat(*(currency for (currency,) in foreign))
        )
        Report = (
            self.env["sale.report"]
            .sudo()  # sudo: see above
            .with_context(allowed_company_ids=[company.id])
        )
        result = {account.id: {"total": 0.0, "fast_lane": 0.0} for account in accounts}
        account_of = {account.partner_id.id: account.id for account in accounts}
        for partner, fast_lane, amount in Report._read_group(
            domain,
            groupby=["commercial_partner_id", "kam_fast_lane"],
            aggregates=["price_subtotal:sum"],
        ):
            lanes = result[account_of[partner.id]]
            lanes["total"] += amount or 0.0
            if fast_lane:
                lanes["fast_lane"] += amount or 0.0
        return result

    @api.model
    def _kam_potentials(self, accounts):
        """{account id: (potential, rule)} from the manual figure or the first
        matching estimation rule, in the company currency."""
        rules = self.env["kam.estimation.rule"].search(
            [("company_id", "in", [self.env.company.id, False])]
        )
        convert = self._kam_converter(
            rules.currency_id | accounts.revenue_currency_id,
            fields.Date.context_today(self),
        )
        result = {}
        for account in accounts:
            if account.potential_manual:
                result[account.id] = (account.potential_manual_amount, rules.browse())
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

    @api.model
    def _kam_by_company(self, accounts):
        """Yield (engine in the account's company, batch of its accounts)."""
        for company, group in accounts.grouped("company_id").items():
            engine = self.with_company(company)
            for batch in split_every(
                BATCH_SIZE, group.ids, engine.env["kam.account"].browse
            ):
                yield engine, batch

    # ------------------------------------------------------------------ engine
    @api.model
    def _kam_classify(self, accounts, reason=None):
        """Recompute contribution, potential and class of `accounts` (each in its
        own company); keep class changes as history and propose the strategy of the
        new class."""
        for engine, batch in self._kam_by_company(accounts):
            engine._kam_classify_batch(batch, reason or _("Recomputed"))

    @api.model
    def _kam_classify_batch(self, accounts, reason):
        company = self.env.company
        currency = company.currency_id
        accounts.fetch(
            [
                "partner_id",
                "headcount",
                "annual_revenue",
                "revenue_currency_id",
                "potential_manual",
                "potential_manual_amount",
                "account_class",
                "class_override",
                "class_override_reason",
                "strategy_id",
            ]
        )
        contributions = self._kam_lane_contributions(accounts)
        potentials = self._kam_potentials(accounts)
        now = fields.Datetime.now()
        figures, history, changed = {}, [], []
        for account in accounts:
            contribution = contributions[account.id]["total"]
            potential, rule = potentials[account.id]
            computed = kam_class_of(
                potential >= company.kam_potential_threshold,
                contribution >= company.kam_contribution_threshold,
            )
            new_class = account.class_override or computed
            figures[account.id] = {
                "contribution": contribution,
                "contribution_fast_lane": contributions[account.id]["fast_lane"],
                "potential": potential,
                "potential_rule_id": rule.id or None,
                "computed_class": computed,
                "account_class": new_class,
                "classified_date": now,
                "due": False,
            }
            if new_class != account.account_class:
                changed.append(account.id)
                history.append(
                    {
                        "account_id": account.id,
                        "date": now,
                        "user_id": self.env.uid,
                        "old_class": account.account_class or False,
                        "new_class": new_class,
                        "reason": account.class_override_reason
                        if account.class_override
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
            self._kam_propose_strategies(accounts.browse(changed))

    @api.model
    def _kam_propose_strategies(self, accounts):
        """After a class change the first strategy of the new class is proposed;
        the scheduled action (only it) applies one marked for automatic use."""
        strategies = self.env["kam.strategy"].search(
            [("company_id", "in", [self.env.company.id, False])]
        )
        automatic = self.env.context.get("kam_from_cron")
        for new_class, group in accounts.grouped("account_class").items():
            strategy = strategies.filtered(lambda s, c=new_class: s._kam_applies_to(c))[
                :1
            ]
            group.sudo().write(  # sudo: a system field
                {"proposed_strategy_id": strategy.id}
            )
            if strategy.auto_apply and automatic:
                strategy._kam_apply(group)

    @api.model
    def _kam_qualify(self, accounts):
        """Decide whether `accounts` qualify by their company's method; every
        decision is added to the history with its figures. A nominated account that
        qualifies becomes qualified."""
        qualified = self.env["kam.account"]
        for engine, batch in self._kam_by_company(accounts):
            qualified |= engine._kam_qualify_batch(batch)
        return qualified

    @api.model
    def _kam_qualify_batch(self, accounts):
        company = self.env.company
        method = company.kam_qualification_method
        if method in ("scoring", "either", "both"):
            self.env["kam.score.criterion"]._kam_check_weights()
        potentials = self._kam_potentials(accounts)
        now = fields.Datetime.now()
        decisions, figures, qualified_ids = [], {}, []
        for account in accounts:
            score = account.score_total
            potential, rule = potentials[account.id]
            by_score = score >= company.kam_score_threshold
            by_potential = potential >= company.kam_potential_threshold
            qualified = {
                "scoring": by_score,
                "estimation": by_potential,
                "either": by_score or by_potential,
                "both": by_score and by_potential,
            }[method]
            if qualified:
                qualified_ids.append(account.id)
            decisions.append(
                {
                    "account_id": account.id,
                    "company_id": company.id,
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
            figures[account.id] = {
                "potential": potential,
                "potential_rule_id": rule.id or None,
                "qualified": qualified,
                "qualification_date": now,
            }
        # The decision is the system's record (one per account, each run); who ran
        # it is in user_id.
        self.env["kam.qualification"]._kam_insert(decisions)
        self._kam_store(accounts, figures)
        qualified = accounts.browse(qualified_ids)
        nominated = qualified.filtered(lambda a: a.state == "nominated")
        if nominated:
            nominated._kam_set_state(
                "qualified", _("Meets the qualification rules (%s).", method)
            )
        return qualified

    @api.model
    def _kam_store(self, accounts, figures):
        """Store per-account figures ({id: {field: value}}, the same fields for each)
        in one UPDATE statement for the whole batch, where the ORM would write one
        row at a time. Only the engine's own fields (STORED_CASTS) are stored."""
        if not figures:
            return
        names = list(next(iter(figures.values())))
        # Pending ORM values would overwrite the statement's results at the next flush.
        accounts.flush_recordset(names)
        rows = SQL(", ").join(
            SQL(
                "(%s)",
                SQL(", ").join(
                    [SQL("%s", account_id)]
                    + [SQL(STORED_CASTS[name], values[name]) for name in names]
                ),
            )
            for account_id, values in figures.items()
        )
        self.env.execute_query(
            SQL(
                "UPDATE kam_account AS a SET %s FROM (VALUES %s) AS v(%s) "
                "WHERE a.id = v.id",
                SQL(", ").join(
                    SQL("%s = v.%s", SQL.identifier(name), SQL.identifier(name))
                    for name in names
                ),
                rows,
                SQL(", ").join(SQL.identifier(name) for name in ["id", *names]),
            )
        )
        accounts.invalidate_recordset(names, flush=False)

    # ------------------------------------------------------------------ cron
    @api.model
    def _kam_run_isolated(self, accounts, method, *args):
        """Run `method(batch, *args)` on `accounts`; when the batch fails, run it
        account by account so that one failing account does not stop the others.
        Returns the accounts that failed, with the reason."""
        failed = {}
        try:
            with self.env.cr.savepoint():
                method(accounts, *args)
        except Exception:  # noqa: BLE001 - isolated below, each failure logged
            for account in accounts:
                try:
                    with self.env.cr.savepoint():
                        method(account, *args)
                except Exception as error:  # noqa: BLE001 - logged and reported
                    failed[account] = str(error)
                    _logger.warning(
                        "Key account %s (id %s) skipped: %s",
                        account.display_name,
                        account.id,
                        error,
                    )
        return failed

    @api.model
    def _kam_classify_scheduled(self, accounts):
        self._kam_classify_batch(accounts, _("Scheduled recomputation"))

    @api.model
    def _cron_kam_classify(self):
        """Classify the accounts that are due (inputs changed, orders confirmed, or
        not classified today), one batch per run: Odoo commits it and runs the
        next while `_notify_progress` says some remain."""
        engine = self.with_context(kam_from_cron=True)
        Account = engine.env["kam.account"].with_context(active_test=True)
        today_start = fields.Datetime.to_datetime(fields.Date.context_today(self))
        domain = [
            ("state", "!=", "dropped"),
            "|",
            "|",
            ("due", "=", True),
            ("classified_date", "=", False),
            ("classified_date", "<", today_start),
        ]
        batch = Account.search(domain, limit=BATCH_SIZE, order="id")
        failed = {}
        for company, group in batch.grouped("company_id").items():
            in_company = engine.with_company(company)
            failed.update(
                in_company._kam_run_isolated(
                    group.with_env(in_company.env), in_company._kam_classify_scheduled
                )
            )
        if failed:
            # A failed account is not retried in this run; it stays due for tomorrow.
            self._kam_store(
                Account.browse([a.id for a in failed]),
                {
                    a.id: {"classified_date": fields.Datetime.now(), "due": True}
                    for a in failed
                },
            )
        remaining = Account.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return failed

    # ------------------------------------------------------------------ quadrant
    @api.model
    def get_quadrant_data(self, mine=True):
        """Classified key accounts of the current company as points of the potential
        x contribution chart, read in one query, with the thresholds that split the
        quadrants."""
        company = self.env.company
        domain = [("company_id", "=", company.id), ("account_class", "!=", False)]
        if mine:
            domain.append(("team_user_ids", "in", self.env.uid))
        accounts = self.env["kam.account"].search_fetch(
            domain,
            ["name", "potential", "contribution", "account_class"],
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
                    "potential": account.potential,
                    "contribution": account.contribution,
                    "potential_label": label(account.potential),
                    "contribution_label": label(account.contribution),
                    "kam_class": account.account_class,
                }
                for account in accounts
            ],
        }
