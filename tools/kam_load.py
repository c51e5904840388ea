"""The load test behind `make load`: salespeople for locust, and the run itself.

Two halves. `prepare(env, count, path)` and `trigger_classification(env)` run inside an
Odoo shell on the served database (tools/kam feeds them to `odoo-bin shell`); they make
the test users and write what each may open. `python tools/kam_load.py run ...` runs
locust headless against the loopback server, samples the replica while it runs, and
prints requests/s, median and p95 latency and errors, with what the replica served.
"""

import argparse
import csv
import datetime
import ipaddress
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse

LOGIN = "kam_load_%03d"
# Known on purpose: these users exist only for the load test, on a loopback server.
PASSWORD = "kam-load"
ACCOUNTS_PER_USER = 3


# ---------------------------------------------------------------- inside Odoo
def prepare(env, count, path):
    """Create (or find) `count` Key Accounts users, each on the team of a few accounts,
    and write their logins and the records each may open to `path`."""
    company = env.company
    # Key Accounts users who, as salespeople, see all the opportunities (Sales / User:
    # All Documents): the decision chains they open are on their colleagues' deals.
    groups = env.ref("kam_management.group_kam_user") | env.ref(
        "sales_team.group_sale_salesman_all_leads"
    )
    role = env.ref("kam_management.kam_account_role_support_line")
    accounts = env["kam.account"].search(
        [("company_id", "=", company.id), ("state", "!=", "dropped")],
        order="id",
        limit=max(ACCOUNTS_PER_USER, count * ACCOUNTS_PER_USER),
    )
    if not accounts:
        raise SystemExit(f"no key account in {env.cr.dbname}: nothing to load")
    Users = env["res.users"].with_context(no_reset_password=True)
    Member = env["kam.account.member"]
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    # Customers to nominate: companies that are no key account of this company yet
    # (nominating one again only adds the reason to it, as in real use).
    nominees = env["res.partner"].search(
        [
            ("is_company", "=", True),
            ("id", "not in", accounts.partner_id.ids),
            ("id", "!=", company.partner_id.id),
        ],
        limit=20,
    )
    fixtures = {"db": env.cr.dbname, "nominees": nominees.ids, "users": []}
    for i in range(1, count + 1):
        login = LOGIN % i
        user = Users.search([("login", "=", login)])
        if not user:
            user = Users.create(
                {
                    "name": f"Load Salesperson {i:03d}",
                    "login": login,
                    "password": PASSWORD,
                    "company_id": company.id,
                    "company_ids": [(6, 0, [company.id])],
                }
            )
        user.groups_id = [(4, group.id) for group in groups]
        mine = accounts.browse(
            accounts.ids[(j + i * ACCOUNTS_PER_USER) % len(accounts)]
            for j in range(ACCOUNTS_PER_USER)
        )
        for account in (
            mine
            - Member.search(
                [("user_id", "=", user.id), ("is_active", "=", True)]
            ).account_id
        ):
            Member.create(
                {
                    "account_id": account.id,
                    "role_id": role.id,
                    "user_id": user.id,
                    "date_from": yesterday,
                }
            )
        as_user = env(user=user)
        persons = as_user["kam.key.person"].search([("account_id", "in", mine.ids)])
        leads = (
            as_user["crm.lead"]
            .search([("partner_id", "child_of", mine.partner_id.ids)])
            .filtered(lambda lead: lead.kam_account_id and lead.kam_decision_member_ids)
        )
        fixtures["users"].append(
            {
                "login": login,
                "password": PASSWORD,
                "uid": user.id,
                "company_id": company.id,
                "accounts": mine.ids,
                "persons": persons.ids,
                "leads": leads.ids,
            }
        )
    env.cr.commit()
    # An Odoo shell does not tell the running server's workers that users' groups
    # changed; without this they keep the users' former rights in their caches.
    env.registry.signal_changes()
    with open(path, "w", encoding="utf-8") as out:
        json.dump(fixtures, out, indent=1)
    users = fixtures["users"]
    print(
        f"{len(users)} users ({LOGIN % 1}..{LOGIN % count}) on {len(accounts)} "
        f"accounts; {sum(bool(u['leads']) for u in users)} with a decision chain, "
        f"{sum(bool(u['persons']) for u in users)} with key persons; {path}"
    )


def trigger_classification(env):
    """Mark every key account due and wake the classification's scheduled action, as a
    batch of confirmed orders would: a cron worker runs it while the load goes on."""
    accounts = env["kam.account"].search([("state", "!=", "dropped")])
    accounts._kam_mark_due()  # the addon's own way: marks them and wakes the cron
    env.cr.commit()
    print(f"classification triggered for {len(accounts)} accounts")


# ---------------------------------------------------------------- the run
def _query(dsn, sql, params=()):
    # Imported here: the Odoo half runs in a shell that does not need it.
    import psycopg2

    with psycopg2.connect(dsn) as conn, conn.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


DB_STATS = """
    SELECT xact_commit + xact_rollback, tup_returned + tup_fetched
      FROM pg_stat_database WHERE datname = %s
"""
# The classification's batches done since a moment (Odoo 18 keeps each batch's
# progress; the job's lastcall moves only when nothing remains), and what is due.
CRON_STATE = """
    SELECT count(p.id), coalesce(sum(p.done), 0), max(p.create_date),
           (SELECT count(*) FROM kam_account WHERE due)
      FROM ir_cron c JOIN ir_model_data d ON d.res_id = c.id AND d.model = 'ir.cron'
      LEFT JOIN ir_cron_progress p ON p.cron_id = c.id AND p.create_date >= %s
     WHERE d.module = 'kam_management' AND d.name = 'ir_cron_kam_classify'
"""


class ReplicaSampler(threading.Thread):
    """Samples pg_stat_activity on the replica: Odoo's connections to the db (backend
    pids; their application_name is the pid of the server that forked the workers)."""

    def __init__(self, dsn, db):
        super().__init__(daemon=True)
        self.dsn, self.db = dsn, db
        self.samples, self.busy, self.workers = 0, 0, set()
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(1.0):
            rows = _query(
                self.dsn,
                "SELECT pid, state FROM pg_stat_activity "
                "WHERE datname = %s AND application_name LIKE 'odoo-%%'",
                (self.db,),
            )
            self.samples += 1
            self.busy += sum(1 for _pid, state in rows if state == "active")
            self.workers.update(pid for pid, _state in rows)


def _seconds(duration):
    unit = {"s": 1, "m": 60, "h": 3600}[duration[-1]]
    return int(duration[:-1]) * unit


def _read_stats(prefix):
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _table(rows):
    lines = [
        "| request | count | errors | req/s | median ms | p95 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "**all**"
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['Median Response Time']} | "
            f"{row['95%']} |"
        )
    return "\n".join(lines)


def run(args):
    host = urllib.parse.urlsplit(args.host).hostname or ""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"the load test drives loopback servers only, not {host}")
    if not 1 <= args.users <= 200 or _seconds(args.duration) > 900:
        raise SystemExit("the load test is bounded: 1-200 users, at most 15 minutes")
    os.makedirs(args.out, exist_ok=True)
    prefix = os.path.join(args.out, f"u{args.users}")
    primary = f"{args.primary_dsn} dbname={args.db}"
    replica = f"{args.replica_dsn} dbname={args.db}" if args.replica_dsn else None
    before = _query(replica, DB_STATS, (args.db,))[0] if replica else None
    sampler = ReplicaSampler(replica, args.db) if replica else None
    if sampler:
        sampler.start()
    started = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    locust = [
        os.path.join(os.path.dirname(sys.executable), "locust"),
        "-f",
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "kam_locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(min(args.users, 5)),
        "--run-time",
        args.duration,
        "--stop-timeout",
        "10",
        "--host",
        args.host,
        "--csv",
        prefix,
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    times = f"{prefix}_times.json"
    env = dict(os.environ, KAM_LOAD_FIXTURES=args.fixtures, KAM_LOAD_TIMES=times)
    subprocess.run(locust, env=env, check=False)
    if sampler:
        sampler.done.set()
        sampler.join()
        time.sleep(1)  # backends report their statistics when idle, at most each second
    rows = _read_stats(prefix)
    total = next(r for r in rows if r["Name"] == "Aggregated")
    if not int(total["Request Count"]):
        raise SystemExit("locust made no request: see its output above")
    print(f"\nLoad test: {args.users} users for {args.duration} on {args.db}\n")
    print(_table(rows))
    summary = {
        "users": args.users,
        "duration": args.duration,
        "db": args.db,
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "median_ms": float(total["Median Response Time"]),
        "p95_ms": float(total["95%"]),
    }
    with open(f"{prefix}_times.json", encoding="utf-8") as f:
        work = sorted(t for name, t, _failed in json.load(f) if name != "login")
    if work:
        summary["work"] = {
            "requests": len(work),
            "rps": len(work) / _seconds(args.duration),
            "median_ms": round(work[len(work) // 2]),
            "p95_ms": round(work[min(len(work) - 1, int(len(work) * 0.95))]),
        }
    print(
        f"\nall: {summary['rps']:.1f} requests/s, "
        f"median {summary['median_ms']:.0f} ms, "
        f"p95 {summary['p95_ms']:.0f} ms, {summary['errors']} errors"
    )
    if work:
        w = summary["work"]
        print(
            f"without the logins: {w['requests']} requests, {w['rps']:.1f}/s, "
            f"median {w['median_ms']} ms, p95 {w['p95_ms']} ms"
        )
    if replica:
        after = _query(replica, DB_STATS, (args.db,))[0]
        summary["replica_transactions"] = after[0] - before[0]
        summary["replica_rows"] = after[1] - before[1]
        summary["replica_odoo_connections"] = sorted(sampler.workers)
        print(
            f"replica: {summary['replica_transactions']} transactions and "
            f"{summary['replica_rows']} rows read on {args.db}; "
            f"{len(sampler.workers)} Odoo connections seen, "
            f"{sampler.busy / max(sampler.samples, 1):.1f} busy on average "
            f"({sampler.samples} samples of pg_stat_activity)"
        )
    else:
        print("replica: none configured, reads went to the primary")
    batches, accounts, last, due = _query(primary, CRON_STATE, (started,))[0]
    ran = bool(accounts)
    summary["classification_ran"] = ran
    summary["classification_accounts"] = accounts
    if ran:
        print(
            f"classification cron: ran during the load, {batches} batches, "
            f"{accounts} accounts classified (last at {last:%H:%M:%S} UTC), "
            f"{due} still due"
        )
    else:
        print(f"classification cron: did not run, {due} still due")
    with open(f"{prefix}_summary.json", "w", encoding="utf-8") as out:
        json.dump(summary, out, indent=1, default=str)
    print(f"CSV and summary: {prefix}_*")
    return 1 if summary["errors"] else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run locust headless and report")
    r.add_argument("--host", required=True)
    r.add_argument("--db", required=True)
    r.add_argument("--fixtures", required=True)
    r.add_argument("--users", type=int, default=10)
    r.add_argument("--duration", default="60s")
    r.add_argument("--out", required=True)
    r.add_argument("--primary-dsn", required=True)
    r.add_argument("--replica-dsn", default="")
    args = parser.parse_args()
    sys.exit(run(args))


if __name__ == "__main__":
    main()
