"""Live account health: a 0-100 figure, a colour by the company's thresholds and the
reasons, from the decision makers' stance, the plan's relationship targets, overdue
evaluations and tactics, and the days since the last contact with each key person;
kept once per day and computed by a scheduled action one batch at a time."""

import logging
from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import KamCommon

_logger = logging.getLogger(__name__)

# Today in these tests, and the day the people were portrayed: 161 days earlier.
NOW = "2026-06-15 10:00:00"
TODAY = date(2026, 6, 15)
PORTRAYED = "2026-01-05 09:00:00"
# Queries of one `_kam_compute_health` run, whatever the number of accounts
# (measured: 3 and 15 accounts both need 19, or 18 when the user's partner is
# already in the cache).
HEALTH_QUERY_BUDGET = 20


class KamHealthCommon(KamCommon):
    """Self.account (Nordwind Logistics) is class A and Sunrise Foods class C, as
    the classification would have left them; the company keeps the shipped health
    settings (green from 70, amber from 40, key persons untouched after 90 days)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "kam_health_green": 70,
                "kam_health_amber": 40,
                "kam_contact_stale_days": 90,
            }
        )
        # The class is a system field: set as the classification would have.
        cls.account.account_class = "A"
        cls.other_account.account_class = "C"
        strategy = cls.env["kam.strategy"].create(
            {
                "name": "Health checks",
                "tactic_ids": [Command.create({"name": "Quarterly business review"})],
            }
        )
        cls.tactic = strategy.tactic_ids
        cls.Health = cls.env["kam.health"]
        cls.account_model_id = cls.env["ir.model"]._get_id("kam.account")

    # ------------------------------------------------------------------ helpers
    @classmethod
    def new_account(cls, name, account_class, user=None, state="allocated"):
        partner = cls.env["res.partner"].create({"name": name, "is_company": True})
        account = cls.make_account(partner, user or cls.kam_user, state=state)
        account.account_class = account_class
        return account

    @classmethod
    def person(cls, account, name, when=PORTRAYED, **vals):
        """A portrait made on `when` (its measures' history is dated then too)."""
        with freeze_time(when):
            partner = cls.env["res.partner"].create(
                {"name": name, "parent_id": account.partner_id.id}
            )
            person = cls.env["kam.key.person"].create(
                {"account_id": account.id, "partner_id": partner.id, **vals}
            )
        # create_date is the database's clock, not freezegun's.
        person.flush_recordset()
        cls.env.cr.execute(
            SQL(
                "UPDATE kam_key_person SET create_date = %s WHERE id = %s",
                when,
                person.id,
            )
        )
        person.invalidate_recordset(["create_date"])
        return person

    @classmethod
    def meeting(cls, person, start):
        return cls.env["calendar.event"].create(
            {
                "name": f"Meeting with {person.name}",
                "start": start,
                "stop": start.replace(hour=start.hour + 1),
                "partner_ids": [Command.set(person.partner_id.ids)],
            }
        )

    @classmethod
    def message(cls, person, when):
        with freeze_time(when):
            person.message_post(body="Called about the tender.", message_type="comment")

    @classmethod
    def evaluation(cls, account, kind, start, end, deadline, state="todo"):
        evaluation = (
            cls.env["kam.evaluation"]
            .with_context(kam_no_snapshot=True)
            .create(
                {
                    "account_id": account.id,
                    "kind": kind,
                    "period_start": start,
                    "period_end": end,
                    "date_deadline": deadline,
                    "user_id": cls.kam_user.id,
                }
            )
        )
        if state != "todo":
            evaluation.state = state  # as the engine sets it
        return evaluation

    @classmethod
    def tactic_activity(cls, account, deadline, tactic=True):
        return cls.env["mail.activity"].create(
            {
                "res_model_id": cls.account_model_id,
                "res_id": account.id,
                "activity_type_id": cls.env.ref("mail.mail_activity_data_todo").id,
                "summary": "Quarterly business review",
                "user_id": cls.kam_user.id,
                "date_deadline": deadline,
                "kam_tactic_id": cls.tactic.id if tactic else False,
            }
        )

    @classmethod
    def approved_plan(cls, account, targets=(), start="2026-01-01", end="2026-12-31"):
        """An approved plan with relationship targets [(person, {measure: level})]."""
        plan = cls.env["kam.account.plan"].create(
            {
                "account_id": account.id,
                "date_from": start,
                "date_to": end,
                "relation_target_ids": [
                    Command.create(
                        {
                            "key_person_id": person.id,
                            **{f"target_{m}": level for m, level in levels.items()},
                        }
                    )
                    for person, levels in targets
                ],
            }
        )
        plan.with_user(cls.kam_manager).action_kam_approve()
        return plan

    def compute(self, accounts, user=None):
        return self.Health.with_user(user or self.kam_user)._kam_compute_health(
            accounts.with_user(user or self.kam_user)
        )

    def reasons(self, account):
        return account.health_reasons.splitlines()


@tagged("post_install", "-at_install")
class TestHealth(KamHealthCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        account = cls.account
        # Decision makers: Greta refuses on every measure (an opponent), nobody
        # knows where Paul stands.
        cls.greta = cls.person(
            account,
            "Greta Stein",
            decision_role="decision_maker",
            closeness="1",
            solution_acceptance="1",
            price_acceptance="1",
        )
        cls.paul = cls.person(account, "Paul Berg", decision_role="decision_maker")
        cls.otto = cls.person(
            account, "Otto Kern", decision_role="gatekeeper", closeness="3"
        )
        cls.ida = cls.person(account, "Ida Lund", decision_role="technical_evaluator")
        cls.lea = cls.person(account, "Lea Sommer", is_key_person=False)
        # Portrayed exactly 90 days before today (not yet untouched for longer than
        # 90 days), and 91 days before.
        cls.hans = cls.person(account, "Hans Vogel", when="2026-03-17 10:00:00")
        cls.karl = cls.person(account, "Karl Frei", when="2026-03-16 10:00:00")
        # Contacts: a meeting with Greta, a message on Paul's portrait, a change of
        # Ida's closeness; Otto's meeting is still to come.
        cls.meeting(cls.greta, datetime(2026, 5, 1, 9, 0))
        cls.meeting(cls.otto, datetime(2026, 7, 1, 9, 0))
        cls.message(cls.paul, "2026-06-01 15:00:00")
        with freeze_time("2026-04-01 11:00:00"):
            cls.ida.closeness = "3"
        # The plan of this year: Greta 1 → 3 (2 levels), Paul unknown (1) → 4
        # closeness and → 2 solution (3 + 1 levels): 6 levels.
        cls.plan = cls.approved_plan(
            account,
            [
                (cls.greta, {"closeness": "3"}),
                (cls.paul, {"closeness": "4", "solution_acceptance": "2"}),
            ],
        )
        # Overdue: the first quarter's plan and customer evaluations. Not overdue:
        # one done, one cancelled, one due today and one due next month.
        cls.evaluation(account, "plan", "2026-01-01", "2026-03-31", "2026-04-14")
        cls.evaluation(account, "customer", "2026-01-01", "2026-03-31", "2026-04-14")
        cls.evaluation(
            account, "coverage", "2025-07-01", "2025-12-31", "2026-01-14", "done"
        )
        cls.evaluation(
            account, "plan", "2025-10-01", "2025-12-31", "2026-01-14", "cancelled"
        )
        cls.evaluation(account, "customer", "2025-10-01", "2025-12-31", "2026-06-15")
        cls.evaluation(account, "strategy", "2026-01-01", "2026-06-30", "2026-07-14")
        # Tactics: one overdue; one due today, one next month, and an overdue
        # activity that is no tactic.
        cls.tactic_activity(account, "2026-06-01")
        cls.tactic_activity(account, "2026-06-15")
        cls.tactic_activity(account, "2026-07-01")
        cls.tactic_activity(account, "2026-05-01", tactic=False)

    # ------------------------------------------------------------------ reasons
    @freeze_time(NOW)
    def test_reasons_from_known_data(self):
        results = self.compute(self.account)
        # 100 - 15 (Greta opposes) - 5 (Paul unknown) - 12 (6 target levels x 2)
        # - 20 (2 evaluations overdue) - 5 (1 tactic overdue) - 10 (Otto, 161 days,
        # and Karl, 91 days, untouched) = 33: red (below 40).
        self.assertRecordValues(
            self.account,
            [
                {
                    "health_score": 33,
                    "health_color": "red",
                    "health_date": datetime(2026, 6, 15, 10, 0),
                }
            ],
        )
        self.assertEqual(
            self.reasons(self.account),
            [
                "−15: Decision maker Greta Stein is an opponent.",
                "−5: We do not know where decision maker Paul Berg stands.",
                (
                    "−12: Relationship targets of Nordwind Logistics, 2026-01-01 – "
                    "2026-12-31: 6 levels still missing."
                ),
                "−20: 2 evaluation(s) overdue.",
                "−5: 1 tactic(s) overdue.",
                (
                    "−10: Not contacted for long: Otto Kern (161 days), Karl Frei "
                    "(91 days)."
                ),
            ],
        )
        self.assertEqual(
            results, {self.account.id: (33, "red", self.account.health_reason_data)}
        )

    @freeze_time(NOW)
    def test_reasons_in_the_readers_language(self):
        """The engine stores what lowers the figure, not its words: the scheduler
        computes it once, a Chinese manager reads it in Chinese, an English one in
        English."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["kam_management"], ["zh_CN"])
        self.compute(self.account)
        self.assertIn(
            ["opponent", ["Greta Stein"]],
            [reason[1:] for reason in self.account.health_reason_data],
        )
        english = self.account.with_context(lang="en_US").health_reasons
        chinese = self.account.with_context(lang="zh_CN").health_reasons
        self.assertIn("−15: Decision maker Greta Stein is an opponent.", english)
        self.assertIn("−15: 决策者 Greta Stein 是反对者。", chinese)
        self.assertIn("Otto Kern（161 天）", chinese)
        self.assertEqual(len(chinese.splitlines()), len(english.splitlines()))

    @freeze_time(NOW)
    def test_contacts_reset_the_clock(self):
        untouched = self.Health.with_user(self.kam_user)._kam_untouched_key_persons
        self.assertEqual(
            untouched(self.account),
            {self.account.id: [("Otto Kern", 161), ("Karl Frei", 91)]},
        )
        # A message on Otto's portrait and a past meeting with Karl.
        self.message(self.otto, "2026-06-14 17:00:00")
        self.meeting(self.karl, datetime(2026, 6, 10, 14, 0))
        self.assertEqual(untouched(self.account), {})
        # A note logged by the system (no comment, no email) is no contact.
        self.hans._message_log(body="Merged duplicates.")
        with freeze_time("2026-06-16 10:00:01"):
            self.assertEqual(
                untouched(self.account), {self.account.id: [("Hans Vogel", 91)]}
            )
        self.compute(self.account)
        # Greta, Paul, the targets, the evaluations and the tactic: 100 - 57 = 43.
        self.assertEqual(self.account.health_score, 43)
        self.assertEqual(self.account.health_color, "amber")
        self.assertNotIn("Not contacted", self.account.health_reasons)

    @freeze_time(NOW)
    def test_the_plan_and_the_decision_makers_change_the_figure(self):
        """The reasons follow the data: Greta won over, Paul known."""
        self.greta.with_user(self.kam_user).write(
            {"closeness": "4", "solution_acceptance": "4", "price_acceptance": "4"}
        )
        self.paul.with_user(self.kam_user).write(
            {"closeness": "4", "solution_acceptance": "2"}
        )
        self.compute(self.account)
        # Greta (supporter) and Paul (neutral) cost nothing; the targets are
        # reached; Otto and Karl are still untouched, Greta and Paul were touched
        # just now: 100 - 20 - 5 - 10 = 65.
        self.assertEqual(self.account.health_score, 65)
        self.assertEqual(
            self.reasons(self.account),
            [
                "−20: 2 evaluation(s) overdue.",
                "−5: 1 tactic(s) overdue.",
                (
                    "−10: Not contacted for long: Otto Kern (161 days), Karl Frei "
                    "(91 days)."
                ),
            ],
        )

    @freeze_time(NOW)
    def test_caps(self):
        """Each kind of reason takes at most its cap."""
        account = self.new_account("Cap Holdings", "A")
        fresh = "2026-06-01 09:00:00"
        self.person(
            account,
            "Dana Boss",
            when=fresh,
            decision_role="decision_maker",
            closeness="4",
            solution_acceptance="4",
            price_acceptance="4",
        )
        stale = [self.person(account, f"Staff {i}") for i in range(1, 6)]
        full = {"closeness": "5", "solution_acceptance": "5", "price_acceptance": "5"}
        # Two people at 1 (unknown) aiming at 5 on three measures: 24 levels.
        self.approved_plan(account, [(stale[0], full), (stale[1], full)])
        quarters = [
            ("2025-01-01", "2025-03-31"),
            ("2025-04-01", "2025-06-30"),
            ("2025-07-01", "2025-09-30"),
            ("2025-10-01", "2025-12-31"),
        ]
        for start, end in quarters:
            self.evaluation(account, "plan", start, end, "2026-01-14")
        for _i in range(5):
            self.tactic_activity(account, "2026-05-01")
        self.compute(account)
        # 24 levels (48 -> 20), 4 evaluations (40 -> 30), 5 tactics (25 -> 20), 5
        # people untouched (25 -> 20): 100 - 90 = 10.
        self.assertEqual(account.health_score, 10)
        self.assertEqual(account.health_color, "red")
        self.assertEqual(
            self.reasons(account),
            [
                (
                    "−20: Relationship targets of Cap Holdings, 2026-01-01 – "
                    "2026-12-31: 24 levels still missing."
                ),
                "−30: 4 evaluation(s) overdue.",
                "−20: 5 tactic(s) overdue.",
                (
                    "−20: Not contacted for long: Staff 1 (161 days), Staff 2 "
                    "(161 days), Staff 3 (161 days), Staff 4 (161 days), Staff 5 "
                    "(161 days)."
                ),
            ],
        )

    @freeze_time(NOW)
    def test_no_plan_no_decision_maker(self):
        # Sunrise (class C): a draft plan of this year and an approved plan of last
        # year are no plan for today; nobody is mapped.
        self.approved_plan(self.other_account, start="2025-01-01", end="2025-12-31")
        self.env["kam.account.plan"].create(
            {
                "account_id": self.other_account.id,
                "date_from": "2026-01-01",
                "date_to": "2026-12-31",
            }
        )
        # Class B and D accounts are not planned: no plan costs them nothing.
        b_account = self.new_account("Beta Bakery", "B")
        d_account = self.new_account("Delta Dairy", "D")
        # A class B account whose only decision maker supports us, touched lately.
        fine = self.new_account("Fine Foods", "B")
        self.person(
            fine,
            "Fiona Fine",
            when="2026-06-01 09:00:00",
            decision_role="decision_maker",
            closeness="5",
            solution_acceptance="4",
            price_acceptance="4",
        )
        accounts = self.other_account | b_account | d_account | fine
        self.compute(accounts)
        self.assertRecordValues(
            accounts,
            [
                {"health_score": 80, "health_color": "green"},
                {"health_score": 90, "health_color": "green"},
                {"health_score": 90, "health_color": "green"},
                {"health_score": 100, "health_color": "green"},
            ],
        )
        self.assertEqual(
            self.reasons(self.other_account),
            [
                "−10: No decision maker is mapped.",
                "−10: No approved account plan for today.",
            ],
        )
        self.assertEqual(self.reasons(d_account), ["−10: No decision maker is mapped."])
        self.assertEqual(self.reasons(fine), ["Nothing lowers the health."])

    @freeze_time(NOW)
    def test_colour_thresholds_are_the_companys(self):
        # 70: class D, nobody mapped (-10), two evaluations overdue (-20).
        seventy = self.new_account("Seventy Steel", "D")
        for start, end in (("2026-01-01", "2026-03-31"), ("2025-10-01", "2025-12-31")):
            self.evaluation(seventy, "plan", start, end, "2026-04-14")
        # 40: class C without a plan (-10), nobody mapped (-10), three evaluations
        # overdue (-30), two people untouched (-10).
        forty = self.new_account("Forty Foods", "C")
        for kind, end in (
            ("plan", "2025-09-30"),
            ("customer", "2025-09-30"),
            ("coverage", "2025-12-31"),
        ):
            self.evaluation(forty, kind, "2025-07-01", end, "2026-01-14")
        self.person(forty, "Uma Untouched")
        self.person(forty, "Udo Untouched")
        accounts = seventy | forty
        cases = [
            # (healthy from, at risk from): colour of 70, colour of 40
            ((70, 40), ("green", "amber")),
            ((71, 40), ("amber", "amber")),
            ((71, 41), ("amber", "red")),
            ((40, 39), ("green", "green")),
            ((90, 70), ("amber", "red")),
        ]
        for (green, amber), colours in cases:
            with self.subTest(green=green, amber=amber):
                self.company.write(
                    {"kam_health_green": green, "kam_health_amber": amber}
                )
                self.compute(accounts)
                self.assertEqual(accounts.mapped("health_score"), [70, 40])
                self.assertEqual(tuple(accounts.mapped("health_color")), colours)

    # ------------------------------------------------------------------ history
    def test_history_once_per_day(self):
        account = self.new_account("Daily Dairy", "D")  # nobody mapped: -10
        History = self.env["kam.health.history"].with_user(self.kam_user)
        with freeze_time(NOW):
            self.compute(account)
            self.evaluation(account, "plan", "2026-01-01", "2026-03-31", "2026-04-14")
            self.compute(account)  # again today: today's row is replaced
            rows = History.search([("account_id", "=", account.id)])
            self.assertRecordValues(
                rows, [{"date": TODAY, "score": 80, "color": "green"}]
            )
        with freeze_time("2026-06-16 08:00:00"):
            self.evaluation(
                account, "customer", "2026-01-01", "2026-03-31", "2026-04-14"
            )
            self.evaluation(
                account, "coverage", "2025-07-01", "2025-12-31", "2026-01-14"
            )
            self.compute(account)
        rows = History.search([("account_id", "=", account.id)])
        self.assertRecordValues(
            rows,
            [
                {"date": date(2026, 6, 16), "score": 60, "color": "amber"},
                {"date": TODAY, "score": 80, "color": "green"},
            ],
        )
        self.assertEqual(account.health_history_ids, rows)
        self.assertEqual(rows.company_id, self.company)
        # The history is the engine's: users read it, nobody writes it by hand.
        with self.assertRaises(AccessError):
            rows[0].with_user(self.kam_user).score = 100
        with self.assertRaises(AccessError):
            History.create(
                {"account_id": account.id, "date": "2026-06-17", "score": 100}
            )

    # ------------------------------------------------------------------ rights
    @freeze_time(NOW)
    def test_refresh_by_a_reader(self):
        """A Key Accounts user who reads the account (not on its team) refreshes
        its health; a salesperson outside Key Accounts cannot."""
        self.assertNotIn(self.kam_user_2, self.account.team_user_ids)
        account = self.account.with_user(self.kam_user_2)
        self.assertTrue(account.action_kam_refresh_health())
        self.assertEqual(account.health_score, 33)
        self.assertIn("Greta Stein is an opponent", account.health_reasons)
        history = self.env["kam.health.history"].search(
            [("account_id", "=", self.account.id)]
        )
        self.assertEqual(history.mapped("score"), [33])
        with self.assertRaises(AccessError):
            self.account.with_user(self.salesman).action_kam_refresh_health()

    # ------------------------------------------------------------------ cron
    @freeze_time(NOW)
    def test_cron_one_batch_of_accounts_not_computed_today(self):
        Account = self.env["kam.account"]
        yesterday = self.new_account("Yesterday Yards", "D")
        broken = self.new_account("Broken Bricks", "D")
        never = self.new_account("Never Nails", "D")
        today = self.new_account("Today Tiles", "D")
        nominated = self.new_account("Nominee Nuts", "D", state="nominated")
        mine = yesterday | broken | never | today | nominated
        engine = self.env["kam.classification"]
        now = fields.Datetime.now()
        # Everything else (the demo data's accounts, the setup's) is up to date.
        others = Account.search([("id", "not in", mine.ids)])
        engine._kam_store(others, {a.id: {"health_date": now} for a in others})
        engine._kam_store(
            yesterday | today,
            {
                yesterday.id: {
                    "health_date": datetime(2026, 6, 14, 22, 0),
                    "health_score": 1,
                },
                today.id: {
                    "health_date": datetime(2026, 6, 15, 0, 30),
                    "health_score": 1,
                },
            },
        )
        HealthClass = type(self.Health)
        original = HealthClass._kam_compute_health

        def flaky(health, accounts):
            if broken in accounts:
                raise ValueError("The bricks are broken.")
            return original(health, accounts)

        progress = []

        def notify(cron, done, remaining, deactivate=False):
            progress.append((done, remaining))

        with (
            patch("odoo.addons.kam_management.models.kam_health.BATCH_SIZE", 2),
            patch.object(HealthClass, "_kam_compute_health", flaky),
            patch.object(type(self.env["ir.cron"]), "_notify_progress", notify),
        ):
            failed = self.Health._cron_kam_health()
            # One batch: the first two accounts due, by id; Broken Bricks failed
            # alone, Yesterday Yards was computed all the same.
            self.assertEqual(list(failed), [broken])
            self.assertIn("The bricks are broken.", failed[broken])
            self.assertEqual(progress, [(2, 1)])
            self.assertRecordValues(
                yesterday | broken | never,
                [
                    {"health_score": 90, "health_date": now},
                    {"health_score": 0, "health_date": now},
                    {"health_score": 0, "health_date": False},
                ],
            )
            self.assertEqual(
                broken.health_reasons, "Could not be computed: The bricks are broken."
            )
            self.Health._cron_kam_health()
            self.assertEqual(progress, [(2, 1), (1, 0)])
            self.assertEqual(never.health_score, 90)
            self.assertEqual(never.health_date, now)
            # Nothing is left today: the failed account waits for tomorrow.
            self.Health._cron_kam_health()
            self.assertEqual(progress, [(2, 1), (1, 0), (0, 0)])
        # Computed today already, or not a key account yet: left alone.
        self.assertEqual(today.health_score, 1)
        self.assertFalse(nominated.health_date)
        self.assertFalse(
            self.env["kam.health.history"].search(
                [("account_id", "in", (broken | today | nominated).ids)]
            )
        )

    # ------------------------------------------------------------------ queries
    def _health_queries(self, size, budget=HEALTH_QUERY_BUDGET):
        """Accounts like Nordwind's, each with an opponent decision maker met last
        month, a key person untouched since January, a plan target 2 levels away,
        an overdue evaluation and an overdue tactic."""
        accounts = self.env["kam.account"]
        for i in range(size):
            account = self.new_account(f"Batch {size}-{i}", "A")
            boss = self.person(
                account,
                f"Boss {size}-{i}",
                decision_role="decision_maker",
                closeness="1",
                solution_acceptance="2",
            )
            self.person(account, f"Clerk {size}-{i}", closeness="2")
            self.meeting(boss, datetime(2026, 5, 20, 9, 0))
            self.approved_plan(account, [(boss, {"closeness": "3"})])
            self.evaluation(account, "plan", "2026-01-01", "2026-03-31", "2026-04-14")
            self.tactic_activity(account, "2026-06-01")
            accounts |= account
        self.env.flush_all()
        self.env.invalidate_all()
        Health = self.Health.with_user(self.kam_user)
        accounts = accounts.with_user(self.kam_user)
        before = self.env.cr.sql_log_count
        if budget is None:
            results = Health._kam_compute_health(accounts)
        else:
            with self.assertQueryCount(budget):
                results = Health._kam_compute_health(accounts)
        used = self.env.cr.sql_log_count - before
        # 100 - 15 (opponent) - 4 (2 levels) - 10 - 5 - 5 (the clerk) = 61.
        self.assertEqual({score for score, _c, _r in results.values()}, {61})
        self.assertEqual(len(results), size)
        self.assertEqual(
            self.env["kam.health.history"].search_count(
                [("account_id", "in", accounts.ids), ("date", "=", TODAY)]
            ),
            size,
        )
        return used

    @freeze_time(NOW)
    def test_query_count_does_not_grow(self):
        """One budget for 3 and for 15 accounts."""
        # A first run fills the per-user caches (access rules, groups).
        self._health_queries(2, budget=None)
        small, large = self._health_queries(3), self._health_queries(15)
        _logger.info("health queries: 3 accounts %s, 15 accounts %s", small, large)
