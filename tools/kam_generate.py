"""Generate a benchmark database for kam_management, reproducible from a seed.

    python tools/kam_generate.py --conf .run/odoo.conf --db kam_bench_small.part \
        --size small --seed 1

The database must be a copy of the template (the addon's dependencies): this script
installs the addon without its demo data, then fills it. Run it through
`tools/kam generate SIZE [SEED]`, which makes the copy and names the result
kam_bench_<size>.

Where the ORM is fast enough (users, companies, opportunities, plans, evaluations) it
is used, so that its own logic runs. The big tables (partners, key accounts, teams,
portraits, influences, decision chains, orders and lines) are inserted with bulk SQL
(execute_values): record by record through the ORM, the large size would take hours.
After the SQL, the caches are invalidated and the stored computed fields the SQL did
not fill are recomputed through the ORM.
"""

import argparse
import json
import logging
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from psycopg2 import sql as psql
from psycopg2.extras import execute_values

SIZES = {
    # accounts; mean people and influences of an ordinary account; confirmed
    # orders; (people, influences) of the largest accounts; salespeople; share of
    # accounts with an opportunity.
    "small": {
        "accounts": 200,
        "people": 8,
        "influences": 15,
        "orders": 3000,
        "big": [(300, 1500), (100, 500)],
        "users": 6,
        "lead_share": 0.3,
    },
    "large": {
        "accounts": 20000,
        "people": 10,
        "influences": 19,
        "orders": 300000,
        "big": [(1000, 10000), (300, 1500)],
        "users": 40,
        "lead_share": 0.1,
    },
}
PAGE = 5000
_logger = logging.getLogger("kam_generate")


def utcnow():
    """Naive UTC, as Odoo stores datetimes."""
    return datetime.now(UTC).replace(tzinfo=None)


def say(message):
    print(f"[generate] {message}", file=sys.stderr, flush=True)


def insert(cr, table, columns, rows):
    """Insert `rows` (tuples in the order of `columns`) in pages; return their ids in
    the same order."""
    if not rows:
        return []
    now = utcnow()
    columns = [*columns, "create_uid", "write_uid", "create_date", "write_date"]
    rows = [(*row, 1, 1, now, now) for row in rows]
    query = psql.SQL("INSERT INTO {} ({}) VALUES %s RETURNING id").format(
        psql.Identifier(table), psql.SQL(", ").join(map(psql.Identifier, columns))
    )
    result = execute_values(
        cr._obj,
        query,
        rows,
        page_size=PAGE,
        fetch=True,
    )
    return [row[0] for row in result]


def recompute(env, model, ids, names):
    """Recompute stored computed fields `names` of `ids` through the ORM."""
    from odoo.tools import split_every

    Model = env[model].with_context(tracking_disable=True, active_test=False)
    for chunk in split_every(PAGE, ids):
        records = Model.browse(chunk)
        for name in names:
            env.add_to_compute(Model._fields[name], records)
        env.flush_all()
        env.invalidate_all()


class Generator:
    def __init__(self, env, size, seed):
        self.env = env
        self.cr = env.cr
        self.spec = SIZES[size]
        self.size = size
        self.rnd = random.Random(seed)
        self.today = date.today()
        self.stats = {}

    # ------------------------------------------------------------ setup (ORM)
    def setup_companies(self):
        env = self.env
        main = env.ref("base.main_company")
        eur = env.ref("base.EUR")
        usd = env.ref("base.USD")
        eur.active = True
        second = env["res.company"].create(
            {"name": "Bench Europe GmbH", "currency_id": eur.id}
        )
        self.companies = [main, second]
        # Rates from the first of each month over three years and a bit, in both
        # companies: each company counts the other's currency.
        Rate = env["res.currency.rate"]
        start = (self.today - relativedelta(years=3, months=2)).replace(day=1)
        existing = set(
            Rate.search([("company_id", "in", [main.id, second.id])]).mapped(
                lambda r: (r.company_id.id, r.currency_id.id, r.name)
            )
        )
        values, day, level = [], start, 1.10
        while day <= self.today:
            level = max(0.8, min(1.3, level + self.rnd.uniform(-0.03, 0.03)))
            for company, currency, rate in (
                (main, eur, 1 / level),  # EUR per USD
                (second, usd, level),  # USD per EUR
            ):
                if (company.id, currency.id, day) not in existing:
                    values.append(
                        {
                            "name": day,
                            "currency_id": currency.id,
                            "company_id": company.id,
                            "rate": rate,
                        }
                    )
            day += relativedelta(months=1)
        Rate.create(values)
        # The estimation rules ship for the main company; the second gets its own.
        rules = env["kam.estimation.rule"].search([("company_id", "=", main.id)])
        for rule in rules:
            rule.copy({"company_id": second.id, "currency_id": eur.id})
        # So do the scoring criteria (qualification needs their weights at 100%).
        for criterion in env["kam.score.criterion"].search(
            [("company_id", "=", main.id)]
        ):
            criterion.copy({"company_id": second.id})
        self.currency = {main.id: usd.id, second.id: eur.id}
        self.other_currency = {main.id: eur.id, second.id: usd.id}

    def setup_users(self):
        env = self.env
        groups = [
            env.ref("sales_team.group_sale_salesman").id,
            env.ref("kam_management.group_kam_user").id,
        ]
        company_ids = [c.id for c in self.companies]
        self.users = (
            env["res.users"]
            .with_context(no_reset_password=True, tracking_disable=True)
            .create(
                [
                    {
                        "name": f"Bench Salesperson {i:03d}",
                        "login": f"bench_sales_{i:03d}",
                        "password": f"bench_sales_{i:03d}",
                        "company_id": company_ids[i % 2],
                        "company_ids": [(6, 0, company_ids)],
                        "groups_id": [(6, 0, groups)],
                    }
                    for i in range(self.spec["users"])
                ]
            )
        )
        self.user_ids = self.users.ids
        self.user_partner = {u.id: u.partner_id.id for u in self.users}
        self.roles = {role.code: role.id for role in env["kam.account.role"].search([])}
        products = env["product.product"].search(
            [("sale_ok", "=", True), ("type", "=", "service")], limit=8
        ) or env["product.product"].search([("sale_ok", "=", True)], limit=8)
        self.products = [(p.id, p.uom_id.id, p.display_name) for p in products]

    # ------------------------------------------------------------ partners (SQL)
    def partner_rows(self, names, parent=None, parent_name=None, is_company=False):
        rows = []
        for name in names:
            complete = f"{parent_name}, {name}" if parent_name else name
            rows.append(
                (
                    name,
                    complete,
                    is_company,
                    parent,
                    "contact",
                    True,
                    "ask",
                    1 if is_company else 0,
                    parent_name or (name if is_company else None),
                    "en_US",
                )
            )
        return rows

    PARTNER_COLUMNS = [
        "name",
        "complete_name",
        "is_company",
        "parent_id",
        "type",
        "active",
        "autopost_bills",
        "customer_rank",
        "commercial_company_name",
        "lang",
    ]

    def insert_companies(self, names):
        ids = insert(
            self.cr,
            "res_partner",
            self.PARTNER_COLUMNS,
            self.partner_rows(names, is_company=True),
        )
        self.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            [ids],
        )
        return ids

    def insert_contacts(self, groups):
        """groups: [(company id, company name, count)] -> [[contact ids]]"""
        rows, owners = [], []
        for company_id, company_name, count in groups:
            names = [self.person_name() for _i in range(count)]
            rows += self.partner_rows(names, company_id, company_name)
            owners.append(count)
        ids = insert(self.cr, "res_partner", self.PARTNER_COLUMNS, rows)
        self.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = parent_id "
            "WHERE id = ANY(%s)",
            [ids],
        )
        result, at = [], 0
        for count in owners:
            result.append(ids[at : at + count])
            at += count
        return result

    FIRST = "Anna Ben Chen Dana Emil Fang Gita Hugo Ines Jun Kai Lena Ming Nora Omar"
    LAST = "Wang Li Zhang Liu Smith Muller Rossi Garcia Kim Sato Novak Berg Silva"

    def person_name(self):
        return (
            f"{self.rnd.choice(self.FIRST.split())} "
            f"{self.rnd.choice(self.LAST.split())} {self.rnd.randint(100, 999)}"
        )

    # ------------------------------------------------------------ accounts (SQL)
    def generate_accounts(self):
        spec, rnd = self.spec, self.rnd
        n = spec["accounts"]
        names = [f"Bench Customer {i:05d}" for i in range(n)]
        customer_ids = self.insert_companies(names)
        # People per account: the largest accounts first, then around the mean.
        sizes = [people for people, _infl in spec["big"]]
        sizes += [
            max(2, int(rnd.triangular(2, spec["people"] * 2 - 2, spec["people"])))
            for _i in range(n - len(sizes))
        ]
        contacts = self.insert_contacts(
            [(cid, names[i], sizes[i]) for i, cid in enumerate(customer_ids)]
        )
        # Outsiders who influence: a competitor's people and consultants.
        competitor, consultants = self.insert_companies(
            ["Bench Competitor Ltd", "Bench Consulting Partners"]
        )
        self.cr.execute(
            "UPDATE res_partner SET kam_is_competitor = true WHERE id = %s",
            [competitor],
        )
        self.competitor_people, self.consultant_people = self.insert_contacts(
            [
                (competitor, "Bench Competitor Ltd", 30),
                (consultants, "Bench Consulting Partners", 30),
            ]
        )
        # Customers that are no key account (the form's floor, ordinary sales).
        self.plain_customers = self.insert_companies(
            [f"Bench Plain Customer {i:03d}" for i in range(20)]
        )
        self.insert_contacts(
            [
                (pid, f"Bench Plain Customer {i:03d}", 3)
                for i, pid in enumerate(self.plain_customers)
            ]
        )

        rows, self.accounts = [], []
        for i, partner_id in enumerate(customer_ids):
            # The largest accounts and two thirds of the others in the main company.
            company = self.companies[
                0 if i < len(spec["big"]) or rnd.random() < 0.67 else 1
            ]
            since = self.today - timedelta(days=rnd.randint(400, 1500))
            state = rnd.choices(
                ["allocated", "qualified", "nominated"], weights=[90, 6, 4]
            )[0]
            scale = rnd.lognormvariate(0, 1.0)
            manual = rnd.random() < 0.05
            rows.append(
                (
                    partner_id,
                    names[i],
                    company.id,
                    True,
                    state,
                    since if state == "allocated" else None,
                    int(50 + 400 * scale),
                    round(2e7 * scale, 2) if rnd.random() < 0.7 else 0,
                    self.currency[company.id],
                    manual,
                    round(6e5 * scale, 2) if manual else 0,
                    False,
                )
            )
            self.accounts.append(
                {
                    "partner": partner_id,
                    "company": company.id,
                    "since": since,
                    "scale": scale,
                    "contacts": contacts[i],
                }
            )
        ids = insert(
            self.cr,
            "kam_account",
            [
                "partner_id",
                "name",
                "company_id",
                "active",
                "state",
                "since_date",
                "headcount",
                "annual_revenue",
                "revenue_currency_id",
                "potential_manual",
                "potential_manual_amount",
                "due",
            ],
            rows,
        )
        for account, account_id in zip(self.accounts, ids, strict=True):
            account["id"] = account_id
        self.stats["accounts"] = len(ids)
        self.stats["contacts"] = sum(len(c) for c in contacts)

    def generate_teams(self):
        rnd, rows = self.rnd, []
        for account in self.accounts:
            users = rnd.sample(self.user_ids, 3)
            account["manager"] = users[0]
            since = account["since"]
            team = [("account_manager", users[0], since, None)]
            if rnd.random() < 0.8:
                team.append(("solution_manager", users[1], since, None))
            if rnd.random() < 0.3:
                team.append(("region_line", users[2], since, None))
            if rnd.random() < 0.1:
                # An account manager who handed over: history of the team.
                team.append(
                    (
                        "account_manager",
                        users[2],
                        since - timedelta(days=300),
                        since - timedelta(days=1),
                    )
                )
            for code, user_id, date_from, date_to in team:
                rows.append(
                    (
                        account["id"],
                        account["company"],
                        self.roles[code],
                        user_id,
                        date_from,
                        date_to,
                        date_to is None or date_to >= self.today,
                    )
                )
        insert(
            self.cr,
            "kam_account_member",
            [
                "account_id",
                "company_id",
                "role_id",
                "user_id",
                "date_from",
                "date_to",
                "is_active",
            ],
            rows,
        )
        self.stats["team_members"] = len(rows)

    # ------------------------------------------------------------ people (SQL)
    def generate_people(self):
        from odoo.addons.kam_management.models.kam_key_person import (
            KAM_DECISION_ROLES,
            kam_choice_score,
            kam_stance,
        )

        rnd = self.rnd
        roles = [code for code, _label in KAM_DECISION_ROLES]
        departments = ["Board", "Purchasing", "IT", "Operations", "Finance", "R&D"]
        rows, meta = [], []
        for account in self.accounts:
            for position, partner_id in enumerate(account["contacts"]):
                key = position < 3 or rnd.random() < 0.4
                levels = {}
                if rnd.random() < 0.6:
                    levels = {
                        name: str(rnd.randint(1, 5))
                        for name in (
                            "closeness",
                            "solution_acceptance",
                            "price_acceptance",
                        )
                    }
                score = kam_choice_score(
                    {
                        name: levels.get(name, False)
                        for name in (
                            "closeness",
                            "solution_acceptance",
                            "price_acceptance",
                        )
                    }
                )
                rows.append(
                    (
                        account["id"],
                        account["company"],
                        partner_id,
                        None,  # name: the related field, recomputed below
                        key,
                        rnd.choice(roles) if key else None,
                        rnd.choice(departments),
                        levels.get("closeness"),
                        levels.get("solution_acceptance"),
                        levels.get("price_acceptance"),
                        score or 0,
                        score is not None,
                        kam_stance(score),
                        10 + position,
                    )
                )
                meta.append((account, partner_id, levels, roles))
        ids = insert(
            self.cr,
            "kam_key_person",
            [
                "account_id",
                "company_id",
                "partner_id",
                "name",
                "is_key_person",
                "decision_role",
                "department",
                "closeness",
                "solution_acceptance",
                "price_acceptance",
                "choice_score",
                "has_score",
                "stance",
                "sequence",
            ],
            rows,
        )
        # The name is the partner's (a stored related field): one statement.
        self.cr.execute(
            "UPDATE kam_key_person k SET name = p.name FROM res_partner p "
            "WHERE p.id = k.partner_id AND k.id = ANY(%s)",
            [ids],
        )
        # Reporting lines: a tree, each person under one of the earlier people.
        updates, history = [], []
        by_account = {}
        for person_id, (account, partner_id, levels, _roles) in zip(
            ids, meta, strict=True
        ):
            people = by_account.setdefault(account["id"], [])
            if people:
                boss = people[(len(people) - 1) // 4]
                updates.append((person_id, boss))
            people.append(person_id)
            account.setdefault("people", []).append((person_id, partner_id))
            for measure, level in levels.items():
                history.append(
                    (
                        person_id,
                        account["id"],
                        account["company"],
                        partner_id,
                        measure,
                        None,
                        level,
                        account["manager"],
                        utcnow() - timedelta(days=rnd.randint(1, 700)),
                    )
                )
        execute_values(
            self.cr._obj,
            "UPDATE kam_key_person k SET reports_to_id = v.boss "
            "FROM (VALUES %s) AS v(id, boss) WHERE k.id = v.id",
            updates,
            page_size=PAGE,
        )
        insert(
            self.cr,
            "kam_portrait_history",
            [
                "key_person_id",
                "account_id",
                "company_id",
                "partner_id",
                "measure",
                "old_level",
                "new_level",
                "user_id",
                "date",
            ],
            history,
        )
        self.stats["key_persons"] = len(ids)
        self.stats["portrait_history"] = len(history)

    def generate_influences(self):
        rnd, spec, rows = self.rnd, self.spec, []
        big = dict(enumerate(infl for _people, infl in spec["big"]))
        for index, account in enumerate(self.accounts):
            people = [partner for _pid, partner in account["people"]]
            wanted = big.get(index) or max(
                1,
                int(rnd.triangular(1, spec["influences"] * 2 - 1, spec["influences"])),
            )
            wanted = min(wanted, len(people) * (len(people) - 1))
            seen = set()
            tries = 0
            while len(seen) < wanted and tries < wanted * 20:
                tries += 1
                influenced = rnd.choice(people)
                roll = rnd.random()
                if roll < 0.8:
                    influencer, kind = rnd.choice(people), "internal"
                elif roll < 0.9:
                    influencer = self.user_partner[rnd.choice(self.user_ids)]
                    kind = "ours"
                elif roll < 0.95:
                    influencer, kind = rnd.choice(self.competitor_people), "competitor"
                else:
                    influencer, kind = rnd.choice(self.consultant_people), "external"
                if influencer == influenced or (influencer, influenced) in seen:
                    continue
                seen.add((influencer, influenced))
                rows.append(
                    (
                        account["id"],
                        account["company"],
                        influencer,
                        influenced,
                        rnd.choice(["low", "medium", "medium", "high"]),
                        rnd.choice(["positive", "positive", "negative", "unknown"]),
                        kind,
                        kind == "internal",
                        True,
                    )
                )
        insert(
            self.cr,
            "kam_influence",
            [
                "account_id",
                "company_id",
                "influencer_id",
                "influenced_id",
                "strength",
                "direction",
                "influencer_kind",
                "is_internal",
                "active",
            ],
            rows,
        )
        self.stats["influences"] = len(rows)

    # ------------------------------------------------------------ opportunities
    def generate_leads(self):
        """Opportunities through the ORM (crm.lead computes much on create; a
        share of the accounts has one), their decision chains by SQL."""
        rnd, env = self.rnd, self.env
        chosen = [
            account
            for index, account in enumerate(self.accounts)
            if index < len(self.spec["big"]) or rnd.random() < self.spec["lead_share"]
        ]
        Lead = env["crm.lead"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )
        vals, owners = [], []
        for account in chosen:
            for number in range(3 if account in self.accounts[:2] else 1):
                vals.append(
                    {
                        "name": f"Bench deal {account['id']}-{number}",
                        "type": "opportunity",
                        "partner_id": account["partner"],
                        "company_id": account["company"],
                        "user_id": account["manager"],
                        "expected_revenue": round(5e4 * account["scale"], 2),
                    }
                )
                owners.append(account)
        lead_ids = []
        for start in range(0, len(vals), 1000):
            lead_ids += Lead.create(vals[start : start + 1000]).ids
            env.flush_all()
            env.invalidate_all()
        rows = []
        for lead_id, account in zip(lead_ids, owners, strict=True):
            people = account["people"]
            for sequence, (_pid, partner_id) in enumerate(
                rnd.sample(people, min(len(people), rnd.randint(3, 6)))
            ):
                role = (
                    "decision_maker"
                    if sequence == 0
                    else rnd.choice(
                        [
                            "technical_evaluator",
                            "business_evaluator",
                            "gatekeeper",
                            "coach",
                            "other",
                        ]
                    )
                )
                rows.append(
                    (
                        lead_id,
                        account["id"],
                        account["company"],
                        partner_id,
                        role,
                        sequence,
                    )
                )
        insert(
            self.cr,
            "kam_decision_member",
            ["lead_id", "account_id", "company_id", "partner_id", "role", "sequence"],
            rows,
        )
        self.stats["opportunities"] = len(lead_ids)
        self.stats["decision_members"] = len(rows)

    # ------------------------------------------------------------ orders (SQL)
    def generate_orders(self):
        rnd, spec = self.rnd, self.spec
        self.started = time.time()
        weights = [account["scale"] for account in self.accounts]
        start = datetime.combine(
            self.today - relativedelta(years=3), datetime.min.time()
        )
        span = (
            datetime.combine(self.today, datetime.min.time()) - start
        ).total_seconds()
        orders, lines = [], []
        picks = rnd.choices(self.accounts, weights=weights, k=spec["orders"])
        for number, account in enumerate(picks, 1):
            company = account["company"]
            foreign = rnd.random() < 0.25
            currency = (
                self.other_currency[company] if foreign else self.currency[company]
            )
            fast = rnd.random() < 0.1
            customer = account["partner"]
            if rnd.random() < 0.3:
                customer = rnd.choice(account["contacts"])
            when = start + timedelta(seconds=rnd.uniform(0, span))
            amount = 0.0
            order_lines = []
            for _i in range(rnd.randint(1, 3)):
                product_id, uom_id, product_name = rnd.choice(self.products)
                qty = rnd.randint(1, 20)
                price = round(
                    (rnd.uniform(100, 1500) if fast else rnd.uniform(500, 9000))
                    * account["scale"],
                    2,
                )
                subtotal = round(qty * price, 2)
                amount += subtotal
                order_lines.append(
                    (product_id, uom_id, product_name, qty, price, subtotal)
                )
            orders.append(
                (
                    f"BENCH/{number:07d}",
                    customer,
                    customer,
                    customer,
                    when,
                    company,
                    "sale",
                    currency,
                    1.0,  # currency_rate: set below from the rates, as Odoo would
                    round(amount, 2),
                    0.0,
                    round(amount, 2),
                    account["manager"],
                    fast,
                    "no",
                    when,
                )
            )
            lines.append((order_lines, customer, company, currency, account["manager"]))
        order_ids = insert(
            self.cr,
            "sale_order",
            [
                "name",
                "partner_id",
                "partner_invoice_id",
                "partner_shipping_id",
                "date_order",
                "company_id",
                "state",
                "currency_id",
                "currency_rate",
                "amount_untaxed",
                "amount_tax",
                "amount_total",
                "user_id",
                "kam_fast_lane",
                "invoice_status",
                "validity_date",
            ],
            orders,
        )
        # Odoo's order rate: order currency per company currency at the order date,
        # read as res.currency._get_rates reads it (company rate first, else global).
        self.cr.execute(
            """
            UPDATE sale_order s
               SET currency_rate = COALESCE((
                       SELECT r.rate FROM res_currency_rate r
                        WHERE r.currency_id = s.currency_id
                          AND r.name <= s.date_order::date
                          AND (r.company_id IS NULL OR r.company_id = s.company_id)
                     ORDER BY r.company_id, r.name DESC LIMIT 1), 1.0)
                 / COALESCE((
                       SELECT r.rate FROM res_currency_rate r
                        WHERE r.currency_id = c.currency_id
                          AND r.name <= s.date_order::date
                          AND (r.company_id IS NULL OR r.company_id = s.company_id)
                     ORDER BY r.company_id, r.name DESC LIMIT 1), 1.0)
              FROM res_company c
             WHERE c.id = s.company_id AND s.id = ANY(%s)
            """,
            [order_ids],
        )
        say(f"orders inserted and rated: {time.time() - self.started:.1f} s")
        rows = []
        for order_id, (order_lines, customer, company, currency, user) in zip(
            order_ids, lines, strict=True
        ):
            for sequence, (product_id, uom_id, name, qty, price, subtotal) in enumerate(
                order_lines
            ):
                rows.append(
                    (
                        order_id,
                        sequence,
                        name,
                        product_id,
                        uom_id,
                        qty,
                        qty,
                        0,
                        0,
                        price,
                        0.0,
                        subtotal,
                        subtotal,
                        0.0,
                        subtotal,
                        0.0,
                        0,
                        company,
                        currency,
                        customer,
                        user,
                        "sale",
                        "no",
                    )
                )
        insert(
            self.cr,
            "sale_order_line",
            [
                "order_id",
                "sequence",
                "name",
                "product_id",
                "product_uom",
                "product_uom_qty",
                "qty_delivered",
                "qty_invoiced",
                "qty_to_invoice",
                "price_unit",
                "discount",
                "price_subtotal",
                "price_total",
                "price_tax",
                "untaxed_amount_to_invoice",
                "untaxed_amount_invoiced",
                "customer_lead",
                "company_id",
                "currency_id",
                "order_partner_id",
                "salesman_id",
                "state",
                "invoice_status",
            ],
            rows,
        )
        self.stats["orders"] = len(order_ids)
        self.stats["order_lines"] = len(rows)

    # ------------------------------------------------------------ after the SQL
    def finish_computes(self):
        env = self.env
        env.invalidate_all()
        env.registry.clear_cache()
        ids = [account["id"] for account in self.accounts]
        # The team's stored figures (manager, active team, iron triangle) and the
        # scores through the ORM's own computes.
        recompute(
            env,
            "kam.account",
            ids,
            [
                "user_id",
                "team_user_ids",
                "has_solution_manager",
                "lead_expert_id",
                "triangle_complete",
                "score_total",
            ],
        )
        self.cr.execute(
            "UPDATE kam_account_member m SET role_sequence = r.sequence "
            "FROM kam_account_role r WHERE r.id = m.role_id"
        )

    def generate_plans_and_evaluations(self):
        """A few plans and past evaluations through the ORM."""
        from odoo.addons.kam_management.models.kam_evaluation import kam_last_period

        env = self.env
        allocated = env["kam.account"].search([("state", "=", "allocated")], order="id")
        # Classified as a running database would be (plans need class A or C).
        at = time.time()
        env["kam.classification"]._kam_classify(allocated)
        say(f"classified {len(allocated)} accounts: {time.time() - at:.1f} s")
        step = max(1, len(allocated) // 40)
        sample = allocated[::step][:40]
        planned = allocated.filtered(lambda a: a.account_class in ("A", "C"))[:20]
        for account in planned:
            env["kam.account.plan"].with_company(account.company_id).with_context(
                tracking_disable=True
            ).create(
                {
                    "account_id": account.id,
                    "revenue_target": round(1e5 * (1 + account.id % 5), 2),
                }
            )
        Evaluation = env["kam.evaluation"]
        count = 0
        for company, group in sample.grouped("company_id").items():
            months = company.kam_evaluation_interval_months
            last_start, _end = kam_last_period(self.today, months)
            # The period before the last one: the last one stays due for the bench.
            start, end = kam_last_period(last_start, months)
            group = group.filtered(lambda a, e=end: a.since_date <= e)
            Evaluation.with_company(company)._kam_create_evaluations(
                group, "customer", start, end, self.today
            )
            count += len(group)
        self.stats["plans"] = len(planned)
        self.stats["evaluations"] = count

    def run(self):
        steps = [
            self.setup_companies,
            self.setup_users,
            self.generate_accounts,
            self.generate_teams,
            self.generate_people,
            self.generate_influences,
            self.generate_leads,
            self.generate_orders,
            self.finish_computes,
            self.generate_plans_and_evaluations,
        ]
        started = time.time()
        for step in steps:
            at = time.time()
            step()
            self.env.flush_all()
            say(f"{step.__name__}: {time.time() - at:.1f} s")
        self.stats["seconds"] = round(time.time() - started, 1)
        self.stats["largest_account_id"] = self.accounts[0]["id"]
        self.stats["second_account_id"] = self.accounts[1]["id"]
        self.stats["plain_customer_id"] = self.plain_customers[0]
        self.stats["size"] = self.size


def install_without_demo(db):
    """Install the addon on the copy of the template without its demo data: the
    template's modules have demo data, which Odoo would pass on to a module
    installed with -i."""
    import odoo
    from odoo import SUPERUSER_ID, api

    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        module = env["ir.module.module"].search([("name", "=", "kam_management")])
        if module.state == "installed":
            return registry
        module.button_install()
        cr.execute(
            "UPDATE ir_module_module SET demo = false WHERE state = 'to install'"
        )
    return odoo.modules.registry.Registry.new(db, update_module=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stats", help="write the figures (JSON) here")
    parser.add_argument(
        "--uninstall",
        action="store_true",
        help="uninstall the addon, keeping the data of its dependencies (the base "
        "on which the benchmark times the install)",
    )
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", args.conf, "-d", args.db, "--log-level=warn"])
    if args.uninstall:
        registry = odoo.modules.registry.Registry(args.db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["ir.module.module"].search(
                [("name", "=", "kam_management")]
            ).button_immediate_uninstall()
        return
    started = time.time()
    registry = install_without_demo(args.db)
    say(f"addon installed without demo data: {time.time() - started:.1f} s")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        generator = Generator(env, args.size, args.seed)
        generator.run()
        cr.commit()
        cr.execute("ANALYZE")
    stats = generator.stats
    say(json.dumps(stats))
    if args.stats:
        with open(args.stats, "w", encoding="utf-8") as out:
            json.dump(stats, out, indent=2)


if __name__ == "__main__":
    main()
