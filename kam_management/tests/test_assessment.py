"""The yearly assessment (评估和考核): per key account, per salesperson who held
accounts as their account manager during the year, per sales team and per customer
lead expert, figures computed from known data of 2025, qualified or not by the
company's thresholds, with the Key Accounts manager's final word."""

from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from ..models.kam_assessment import FIGURES as ENGINE_FIGURES
from .common import KAM_MANAGER, KAM_USER, KamClassificationCommon

# The figures every test expects, worked out by hand from the data of setUpClass:
# the engine's figures but the date it computed them on.
FIGURES = tuple(name for name in ENGINE_FIGURES if name != "computed_on")
# Kappa Freight: 80,000 sold in 2025 against a plan of 100,000 (80 %: just
# qualified); 2 of its 5 targets met; 2 of 4 evaluations on time (50 %: not
# qualified); closeness +2 -1 +2 = +3; one move up (C to A).
KAPPA = (1, 80000, 100000, 80.0, 40.0, 4, 2, 50.0, 3, 1, 0, False)
# Lambda Mining: 120,000 against the 100,000 of the plan that starts in July; 1 of
# 2 targets; 1 evaluation, on time; +1; two moves down (A to B, B to D).
LAMBDA = (1, 120000, 100000, 120.0, 50.0, 1, 1, 100.0, 1, 0, 2, True)
# Mu Retail: 5,000, no plan and no evaluation due: nothing to fail.
MU = (1, 5000, 0, 0.0, 0.0, 0, 0, 0.0, 0, 0, 0, True)
# Kara (Kappa all year, Lambda until June): targets 3 of 7 (42.9 %), 3 of 5 on time.
KARA = (2, 200000, 200000, 100.0, 42.9, 5, 3, 60.0, 4, 1, 2, False)
# Kim (Lambda from July, Mu all year).
KIM = (2, 125000, 100000, 125.0, 50.0, 1, 1, 100.0, 1, 0, 2, True)
# Their team: Kappa, Lambda (once) and Mu.
TEAM = (3, 205000, 200000, 102.5, 42.9, 5, 3, 60.0, 4, 1, 2, False)


@tagged("post_install", "-at_install")
class TestAssessment(KamClassificationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Partner = env["res.partner"]
        cls.team = env["crm.team"].create(
            {
                "name": "Key Accounts North",
                "member_ids": [Command.set([cls.kam_user.id, cls.kam_user_2.id])],
            }
        )

        def account(name, account_class, since, state="allocated"):
            partner = Partner.create({"name": name, "is_company": True})
            record = cls.make_account(partner, state=state)
            # System fields: set as the decisions and the classification would.
            record.write({"since_date": since, "account_class": account_class})
            return record

        cls.kappa = account("Kappa Freight", "A", "2024-01-01")
        cls.lambda_ = account("Lambda Mining", "C", "2024-06-01")
        cls.mu = account("Mu Retail", "D", "2024-06-01")
        cls.nominee = account("Nu Nominee", "C", False, state="nominated")
        # Nordwind became a key account in 2026: not assessed for 2025.
        cls.account.since_date = "2026-01-10"
        # Account managers: Kara holds Kappa, and Lambda until June 2025; Kim holds
        # Lambda from July and Mu all year; Mona held Mu in 2024 only.
        am = cls.role_am
        cls.add_member(cls.kappa, cls.kam_user, am, "2024-01-01")
        cls.add_member(cls.lambda_, cls.kam_user, am, "2024-06-01", "2025-06-30")
        cls.add_member(cls.lambda_, cls.kam_user_2, am, "2025-07-01")
        cls.add_member(cls.mu, cls.kam_manager, am, "2024-06-01", "2024-12-31")
        cls.add_member(cls.mu, cls.kam_user_2, am, "2025-01-01")
        # Kappa's lead expert since March 2024.
        cls.expert_user = new_test_user(
            env, login="kam_expert_x", name="Ezra Expert", groups=KAM_USER
        )
        cls.expert = env["kam.lead.expert"].create({"user_id": cls.expert_user.id})
        env["kam.account.member"].create(
            {
                "account_id": cls.kappa.id,
                "role_id": cls.role_expert.id,
                "expert_id": cls.expert.id,
                "date_from": "2024-03-01",
            }
        )

        # Confirmed sales (the 2024 and 2026 ones and the quotation do not count).
        kai = Partner.create(
            {"name": "Kai Kontor", "parent_id": cls.kappa.partner_id.id}
        )
        cls.sale(cls.kappa.partner_id, 50000, "2025-03-10 10:00:00")
        cls.sale(kai, 20000, "2025-06-15 10:00:00")  # a contact of the customer
        cls.sale(cls.kappa.partner_id, 10000, "2025-11-20 10:00:00")
        cls.sale(cls.kappa.partner_id, 40000, "2024-12-20 10:00:00")
        cls.sale(cls.kappa.partner_id, 25000, "2026-01-10 10:00:00")
        cls.sale(cls.kappa.partner_id, 99000, "2025-05-05 10:00:00", confirm=False)
        cls.sale(cls.lambda_.partner_id, 60000, "2025-02-01 10:00:00")
        cls.sale(cls.lambda_.partner_id, 60000, "2025-08-01 10:00:00")
        cls.sale(cls.lambda_.partner_id, 10000, "2026-01-05 10:00:00")
        cls.sale(cls.mu.partner_id, 5000, "2025-09-09 10:00:00")
        cls.sale(cls.nominee.partner_id, 70000, "2025-04-04 10:00:00")

        # Key persons and their closeness over time (unknown counts as 1):
        #                 1.1.2025  1.1.2026
        #   Kappa  Pia        2         4     +2
        #          Ben        3         2     -1
        #          Cem        1         3     +2  (portrayed in May 2025)
        #          Dirk       not a key person (1 -> 5 in 2025)
        #          Eva        2         2      0  (her change came in 2026)
        #   Lambda Finn       2         3     +1
        def person(account, name, when, **vals):
            with freeze_time(when):
                partner = Partner.create(
                    {"name": name, "parent_id": account.partner_id.id}
                )
                return env["kam.key.person"].create(
                    {"account_id": account.id, "partner_id": partner.id, **vals}
                )

        def change(person, when, **vals):
            with freeze_time(when):
                person.write(vals)

        cls.pia = person(cls.kappa, "Pia Post", "2024-03-01", closeness="2")
        cls.ben = person(cls.kappa, "Ben Bahn", "2024-03-01", closeness="3")
        cem = person(cls.kappa, "Cem Cargo", "2025-05-01")
        dirk = person(
            cls.kappa, "Dirk Dock", "2024-03-01", closeness="1", is_key_person=False
        )
        eva = person(cls.kappa, "Eva Express", "2024-03-01", closeness="2")
        cls.finn = person(cls.lambda_, "Finn Flöz", "2024-08-01", closeness="2")
        change(cls.pia, "2025-04-01", closeness="4")
        change(cls.ben, "2025-09-01", closeness="2")
        change(cem, "2025-06-01", closeness="3")
        change(dirk, "2025-06-01", closeness="5")
        change(eva, "2026-01-10", closeness="5")
        change(cls.finn, "2025-03-03", closeness="3")

        # Opportunities of the plans: one won in May 2025 (credited to the expert),
        # one open, one lost. Owned by the salespeople: the manager who assesses
        # does not see them in the CRM.
        Lead = env["crm.lead"]

        def opportunity(name, account, user, revenue):
            return Lead.create(
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": account.partner_id.id,
                    "user_id": user.id,
                    "expected_revenue": revenue,
                    "kam_expert_id": cls.expert.id if account == cls.kappa else False,
                }
            )

        won = opportunity("Cold chain", cls.kappa, cls.kam_user, 30000)
        still_open = opportunity("Yard sensors", cls.kappa, cls.kam_user, 15000)
        lost = opportunity("Shaft sensors", cls.lambda_, cls.kam_user_2, 40000)
        with freeze_time("2025-05-10 12:00:00"):
            won.with_user(cls.kam_user).action_set_won()
        with freeze_time("2025-10-01 12:00:00"):
            lost.with_user(cls.kam_user_2).action_set_lost()

        # Plans starting in 2025 count; Lambda's of mid-2024 and Kappa's of 2026 do
        # not (nor their targets).
        Plan = env["kam.account.plan"]

        def plan(account, start, end, target, relations=(), opportunities=()):
            record = Plan.create(
                {
                    "account_id": account.id,
                    "date_from": start,
                    "date_to": end,
                    "revenue_target": target,
                    "relation_target_ids": [
                        Command.create(
                            {"key_person_id": p.id, "target_closeness": level}
                        )
                        for p, level in relations
                    ],
                    "opportunity_target_ids": [
                        Command.create(
                            {"name": name, "lead_id": lead.id if lead else False}
                        )
                        for name, lead in opportunities
                    ],
                }
            )
            record.with_user(cls.kam_manager).action_kam_approve()
            return record

        # Kappa: Pia's target reached (4 >= 3), Ben's not (2 < 5); Cold chain won,
        # Yard sensors open, Fleet audit not in the pipeline yet: 2 of 5.
        plan(
            cls.kappa,
            "2025-01-01",
            "2025-12-31",
            100000,
            [(cls.pia, "3"), (cls.ben, "5")],
            [("Cold chain", won), ("Yard sensors", still_open), ("Fleet audit", None)],
        )
        plan(cls.kappa, "2026-01-01", "2026-12-31", 999000, [(cls.ben, "3")])
        plan(
            cls.lambda_,
            "2024-07-01",
            "2025-06-30",
            500000,
            [(cls.finn, "5")],
            [("Old tender", None)],
        )
        # Lambda: Finn's target reached (3), Shaft sensors lost: 1 of 2.
        plan(
            cls.lambda_,
            "2025-07-01",
            "2026-06-30",
            100000,
            [(cls.finn, "3")],
            [("Shaft sensors", lost)],
        )

        # Evaluations due in 2025. Kappa: on time (January, April), late (done
        # 20 July for 14 July), still to do; not counted: cancelled, due in 2024,
        # due in 2026. Lambda: done on its due date.
        def evaluation(account, kind, start, end, deadline, done=None, who=None):
            record = (
                env["kam.evaluation"]
                .with_context(kam_no_snapshot=True)
                .create(
                    {
                        "account_id": account.id,
                        "kind": kind,
                        "period_start": start,
                        "period_end": end,
                        "date_deadline": deadline,
                        "user_id": (who or cls.kam_user).id,
                    }
                )
            )
            if done:
                # At noon: the day is the same in the user's time zone.
                with freeze_time(f"{done} 12:00:00"):
                    as_user = record.with_user(who or cls.kam_user)
                    as_user.findings = "<p>Reviewed with the team.</p>"
                    as_user.action_kam_done()
            return record

        kappa = cls.kappa
        evaluation(
            kappa, "plan", "2024-07-01", "2024-09-30", "2024-10-14", "2024-10-10"
        )
        evaluation(
            kappa, "plan", "2024-10-01", "2024-12-31", "2025-01-14", "2025-01-10"
        )
        evaluation(
            kappa, "plan", "2025-01-01", "2025-03-31", "2025-04-14", "2025-04-10"
        )
        evaluation(
            kappa, "customer", "2025-04-01", "2025-06-30", "2025-07-14", "2025-07-20"
        )
        evaluation(kappa, "coverage", "2025-01-01", "2025-06-30", "2025-07-14")
        cancelled = evaluation(kappa, "plan", "2025-04-01", "2025-06-30", "2025-07-14")
        cancelled.state = "cancelled"  # as a manager's cancel leaves it
        evaluation(
            kappa, "strategy", "2025-07-01", "2025-12-31", "2026-01-14", "2026-01-10"
        )
        evaluation(
            cls.lambda_,
            "customer",
            "2025-07-01",
            "2025-09-30",
            "2025-10-14",
            "2025-10-14",
            who=cls.kam_user_2,
        )

        # Class moves: Kappa up C -> A in March 2025 (its D -> C of 2024 and A -> B
        # of 2026 are other years); Lambda down twice; Mu's first class is no move.
        History = env["kam.class.history"]
        currency = cls.company.currency_id
        for record, when, old, new in (
            (cls.kappa, "2024-12-15 10:00:00", "D", "C"),
            (cls.kappa, "2025-03-01 10:00:00", "C", "A"),
            (cls.kappa, "2026-01-05 10:00:00", "A", "B"),
            (cls.lambda_, "2025-05-01 10:00:00", "A", "B"),
            (cls.lambda_, "2025-09-01 10:00:00", "B", "D"),
            (cls.mu, "2025-02-02 10:00:00", False, "D"),
        ):
            History.create(
                {
                    "account_id": record.id,
                    "date": when,
                    "old_class": old,
                    "new_class": new,
                    "currency_id": currency.id,
                    "reason": "Scheduled recomputation",
                }
            )
        cls.Assessment = env["kam.assessment"]

    @classmethod
    def sale(cls, partner, amount, when, confirm=True):
        """KamClassificationCommon's order helper, for the class's data, dated."""
        order = cls.order(cls, partner, amount, confirm=confirm)
        order.date_order = when
        return order

    # ------------------------------------------------------------------ helpers
    def generate(self, year=2025, user=None):
        return self.Assessment.with_user(user or self.kam_manager)._kam_generate(year)

    def row(self, assessments, subject):
        key = {
            "kam.account": "account",
            "res.users": "user",
            "crm.team": "team",
            "kam.lead.expert.kpi": "expert",
        }[subject._name]
        return assessments.filtered(lambda a: a.subject_key == f"{key}:{subject.id}")

    def assertFigures(self, assessment, expected):
        self.assertEqual(len(assessment), 1)
        self.assertRecordValues(assessment, [dict(zip(FIGURES, expected, strict=True))])

    # ------------------------------------------------------------------ figures
    @freeze_time("2026-01-20 08:00:00")
    def test_figures_of_2025(self):
        assessments = self.generate()
        self.assertFigures(self.row(assessments, self.kappa), KAPPA)
        self.assertFigures(self.row(assessments, self.lambda_), LAMBDA)
        self.assertFigures(self.row(assessments, self.mu), MU)
        self.assertFigures(self.row(assessments, self.kam_user), KARA)
        self.assertFigures(self.row(assessments, self.kam_user_2), KIM)
        self.assertFigures(self.row(assessments, self.team), TEAM)
        kappa = self.row(assessments, self.kappa)
        self.assertRecordValues(
            kappa,
            [
                {
                    "year": 2025,
                    "subject_type": "account",
                    "account_id": self.kappa.id,
                    "company_id": self.company.id,
                    "result": "not_qualified",
                    "final_result": False,
                    "computed_on": datetime(2026, 1, 20, 8, 0),
                    "name": "Kappa Freight 2025",
                }
            ],
        )
        self.assertEqual(self.row(assessments, self.lambda_).result, "qualified")
        self.assertEqual(self.row(assessments, self.kam_user).user_id, self.kam_user)
        self.assertEqual(self.row(assessments, self.team).subject_type, "team")
        # Not assessed: a nominated customer, an account since 2026, a manager who
        # held an account in 2024 only.
        for subject in (self.nominee, self.account, self.kam_manager):
            self.assertFalse(self.row(assessments, subject), subject.display_name)

    @freeze_time("2026-01-20 08:00:00")
    def test_expert_rows_are_the_lead_experts_kpis(self):
        assessments = self.generate()
        kpi = self.env["kam.lead.expert.kpi"].search(
            [("expert_id", "=", self.expert.id), ("year", "=", 2025)]
        )
        self.assertEqual(len(kpi), 1)
        expert_row = self.row(assessments, kpi)
        # Ezra led Kappa (1 account); Cold chain (30,000) was won in 2025; no
        # rating yet: not qualified by the figures.
        self.assertRecordValues(
            expert_row,
            [
                {
                    "subject_type": "expert",
                    "expert_kpi_id": kpi.id,
                    "account_count": 1,
                    "revenue": 30000,
                    "closeness_gained": 0,
                    "computed_qualified": False,
                    "result": "not_qualified",
                    "name": "Ezra Expert 2025",
                }
            ],
        )
        kpi.with_user(self.kam_manager).rating = "3"
        self.generate()
        self.assertTrue(expert_row.computed_qualified)
        self.assertEqual(expert_row.result, "qualified")

    @freeze_time("2026-01-20 08:00:00")
    def test_thresholds_are_the_companys(self):
        self.company.kam_assessment_on_time_pct = 50
        assessments = self.generate()
        # Kappa: 80 % attainment and 50 % on time reach both thresholds now.
        self.assertTrue(self.row(assessments, self.kappa).computed_qualified)
        self.assertTrue(self.row(assessments, self.kam_user).computed_qualified)
        self.company.kam_assessment_revenue_pct = 80.1
        self.generate()
        self.assertFalse(self.row(assessments, self.kappa).computed_qualified)
        self.assertTrue(self.row(assessments, self.kam_user).computed_qualified)
        # Mu has no target and nothing due: whatever the thresholds, not failed.
        self.company.write(
            {"kam_assessment_revenue_pct": 1000, "kam_assessment_on_time_pct": 1000}
        )
        self.generate()
        self.assertTrue(self.row(assessments, self.mu).computed_qualified)
        self.assertFalse(self.row(assessments, self.lambda_).computed_qualified)

    @freeze_time("2026-01-20 08:00:00")
    def test_running_again_keeps_the_decision(self):
        assessments = self.generate()
        count = self.Assessment.search_count(
            [("company_id", "=", self.company.id), ("year", "=", 2025)]
        )
        kappa = self.row(assessments, self.kappa).with_user(self.kam_manager)
        kappa.write(
            {
                "final_result": "qualified",
                "comment": "The late evaluation waited for the customer's audit.",
            }
        )
        self.assertEqual(kappa.result, "qualified")
        self.assertFalse(kappa.computed_qualified)
        # A late order of December comes in; the year is computed again.
        self.sale(self.kappa.partner_id, 20000, "2025-12-30 10:00:00")
        with freeze_time("2026-01-21 09:00:00"):
            again = self.generate()
        self.assertEqual(
            self.Assessment.search_count(
                [("company_id", "=", self.company.id), ("year", "=", 2025)]
            ),
            count,
        )
        self.assertEqual(self.row(again, self.kappa), kappa)
        self.assertRecordValues(
            kappa,
            [
                {
                    "revenue": 100000,
                    "revenue_attainment": 100.0,
                    "final_result": "qualified",
                    "comment": "The late evaluation waited for the customer's audit.",
                    "result": "qualified",
                    "computed_on": datetime(2026, 1, 21, 9, 0),
                }
            ],
        )
        self.assertEqual(self.row(again, self.kam_user).revenue, 220000)
        # The manager's word overrides either way; without it the figures decide.
        lam = self.row(again, self.lambda_).with_user(self.kam_manager)
        lam.final_result = "not_qualified"
        self.assertEqual(lam.result, "not_qualified")
        lam.final_result = False
        self.assertEqual(lam.result, "qualified")
        # The refresh button computes the year again, keeping the decisions.
        kappa.action_kam_refresh()
        self.assertEqual(kappa.final_result, "qualified")
        # The figures are the engine's.
        with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
            kappa.revenue = 1

    # ------------------------------------------------------------------ rights
    @freeze_time("2026-01-20 08:00:00")
    def test_only_managers_assess(self):
        assessments = self.generate()
        Assessment = self.Assessment.with_user(self.kam_user)
        with self.assertRaisesMessage(
            AccessError, "Only a Key Accounts manager assesses."
        ):
            Assessment._kam_generate(2025)
        with self.assertRaises(AccessError):
            Assessment.search([("year", "=", 2025)])
        with self.assertRaises(AccessError):
            self.row(assessments, self.kam_user).with_user(self.kam_user).read(
                ["revenue"]
            )
        with self.assertRaises(AccessError):
            self.env["kam.assessment.generate"].with_user(self.kam_user).create(
                {"year": 2025}
            )
        with self.assertRaisesMessage(UserError, "Choose a year between 2000 and 2999"):
            self.generate(1999)

    @freeze_time("2026-01-20 08:00:00")
    def test_a_manager_of_another_company_sees_none(self):
        assessments = self.generate()
        other = self.env["res.company"].create({"name": "KAM Overseas"})
        manager_b = self.company_user("kam_manager_b", "Bea Abroad", KAM_MANAGER, other)
        Assessment = self.Assessment.with_user(manager_b)
        self.assertFalse(Assessment.search([("year", "=", 2025)]))
        with self.assertRaises(AccessError):
            self.row(assessments, self.kappa).with_user(manager_b).read(["revenue"])
        # Assessing their own company assesses none of ours.
        self.assertFalse(Assessment._kam_generate(2025))
        self.assertEqual(
            self.Assessment.search_count([("company_id", "=", other.id)]), 0
        )

    # ------------------------------------------------------------------ entry points
    @freeze_time("2026-01-20 08:00:00")
    def test_wizard(self):
        Wizard = self.env["kam.assessment.generate"].with_user(self.kam_manager)
        with Form(Wizard) as form:
            self.assertEqual(form.year, 2025)
        action = form.record.action_generate()
        self.assertEqual(action["res_model"], "kam.assessment")
        assessments = self.Assessment.browse(action["domain"][0][2])
        self.assertIn(self.row(assessments, self.kappa), assessments)
        self.assertFigures(self.row(assessments, self.team), TEAM)

    def test_yearly_cron_assesses_last_year(self):
        cron = self.env.ref("kam_management.ir_cron_kam_assess")
        with freeze_time("2026-01-05 02:00:00"):
            cron.method_direct_trigger()
        assessments = self.Assessment.search(
            [("company_id", "=", self.company.id), ("year", "=", 2025)]
        )
        self.assertFigures(self.row(assessments, self.kappa), KAPPA)
        self.assertFigures(self.row(assessments, self.kam_user_2), KIM)
        self.assertFalse(
            self.Assessment.search(
                [("company_id", "=", self.company.id), ("year", "=", 2026)]
            )
        )
