"""Account plans (账户规划): for class A and C accounts, one per account and period,
approved by a Key Accounts manager, with relationship targets measured against the
live portraits, opportunity targets and the period's confirmed sales."""

import subprocess
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KAM_MANAGER, KamClassificationCommon, KamNetworkCommon

PART_HEADINGS = (
    "Industry and Customer",
    "Customer Priority",
    "Relationship Targets",
    "Opportunities and Targets",
)


class KamPlanCommon(KamNetworkCommon, KamClassificationCommon):
    """The network of KamNetworkCommon (portraits of Nordwind Logistics: CEO 4/4/4,
    CFO 2/2/2, CIO unknown, buyer closeness 3), the order helpers of
    KamClassificationCommon, and classes as the engine would have left them:
    Nordwind Logistics A, Sunrise Foods C, Delta Dairy D."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The class is a system field: set as the classification would have.
        cls.account.account_class = "A"
        cls.other_account.account_class = "C"
        cls.d_customer = cls.env["res.partner"].create(
            {"name": "Delta Dairy", "is_company": True}
        )
        cls.d_account = cls.make_account(cls.d_customer, cls.kam_user)
        cls.d_account.account_class = "D"

    def make_plan(self, account=None, user=None, start="2026-01-01", end="2026-12-31"):
        return (
            self.env["kam.account.plan"]
            .with_user(user or self.kam_user)
            .create(
                {
                    "account_id": (account or self.account).id,
                    "date_from": start,
                    "date_to": end,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestAccountPlan(KamPlanCommon):
    # ------------------------------------------------------------------ class rule
    def test_plans_for_class_a_and_c_only(self):
        plan = self.make_plan()
        self.assertRecordValues(
            plan,
            [
                {
                    "state": "draft",
                    "account_class": "A",
                    "class_override": False,
                    "user_id": self.kam_user.id,
                    "company_id": self.company.id,
                    "name": "Nordwind Logistics, 2026-01-01 – 2026-12-31",
                }
            ],
        )
        self.make_plan(self.other_account, self.kam_user_2)  # class C
        Plan = self.env["kam.account.plan"].with_user(self.kam_user)
        with self.assertRaisesMessage(
            ValidationError,
            "Delta Dairy is of class D: account plans are for class A and C accounts",
        ):
            self.make_plan(self.d_account)
        self.d_account.account_class = "B"
        with self.assertRaisesMessage(ValidationError, "Delta Dairy is of class B"):
            self.make_plan(self.d_account)
        self.d_account.account_class = False
        with self.assertRaisesMessage(ValidationError, "is of class (not classified)"):
            self.make_plan(self.d_account)
        self.assertFalse(Plan.search([("account_id", "=", self.d_account.id)]))

    def test_classified_by_the_engine(self):
        """The plan follows the class the classification engine computes."""
        self.d_account.account_class = False
        self.d_account.headcount = 900  # potential 900,000: above the threshold
        with self.assertRaisesMessage(ValidationError, "(not classified)"):
            self.make_plan(self.d_account)
        self.classify(self.d_account)
        self.assertEqual(self.d_account.account_class, "C")
        plan = self.make_plan(self.d_account)
        self.assertEqual(plan.account_class, "C")

    def test_override_by_a_manager_with_a_reason(self):
        Plan = self.env["kam.account.plan"]
        vals = {
            "account_id": self.d_account.id,
            "date_from": "2026-01-01",
            "date_to": "2026-12-31",
            "class_override": True,
        }
        as_manager = Plan.with_user(self.kam_manager)
        for reason in (False, "   "):
            with self.assertRaisesMessage(
                ValidationError, "Say why this account is planned by exception"
            ):
                as_manager.create({**vals, "class_override_reason": reason})
        # The account's own team may not decide the exception.
        with self.assertRaisesMessage(
            AccessError, "Only a Key Accounts manager plans an account of another class"
        ):
            Plan.with_user(self.kam_user).create(
                {**vals, "class_override_reason": "Reference customer"}
            )
        plan = as_manager.create(
            {**vals, "class_override_reason": "Reference customer in a new market"}
        )
        self.assertRecordValues(
            plan,
            [
                {
                    "class_override": True,
                    "class_override_reason": "Reference customer in a new market",
                    "account_class": "D",
                }
            ],
        )
        # The team fills the plan but does not touch the exception.
        as_team = plan.with_user(self.kam_user)
        as_team.priority_rationale = "Opens the dairy segment"
        for field, value in (
            ("class_override", False),
            ("class_override_reason", "Another reason"),
        ):
            with self.assertRaisesMessage(AccessError, "Only a Key Accounts manager"):
                as_team.write({field: value})
        # Nor on a plan of an A account, where it is not needed.
        with self.assertRaisesMessage(AccessError, "Only a Key Accounts manager"):
            self.make_plan().write(
                {"class_override": True, "class_override_reason": "Why not"}
            )
        self.assertEqual(
            plan.class_override_reason, "Reference customer in a new market"
        )

    def test_forms_of_the_team_and_the_manager(self):
        """Through the form as each user sees it: the team's form does not send the
        exception (read-only for them), the manager's does."""
        with freeze_time("2026-03-15 10:00:00"):
            form = Form(self.env["kam.account.plan"].with_user(self.kam_user))
            form.account_id = self.account
            form.priority = "2"
            with form.relation_target_ids.new() as line:
                line.key_person_id = self.kp_cfo
                line.target_closeness = "4"
            with form.opportunity_target_ids.new() as line:
                line.lead_id = self.lead
            plan = form.save()
            form = Form(self.env["kam.account.plan"].with_user(self.kam_manager))
            form.account_id = self.d_account
            form.class_override = True
            form.class_override_reason = "Opens the dairy segment"
            exception = form.save()
        self.assertRecordValues(
            plan,
            [
                {
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 12, 31),
                    "priority": "2",
                    "class_override": False,
                    "targets_total": 1,
                }
            ],
        )
        self.assertEqual(plan.relation_target_ids.gap, 2)
        self.assertEqual(plan.opportunity_target_ids.name, "Fleet telematics")
        self.assertRecordValues(
            exception,
            [{"class_override": True, "account_class": "D", "state": "draft"}],
        )

    # ------------------------------------------------------------------ periods
    def test_one_plan_per_account_and_period(self):
        year = self.make_plan()
        Plan = self.env["kam.account.plan"].with_user(self.kam_user)
        overlapping = (
            ("2026-06-01", "2027-05-31"),
            ("2025-07-01", "2026-01-01"),  # one day is enough
            ("2026-12-31", "2027-03-31"),
            ("2026-03-01", "2026-03-31"),  # inside
            ("2025-01-01", "2027-12-31"),  # around
        )
        for start, end in overlapping:
            with self.assertRaisesMessage(
                ValidationError,
                "Nordwind Logistics already has a plan for 2026-01-01 – 2026-12-31",
            ):
                self.make_plan(start=start, end=end)
        # Adjacent periods are fine.
        before = self.make_plan(start="2025-01-01", end="2025-12-31")
        after = self.make_plan(start="2027-01-01", end="2027-12-31")
        # Moving a plan onto another's period is refused like creating it there.
        with self.assertRaisesMessage(ValidationError, "already has a plan"):
            after.write({"date_from": "2026-12-01"})
        with self.assertRaisesMessage(ValidationError, "already has a plan"):
            before.date_to = "2026-01-01"
        self.assertEqual(after.date_from, date(2027, 1, 1))
        self.assertEqual(before.date_to, date(2025, 12, 31))
        # The same period on another account is fine.
        other = self.make_plan(self.other_account, self.kam_user_2)
        self.assertEqual(
            Plan.search(
                [
                    ("account_id", "in", (self.account | self.other_account).ids),
                    ("date_from", "=", "2026-01-01"),
                ]
            ),
            year | other,
        )
        # Two overlapping plans in one batch.
        with self.assertRaisesMessage(ValidationError, "already has a plan"):
            Plan.create(
                [
                    {
                        "account_id": self.account.id,
                        "date_from": "2028-01-01",
                        "date_to": "2028-06-30",
                    },
                    {
                        "account_id": self.account.id,
                        "date_from": "2028-06-30",
                        "date_to": "2028-12-31",
                    },
                ]
            )
        self.assertFalse(
            Plan.search(
                [
                    ("account_id", "=", self.account.id),
                    ("date_from", ">=", "2028-01-01"),
                ]
            )
        )
        # A batch of adjacent plans of one account, and of the same period on two.
        halves = Plan.create(
            [
                {
                    "account_id": self.account.id,
                    "date_from": "2028-01-01",
                    "date_to": "2028-06-30",
                },
                {
                    "account_id": self.account.id,
                    "date_from": "2028-07-01",
                    "date_to": "2028-12-31",
                },
            ]
        )
        self.assertEqual(len(halves), 2)
        self.assertEqual(len(year | before | after | other | halves), 6)

    def test_period_ends_after_it_starts(self):
        with self.assertRaisesMessage(
            ValidationError, "A plan's period cannot end before it starts"
        ):
            self.make_plan(start="2026-12-31", end="2026-01-01")
        # One day is a period.
        plan = self.make_plan(start="2026-05-01", end="2026-05-01")
        with self.assertRaisesMessage(ValidationError, "cannot end before it starts"):
            plan.date_to = "2026-04-30"
        with self.assertRaisesMessage(ValidationError, "not a valid date for From"):
            plan.write({"date_from": "2026-02-30"})
        # A client emptying a date is told so, not answered with a server error.
        for vals in ({"date_to": False}, {"date_from": False}):
            with self.assertRaisesMessage(ValidationError, "needs a start and an end"):
                plan.write(vals)
        self.assertEqual(plan.date_to, date(2026, 5, 1))
        # "No end" is no date at the calendar's end: its figures would overflow.
        with self.assertRaisesMessage(ValidationError, "ends in 2999 at the latest"):
            self.make_plan(start="2027-01-01", end="9999-12-31")
        last = self.make_plan(start="2999-01-01", end="2999-12-31")
        self.assertEqual(last.revenue_actual, 0)
        with self.assertRaisesMessage(ValidationError, "ends in 2999 at the latest"):
            last.action_kam_next_period()

    # ------------------------------------------------------------------ states
    def test_states_and_who_moves_them(self):
        plan = self.make_plan()
        as_team = plan.with_user(self.kam_user)
        as_team.write(
            {
                "industry_analysis": "<p>Freight volumes grow 6% a year.</p>",
                "customer_analysis": "<p>Renews its fleet software in 2026.</p>",
                "priority": "3",
                "priority_rationale": "Largest logistics customer of the region",
                "revenue_target": 250000,
            }
        )
        self.assertEqual(as_team.priority, "3")
        with self.assertRaisesMessage(
            AccessError, "Only a Key Accounts manager approves an account plan"
        ):
            as_team.action_kam_approve()
        self.assertEqual(plan.state, "draft")
        with self.assertRaisesMessage(
            UserError, "moves to In Progress only from Approved"
        ):
            as_team.action_kam_start()
        with self.assertRaisesMessage(UserError, "moves to Closed only from"):
            as_team.action_kam_close()
        with freeze_time("2026-01-05 09:30:00"):
            plan.with_user(self.kam_manager).action_kam_approve()
        self.assertRecordValues(
            plan,
            [
                {
                    "state": "approved",
                    "approved_by_id": self.kam_manager.id,
                    "approved_date": datetime(2026, 1, 5, 9, 30),
                }
            ],
        )
        with self.assertRaisesMessage(UserError, "moves to Approved only from Draft"):
            plan.with_user(self.kam_manager).action_kam_approve()
        as_team.action_kam_start()
        self.assertEqual(plan.state, "in_progress")
        with self.assertRaisesMessage(UserError, "moves to In Progress only from"):
            as_team.action_kam_start()
        as_team.action_kam_close()
        self.assertEqual(plan.state, "closed")
        for action in ("action_kam_start", "action_kam_close"):
            with self.assertRaises(UserError):
                getattr(as_team, action)()
        self.assertEqual(plan.state, "closed")
        # Back to draft: managers only, and not once the plan is closed.
        with self.assertRaisesMessage(UserError, "moves to Draft only from"):
            plan.with_user(self.kam_manager).action_kam_reset_draft()
        # The approval is kept with the closed plan.
        self.assertEqual(plan.approved_by_id, self.kam_manager)

    def test_back_to_draft_needs_approval_again(self):
        plan = self.make_plan()
        plan.with_user(self.kam_manager).action_kam_approve()
        with self.assertRaisesMessage(
            AccessError, "Only a Key Accounts manager sends an approved plan back"
        ):
            plan.with_user(self.kam_user).action_kam_reset_draft()
        self.assertEqual(plan.state, "approved")
        plan.with_user(self.kam_manager).action_kam_reset_draft()
        self.assertRecordValues(
            plan, [{"state": "draft", "approved_by_id": False, "approved_date": False}]
        )
        with self.assertRaises(UserError):
            plan.with_user(self.kam_user).action_kam_start()

    def test_closed_from_approved(self):
        plan = self.make_plan()
        plan.with_user(self.kam_manager).action_kam_approve()
        plan.with_user(self.kam_user).action_kam_close()
        self.assertEqual(plan.state, "closed")

    def test_closed_plan_is_kept_as_it_was(self):
        plan = self.make_plan()
        target = self.env["kam.plan.opportunity.target"].create(
            {"plan_id": plan.id, "name": "Fleet tracking", "target_revenue": 1000}
        )
        plan.with_user(self.kam_manager).action_kam_approve()
        plan.with_user(self.kam_user).action_kam_close()
        as_team = plan.with_user(self.kam_user)
        with self.assertRaisesMessage(UserError, "a closed plan is kept as it was"):
            as_team.priority_rationale = "Changed afterwards"
        with self.assertRaisesMessage(UserError, "a closed plan is kept as it was"):
            target.with_user(self.kam_user).target_revenue = 2000
        with self.assertRaisesMessage(UserError, "a closed plan is kept as it was"):
            self.env["kam.plan.opportunity.target"].with_user(self.kam_user).create(
                {"plan_id": plan.id, "name": "Late addition"}
            )
        with self.assertRaisesMessage(UserError, "a closed plan is kept as it was"):
            target.with_user(self.kam_user).unlink()
        self.assertEqual(target.target_revenue, 1000)
        # Planning on from it works: the copy is a draft of the next period.
        follow_up = as_team.action_kam_next_period()
        new_plan = self.env["kam.account.plan"].browse(follow_up["res_id"])
        self.assertEqual(new_plan.state, "draft")
        self.assertEqual(str(new_plan.date_from), "2027-01-01")

    def test_next_period_of_an_exception(self):
        plan = (
            self.env["kam.account.plan"]
            .with_user(self.kam_manager)
            .create(
                {
                    "account_id": self.d_account.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-12-31",
                    "class_override": True,
                    "class_override_reason": "Reference customer",
                }
            )
        )
        # A manager's exception carries over when a manager plans on.
        follow_up = plan.with_user(self.kam_manager).action_kam_next_period()
        new_plan = self.env["kam.account.plan"].browse(follow_up["res_id"])
        self.assertRecordValues(
            new_plan,
            [{"class_override": True, "class_override_reason": "Reference customer"}],
        )

    def test_state_cannot_be_forged(self):
        Plan = self.env["kam.account.plan"]
        vals = {
            "account_id": self.account.id,
            "date_from": "2026-01-01",
            "date_to": "2026-12-31",
        }
        for user in (self.kam_user, self.kam_manager):
            for forged in (
                {"state": "approved"},
                {"approved_by_id": self.kam_manager.id},
                {"approved_date": "2026-01-05 09:00:00"},
            ):
                with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
                    Plan.with_user(user).create({**vals, **forged})
            with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
                Plan.with_user(user).with_context(default_state="approved").create(vals)
        plan = self.make_plan()
        for user in (self.kam_user, self.kam_manager):
            for forged in (
                {"state": "in_progress"},
                {"approved_by_id": self.kam_manager.id},
            ):
                with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
                    plan.with_user(user).write(forged)
            # Nor through a copy.
            with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
                plan.with_user(user).copy(
                    {
                        "state": "approved",
                        "date_from": "2030-01-01",
                        "date_to": "2030-12-31",
                    }
                )
        self.assertRecordValues(plan, [{"state": "draft", "approved_by_id": False}])
        self.assertEqual(Plan.search_count([("account_id", "=", self.account.id)]), 1)

    # ------------------------------------------------------------------ rights
    def test_plan_of_an_account_not_covered(self):
        plan = self.make_plan()
        plan.with_user(self.kam_user).priority_rationale = "Our largest customer"
        # Another Key Accounts user reads it ...
        as_other = plan.with_user(self.kam_user_2)
        self.assertEqual(as_other.priority_rationale, "Our largest customer")
        self.assertEqual(
            self.env["kam.account.plan"]
            .with_user(self.kam_user_2)
            .search([("account_id", "=", self.account.id)]),
            plan,
        )
        # ... and changes nothing of it.
        with self.assertRaisesMessage(
            AccessError,
            "Nordwind Logistics: only the account's team and Key Accounts managers "
            "change it",
        ):
            as_other.priority_rationale = "Not ours"
        with self.assertRaises(AccessError):
            as_other.action_kam_next_period()
        with self.assertRaises(AccessError):
            as_other.unlink()
        with self.assertRaises(AccessError):
            self.make_plan(user=self.kam_user_2, start="2027-01-01", end="2027-12-31")
        plan.with_user(self.kam_manager).action_kam_approve()
        for action in ("action_kam_start", "action_kam_close"):
            with self.assertRaises(AccessError):
                getattr(as_other, action)()
        # Its targets neither.
        with self.assertRaises(AccessError):
            self.env["kam.plan.relation.target"].with_user(self.kam_user_2).create(
                {"plan_id": plan.id, "key_person_id": self.kp_ceo.id}
            )
        self.assertRecordValues(
            plan, [{"state": "approved", "priority_rationale": "Our largest customer"}]
        )
        # A Key Accounts manager changes any plan of their companies.
        plan.with_user(self.kam_manager).priority_rationale = "Reviewed"
        self.assertEqual(plan.priority_rationale, "Reviewed")

    def test_plans_are_key_accounts_only(self):
        plan = self.make_plan()
        for user in (self.salesman, self.portal):
            with self.assertRaises(AccessError):
                plan.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.make_plan(user=user, start="2027-01-01", end="2027-12-31")

    def test_other_company_sees_nothing(self):
        plan = self.make_plan()
        company_b = self.env["res.company"].create({"name": "KAM Company B"})
        manager_b = self.company_user(
            "kam_manager_b", "Bea Manager", KAM_MANAGER, company_b
        )
        Plan = self.env["kam.account.plan"].with_user(manager_b)
        self.assertFalse(Plan.search([]))
        self.assertFalse(
            self.env["kam.plan.relation.target"].with_user(manager_b).search([])
        )
        with self.assertRaises(AccessError):
            plan.with_user(manager_b).read(["name"])
        with self.assertRaises(AccessError):
            plan.with_user(manager_b).action_kam_approve()
        self.assertEqual(plan.state, "draft")

    def test_only_drafts_are_deleted(self):
        draft, approved = (
            self.make_plan(),
            self.make_plan(start="2027-01-01", end="2027-12-31"),
        )
        approved.with_user(self.kam_manager).action_kam_approve()
        for user in (self.kam_user, self.kam_manager):
            with self.assertRaisesMessage(UserError, "Only draft plans are deleted"):
                approved.with_user(user).unlink()
        self.assertTrue(approved.exists())
        draft.with_user(self.kam_user).unlink()
        self.assertFalse(draft.exists())

    # ------------------------------------------------------------------ part 3
    def test_relationship_targets_from_live_portraits(self):
        plan = self.make_plan()
        plan.with_user(self.kam_user).write(
            {
                "relation_target_ids": [
                    # CFO today 2/2/2: gap 2 + 1 + 0.
                    Command.create(
                        {
                            "key_person_id": self.kp_cfo.id,
                            "target_closeness": "4",
                            "target_solution_acceptance": "3",
                            "target_price_acceptance": "2",
                            "owner_id": self.kam_user.id,
                        }
                    ),
                    # CIO: nothing known yet counts as 1.
                    Command.create(
                        {
                            "key_person_id": self.kp_cio.id,
                            "target_closeness": "3",
                            "target_solution_acceptance": "2",
                        }
                    ),
                    # CEO today 4/4/4: reached.
                    Command.create(
                        {
                            "key_person_id": self.kp_ceo.id,
                            "target_closeness": "4",
                            "target_price_acceptance": "3",
                        }
                    ),
                    # The buyer, without target levels: nothing to reach yet.
                    Command.create({"key_person_id": self.kp_buyer.id}),
                ]
            }
        )
        cfo, cio, ceo, buyer = plan.with_user(self.kam_user).relation_target_ids
        self.assertRecordValues(
            cfo | cio | ceo | buyer,
            [
                {
                    "key_person_id": self.kp_cfo.id,
                    "closeness": "2",
                    "solution_acceptance": "2",
                    "price_acceptance": "2",
                    "decision_role": "decision_maker",
                    "gap": 3,
                    "reached": False,
                    "account_id": self.account.id,
                },
                {
                    "key_person_id": self.kp_cio.id,
                    "closeness": False,
                    "solution_acceptance": False,
                    "price_acceptance": False,
                    "decision_role": "technical_evaluator",
                    "gap": 3,
                    "reached": False,
                    "account_id": self.account.id,
                },
                {
                    "key_person_id": self.kp_ceo.id,
                    "closeness": "4",
                    "solution_acceptance": "4",
                    "price_acceptance": "4",
                    "decision_role": "decision_maker",
                    "gap": 0,
                    "reached": True,
                    "account_id": self.account.id,
                },
                {
                    "key_person_id": self.kp_buyer.id,
                    "closeness": "3",
                    "solution_acceptance": False,
                    "price_acceptance": False,
                    "decision_role": "gatekeeper",
                    "gap": 0,
                    "reached": False,
                    "account_id": self.account.id,
                },
            ],
        )
        self.assertEqual((plan.targets_reached, plan.targets_total), (1, 4))
        plan_written = plan.write_date
        # The team works on the people; the plan follows without being touched.
        self.kp_cfo.with_user(self.kam_user).write(
            {"closeness": "4", "solution_acceptance": "3"}
        )
        self.kp_cio.with_user(self.kam_user).closeness = "2"
        self.assertRecordValues(
            cfo | cio,
            [
                {"closeness": "4", "gap": 0, "reached": True},
                {"closeness": "2", "gap": 2, "reached": False},
            ],
        )
        self.assertEqual((plan.targets_reached, plan.targets_total), (2, 4))
        # A relationship that cools down opens the gap again.
        self.kp_ceo.with_user(self.kam_user).price_acceptance = "2"
        self.assertRecordValues(ceo, [{"gap": 1, "reached": False}])
        self.assertEqual(plan.targets_reached, 1)
        self.assertEqual(plan.write_date, plan_written)
        # What a reader of the database finds, not only the cache.
        self.env.invalidate_all()
        self.assertEqual(
            plan.with_user(self.kam_user_2).relation_target_ids.mapped("gap"),
            [0, 2, 1, 0],
        )

    def test_target_level_outside_the_scale(self):
        plan = self.make_plan()
        Target = self.env["kam.plan.relation.target"].with_user(self.kam_user)
        line = Target.create({"plan_id": plan.id, "key_person_id": self.kp_cfo.id})
        for level in ("7", "0", 6):
            with self.assertRaisesMessage(
                ValidationError, "is not a valid choice for Target Closeness"
            ):
                line.target_closeness = level
        with self.assertRaisesMessage(
            ValidationError, "7 is not a valid choice for Target Price"
        ):
            plan.with_user(self.kam_user).write(
                {
                    "relation_target_ids": [
                        Command.create(
                            {
                                "key_person_id": self.kp_ceo.id,
                                "target_price_acceptance": "7",
                            }
                        )
                    ]
                }
            )
        with self.assertRaisesMessage(ValidationError, "not a valid choice"):
            Target.create(
                {
                    "plan_id": plan.id,
                    "key_person_id": self.kp_ceo.id,
                    "target_solution_acceptance": "5.5",
                }
            )
        self.assertEqual(plan.relation_target_ids, line)
        self.assertFalse(line.target_closeness)

    def test_target_of_a_person_of_another_account(self):
        plan = self.make_plan()
        with self.assertRaisesMessage(
            ValidationError, "Rita Vance is not a key person of Nordwind Logistics"
        ):
            self.env["kam.plan.relation.target"].with_user(self.kam_user).create(
                {"plan_id": plan.id, "key_person_id": self.kp_other.id}
            )
        line = (
            self.env["kam.plan.relation.target"]
            .with_user(self.kam_user)
            .create({"plan_id": plan.id, "key_person_id": self.kp_ceo.id})
        )
        with self.assertRaisesMessage(ValidationError, "is not a key person of"):
            line.key_person_id = self.kp_other
        self.assertEqual(line.key_person_id, self.kp_ceo)

    def test_targets_stay_with_their_plan(self):
        """A target never moves to another plan: neither to another account's,
        which its team does not cover, nor into a closed plan."""
        plan = self.make_plan()
        foreign = self.make_plan(self.other_account, self.kam_user_2)
        closed = self.make_plan(start="2025-01-01", end="2025-12-31")
        closed.with_user(self.kam_manager).action_kam_approve()
        closed.with_user(self.kam_user).action_kam_close()
        person = (
            self.env["kam.plan.relation.target"]
            .with_user(self.kam_user)
            .create({"plan_id": plan.id, "key_person_id": self.kp_ceo.id})
        )
        deal = (
            self.env["kam.plan.opportunity.target"]
            .with_user(self.kam_user)
            .create({"plan_id": plan.id, "name": "Fleet tracking"})
        )
        for line, vals in (
            (person, {"plan_id": foreign.id, "key_person_id": self.kp_other.id}),
            (person, {"plan_id": closed.id}),
            (deal, {"plan_id": foreign.id}),
            (deal, {"plan_id": closed.id}),
        ):
            with self.assertRaisesMessage(UserError, "stays with its Plan"):
                line.write(vals)
        for line in (person, deal):
            self.assertEqual((line.plan_id, line.account_id), (plan, self.account))
        self.assertFalse(foreign.relation_target_ids or foreign.opportunity_target_ids)
        self.assertFalse(closed.relation_target_ids or closed.opportunity_target_ids)
        # Its own plan is no move.
        deal.write({"plan_id": plan.id, "target_revenue": 5000})
        self.assertEqual(deal.target_revenue, 5000)

    def test_plans_stay_in_their_company(self):
        """The company of a plan and of its lines is its account's: a value for
        it would hand them to another company, out of this one's sight."""
        company_b = self.env["res.company"].create({"name": "KAM Plan Company B"})
        plan = self.make_plan()
        line = (
            self.env["kam.plan.opportunity.target"]
            .with_user(self.kam_user)
            .create({"plan_id": plan.id, "name": "Fleet tracking"})
        )
        for record in (plan, line):
            with self.assertRaisesMessage(UserError, "stays with its account"):
                record.write({"company_id": company_b.id})
            self.assertEqual(record.company_id, self.company)
        self.assertEqual(
            self.env["kam.account.plan"]
            .with_user(self.kam_user)
            .search([("id", "=", plan.id)]),
            plan,
        )

    @mute_logger("odoo.sql_db")
    def test_one_target_per_person(self):
        plan = self.make_plan()
        Target = self.env["kam.plan.relation.target"].with_user(self.kam_user)
        Target.create({"plan_id": plan.id, "key_person_id": self.kp_ceo.id})
        with self.assertRaises(IntegrityError):
            Target.create({"plan_id": plan.id, "key_person_id": self.kp_ceo.id})

    # ------------------------------------------------------------------ part 4
    def test_opportunity_target_status(self):
        Lead = self.env["crm.lead"]
        self.lead.write({"expected_revenue": 80000, "probability": 40})
        won = Lead.create(
            {
                "name": "Warehouse sensors",
                "type": "opportunity",
                "partner_id": self.contact.id,  # a contact of the customer counts
                "user_id": self.kam_user.id,
                "expected_revenue": 30000,
            }
        )
        won.action_set_won()
        lost = Lead.create(
            {
                "name": "Driver training",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.kam_user.id,
            }
        )
        lost.action_set_lost()
        plan = self.make_plan()
        plan.with_user(self.kam_user).write(
            {
                "revenue_target": 200000,
                "opportunity_target_ids": [
                    Command.create(
                        {
                            "name": "Fleet telematics roll-out",
                            "lead_id": self.lead.id,
                            "target_revenue": 90000,
                            "target_date": "2026-09-30",
                        }
                    ),
                    Command.create({"name": "Sensors", "lead_id": won.id}),
                    Command.create({"name": "Training", "lead_id": lost.id}),
                    Command.create(
                        {"name": "Cold-chain pilot", "target_revenue": 40000}
                    ),
                ],
            }
        )
        targets = plan.with_user(self.kam_user).opportunity_target_ids
        by_name = {target.name: target for target in targets}
        self.assertRecordValues(
            by_name["Fleet telematics roll-out"],
            [
                {
                    "status": "open",
                    "stage_name": self.lead.stage_id.name,
                    "expected_revenue": 80000,
                    "probability": 40,
                    "target_revenue": 90000,
                    "target_date": date(2026, 9, 30),
                    "customer_id": self.customer.id,
                }
            ],
        )
        self.assertEqual(by_name["Sensors"].status, "won")
        self.assertEqual(by_name["Sensors"].expected_revenue, 30000)
        self.assertEqual(by_name["Training"].status, "lost")
        self.assertRecordValues(
            by_name["Cold-chain pilot"],
            [{"status": "planned", "stage_name": False, "expected_revenue": 0}],
        )
        # The pipeline moves, the plan follows.
        self.lead.with_user(self.kam_user).action_set_won()
        self.assertEqual(by_name["Fleet telematics roll-out"].status, "won")
        # The name comes from the opportunity when none is given.
        new = self.env["kam.plan.opportunity.target"].new({"lead_id": won.id})
        new._onchange_lead_id()
        self.assertEqual(new.name, "Warehouse sensors")

    def test_opportunity_the_user_cannot_read(self):
        """A salesperson's opportunity: the Key Accounts user, who holds the crm
        right "own documents only", reads nothing of it, neither on the plan."""
        theirs = self.env["crm.lead"].create(
            {
                "name": "Secret expansion",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
                "expected_revenue": 987654,
                "probability": 70,
            }
        )
        # The crm rule, as this test relies on it.
        self.assertFalse(theirs.with_user(self.kam_user).has_access("read"))
        self.assertFalse(theirs.with_user(self.kam_manager).has_access("read"))
        plan = self.make_plan()
        target = (
            self.env["kam.plan.opportunity.target"]
            .with_user(self.kam_user)
            .create({"plan_id": plan.id, "name": "Expansion", "lead_id": theirs.id})
        )
        # The system sees the figures ...
        self.assertRecordValues(
            target.sudo(), [{"status": "open", "expected_revenue": 987654}]
        )
        # ... the user, in the same transaction, does not.
        hidden = {
            "status": False,
            "stage_name": False,
            "expected_revenue": 0,
            "probability": 0,
        }
        for user in (self.kam_user, self.kam_user_2, self.kam_manager):
            self.assertRecordValues(target.with_user(user), [hidden])
        # What is shown is what the user may read: a manager who reads all leads.
        self.kam_manager.groups_id = [
            Command.link(self.env.ref("sales_team.group_sale_salesman_all_leads").id)
        ]
        self.env.invalidate_all()  # a new request
        self.assertTrue(theirs.with_user(self.kam_manager).has_access("read"))
        self.assertRecordValues(
            target.with_user(self.kam_manager),
            [{"status": "open", "expected_revenue": 987654, "probability": 70}],
        )

    def test_opportunity_of_another_customer(self):
        plan = self.make_plan()
        elsewhere = self.env["crm.lead"].create(
            {
                "name": "Sunrise bakery lines",
                "type": "opportunity",
                "partner_id": self.other_customer.id,
                "user_id": self.kam_user.id,
            }
        )
        Target = self.env["kam.plan.opportunity.target"].with_user(self.kam_user)
        with self.assertRaisesMessage(
            ValidationError,
            "The opportunity Sunrise bakery lines is not one of Nordwind Logistics",
        ):
            Target.create(
                {"plan_id": plan.id, "name": "Bakery", "lead_id": elsewhere.id}
            )
        target = Target.create(
            {"plan_id": plan.id, "name": "Telematics", "lead_id": self.lead.id}
        )
        with self.assertRaisesMessage(ValidationError, "is not one of"):
            target.lead_id = elsewhere
        self.assertEqual(target.lead_id, self.lead)
        with self.assertRaisesMessage(
            ValidationError, "Target Revenue must be between"
        ):
            target.target_revenue = -5

    # ------------------------------------------------------------------ revenue
    def test_revenue_actual_is_the_contribution_of_the_period(self):
        today = fields.Date.context_today(self.env["kam.account.plan"])
        start, end = today - relativedelta(days=60), today + relativedelta(days=30)
        plan = self.make_plan(start=start, end=end)
        earlier = self.make_plan(
            start=start - relativedelta(days=200), end=start - relativedelta(days=1)
        )
        self.order(self.customer, 30000, days_ago=10)
        self.order(self.contact, 20000, days_ago=50)  # a contact's order counts
        self.order(self.customer, 50000, days_ago=100)  # before the period
        self.order(self.customer, 70000, confirm=False)  # a quotation does not count
        self.order(self.other_customer, 90000)  # another customer
        # The period's first moment counts, the moment before it does not.
        first = self.order(self.customer, 1000)
        first.date_order = datetime.combine(start, datetime.min.time())
        last_before = self.order(self.customer, 500)
        last_before.date_order = first.date_order - relativedelta(seconds=1)
        # An order in another currency counts at its rate: 2 units per company unit.
        pricelist = self.env["product.pricelist"].create(
            {"name": "Foreign", "currency_id": self.foreign_currency(2.0).id}
        )
        foreign = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "pricelist_id": pricelist.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "price_unit": 8000})
                ],
            }
        )
        foreign.action_confirm()
        self.assertNotEqual(foreign.currency_id, self.currency)
        self.env.invalidate_all()
        engine = self.env["kam.classification"]._kam_contributions(
            self.account, since=start, until=end
        )
        expected = 30000 + 20000 + 1000 + 8000 / 2.0
        self.assertAlmostEqual(engine[self.account.id], expected, places=2)
        plans = (plan | earlier).with_user(self.kam_user)
        plans.revenue_target = 110000
        self.assertAlmostEqual(plans[0].revenue_actual, expected, places=2)
        self.assertAlmostEqual(plans[0].revenue_attainment, 50.0, places=2)
        # The earlier period has its own figure, from the same engine.
        self.assertAlmostEqual(plans[1].revenue_actual, 50000 + 500, places=2)
        self.assertAlmostEqual(
            plans[1].revenue_actual,
            self.env["kam.classification"]._kam_contributions(
                self.account,
                since=start - relativedelta(days=200),
                until=start - relativedelta(days=1),
            )[self.account.id],
            places=2,
        )
        self.assertAlmostEqual(plans[1].revenue_attainment, 50500 / 110000 * 100, 2)
        # Every Key Accounts user reads the same total, whatever orders they see.
        self.assertAlmostEqual(
            plan.with_user(self.kam_user_2).revenue_actual, expected, places=2
        )
        # No target, no attainment.
        plan.with_user(self.kam_user).revenue_target = 0
        self.assertEqual(plan.revenue_attainment, 0)
        other = self.make_plan(self.other_account, self.kam_user_2, start, end)
        self.assertEqual(other.revenue_actual, 90000)

    # ------------------------------------------------------------------ next period
    def test_next_period_of_a_yearly_plan(self):
        with freeze_time("2026-03-15 10:00:00"):
            plan = (
                self.env["kam.account.plan"]
                .with_user(self.kam_user)
                .create({"account_id": self.account.id})
            )
        self.assertRecordValues(
            plan, [{"date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)}]
        )
        plan.with_user(self.kam_user).write(
            {
                "priority": "2",
                "priority_rationale": "Growing",
                "industry_analysis": "<p>Freight grows.</p>",
                "revenue_target": 150000,
                "relation_target_ids": [
                    Command.create(
                        {
                            "key_person_id": self.kp_cfo.id,
                            "target_closeness": "4",
                            "owner_id": self.kam_user.id,
                        }
                    ),
                ],
                "opportunity_target_ids": [
                    Command.create(
                        {
                            "name": "Telematics",
                            "lead_id": self.lead.id,
                            "target_revenue": 90000,
                        }
                    ),
                ],
            }
        )
        plan.with_user(self.kam_manager).action_kam_approve()
        plan.with_user(self.kam_user).action_kam_start()
        action = plan.with_user(self.kam_user).action_kam_next_period()
        self.assertEqual(action["res_model"], "kam.account.plan")
        new = self.env["kam.account.plan"].browse(action["res_id"])
        self.assertNotEqual(new, plan)
        self.assertRecordValues(
            new,
            [
                {
                    "account_id": self.account.id,
                    "date_from": date(2027, 1, 1),
                    "date_to": date(2027, 12, 31),
                    "state": "draft",
                    "approved_by_id": False,
                    "approved_date": False,
                    "priority": "2",
                    "priority_rationale": "Growing",
                    "revenue_target": 150000,
                    "name": "Nordwind Logistics, 2027-01-01 – 2027-12-31",
                }
            ],
        )
        self.assertRecordValues(
            new.relation_target_ids,
            [
                {
                    "key_person_id": self.kp_cfo.id,
                    "target_closeness": "4",
                    "owner_id": self.kam_user.id,
                    "gap": 2,
                }
            ],
        )
        self.assertRecordValues(
            new.opportunity_target_ids,
            [{"name": "Telematics", "lead_id": self.lead.id, "target_revenue": 90000}],
        )
        # The lines are copies: the old plan keeps its own.
        self.assertFalse(new.relation_target_ids & plan.relation_target_ids)
        self.assertEqual(len(plan.relation_target_ids), 1)
        self.assertEqual(plan.state, "in_progress")
        # Once the next period has its plan, a second copy would overlap it.
        with self.assertRaisesMessage(ValidationError, "already has a plan"):
            plan.with_user(self.kam_user).action_kam_next_period()
        with self.assertRaisesMessage(UserError, "one record at a time"):
            (plan | new).with_user(self.kam_user).action_kam_next_period()

    def test_next_period_keeps_the_length(self):
        Plan = self.env["kam.account.plan"].with_user(self.kam_user_2)
        cases = (
            # Whole months stay whole months.
            (("2026-01-01", "2026-03-31"), (date(2026, 4, 1), date(2026, 6, 30))),
            (("2026-07-01", "2026-09-30"), (date(2026, 10, 1), date(2026, 12, 31))),
            (("2025-02-01", "2025-02-28"), (date(2025, 3, 1), date(2025, 3, 31))),
            (("2021-07-01", "2021-12-31"), (date(2022, 1, 1), date(2022, 6, 30))),
            # Other periods keep their number of days.
            (("2023-01-15", "2023-02-14"), (date(2023, 2, 15), date(2023, 3, 17))),
        )
        for (start, end), expected in cases:
            plan = Plan.create(
                {
                    "account_id": self.other_account.id,
                    "date_from": start,
                    "date_to": end,
                }
            )
            new = Plan.browse(plan.action_kam_next_period()["res_id"])
            self.assertEqual((new.date_from, new.date_to), expected, f"{start}–{end}")
            self.assertEqual(new.state, "draft")


@tagged("post_install", "-at_install")
class TestAccountPlanPdf(KamPlanCommon):
    """The printable plan, rendered by wkhtmltopdf as the user prints it."""

    def render(self, plan, user):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("kam_management.kam_account_plan_report", plan.ids)
        )
        self.assertEqual(report_type, "pdf")
        return pdf

    @staticmethod
    def pdf_text(pdf):
        return subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode()

    def test_pdf_of_the_plan(self):
        plan = self.make_plan()
        self.lead.expected_revenue = 80000
        theirs = self.env["crm.lead"].create(
            {
                "name": "Secret expansion",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
                "expected_revenue": 987654,
            }
        )
        plan.with_user(self.kam_user).write(
            {
                "industry_analysis": "<p>Freight volumes grow every year.</p>",
                "customer_analysis": "<p>Renews its fleet software.</p>",
                "priority": "3",
                "priority_rationale": "Largest logistics customer of the region",
                "revenue_target": 250000,
                "relation_target_ids": [
                    Command.create(
                        {"key_person_id": self.kp_cfo.id, "target_closeness": "4"}
                    )
                ],
                "opportunity_target_ids": [
                    Command.create(
                        {
                            "name": "Fleet telematics roll-out",
                            "lead_id": self.lead.id,
                            "target_revenue": 90000,
                        }
                    ),
                    Command.create({"name": "Their expansion", "lead_id": theirs.id}),
                ],
            }
        )
        pdf = self.render(plan, self.kam_user)
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = self.pdf_text(pdf)
        for expected in (
            "Nordwind Logistics",
            *PART_HEADINGS,
            "Largest logistics customer of the region",
            "Freight volumes grow every year.",
            "Paul Berg",
            "Fleet telematics roll-out",
            "Their expansion",
        ):
            self.assertIn(expected, text)
        # Nothing of an opportunity the user may not read.
        self.assertNotIn("987,654", text)
        self.assertNotIn("Secret expansion", text)

    def test_pdf_needs_key_accounts_rights(self):
        plan = self.make_plan()
        # Every Key Accounts user of the company reads plans, so prints them.
        self.assertTrue(self.render(plan, self.kam_user_2).startswith(b"%PDF"))
        company_b = self.env["res.company"].create({"name": "KAM Company B"})
        manager_b = self.company_user(
            "kam_manager_b", "Bea Manager", KAM_MANAGER, company_b
        )
        # The report checks the plans before rendering: a plain AccessError.
        for user in (self.salesman, manager_b):
            with self.assertRaises(AccessError):
                self.render(plan, user)
