"""Upgrade and uninstall check, run by `make test` after the suite.

    python tools/kam_upgrade_check.py --conf .run/odoo.conf --db DB --odoo-bin PATH

DB is a copy of the template (the addon's dependencies with their demo data). The
check installs the addon with its demo data (`odoo-bin -i`), adds data as its users
do (a portrait's measure, an influence, a note and activities, an evaluation), takes
a fingerprint of every table of the addon and of Odoo's own partners, leads, orders,
order lines and activities, upgrades the addon (`odoo-bin -u`) and finds the same
fingerprint, then uninstalls it as the Apps menu does and finds Odoo's own records
as they were, none of the addon's tables or columns left, and no error logged.
Exits 1 on any difference.
"""

import argparse
import logging
import subprocess
import sys

# Rewritten by an upgrade without a change of value (Odoo's data records).
VOLATILE = {"write_date", "write_uid"}
ODOO_TABLES = ["res_partner", "crm_lead", "sale_order", "sale_order_line"]


def say(message):
    print(f"[upgrade-check] {message}", file=sys.stderr, flush=True)


def odoo_bin(args, *extra):
    done = subprocess.run(
        [
            sys.executable,
            args.odoo_bin,
            "-c",
            args.conf,
            "-d",
            args.db,
            "--stop-after-init",
            "--log-level=warn",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in done.stderr.splitlines() if " ERROR " in line]
    if done.returncode or errors:
        print(done.stderr[-4000:], file=sys.stderr)
        raise SystemExit(f"odoo-bin {' '.join(extra)} failed")


def table_print(cr, table, where=None, own_only=False):
    """(rows, md5 of the rows) over the table's columns, the volatile ones and (for
    Odoo's tables) the addon's own columns left out."""
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = %s ORDER BY column_name""",
        [table],
    )
    columns = [
        name
        for (name,) in cr.fetchall()
        if name not in VOLATILE and not (own_only and name.startswith("kam_"))
    ]
    from psycopg2 import sql

    cr.execute(
        sql.SQL(
            "SELECT count(*),"
            " md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), ''))"
            " FROM (SELECT {columns} FROM {table} WHERE {where}) r"
        ).format(
            columns=sql.SQL(", ").join(map(sql.Identifier, columns)),
            table=sql.Identifier(table),
            where=where or sql.SQL("TRUE"),
        )
    )
    return cr.fetchone()


def addon_records(cr):
    """{table: ids} of Odoo's records that the addon's own data made (its demo
    partners, leads, orders): uninstalling the addon deletes them, as Odoo deletes
    any module's data. Read before the uninstall, which forgets them."""
    owned = {}
    for table, model in (
        ("res_partner", "res.partner"),
        ("crm_lead", "crm.lead"),
        ("sale_order", "sale.order"),
        ("mail_activity", "mail.activity"),
    ):
        cr.execute(
            "SELECT res_id FROM ir_model_data WHERE module = %s AND model = %s",
            ["kam_management", model],
        )
        owned[table] = [res_id for (res_id,) in cr.fetchall()]
    # The partners of the addon's demo users go (or change) with their users.
    cr.execute(
        """SELECT u.partner_id FROM res_users u JOIN ir_model_data d
                ON d.res_id = u.id AND d.model = 'res.users'
             WHERE d.module = 'kam_management'"""
    )
    owned["res_partner"] += [partner_id for (partner_id,) in cr.fetchall()]
    # People of the addon's demo companies lose their company with it.
    cr.execute(
        "SELECT id FROM res_partner WHERE parent_id = ANY(%s)", [owned["res_partner"]]
    )
    owned["res_partner"] += [partner_id for (partner_id,) in cr.fetchall()]
    cr.execute(
        "SELECT id FROM sale_order_line WHERE order_id = ANY(%s)",
        [owned["sale_order"] or [0]],
    )
    owned["sale_order_line"] = [line_id for (line_id,) in cr.fetchall()]
    return owned


def fingerprint(cr, owned, with_addon=True):
    from psycopg2 import sql

    result = {}
    if with_addon:
        cr.execute(
            """SELECT tablename FROM pg_tables
                WHERE schemaname = 'public' AND tablename LIKE 'kam\\_%' ORDER BY 1"""
        )
        for (table,) in cr.fetchall():
            result[table] = table_print(cr, table)
    for table in [*ODOO_TABLES, "mail_activity"]:
        where = sql.SQL("NOT (id = ANY({}))").format(sql.Literal(owned[table] or [0]))
        if table == "mail_activity":
            # Activities on the addon's records are its own.
            where = sql.SQL("{} AND res_model NOT LIKE 'kam.%'").format(where)
        result[table] = table_print(cr, table, where, own_only=True)
    return result


def add_data(env):
    """What users do, through the methods the views call."""
    from odoo import fields

    # A Key Accounts manager of the demo data (the administrator is one).
    manager = env["res.users"].search(
        [("groups_id", "in", env.ref("kam_management.group_kam_manager").id)],
        order="id",
        limit=1,
    )
    portrait = env["kam.key.person"].search([], limit=1)
    portrait.with_user(manager).write({"closeness": "5", "interests": "Sailing"})
    account = portrait.account_id
    person = env["res.partner"].create(
        {"name": "Upgrade Check Person", "parent_id": account.partner_id.id}
    )
    env["kam.influence"].with_user(manager).create(
        {
            "account_id": account.id,
            "influencer_id": person.id,
            "influenced_id": portrait.partner_id.id,
            "strength": "high",
            "direction": "positive",
        }
    )
    account.with_user(manager).message_post(body="Upgrade check note")
    account.with_user(manager).activity_schedule(
        "mail.mail_activity_data_call", summary="Upgrade check call"
    )
    lead = env["crm.lead"].search([], limit=1)
    lead.activity_schedule("mail.mail_activity_data_todo", summary="Odoo's own")
    env["kam.evaluation"].create(
        {
            "account_id": account.id,
            "kind": "strategy",
            "period_start": "2090-01-01",
            "period_end": "2090-06-30",
            "date_deadline": fields.Date.to_date("2090-07-14"),
            "user_id": manager.id,
        }
    )


def compare(before, after, what):
    differences = [
        f"{table}: {before.get(table)} -> {after.get(table)}"
        for table in sorted(set(before) | set(after))
        if before.get(table) != after.get(table)
    ]
    if differences:
        print("\n".join(differences), file=sys.stderr)
        raise SystemExit(f"{what}: {len(differences)} table(s) differ")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--odoo-bin", required=True)
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", args.conf, "-d", args.db, "--log-level=warn"])
    say("installing the addon with its demo data")
    odoo_bin(args, "-i", "kam_management")
    registry = odoo.modules.registry.Registry.new(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": False})
        add_data(env)
        env.flush_all()
        cr.commit()
        owned = addon_records(cr)
        before = fingerprint(cr, owned)
    rows = sum(count for count, _md5 in before.values())
    say(f"{len(before)} tables, {rows} rows; upgrading the addon")
    odoo_bin(args, "-u", "kam_management")
    registry = odoo.modules.registry.Registry.new(args.db)
    with registry.cursor() as cr:
        compare(before, fingerprint(cr, owned), "after the upgrade")
    say("all intact after the upgrade; uninstalling the addon")
    errors = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = lambda record: errors.append(record.getMessage())
    logging.getLogger().addHandler(handler)
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["ir.module.module"].search(
                [("name", "=", "kam_management")]
            ).button_immediate_uninstall()
    finally:
        logging.getLogger().removeHandler(handler)
    registry = odoo.modules.registry.Registry.new(args.db)
    with registry.cursor() as cr:
        after = fingerprint(cr, owned, with_addon=False)
        odoo_before = {table: before[table] for table in after}
        compare(odoo_before, after, "Odoo's own records after the uninstall")
        cr.execute(
            """SELECT count(*) FROM pg_tables
                WHERE schemaname = 'public' AND tablename LIKE 'kam\\_%'"""
        )
        tables = cr.fetchone()[0]
        cr.execute(
            """SELECT count(*) FROM information_schema.columns
                WHERE table_schema = 'public' AND column_name LIKE 'kam\\_%'"""
        )
        columns = cr.fetchone()[0]
        cr.execute("SELECT state FROM ir_module_module WHERE name = 'kam_management'")
        state = cr.fetchone()[0]
    if tables or columns or state != "uninstalled" or errors:
        print("\n".join(errors[:20]), file=sys.stderr)
        raise SystemExit(
            f"uninstall left {tables} tables, {columns} columns, state {state}, "
            f"{len(errors)} errors logged"
        )
    odoo_rows = sum(count for count, _md5 in after.values())
    print(
        f"upgrade check: {len(before)} tables and {rows} rows intact after -u; "
        f"uninstalled: Odoo's {odoo_rows} partners, leads, orders, lines and "
        "activities untouched, no table or column of the addon left, 0 errors"
    )


if __name__ == "__main__":
    main()
