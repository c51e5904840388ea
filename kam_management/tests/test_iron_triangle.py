"""The new-customer iron triangle (铁三角): account manager, solution manager and
customer lead expert on an allocated account with no opportunity yet; the duties of
each role as activities; a missing expert as a staffing task for a Key Accounts
manager, never for the account manager; and the opportunity that credits the
expert."""

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import KAM_MANAGER, KAM_USER, KamCommon


@tagged("post_install", "-at_install")
class TestIronTriangle(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.solution_user = new_test_user(
            env, login="kam_solution", name="Sol Design", groups=KAM_USER
        )
        cls.expert_user = new_test_user(
            env, login="kam_expert", name="Ezra Expert", groups=KAM_USER
        )
        cls.coordinator = new_test_user(
            env, login="kam_coordinator", name="Coco Ordinator", groups=KAM_USER
        )
        cls.kam_manager_2 = new_test_user(
            env, login="kam_manager_2", name="Max Manager", groups=KAM_MANAGER
        )
        Partner = env["res.partner"]
        consultancy = Partner.create({"name": "Wise Advisors", "is_company": True})
        cls.consultant = Partner.create(
            {"name": "Cora Counsel", "parent_id": consultancy.id}
        )
        # A new customer: no opportunity, no order. Qualified, with its account
        # manager named; a manager allocates it in the tests.
        cls.polar = Partner.create({"name": "Polar Mining", "is_company": True})
        cls.polar_contact = Partner.create(
            {"name": "Pekka Pit", "parent_id": cls.polar.id}
        )
        cls.new_account = cls.make_account(cls.polar, cls.kam_user, state="qualified")

    # ------------------------------------------------------------------ helpers
    def staff(self, role, user=None, expert=None, account=None, **vals):
        """A manager names someone in the team (from today unless told)."""
        return (
            self.env["kam.account.member"]
            .with_user(self.kam_manager)
            .create(
                {
                    "account_id": (account or self.new_account).id,
                    "role_id": role.id,
                    "user_id": user.id if user else False,
                    "expert_id": expert.id if expert else False,
                    **vals,
                }
            )
        )

    def allocate(self, account=None, manager=None):
        wizard = (
            self.env["kam.account.decide"]
            .with_user(manager or self.kam_manager)
            .create(
                {
                    "account_ids": [Command.set((account or self.new_account).ids)],
                    "new_state": "allocated",
                    "reason": "A new customer to win",
                }
            )
        )
        wizard.action_confirm()

    def duties(self, account=None):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "kam.account"),
                ("res_id", "=", (account or self.new_account).id),
                ("kam_duty", "!=", False),
            ]
        )

    def who(self, account=None):
        """{duty: assignee} of the account's open duties."""
        duties = self.duties(account)
        self.assertEqual(
            len(duties), len(set(duties.mapped("kam_duty"))), "a duty twice"
        )
        return {duty.kam_duty: duty.user_id for duty in duties}

    # ------------------------------------------------------------------ the rule
    def test_complete_only_with_the_three_roles(self):
        self.allocate()
        account = self.new_account.with_user(self.kam_user)
        self.assertEqual(account.lifecycle_stage, "acquisition")
        self.assertFalse(account.triangle_complete)
        self.assertEqual(
            account.triangle_gaps, "Solution Manager, Customer Lead Expert"
        )
        # A solution manager who starts tomorrow is not there yet.
        tomorrow = fields.Date.today() + relativedelta(days=1)
        self.staff(self.role_solution, self.kam_user_2, date_from=tomorrow)
        self.assertFalse(account.has_solution_manager)
        self.staff(self.role_solution, self.solution_user)
        self.assertTrue(account.has_solution_manager)
        self.assertFalse(account.triangle_complete)
        self.assertEqual(account.triangle_gaps, "Customer Lead Expert")
        month_ago = fields.Date.today() - relativedelta(months=1)
        expert = self.staff(self.role_expert, self.expert_user, date_from=month_ago)
        self.assertEqual(account.lead_expert_id, expert.expert_id)
        self.assertTrue(account.triangle_complete)
        self.assertEqual(account.triangle_gaps, "")
        # The expert leaves: a gap again, found by the stored flag.
        yesterday = fields.Date.today() - relativedelta(days=1)
        expert.with_user(self.kam_manager).date_to = yesterday
        self.assertFalse(account.lead_expert_id)
        self.assertFalse(account.triangle_complete)
        self.assertEqual(account.triangle_gaps, "Customer Lead Expert")
        incomplete = (
            self.env["kam.account"]
            .with_user(self.kam_user)
            .search([("triangle_complete", "=", False), ("id", "=", account.id)])
        )
        self.assertEqual(incomplete, account)
        # So is a missing account manager.
        self.staff(self.role_expert, self.expert_user)
        self.assertTrue(account.triangle_complete)
        manager = account.member_ids.filtered("role_id.is_account_manager")
        manager.with_user(self.kam_manager).date_to = yesterday
        self.assertFalse(account.triangle_complete)
        self.assertEqual(account.triangle_gaps, "Account Manager")

    # ------------------------------------------------------------------ duties
    def test_allocation_gives_each_role_its_duty(self):
        self.staff(self.role_solution, self.solution_user)
        self.staff(self.role_expert, self.expert_user)
        # Only allocated accounts get duties.
        self.assertFalse(self.duties())
        self.allocate()
        self.assertEqual(
            self.who(),
            {
                "introduce_expert": self.kam_user,
                "design_solutions": self.solution_user,
                "seed_solutions": self.expert_user,
            },
        )
        duties = self.duties()
        introduce = duties.filtered(lambda a: a.kam_duty == "introduce_expert")
        self.assertIn("Introduce the customer lead expert", str(introduce.note))
        design = duties.filtered(lambda a: a.kam_duty == "design_solutions")
        self.assertIn("for the customer lead expert to seed", str(design.note))
        seed = duties.filtered(lambda a: a.kam_duty == "seed_solutions")
        self.assertIn("seed our solutions", str(seed.note))
        self.assertEqual(seed.summary, "Seed Solutions, Incubate Opportunities")
        # Again, from the team's button and from the system: nothing twice.
        self.new_account.with_user(self.kam_user).action_kam_iron_triangle()
        self.new_account._kam_iron_triangle_sync()
        self.assertEqual(self.duties(), duties)
        # Someone outside the team does not schedule them.
        with self.assertRaisesMessage(AccessError, "only the account's team"):
            self.new_account.with_user(self.kam_user_2).action_kam_iron_triangle()

    def test_external_experts_duty_goes_to_the_coordinator(self):
        expert = (
            self.env["kam.lead.expert"]
            .with_user(self.kam_manager)
            .create(
                {
                    "partner_id": self.consultant.id,
                    "coordinator_id": self.coordinator.id,
                }
            )
        )
        self.staff(self.role_solution, self.solution_user)
        member = self.staff(self.role_expert, expert=expert)
        self.assertEqual(member.partner_id, self.consultant)
        self.allocate()
        who = self.who()
        self.assertEqual(who["seed_solutions"], self.coordinator)
        self.assertEqual(who["introduce_expert"], self.kam_user)
        seed = self.duties().filtered(lambda a: a.kam_duty == "seed_solutions")
        self.assertIn("Cora Counsel, an external expert", str(seed.note))
        self.assertTrue(self.new_account.triangle_complete)

    def test_missing_expert_is_a_managers_staffing_task(self):
        self.staff(self.role_solution, self.solution_user)
        self.allocate()
        who = self.who()
        self.assertEqual(
            who,
            {
                "design_solutions": self.solution_user,
                "staff_expert": self.kam_manager,
            },
        )
        # The article: account managers cannot do the expert's work. Nothing of the
        # expert's, nor the staffing, is the account manager's.
        self.assertNotEqual(who["staff_expert"], self.kam_user)
        self.assertFalse(self.duties().filtered(lambda a: a.user_id == self.kam_user))
        staffing = self.duties().filtered(lambda a: a.kam_duty == "staff_expert")
        self.assertIn("cannot do the expert's work", str(staffing.note))
        self.assertEqual(staffing.summary, "Staff a Customer Lead Expert")
        before = self.duties()
        self.new_account._kam_iron_triangle_sync()
        self.new_account.with_user(self.kam_user).action_kam_iron_triangle()
        self.assertEqual(self.duties(), before)
        # The manager names an expert: the staffing task is done, the duties come.
        self.staff(self.role_expert, self.expert_user)
        self.assertFalse(staffing.exists() and staffing.active)
        self.assertIn(
            "The role is staffed.",
            " ".join(self.new_account.message_ids.mapped("body")),
        )
        self.assertEqual(
            self.who(),
            {
                "design_solutions": self.solution_user,
                "introduce_expert": self.kam_user,
                "seed_solutions": self.expert_user,
            },
        )

    def test_an_unstaffed_triangle_goes_to_who_allocated_it(self):
        # Two tasks for the same manager on the same account, in one run.
        self.allocate(manager=self.kam_manager_2)
        self.assertEqual(self.new_account._kam_staffing_manager(), self.kam_manager_2)
        self.assertEqual(
            self.who(),
            {
                "staff_solution_manager": self.kam_manager_2,
                "staff_expert": self.kam_manager_2,
            },
        )
        # Naming the solution manager closes its task only.
        self.staff(self.role_solution, self.solution_user)
        self.assertEqual(
            self.who(),
            {
                "design_solutions": self.solution_user,
                "staff_expert": self.kam_manager_2,
            },
        )

    def test_no_duties_during_a_deal(self):
        self.env["crm.lead"].with_user(self.kam_user).create(
            {
                "name": "Ore tracking",
                "type": "opportunity",
                "partner_id": self.polar_contact.id,
            }
        )
        self.allocate()
        self.assertEqual(self.new_account.lifecycle_stage, "deal")
        self.assertFalse(self.new_account.triangle_complete)
        self.assertFalse(self.duties())
        self.staff(self.role_solution, self.solution_user)
        self.new_account._kam_iron_triangle_sync()
        self.assertFalse(self.duties())

    # ------------------------------------------------------------------ credit
    def test_an_opportunity_credits_the_expert(self):
        self.staff(self.role_solution, self.solution_user)
        expert = self.staff(self.role_expert, self.expert_user).expert_id
        self.allocate()
        Lead = self.env["crm.lead"].with_user(self.kam_user)
        first = Lead.create(
            {
                "name": "Ore tracking",
                "type": "opportunity",
                "partner_id": self.polar_contact.id,
            }
        )
        self.assertEqual(first.kam_expert_id, expert)
        self.assertEqual(expert.with_user(self.kam_user).lead_count, 1)
        # Now a deal is open: the next opportunity is no incubation.
        self.assertEqual(self.new_account.lifecycle_stage, "deal")
        second = Lead.create(
            {"name": "Dust sensors", "type": "opportunity", "partner_id": self.polar.id}
        )
        self.assertFalse(second.kam_expert_id)

    def test_credit_whoever_creates_the_opportunity(self):
        self.staff(self.role_expert, self.expert_user)
        self.allocate()
        lead = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .create(
                {
                    "name": "Ore tracking",
                    "type": "opportunity",
                    "partner_id": self.polar.id,
                }
            )
        )
        # The salesperson cannot read the field; the system set it.
        with self.assertRaises(AccessError):
            lead.read(["kam_expert_id"])
        self.assertEqual(lead.sudo().kam_expert_id.user_id, self.expert_user)

    def test_no_credit_without_an_expert_or_a_key_account(self):
        Lead = self.env["crm.lead"].with_user(self.kam_user)
        # self.account (Nordwind) is a new customer without a lead expert.
        self.assertEqual(self.account.lifecycle_stage, "acquisition")
        no_expert = Lead.create(
            {
                "name": "Yard sensors",
                "type": "opportunity",
                "partner_id": self.customer.id,
            }
        )
        self.assertFalse(no_expert.kam_expert_id)
        stranger = self.env["res.partner"].create(
            {"name": "Unknown Ltd", "is_company": True}
        )
        no_account = Lead.create(
            {"name": "Cold call", "type": "opportunity", "partner_id": stranger.id}
        )
        self.assertFalse(no_account.kam_expert_id)
