"""The four scheduled evaluations (客户运营状态评估): when the scheduler creates them,
for whom, with which figures, compared with the previous one; a second run, a
failing account and a crash half-way; the queries of a run; rights, bad input and
the improvement plan whose items become activities."""

import logging
from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import KAM_MANAGER, KAM_USER, KamClassificationCommon

_logger = logging.getLogger(__name__)

ENGINE_LOGGER = "odoo.addons.kam_management.models.kam_classification"
BATCH_SIZE = "odoo.addons.kam_management.models.kam_evaluation.BATCH_SIZE"
# Queries of one scheduler run that creates the strategy evaluations of a batch,
# whatever the size of the batch (measured: 3 and 12 accounts take 33 each).
EVALUATION_QUERY_BUDGET = 35

Q1 = (date(2026, 1, 1), date(2026, 3, 31))
Q2 = (date(2026, 4, 1), date(2026, 6, 30))
H1 = (date(2026, 1, 1), date(2026, 6, 30))


class KamEvaluationCommon(KamClassificationCommon):
    """Accounts due for evaluation, allocated by their own Key Accounts manager, and
    the scheduler run as Odoo's cron runner runs it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The scheduler evaluates the allocated accounts of every company: only
        # this test's take part (the database's own, demo data included, are
        # archived).
        cls.env["kam.account"].search(
            [("id", "not in", (cls.account | cls.other_account).ids)]
        ).active = False
        cls.allocator = new_test_user(
            cls.env, login="kam_allocator", name="Alma Allocator", groups=KAM_MANAGER
        )
        cls.cron = cls.env.ref("kam_management.ir_cron_kam_evaluations")
        cls.Evaluation = cls.env["kam.evaluation"]
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")

    @classmethod
    def due_account(
        cls, name, since="2026-01-05", headcount=10, deal=False, by_system=False
    ):
        """A key account of a new customer `name` since `since`, with kam_user as
        account manager since 2025, allocated by cls.allocator (`by_system`: by the
        system, as data loaded or imported, so no manager allocated it). With
        `deal`, the customer has an open opportunity (so the iron triangle's duties
        of a new customer, activities on the account, stay out of the figures)."""
        partner = cls.env["res.partner"].create({"name": name, "is_company": True})
        account = cls.env["kam.account"].create(
            {"partner_id": partner.id, "state": "qualified", "headcount": headcount}
        )
        if deal:
            cls.env["crm.lead"].create(
                {
                    "name": f"{name} expansion",
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "user_id": cls.kam_user.id,
                }
            )
        cls.add_member(account, cls.kam_user, cls.role_am, date_from=date(2025, 1, 1))
        allocator = cls.env.user if by_system else cls.allocator
        account.with_user(allocator)._kam_set_state("allocated", "Staffed")
        # Set as the qualification decision would have.
        account.since_date = since
        return account

    def strategy_only(self):
        """Yearly customer and coverage evaluations: in mid-2026 only the strategy
        evaluation of H1 is due for accounts that became key accounts in 2026 (and
        no plan, no plan evaluation)."""
        self.company.write(
            {"kam_evaluation_interval_months": 12, "kam_coverage_evaluation_months": 12}
        )

    def run_scheduler(self):
        """One run of the scheduled action as Odoo's cron runner makes it, with a
        progress record that `_notify_progress` fills in: (progress, failed)."""
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": self.cron.id, "remaining": 0, "done": 0}
        )
        failed = self.Evaluation.with_context(
            ir_cron_progress_id=progress.id
        )._cron_kam_evaluations()
        return progress, failed

    def run_until_done(self):
        """The runs Odoo makes while the scheduler reports work remaining (each
        commits in production). Returns how many there were."""
        for runs in range(1, 11):
            progress, _failed = self.run_scheduler()
            if not progress.remaining:
                return runs
        self.fail("The scheduler still reports work after 10 runs.")

    def table(self, accounts):
        """{(customer, kind, start, end, responsible, due date)} of the accounts'
        evaluations."""
        return {
            (
                evaluation.account_id.name,
                evaluation.kind,
                evaluation.period_start,
                evaluation.period_end,
                evaluation.user_id.login,
                evaluation.date_deadline,
            )
            for evaluation in self.Evaluation.search(
                [("account_id", "in", accounts.ids)]
            )
        }

    def evaluation(self, account, kind, period):
        return self.Evaluation.search(
            [
                ("account_id", "=", account.id),
                ("kind", "=", kind),
                ("period_start", "=", period[0]),
                ("period_end", "=", period[1]),
            ]
        )

    def make_plan(self, account, start="2026-01-01", end="2026-12-31", approve=True):
        plan = (
            self.env["kam.account.plan"]
            .with_user(self.kam_user)
            .create({"account_id": account.id, "date_from": start, "date_to": end})
        )
        if approve:
            plan.with_user(self.kam_manager).action_kam_approve()
        return plan

    def order_on(self, partner, amount, when):
        order = self.order(partner, amount)
        order.date_order = when
        return order

    def activity_done(self, account, user, when, summary="Call"):
        """`user` schedules an activity on the account for themselves and does it
        at `when`: the message of a done activity is dated then."""
        with freeze_time(when):
            activity = account.with_user(user).activity_schedule(
                "mail.mail_activity_data_call", summary=summary, user_id=user.id
            )
            activity.with_user(user).action_feedback(feedback="Done")


@tagged("post_install", "-at_install")
class TestEvaluationSchedule(KamEvaluationCommon):
    """Which evaluations the scheduler creates on which day, for whom."""

    def test_quarter_and_half_year_boundaries(self):
        boreal = self.due_account("Boreal Mining")  # an approved plan for 2026
        cobalt = self.due_account("Cobalt Rail")  # a draft plan for 2026 only
        dune = self.due_account("Dune Ports")  # an approved plan from April
        accounts = boreal | cobalt | dune
        # Plans are made for class A and C accounts (set as the engine would).
        accounts.account_class = "A"
        self.make_plan(boreal)
        self.make_plan(cobalt, approve=False)
        self.make_plan(dune, start="2026-04-01", end="2027-03-31")

        with freeze_time("2026-03-31 12:00:00"):
            self.assertEqual(self.run_until_done(), 1)
        self.assertEqual(self.table(accounts), set())

        with freeze_time("2026-04-01 12:00:00"):
            # One run per kind with accounts due: Boreal's plan evaluation, then
            # the three customer evaluations.
            progress, _failed = self.run_scheduler()
            self.assertEqual((progress.done, progress.remaining), (1, 3))
            self.assertEqual(self.run_until_done(), 1)
        am, staffing = "kam_user", "kam_allocator"
        q1_due, half_due = date(2026, 4, 14), date(2026, 7, 14)
        after_q1 = {
            ("Boreal Mining", "plan", *Q1, am, q1_due),
            ("Boreal Mining", "customer", *Q1, am, q1_due),
            ("Cobalt Rail", "customer", *Q1, am, q1_due),
            ("Dune Ports", "customer", *Q1, am, q1_due),
        }
        self.assertEqual(self.table(accounts), after_q1)

        with freeze_time("2026-06-30 12:00:00"):
            self.assertEqual(self.run_until_done(), 1)
        self.assertEqual(self.table(accounts), after_q1)

        with freeze_time("2026-07-01 12:00:00"):
            # Plan, customer, coverage and strategy: four runs.
            self.assertEqual(self.run_until_done(), 4)
        self.assertEqual(
            self.table(accounts),
            after_q1
            | {
                ("Boreal Mining", "plan", *Q2, am, half_due),
                ("Dune Ports", "plan", *Q2, am, half_due),
                ("Boreal Mining", "customer", *Q2, am, half_due),
                ("Cobalt Rail", "customer", *Q2, am, half_due),
                ("Dune Ports", "customer", *Q2, am, half_due),
                # Is this allocation the best? The allocating manager's question.
                ("Boreal Mining", "coverage", *H1, staffing, half_due),
                ("Cobalt Rail", "coverage", *H1, staffing, half_due),
                ("Dune Ports", "coverage", *H1, staffing, half_due),
                ("Boreal Mining", "strategy", *H1, am, half_due),
                ("Cobalt Rail", "strategy", *H1, am, half_due),
                ("Dune Ports", "strategy", *H1, am, half_due),
            },
        )
        evaluations = self.Evaluation.search([("account_id", "in", accounts.ids)])
        self.assertEqual(set(evaluations.mapped("state")), {"todo"})
        # Each is its responsible's to-do (no activity beside it), and followed by
        # them alone.
        self.assertFalse(evaluations.activity_ids)
        for evaluation in evaluations:
            self.assertEqual(
                evaluation.message_partner_ids, evaluation.user_id.partner_id
            )
        self.assertEqual(
            self.evaluation(boreal, "customer", Q1).name,
            "Customer Evaluation: Boreal Mining, 2026-01-01 – 2026-03-31",
        )

    def test_activity_menu_counts_evaluations_to_do(self):
        """The responsible finds their evaluations in the activity menu, counted
        by due date, as activities are; done ones and others' do not count."""
        self.strategy_only()
        accounts = self.env["kam.account"].concat(
            *(self.due_account(f"Menu {index}") for index in range(3))
        )
        with freeze_time("2026-07-01 12:00:00"):
            self.run_until_done()
        evaluations = self.Evaluation.search([("account_id", "in", accounts.ids)])
        self.assertEqual(len(evaluations), 3)
        self.assertEqual(set(evaluations.user_id.ids), {self.kam_user.id})
        evaluations[0].date_deadline = date(2026, 7, 20)
        evaluations[1].date_deadline = date(2026, 7, 31)
        evaluations[2].date_deadline = date(2026, 8, 10)
        # A manual activity on an evaluation joins the same line.
        self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("kam.evaluation"),
                "res_id": evaluations[2].id,
                "activity_type_id": self.todo.id,
                "user_id": self.kam_user.id,
                "date_deadline": date(2026, 7, 31),
            }
        )

        def line(user):
            groups = self.env["res.users"].with_user(user)._get_activity_groups()
            return [g for g in groups if g["model"] == "kam.evaluation"]

        with freeze_time("2026-07-31 09:00:00"):
            (group,) = line(self.kam_user)
            self.assertEqual(group["name"], "Key Account Evaluations")
            self.assertEqual(
                {
                    key: group[key]
                    for key in (
                        "overdue_count",
                        "today_count",
                        "planned_count",
                        "total_count",
                    )
                },
                # Overdue 1; today 1 evaluation and 1 activity; planned 1.
                {
                    "overdue_count": 1,
                    "today_count": 2,
                    "planned_count": 1,
                    "total_count": 3,
                },
            )
            self.assertEqual(line(self.kam_user_2), [])
            evaluations[0].findings = "<p>Strategy holds</p>"
            evaluations[0].with_user(self.kam_user).action_kam_done()
            (group,) = line(self.kam_user)
            self.assertEqual((group["overdue_count"], group["total_count"]), (0, 2))
        # A salesperson without Key Accounts rights gets Odoo's menu untouched.
        self.assertEqual(line(self.salesman), [])

    def test_periods_follow_the_settings(self):
        self.company.write(
            {"kam_plan_evaluation_months": 6, "kam_coverage_evaluation_months": 3}
        )
        boreal = self.due_account("Boreal Mining")
        boreal.account_class = "A"
        self.make_plan(boreal)
        am, staffing = "kam_user", "kam_allocator"
        with freeze_time("2026-04-01 12:00:00"):
            self.run_until_done()
        q1_due, half_due = date(2026, 4, 14), date(2026, 7, 14)
        after_q1 = {
            ("Boreal Mining", "customer", *Q1, am, q1_due),
            ("Boreal Mining", "coverage", *Q1, staffing, q1_due),
        }
        self.assertEqual(self.table(boreal), after_q1)
        with freeze_time("2026-07-01 12:00:00"):
            self.run_until_done()
        self.assertEqual(
            self.table(boreal),
            after_q1
            | {
                ("Boreal Mining", "plan", *H1, am, half_due),
                ("Boreal Mining", "customer", *Q2, am, half_due),
                ("Boreal Mining", "coverage", *Q2, staffing, half_due),
                ("Boreal Mining", "strategy", *H1, am, half_due),
            },
        )

    def test_coverage_of_an_account_created_allocated(self):
        """An account created allocated (data, an import) carries the system's
        decision: its coverage evaluation goes to a Key Accounts manager of its
        company, not to the superuser."""
        partner = self.env["res.partner"].create(
            {"name": "Imported Corp", "is_company": True}
        )
        imported = self.make_account(partner, self.kam_user)
        imported.since_date = "2026-01-05"
        self.assertEqual(imported.decision_ids.user_id, self.env.ref("base.user_root"))
        with freeze_time("2026-07-01 12:00:00"):
            self.run_until_done()
        coverage = self.evaluation(imported, "coverage", H1)
        self.assertNotEqual(coverage.user_id, self.env.ref("base.user_root"))
        self.assertTrue(coverage.user_id.has_group("kam_management.group_kam_manager"))
        self.assertIn(self.company, coverage.user_id.company_ids)

    def test_accounts_not_due(self):
        """Not allocated, archived, or a key account only since after the period:
        nothing to evaluate."""
        late = self.due_account("Late Corp", since="2026-04-01")
        archived = self.due_account("Gone Corp")
        archived.active = False
        qualified = self.due_account("Waiting Corp")
        qualified.state = "qualified"
        with freeze_time("2026-04-01 12:00:00"):
            self.run_until_done()
        self.assertEqual(self.table(late | archived | qualified), set())


@tagged("post_install", "-at_install")
class TestEvaluationRuns(KamEvaluationCommon):
    """A second run, a failing account, a crash half-way, and the queries of a run."""

    @mute_logger("odoo.sql_db")
    def test_second_run_creates_nothing(self):
        accounts = self.due_account("Boreal Mining") | self.due_account("Cobalt Rail")
        with freeze_time("2026-07-01 12:00:00"):
            self.run_until_done()
            created = self.Evaluation.search([("account_id", "in", accounts.ids)])
            # Customer (Q2), coverage and strategy (H1) each; no plan, no plan
            # evaluation.
            self.assertEqual(len(created), 6)
            progress, failed = self.run_scheduler()
        self.assertEqual((progress.done, progress.remaining, failed), (0, 0, {}))
        self.assertEqual(
            self.Evaluation.search([("account_id", "in", accounts.ids)]), created
        )
        self.assertEqual(len(created.message_follower_ids), 6)
        # The database refuses a second evaluation of the same period, by hand too.
        with self.assertRaises(IntegrityError):
            self.Evaluation.with_user(self.kam_user).create(
                {
                    "account_id": accounts[0].id,
                    "kind": "strategy",
                    "period_start": H1[0],
                    "period_end": H1[1],
                    "date_deadline": "2026-07-14",
                    "user_id": self.kam_user.id,
                }
            )

    def test_failing_account_is_reported_and_not_retried(self):
        """An account whose figures cannot be taken (an order in a currency without
        any rate) still gets its evaluation, saying why, and a warning; the others
        are evaluated, and the next run creates nothing more."""
        boreal = self.due_account("Boreal Mining")
        cobalt = self.due_account("Cobalt Rail")
        currency = self.env["res.currency"].create(
            {"name": "ZZK", "symbol": "Z", "rounding": 0.01}
        )
        currency.rate_ids.unlink()
        pricelist = self.env["product.pricelist"].create(
            {"name": "ZZK list", "currency_id": currency.id}
        )
        with freeze_time("2026-03-10 12:00:00"):
            order = self.order(cobalt.partner_id, 5000, confirm=False, days_ago=0)
            order.pricelist_id = pricelist
            order.action_confirm()
        with (
            freeze_time("2026-04-01 12:00:00"),
            self.assertLogs(ENGINE_LOGGER, "WARNING") as logs,
        ):
            progress, failed = self.run_scheduler()
        self.assertEqual(list(failed), [cobalt])
        self.assertIn("no exchange rate for ZZK", failed[cobalt])
        self.assertEqual(len(logs.output), 1)
        self.assertIn("Cobalt Rail", logs.output[0])
        self.assertIn("ZZK", logs.output[0])
        self.assertEqual((progress.done, progress.remaining), (2, 0))
        good = self.evaluation(boreal, "customer", Q1)
        bad = self.evaluation(cobalt, "customer", Q1)
        self.assertRecordValues(
            good | bad,
            [
                {"user_id": self.kam_user.id, "previous_id": False},
                {"user_id": self.kam_user.id, "previous_id": False},
            ],
        )
        self.assertFalse(good.snapshot_error)
        self.assertTrue(good.snapshot)
        self.assertFalse(bad.snapshot)
        self.assertIn("no exchange rate for ZZK", bad.snapshot_error)
        # Its responsible has it to do, as any evaluation.
        self.assertEqual(bad.user_id, self.kam_user)
        self.assertEqual(bad.message_partner_ids, self.kam_user.partner_id)
        # The failed account's re-qualification was undone with its snapshot.
        self.assertEqual(len(boreal.qualification_ids), 1)
        self.assertFalse(cobalt.qualification_ids)

        with (
            freeze_time("2026-04-01 18:00:00"),
            self.assertNoLogs(ENGINE_LOGGER, "WARNING"),
        ):
            progress, failed = self.run_scheduler()
        self.assertEqual((progress.done, progress.remaining, failed), (0, 0, {}))
        self.assertEqual(
            self.Evaluation.search([("account_id", "in", (boreal | cobalt).ids)]),
            good | bad,
        )
        # Once the rate is there, the responsible takes the figures again, and the
        # account is qualified again in their name.
        self.env["res.currency.rate"].create(
            {"currency_id": currency.id, "rate": 2.0, "name": "2026-01-01"}
        )
        with freeze_time("2026-04-02 12:00:00"):
            bad.with_user(self.kam_user).action_kam_refresh_snapshot()
        self.assertFalse(bad.snapshot_error)
        self.assertEqual(
            set(bad.snapshot),
            {"score", "potential", "contribution", "qualified", "account_class"},
        )
        self.assertEqual(bad.snapshot["potential"], 10000.0)
        self.assertEqual(cobalt.qualification_ids.user_id, self.kam_user)

    def test_one_batch_per_run_and_resume_after_a_crash(self):
        self.strategy_only()
        accounts = self.env["kam.account"].concat(
            *(self.due_account(f"Batch {index}") for index in range(3))
        )
        strategy = [("account_id", "in", accounts.ids), ("kind", "=", "strategy")]
        with patch(BATCH_SIZE, 2), freeze_time("2026-07-01 12:00:00"):
            progress, _failed = self.run_scheduler()
            self.assertEqual((progress.done, progress.remaining), (2, 1))
            first = self.Evaluation.search(strategy)
            self.assertEqual(first.account_id, accounts[:2])
            # The next run dies before Odoo commits it (a worker killed): none of
            # its work stays.
            with self.assertRaises(RuntimeError):
                crashed, _failed = self.run_scheduler()
                self.assertEqual((crashed.done, crashed.remaining), (1, 0))
                raise RuntimeError("worker killed")
            self.assertEqual(self.Evaluation.search(strategy), first)
            # The run after resumes with what is missing, and only that.
            progress, _failed = self.run_scheduler()
            self.assertEqual((progress.done, progress.remaining), (1, 0))
            progress, _failed = self.run_scheduler()
            self.assertEqual((progress.done, progress.remaining), (0, 0))
        evaluations = self.Evaluation.search(strategy)
        self.assertEqual(evaluations.account_id, accounts)
        self.assertEqual(len(evaluations), 3)
        self.assertEqual(len(evaluations.message_follower_ids), 3)

    def _run_queries(self, size, budget=EVALUATION_QUERY_BUDGET, by_system=False):
        accounts = self.env["kam.account"].concat(
            *(
                self.due_account(f"Count {size}-{index}", by_system=by_system)
                for index in range(size)
            )
        )
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": self.cron.id, "remaining": 0, "done": 0}
        )
        Scheduler = self.Evaluation.with_context(ir_cron_progress_id=progress.id)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        if budget is None:
            Scheduler._cron_kam_evaluations()
        else:
            with self.assertQueryCount(budget):
                Scheduler._cron_kam_evaluations()
        used = self.env.cr.sql_log_count - before
        evaluations = self.Evaluation.search([("account_id", "in", accounts.ids)])
        self.assertEqual(len(evaluations), size)
        self.assertEqual(set(evaluations.mapped("kind")), {"strategy"})
        self.assertEqual(len(evaluations.message_follower_ids), size)
        self.assertEqual((progress.done, progress.remaining), (size, 0))
        return used

    def test_query_count_does_not_grow(self):
        """One batch of 3 and one of 12 accounts take as many queries, within the
        budget."""
        self.strategy_only()
        with freeze_time("2026-07-01 12:00:00"):
            # A first run fills the caches (access rules, groups, templates).
            self._run_queries(2, budget=None)
            small, large = self._run_queries(3), self._run_queries(12)
        _logger.info("evaluation queries: 3 accounts %s, 12 accounts %s", small, large)
        self.assertEqual(small, large)

    def test_query_count_does_not_grow_without_an_allocating_manager(self):
        """Accounts that no manager allocated (data, import) go to a manager of
        their company: found once for the batch, not once per account."""
        self.strategy_only()
        with freeze_time("2026-07-01 12:00:00"):
            self._run_queries(2, budget=None, by_system=True)
            small = self._run_queries(3, by_system=True)
            large = self._run_queries(12, by_system=True)
        self.assertEqual(small, large)


@tagged("post_install", "-at_install")
class TestEvaluationSnapshots(KamEvaluationCommon):
    """The figures each kind takes when created, from known data, and the
    comparison with the previous evaluation of the kind."""

    def test_plan_snapshot(self):
        boreal = self.due_account("Boreal Mining")
        boreal.account_class = "A"
        partner = boreal.partner_id
        KeyPerson = self.env["kam.key.person"]

        def portrait(name, closeness):
            return KeyPerson.create(
                {
                    "account_id": boreal.id,
                    "partner_id": self.env["res.partner"]
                    .create({"name": name, "parent_id": partner.id})
                    .id,
                    "closeness": closeness,
                }
            )

        ceo, cfo, buyer = (
            portrait("Greta Stein", "4"),
            portrait("Paul Berg", "2"),
            portrait("Otto Kern", "3"),
        )
        Lead = self.env["crm.lead"]

        def lead(name):
            return Lead.create(
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "user_id": self.kam_user.id,
                }
            )

        open_lead, won, lost = lead("Fleet"), lead("Sensors"), lead("Training")
        won.action_set_won()
        lost.action_set_lost()
        plan = self.make_plan(boreal, approve=False)
        plan.with_user(self.kam_user).write(
            {
                "revenue_target": 200000,
                "relation_target_ids": [
                    # Reached (4 of 4), 2 levels missing (2 of 4), reached (3 of 3).
                    Command.create({"key_person_id": ceo.id, "target_closeness": "4"}),
                    Command.create({"key_person_id": cfo.id, "target_closeness": "4"}),
                    Command.create(
                        {"key_person_id": buyer.id, "target_closeness": "3"}
                    ),
                ],
                "opportunity_target_ids": [
                    Command.create({"name": "Fleet", "lead_id": open_lead.id}),
                    Command.create({"name": "Sensors", "lead_id": won.id}),
                    Command.create({"name": "Training", "lead_id": lost.id}),
                    Command.create({"name": "Cold chain", "target_revenue": 40000}),
                ],
            }
        )
        plan.with_user(self.kam_manager).action_kam_approve()
        # Confirmed sales in the plan's year: 50,000 + 30,000; December is before.
        self.order_on(partner, 50000, datetime(2026, 2, 10, 12))
        self.order_on(partner, 30000, datetime(2026, 3, 20, 12))
        self.order_on(partner, 70000, datetime(2025, 12, 15, 12))
        with freeze_time("2026-04-01 12:00:00"):
            self.run_until_done()
        evaluation = self.evaluation(boreal, "plan", Q1)
        self.assertEqual(
            evaluation.snapshot,
            {
                "plan": "Boreal Mining, 2026-01-01 – 2026-12-31",
                "targets_total": 3,
                "targets_reached": 2,
                "opportunities_planned": 4,
                "opportunities_won": 1,
                "opportunities_open": 1,
                "opportunities_lost": 1,
                "revenue_target": 200000.0,
                "revenue_actual": 80000.0,
                "revenue_attainment": 40.0,
            },
        )
        self.assertFalse(evaluation.previous_id)

    def test_customer_snapshot_requalifies_and_compares(self):
        boreal = self.due_account("Boreal Mining", headcount=10)
        cobalt = self.due_account("Cobalt Rail", headcount=100)
        Score = self.env["kam.account.score"]
        for account, scores in ((boreal, (8, 7, 5)), (cobalt, (4, 4, 4))):
            Score.create(
                [
                    {"account_id": account.id, "criterion_id": crit.id, "score": s}
                    for crit, s in zip(
                        (self.crit_budget, self.crit_fit, self.crit_access),
                        scores,
                        strict=True,
                    )
                ]
            )
        # Boreal: 50*8/10 + 30*7/10 + 20*5/10 = 71 points, qualifies by score;
        # 10 employees x 1,000 = 10,000 potential. Cobalt: 20 + 12 + 8 = 40 points,
        # 100,000 potential: below both thresholds (60, 500,000).
        # Contribution: the 12 months before 2026-04-01; March 2025 is before.
        self.order_on(boreal.partner_id, 30000, datetime(2026, 2, 10, 12))
        self.order_on(boreal.partner_id, 20000, datetime(2025, 3, 15, 12))
        with freeze_time("2026-04-01 12:00:00"):
            self.run_until_done()
        first_boreal = self.evaluation(boreal, "customer", Q1)
        first_cobalt = self.evaluation(cobalt, "customer", Q1)
        self.assertEqual(
            first_boreal.snapshot,
            {
                "score": 71.0,
                "potential": 10000.0,
                "contribution": 30000.0,
                "qualified": True,
                "account_class": "",
            },
        )
        self.assertEqual(
            first_cobalt.snapshot,
            {
                "score": 40.0,
                "potential": 100000.0,
                "contribution": 0.0,
                "qualified": False,
                "account_class": "",
            },
        )
        # The evaluation re-qualified both accounts, each decision kept.
        decision = {
            "method": "either",
            "date": datetime(2026, 4, 1, 12),
            "score_threshold": 60,
            "potential_threshold": 500000,
        }
        self.assertRecordValues(
            boreal.qualification_ids | cobalt.qualification_ids,
            [
                {**decision, "qualified": True, "score_total": 71, "potential": 10000},
                {
                    **decision,
                    "qualified": False,
                    "score_total": 40,
                    "potential": 100000,
                },
            ],
        )
        self.assertEqual((boreal.qualified, cobalt.qualified), (True, False))

        # Next quarter Cobalt has grown to 800 employees: 800,000 potential.
        cobalt.with_user(self.kam_user).headcount = 800
        with freeze_time("2026-07-01 12:00:00"):
            self.run_until_done()
        second = self.evaluation(cobalt, "customer", Q2)
        self.assertEqual(second.previous_id, first_cobalt)
        self.assertEqual(second.snapshot["potential"], 800000.0)
        self.assertIs(second.snapshot["qualified"], True)
        self.assertEqual(len(cobalt.qualification_ids), 2)
        self.assertTrue(cobalt.qualified)
        html = str(second.snapshot_html)
        self.assertIn("100,000.00 → 800,000.00 (+700000.0)", html)
        self.assertIn("<td>No → Yes</td>", html)
        # Unchanged figures show both values and no difference.
        self.assertIn("<td>40.00 → 40.00</td>", html)
        self.assertEqual(
            self.evaluation(boreal, "customer", Q2).previous_id, first_boreal
        )

    def test_texts_escaped_once(self):
        """Names in the figures (a plan's, a strategy's) show as written, now and
        against the previous evaluation: escaped once, not twice."""
        first, second = (
            self.Evaluation.create(
                {
                    "account_id": self.account.id,
                    "kind": "plan",
                    "period_start": start,
                    "period_end": end,
                    "date_deadline": end,
                }
            )
            for start, end in (Q1, Q2)
        )
        # As the snapshots would hold them.
        first.snapshot = {"plan": "Smith & Sons 2026", "targets_total": 1}
        second.write(
            {
                "snapshot": {"plan": "O'Brien <Q2>", "targets_total": 2},
                "previous_id": first.id,
            }
        )
        html = str(second.with_user(self.kam_user).snapshot_html)
        self.assertIn("<td>O&#39;Brien &lt;Q2&gt;</td>", html)
        self.assertIn("<td>Smith &amp; Sons 2026 → O&#39;Brien &lt;Q2&gt;</td>", html)
        self.assertIn("<td>1 → 2 (+1)</td>", html)
        self.assertNotIn("&amp;amp;", html)

    def _portrait_on(self, account, name, when, **vals):
        """A key person first portrayed at `when` (create_date comes from the
        database clock, so it is set here as it would have been)."""
        partner = self.env["res.partner"].create(
            {"name": name, "parent_id": account.partner_id.id}
        )
        with freeze_time(when):
            person = self.env["kam.key.person"].create(
                {"account_id": account.id, "partner_id": partner.id, **vals}
            )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE kam_key_person SET create_date = %s WHERE id = %s",
            (when, person.id),
        )
        person.invalidate_recordset(["create_date"])
        return person

    def test_coverage_snapshot(self):
        boreal = self.due_account("Boreal Mining", deal=True)
        self.add_member(
            boreal, self.kam_user_2, self.role_solution, date_from=date(2026, 3, 1)
        )
        ended = new_test_user(
            self.env, login="kam_ended", name="Eddy Ended", groups=KAM_USER
        )
        self.add_member(
            boreal,
            ended,
            self.role_solution,
            date_from=date(2025, 6, 1),
            date_to=date(2026, 2, 28),
        )
        # Done in H1: two by the account manager, one by the solution manager, one
        # by a Key Accounts manager who is not in the team; before and after H1.
        self.activity_done(boreal, self.kam_user, "2025-12-20 10:00:00")
        self.activity_done(boreal, self.kam_user, "2026-02-10 10:00:00")
        self.activity_done(boreal, self.kam_manager, "2026-03-05 10:00:00")
        self.activity_done(boreal, self.kam_user_2, "2026-04-15 10:00:00")
        self.activity_done(boreal, self.kam_user, "2026-05-20 10:00:00")
        self.activity_done(boreal, self.kam_user, "2026-07-01 08:00:00")
        with freeze_time("2026-06-15 10:00:00"):
            boreal.with_user(self.kam_user).activity_schedule(
                "mail.mail_activity_data_call",
                summary="Open",
                user_id=self.kam_user.id,
                date_deadline=date(2026, 6, 20),
            )
        # Key persons: untouched since portrayed (172 and 122 days on 2026-07-01),
        # a message in June, a measure changed in May, one who is no key person.
        self._portrait_on(boreal, "Greta Stein", "2026-01-10 08:00:00")
        cfo = self._portrait_on(boreal, "Paul Berg", "2026-01-10 08:00:00")
        with freeze_time("2026-06-01 10:00:00"):
            cfo.with_user(self.kam_user).message_post(
                body="Lunch about the renewal", message_type="comment"
            )
        buyer = self._portrait_on(boreal, "Otto Kern", "2026-02-01 08:00:00")
        with freeze_time("2026-05-15 10:00:00"):
            buyer.with_user(self.kam_user).closeness = "3"
        self._portrait_on(boreal, "Ida Lund", "2026-03-01 08:00:00")
        self._portrait_on(
            boreal, "Lea Sommer", "2025-01-01 08:00:00", is_key_person=False
        )
        with freeze_time("2026-07-01 12:00:00"):
            self.run_until_done()
        evaluation = self.evaluation(boreal, "coverage", H1)
        self.assertEqual(evaluation.user_id, self.allocator)
        # 2025-01-01 to 2026-07-01: 365 + 181 days; from 2026-03-01: 122 days.
        self.assertEqual(
            evaluation.snapshot,
            {
                "members": [
                    "Kara Account (Account Manager): 546 days, 2 done, 1 open",
                    "Kim Other (Solution Manager): 122 days, 1 done, 0 open",
                ],
                "missing_roles": "Customer Lead Expert",
                "activities_done": 4,
                "open_activities": 1,
                "untouched_key_persons": [
                    "Greta Stein (172 days)",
                    "Ida Lund (122 days)",
                ],
            },
        )

    def test_strategy_snapshot(self):
        boreal = self.due_account("Boreal Mining", deal=True)
        grow = self.env["kam.strategy"].create(
            {
                "name": "Grow",
                "for_class_a": True,
                "tactic_ids": [
                    Command.create({"name": "Kick-off", "deadline_days": 5}),
                    Command.create({"name": "Workshop", "deadline_days": 30}),
                    Command.create({"name": "Pilot", "deadline_days": 90}),
                ],
            }
        )
        classify = boreal.with_user(self.kam_user).action_kam_classify
        # Before H1: class D (10,000 potential, no sales).
        with freeze_time("2025-11-10 10:00:00"):
            classify()
        # In H1: 150,000 of sales make it B, 800 employees then A.
        with freeze_time("2026-02-01 10:00:00"):
            self.order(boreal.partner_id, 150000, days_ago=0)
            classify()
        with freeze_time("2026-05-10 10:00:00"):
            boreal.with_user(self.kam_user).headcount = 800
            classify()
        # Applied on 2026-05-01: due 05-06 (done on 05-04), 05-31 and 07-30.
        with freeze_time("2026-05-01 10:00:00"):
            activities = grow.with_user(self.kam_user)._kam_apply(boreal)
        with freeze_time("2026-05-04 10:00:00"):
            activities.filtered(lambda a: a.summary == "Kick-off").with_user(
                self.kam_user
            ).action_feedback(feedback="Kicked off")
        with freeze_time("2026-07-01 12:00:00"):
            self.run_until_done()
        evaluation = self.evaluation(boreal, "strategy", H1)
        self.assertEqual(evaluation.user_id, self.kam_user)
        self.assertEqual(
            evaluation.snapshot,
            {
                "strategy": "Grow",
                "account_class": "A",
                "class_changes": ["D → B", "B → A"],
                "activities_done": 1,
                "tactics_open": 2,
                "tactics_overdue": 1,
            },
        )


@tagged("post_install", "-at_install")
class TestEvaluationRights(KamEvaluationCommon):
    """Who may create, change, close and cancel an evaluation; bad periods."""

    def values(self, kind="strategy", period=H1, account=None):
        return {
            "account_id": (account or self.account).id,
            "kind": kind,
            "period_start": period[0],
            "period_end": period[1],
            "date_deadline": period[1],
            "user_id": self.kam_user.id,
        }

    def test_team_only(self):
        Evaluation = self.Evaluation.with_user(self.kam_user)
        evaluation = Evaluation.create(self.values())
        # Made by hand, it takes the figures too.
        self.assertEqual(evaluation.snapshot["tactics_open"], 0)
        self.assertEqual(evaluation.company_id, self.company)
        as_other = evaluation.with_user(self.kam_user_2)
        # Another Key Accounts user reads it, and changes nothing.
        self.assertEqual(as_other.kind, "strategy")
        with self.assertRaisesMessage(
            AccessError,
            "Nordwind Logistics: only the account's team and Key Accounts managers "
            "change it",
        ):
            as_other.findings = "<p>Not mine</p>"
        with self.assertRaisesMessage(
            AccessError,
            "Nordwind Logistics: only the account's team and Key Accounts managers "
            "work on it",
        ):
            self.Evaluation.with_user(self.kam_user_2).create(
                self.values(kind="customer", period=Q1)
            )
        evaluation.with_user(self.kam_user).findings = "<p>Strategy holds</p>"
        with self.assertRaises(AccessError):
            as_other.action_kam_done()
        with self.assertRaises(AccessError):
            as_other.action_kam_refresh_snapshot()
        # Users do not delete evaluations; managers do.
        with self.assertRaises(AccessError):
            evaluation.with_user(self.kam_user).unlink()
        self.assertEqual(evaluation.state, "todo")
        # A salesperson without Key Accounts rights reads nothing.
        with self.assertRaises(AccessError):
            evaluation.with_user(self.salesman).read(["kind"])

    def test_schedule_is_the_managers(self):
        evaluation = self.Evaluation.with_user(self.kam_user).create(self.values())
        # The assessed account manager does not push the due date back.
        for values in (
            {"date_deadline": "2026-12-31"},
            {"user_id": self.kam_user_2.id},
        ):
            with self.assertRaisesMessage(
                AccessError, "Only a Key Accounts manager changes an evaluation's"
            ):
                evaluation.with_user(self.kam_user).write(values)
        # The findings stay the team's.
        evaluation.with_user(self.kam_user).findings = "<p>On track</p>"
        evaluation.with_user(self.kam_manager).date_deadline = "2026-07-31"
        self.assertEqual(str(evaluation.date_deadline), "2026-07-31")

    def test_close_needs_findings(self):
        with freeze_time("2026-07-03 12:00:00"):
            evaluation = self.Evaluation.with_user(self.kam_user).create(self.values())
            self.env["mail.activity"].create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("kam.evaluation"),
                    "res_id": evaluation.id,
                    "activity_type_id": self.todo.id,
                    "user_id": self.kam_user.id,
                }
            )
            for empty in (False, "<p><br></p>"):
                evaluation.findings = empty
                with self.assertRaisesMessage(
                    UserError, "write the findings before closing the evaluation"
                ):
                    evaluation.with_user(self.kam_user).action_kam_done()
                self.assertEqual(evaluation.state, "todo")
            evaluation.with_user(self.kam_user).findings = "<p>Strategy holds</p>"
            evaluation.with_user(self.kam_user).action_kam_done()
        self.assertRecordValues(
            evaluation, [{"state": "done", "date_done": date(2026, 7, 3)}]
        )
        self.assertFalse(evaluation.activity_ids)
        with self.assertRaisesMessage(UserError, "is not to do any more"):
            evaluation.with_user(self.kam_user).action_kam_done()
        with self.assertRaisesMessage(UserError, "A closed evaluation keeps"):
            evaluation.with_user(self.kam_user).action_kam_refresh_snapshot()

    def test_period_must_match_the_kind(self):
        Evaluation = self.Evaluation.with_user(self.kam_user)
        with self.assertRaisesMessage(
            ValidationError, "covers 3 months, from the first day of a period"
        ) as caught:
            Evaluation.create(
                self.values(
                    kind="customer", period=(date(2026, 2, 1), date(2026, 4, 30))
                )
            )
        self.assertIn("for this date, 2026-01-01 – 2026-03-31", str(caught.exception))
        with self.assertRaisesMessage(
            ValidationError, "covers 6 months, from the first day of a period"
        ) as caught:
            Evaluation.create(self.values(kind="strategy", period=Q1))
        self.assertIn("for this date, 2026-01-01 – 2026-06-30", str(caught.exception))
        # Nor moved to another period afterwards (a manager's change, see
        # test_schedule_is_the_managers).
        evaluation = Evaluation.create(self.values(kind="customer", period=Q2))
        as_manager = evaluation.with_user(self.kam_manager)
        with self.assertRaisesMessage(ValidationError, "2026-04-01 – 2026-06-30"):
            as_manager.period_end = "2026-05-31"
        # Nor emptied: a client is told so, not answered with a server error.
        for vals in ({"kind": False}, {"period_start": False}, {"period_end": False}):
            with self.assertRaisesMessage(ValidationError, "its kind and its period"):
                as_manager.write(vals)
        # Nor at the calendar's end, where the snapshot's dates would overflow.
        with self.assertRaisesMessage(ValidationError, "ends in 2999 at the latest"):
            Evaluation.create(
                self.values(
                    kind="strategy", period=(date(9999, 7, 1), date(9999, 12, 31))
                )
            )
        self.assertRecordValues(
            evaluation,
            [{"kind": "customer", "period_start": Q2[0], "period_end": Q2[1]}],
        )
        self.assertFalse(
            self.Evaluation.search(
                [("account_id", "=", self.account.id), ("period_end", "=", Q1[1])]
            )
        )

    def test_state_and_figures_are_the_systems(self):
        Evaluation = self.Evaluation.with_user(self.kam_user)
        for forged in (
            {"state": "done"},
            {"snapshot": {"score": 100}},
            {"snapshot_error": "none"},
            {"date_done": "2026-07-01"},
        ):
            with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
                Evaluation.create({**self.values(), **forged})
        with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
            Evaluation.with_context(default_state="done").create(self.values())
        evaluation = Evaluation.create(self.values())
        for forged in ({"state": "cancelled"}, {"previous_id": evaluation.id}):
            with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
                evaluation.write(forged)
        self.assertEqual(evaluation.state, "todo")

    def test_cancel_by_a_manager_with_a_reason(self):
        evaluation = self.Evaluation.with_user(self.kam_user).create(self.values())
        self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("kam.evaluation"),
                "res_id": evaluation.id,
                "activity_type_id": self.todo.id,
                "user_id": self.kam_user.id,
            }
        )
        with self.assertRaisesMessage(
            AccessError, "Only a Key Accounts manager cancels an evaluation"
        ):
            evaluation.with_user(self.kam_user).action_kam_cancel()
        as_manager = evaluation.with_user(self.kam_manager)
        with self.assertRaisesMessage(UserError, "Say why the evaluation is cancelled"):
            as_manager.action_kam_cancel()
        as_manager.cancel_reason = "Account merged into its parent group"
        as_manager.action_kam_cancel()
        self.assertEqual(evaluation.state, "cancelled")
        self.assertFalse(evaluation.activity_ids)
        with self.assertRaisesMessage(UserError, "Only an evaluation to do"):
            as_manager.action_kam_cancel()
        # A cancelled evaluation is no one's previous evaluation.
        later = self.Evaluation.with_user(self.kam_user).create(
            self.values(period=(date(2026, 7, 1), date(2026, 12, 31)))
        )
        self.assertFalse(later.previous_id)
        # Managers delete evaluations.
        later.with_user(self.kam_manager).unlink()
        self.assertFalse(later.exists())

    def test_other_company_manager_sees_nothing(self):
        company_b = self.env["res.company"].create({"name": "KAM Other Company"})
        manager_b = self.company_user(
            "kam_manager_b", "Bea Manager", KAM_MANAGER, company_b
        )
        evaluation = self.Evaluation.with_user(self.kam_user).create(self.values())
        Evaluation_b = self.Evaluation.with_user(manager_b)
        self.assertFalse(Evaluation_b.search([]))
        self.assertFalse(Evaluation_b.search_count([("id", "=", evaluation.id)]))
        with self.assertRaises(AccessError):
            evaluation.with_user(manager_b).read(["kind"])
        with self.assertRaises(AccessError):
            Evaluation_b.create(self.values(kind="customer", period=Q1))
        with self.assertRaises(AccessError):
            evaluation.with_user(manager_b).action_kam_cancel()


@tagged("post_install", "-at_install")
class TestEvaluationItems(KamEvaluationCommon):
    """The improvement plan (提升和改进计划): items become activities on the account."""

    def test_items_become_activities(self):
        evaluation = self.Evaluation.with_user(self.kam_user).create(
            {
                "account_id": self.account.id,
                "kind": "strategy",
                "period_start": H1[0],
                "period_end": H1[1],
                "date_deadline": "2026-07-14",
                "user_id": self.kam_user.id,
            }
        )
        # Two items for the same owner on the same account, in one create.
        items = (
            self.env["kam.evaluation.item"]
            .with_user(self.kam_user)
            .create(
                [
                    {
                        "evaluation_id": evaluation.id,
                        "name": "Meet the CFO",
                        "user_id": self.kam_user_2.id,
                        "date_deadline": "2026-08-15",
                    },
                    {
                        "evaluation_id": evaluation.id,
                        "name": "Workshop with IT",
                        "user_id": self.kam_user_2.id,
                        "date_deadline": "2026-09-01",
                    },
                    {
                        "evaluation_id": evaluation.id,
                        "name": "Send the roadmap",
                        "date_deadline": "2026-07-20",
                    },
                ]
            )
        )
        self.assertRecordValues(
            items.activity_id,
            [
                {
                    "res_model": "kam.account",
                    "res_id": self.account.id,
                    "summary": name,
                    "user_id": user.id,
                    "date_deadline": deadline,
                    "activity_type_id": self.todo.id,
                }
                for name, user, deadline in (
                    ("Meet the CFO", self.kam_user_2, date(2026, 8, 15)),
                    ("Workshop with IT", self.kam_user_2, date(2026, 9, 1)),
                    ("Send the roadmap", self.kam_user, date(2026, 7, 20)),
                )
            ],
        )
        self.assertEqual(len(items.activity_id), 3)
        self.assertIn(evaluation.name, str(items[0].activity_id.note))
        self.assertEqual(items.mapped("is_done"), [False, False, False])
        self.assertEqual(items.account_id, self.account)
        # The owner does the first one, where the team works: the item is done.
        items[0].activity_id.with_user(self.kam_user_2).action_feedback(
            feedback="Met on Tuesday"
        )
        items.invalidate_recordset()
        self.assertEqual(
            items.with_user(self.kam_user).mapped("is_done"), [True, False, False]
        )
        self.assertFalse(items[0].activity_id)

    def test_item_changes_reach_its_activity(self):
        evaluation = self.Evaluation.with_user(self.kam_user).create(
            {
                "account_id": self.account.id,
                "kind": "strategy",
                "period_start": H1[0],
                "period_end": H1[1],
                "date_deadline": "2026-07-14",
                "user_id": self.kam_user.id,
            }
        )
        Item = self.env["kam.evaluation.item"].with_user(self.kam_user)
        item = Item.create(
            {
                "evaluation_id": evaluation.id,
                "name": "Meet the CFO",
                "date_deadline": "2026-08-15",
            }
        )
        activity = item.activity_id
        item.write(
            {
                "name": "Meet the CFO and the CIO",
                "user_id": self.kam_user_2.id,
                "date_deadline": "2026-08-20",
            }
        )
        self.assertRecordValues(
            activity,
            [
                {
                    "summary": "Meet the CFO and the CIO",
                    "user_id": self.kam_user_2.id,
                    "date_deadline": date(2026, 8, 20),
                }
            ],
        )
        # An item taken out of the plan leaves no task behind.
        item.unlink()
        self.assertFalse(activity.exists())

    def test_items_follow_the_evaluation(self):
        evaluation = self.Evaluation.with_user(self.kam_user).create(
            {
                "account_id": self.account.id,
                "kind": "strategy",
                "period_start": H1[0],
                "period_end": H1[1],
                "date_deadline": "2026-07-14",
                "user_id": self.kam_user.id,
            }
        )
        Item = self.env["kam.evaluation.item"]
        values = {"evaluation_id": evaluation.id, "name": "Meet the CFO"}
        # Not on the account's team: no improvement plan for it.
        with self.assertRaises(AccessError):
            Item.with_user(self.kam_user_2).create(values)
        as_manager = evaluation.with_user(self.kam_manager)
        as_manager.cancel_reason = "Duplicate"
        as_manager.action_kam_cancel()
        with self.assertRaisesMessage(
            UserError, "A cancelled evaluation has no improvement plan"
        ):
            Item.with_user(self.kam_user).create(values)
        self.assertFalse(evaluation.item_ids)

    def test_items_stay_with_their_evaluation(self):
        """An item never moves to another evaluation: that of an account its
        author does not cover would get an improvement plan from them."""
        ours, theirs = (
            self.Evaluation.create(
                {
                    "account_id": account.id,
                    "kind": "strategy",
                    "period_start": H1[0],
                    "period_end": H1[1],
                    "date_deadline": "2026-07-14",
                }
            )
            for account in (self.account, self.other_account)
        )
        item = (
            self.env["kam.evaluation.item"]
            .with_user(self.kam_user)
            .create({"evaluation_id": ours.id, "name": "Meet the CFO"})
        )
        with self.assertRaisesMessage(UserError, "stays with its Evaluation"):
            item.write({"evaluation_id": theirs.id})
        self.assertEqual(item.evaluation_id, ours)
        self.assertEqual(item.account_id, self.account)
        self.assertFalse(theirs.item_ids)
        # Nor do they, or the evaluation, go to another company.
        company_b = self.env["res.company"].create({"name": "KAM Item Company B"})
        for record in (item, ours.with_user(self.kam_user)):
            with self.assertRaisesMessage(UserError, "stays with its account"):
                record.write({"company_id": company_b.id})
            self.assertEqual(record.company_id, self.company)
