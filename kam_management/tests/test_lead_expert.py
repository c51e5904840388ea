"""Customer lead experts (客户引领专家): who may be one, how the account team's role
finds them, what they lead and reach and incubate, and their yearly KPIs computed
from known data in frozen years."""

import logging
from datetime import datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import KAM_MANAGER, KAM_USER, KamCommon, KamNetworkCommon

_logger = logging.getLogger(__name__)

# Queries of one `_kam_figures` run, whatever the number of experts (measured: 2 and
# 10 experts both need 11).
KPI_QUERY_BUDGET = 12


@tagged("post_install", "-at_install")
class TestLeadExpert(KamNetworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consultancy = cls.consultant.parent_id
        cls.Expert = cls.env["kam.lead.expert"]

    def new_expert(self, **vals):
        return self.Expert.with_user(self.kam_manager).create(vals)

    def name_in_role(self, account, user=None, partner=None, **vals):
        """A manager names someone as the account's customer lead expert."""
        return (
            self.env["kam.account.member"]
            .with_user(self.kam_manager)
            .create(
                {
                    "account_id": account.id,
                    "role_id": self.role_expert.id,
                    "user_id": user.id if user else False,
                    "partner_id": partner.id if partner else False,
                    **vals,
                }
            )
        )

    # ------------------------------------------------------------------ who
    def test_expert_is_a_user_or_a_partner(self):
        with self.assertRaisesMessage(
            ValidationError, "one of our users or an external partner"
        ):
            self.new_expert(name="Nobody in particular")
        internal = self.new_expert(user_id=self.kam_user_2.id)
        self.assertEqual(internal.name, "Kim Other")
        self.assertFalse(internal.is_external)
        external = self.new_expert(partner_id=self.consultant.id)
        self.assertEqual(external.name, "Cora Counsel")
        self.assertTrue(external.is_external)
        self.assertEqual(external.company_id, self.company)

    @mute_logger("odoo.sql_db")
    def test_expert_is_not_both(self):
        with self.assertRaises(IntegrityError):
            self.new_expert(user_id=self.kam_user_2.id, partner_id=self.consultant.id)

    def test_team_of_people(self):
        with self.assertRaisesMessage(ValidationError, "add its members"):
            self.new_expert(user_id=self.kam_user_2.id, is_team=True)
        with self.assertRaisesMessage(ValidationError, "people, not companies"):
            self.new_expert(
                partner_id=self.consultancy.id,
                is_team=True,
                member_partner_ids=[
                    Command.set((self.consultant | self.consultancy).ids)
                ],
            )
        team = self.new_expert(
            name="Insight Team",
            user_id=self.kam_user_2.id,
            is_team=True,
            member_partner_ids=[Command.set(self.consultant.ids)],
        )
        self.assertEqual(team.name, "Insight Team")
        # Emptying the team later is refused too.
        with self.assertRaisesMessage(ValidationError, "add its members"):
            team.with_user(self.kam_manager).member_partner_ids = [Command.clear()]

    def test_portal_user_is_no_expert(self):
        with self.assertRaisesMessage(ValidationError, "portal user"):
            self.new_expert(user_id=self.portal.id)

    def test_rights(self):
        expert = self.new_expert(user_id=self.kam_user_2.id)
        # Key Accounts users read the experts of their company; managers change them.
        self.assertEqual(
            self.Expert.with_user(self.kam_user).search([("id", "=", expert.id)]),
            expert,
        )
        with self.assertRaises(AccessError):
            self.Expert.with_user(self.kam_user).create({"user_id": self.kam_user.id})
        with self.assertRaises(AccessError):
            expert.with_user(self.kam_user).name = "Mine"
        with self.assertRaises(AccessError):
            expert.with_user(self.salesman).read(["name"])
        company_b = self.env["res.company"].create({"name": "KAM Expert Company B"})
        manager_b = self.company_user(
            "kam_manager_xb", "Xena Manager", KAM_MANAGER, company_b
        )
        with self.assertRaises(AccessError):
            expert.with_user(manager_b).read(["name"])

    # ------------------------------------------------------------------ the role
    def test_naming_someone_in_the_role_finds_their_expert(self):
        member = self.name_in_role(self.account, user=self.kam_user_2)
        expert = member.expert_id
        self.assertTrue(expert)
        self.assertEqual(expert.user_id, self.kam_user_2)
        self.assertEqual(expert.company_id, self.company)
        self.assertEqual(self.account.lead_expert_id, expert)
        # The same person on a second account: the same expert record.
        second = self.name_in_role(self.other_account, user=self.kam_user_2)
        self.assertEqual(second.expert_id, expert)
        self.assertEqual(
            self.Expert.search_count([("user_id", "=", self.kam_user_2.id)]), 1
        )
        # An external partner: an external expert, coordinated by the manager who
        # named them (they have no user to receive tasks).
        external = self.name_in_role(self.other_account, partner=self.consultant)
        self.assertEqual(external.expert_id.partner_id, self.consultant)
        self.assertTrue(external.expert_id.is_external)
        self.assertEqual(external.expert_id.coordinator_id, self.kam_manager)
        again = self.name_in_role(self.account, partner=self.consultant)
        self.assertEqual(again.expert_id, external.expert_id)
        # Naming the expert (a team) fills in who holds the role.
        team = self.new_expert(
            name="Insight Team",
            partner_id=self.consultancy.id,
            is_team=True,
            member_partner_ids=[Command.set(self.consultant.ids)],
        )
        by_expert = self.name_in_role(self.account, expert_id=team.id)
        self.assertEqual(by_expert.partner_id, self.consultancy)
        self.assertFalse(by_expert.user_id)

    def test_bad_values_for_the_role(self):
        """Values a client may send for the lead-expert role are refused in words,
        not looked up in the database (which answers with a server error)."""
        Member = self.env["kam.account.member"].with_user(self.kam_manager)
        for vals in (
            {"role_id": "abc", "user_id": self.kam_user_2.id},
            {"role_id": self.role_expert.id, "expert_id": "abc"},
            {"role_id": self.role_expert.id, "user_id": "abc"},
        ):
            with self.assertRaisesMessage(ValidationError, "must refer to a record"):
                Member.create({"account_id": self.account.id, **vals})
        self.assertFalse(self.account.lead_expert_id)
        member = self.name_in_role(self.account, user=self.kam_user_2)
        with self.assertRaisesMessage(ValidationError, "must refer to a record"):
            member.with_user(self.kam_manager).write({"expert_id": "x"})
        self.assertEqual(member.expert_id.user_id, self.kam_user_2)

    def test_expert_of_another_company_refused(self):
        company_b = self.env["res.company"].create({"name": "KAM Expert Company B"})
        manager_ab = new_test_user(
            self.env,
            login="kam_manager_ab",
            name="Abe Manager",
            groups=KAM_MANAGER,
            company_id=self.company.id,
            company_ids=[Command.set((self.company | company_b).ids)],
        )
        foreign = self.Expert.create(
            {"partner_id": self.consultant.id, "company_id": company_b.id}
        )
        Member = self.env["kam.account.member"].with_user(manager_ab)
        with self.assertRaisesMessage(ValidationError, "expert of another company"):
            Member.create(
                {
                    "account_id": self.account.id,
                    "role_id": self.role_expert.id,
                    "expert_id": foreign.id,
                }
            )
        self.assertFalse(self.account.lead_expert_id)
        # Nor can it be switched to one later.
        member = self.name_in_role(self.account, user=self.kam_user_2)
        with self.assertRaisesMessage(ValidationError, "expert of another company"):
            member.with_user(manager_ab).expert_id = foreign
        # Nor seed solutions on this company's accounts (a user of this company only
        # cannot even read that expert).
        seed = {
            "account_id": self.account.id,
            "name": "Telematics platform",
            "expert_id": foreign.id,
        }
        Seed = self.env["kam.solution.seed"]
        with self.assertRaisesMessage(ValidationError, "expert of another company"):
            Seed.with_user(manager_ab).create(seed)
        with self.assertRaises(AccessError):
            Seed.with_user(self.kam_user).create(seed)
        self.assertFalse(Seed.search([("expert_id", "=", foreign.id)]))

    def test_reach_stays_in_the_experts_company(self):
        """The same person influencing a key person of the same customer in
        another company reaches nobody for this company's expert."""
        company_b = self.env["res.company"].create({"name": "KAM Reach Company B"})
        user_b = self.company_user("kam_user_rb", "Rob User", KAM_USER, company_b)
        manager_ab = new_test_user(
            self.env,
            login="kam_manager_rab",
            name="Ria Manager",
            groups=KAM_MANAGER,
            company_id=self.company.id,
            company_ids=[Command.set((self.company | company_b).ids)],
        )
        account_b = self.make_account(self.customer, user_b, company=company_b)
        kp_cfo_b = self.portrait(self.cfo, account=account_b, closeness="1")
        ours = self.influence(self.kam_user_2.partner_id, self.ceo)
        theirs = self.influence(
            self.kam_user_2.partner_id, self.cfo, user=user_b, account=account_b
        )
        expert = self.new_expert(user_id=self.kam_user_2.id)
        # Read by a manager of both companies, whom no record rule limits.
        expert = expert.with_user(manager_ab).with_context(
            allowed_company_ids=(self.company | company_b).ids
        )
        expert.invalidate_recordset()
        self.assertEqual(expert.influence_ids, ours)
        self.assertEqual(expert.key_person_ids, self.kp_ceo)
        self.assertNotIn(kp_cfo_b, expert.key_person_ids)
        action = expert.action_kam_closeness()
        self.assertEqual(
            action["domain"],
            [("key_person_id", "in", self.kp_ceo.ids), ("measure", "=", "closeness")],
        )
        # The web client titles it by display_name first.
        self.assertEqual(action["display_name"], f"Closeness over Time: {expert.name}")
        # Nor in the yearly KPIs that the scheduled action computes.
        kpi = self.env["kam.lead.expert.kpi"]._kam_generate(
            fields.Date.today().year, expert
        )
        self.assertEqual(kpi.key_persons_reached, 1)
        self.assertTrue(theirs.exists())

    def test_no_credit_across_companies(self):
        """An opportunity credits an expert of its own company only: by hand,
        and when Odoo puts it in another company than the user's current one."""
        company_b = self.env["res.company"].create({"name": "KAM Credit Company B"})
        foreign = self.Expert.create(
            {"partner_id": self.consultant.id, "company_id": company_b.id}
        )
        with self.assertRaises(UserError):
            self.lead.with_user(self.kam_user).kam_expert_id = foreign
        self.assertFalse(self.lead.kam_expert_id)
        # Sunrise Foods: a new customer in both companies, each with its expert.
        self.kam_user_2.company_ids |= company_b
        account_b = self.make_account(
            self.other_customer, self.kam_user_2, company=company_b
        )
        ours = self.name_in_role(self.other_account, user=self.kam_user).expert_id
        theirs = (
            self.env["kam.account.member"]
            .create(
                {
                    "account_id": account_b.id,
                    "role_id": self.role_expert.id,
                    "partner_id": self.consultant.id,
                }
            )
            .expert_id
        )
        self.assertEqual(theirs.company_id, company_b)
        team_b = self.env["crm.team"].create(
            {"name": "Team B", "company_id": company_b.id}
        )
        # Created from company A, in team B: a lead of company B.
        lead = (
            self.env["crm.lead"]
            .with_user(self.kam_user_2)
            .with_context(allowed_company_ids=(self.company | company_b).ids)
            .create(
                {
                    "name": "Cold storage",
                    "type": "opportunity",
                    "partner_id": self.other_customer.id,
                    "team_id": team_b.id,
                }
            )
        )
        self.assertEqual(lead.company_id, company_b)
        self.assertEqual(lead.sudo().kam_expert_id, theirs)
        self.assertNotEqual(theirs, ours)

    # ------------------------------------------------------------------ figures
    def test_accounts_led_are_the_active_memberships(self):
        today = fields.Date.today()
        self.name_in_role(self.account, user=self.kam_user_2)
        ended = self.name_in_role(
            self.other_account,
            user=self.kam_user_2,
            date_from=today - relativedelta(years=2),
            date_to=today - relativedelta(months=1),
        )
        expert = ended.expert_id.with_user(self.kam_user)
        expert.invalidate_recordset()  # a new request (see the reach test)
        self.assertEqual(expert.account_ids, self.account)
        self.assertEqual(expert.account_count, 1)
        self.assertFalse(self.other_account.lead_expert_id)

    def test_reach_of_the_experts_people(self):
        """The influences of the expert's user, partner and team members on
        the customers' people, and the portraits of those people."""
        team = self.new_expert(
            name="Insight Team",
            user_id=self.kam_user_2.id,
            is_team=True,
            member_partner_ids=[Command.set(self.consultant.ids)],
        )
        solo = self.new_expert(partner_id=self.consultant.id)
        newcomer = self.env["res.partner"].create(
            {"name": "Nina New", "parent_id": self.customer.id}
        )
        by_leader = self.influence(self.kam_user_2.partner_id, self.ceo)
        on_cfo = self.influence(
            self.consultant, self.cfo, strength="high", direction="positive"
        )
        elsewhere = self.influence(
            self.consultant,
            self.other_person,
            user=self.kam_user_2,
            account=self.other_account,
        )
        # Nina has no portrait: an influence held, no key person reached.
        on_newcomer = self.influence(self.consultant, newcomer)
        # Not the experts' people.
        self.influence(self.ours, self.buyer)
        self.influence(self.rival, self.cio)
        experts = (team | solo).with_user(self.kam_user)
        # Read as the next request would: create() leaves the new records' x2many
        # fields empty in the cache, and these are computed on reading only.
        experts.invalidate_recordset()
        self.assertEqual(
            experts[0].influence_ids, by_leader | on_cfo | elsewhere | on_newcomer
        )
        self.assertEqual(
            experts[0].key_person_ids, self.kp_ceo | self.kp_cfo | self.kp_other
        )
        self.assertEqual(experts[0].key_person_count, 3)
        self.assertEqual(experts[1].influence_ids, on_cfo | elsewhere | on_newcomer)
        self.assertEqual(experts[1].key_person_ids, self.kp_cfo | self.kp_other)
        self.assertEqual(experts[1].key_person_count, 2)

    def test_opportunity_figures(self):
        """The expert's credit: open and won opportunities' expected revenue; lost
        ones and leads do not count."""
        expert = self.new_expert(user_id=self.kam_user_2.id)
        Lead = self.env["crm.lead"]

        def opportunity(name, revenue, kind="opportunity"):
            return Lead.create(
                {
                    "name": name,
                    "type": kind,
                    "partner_id": self.customer.id,
                    "user_id": self.kam_user.id,
                    "expected_revenue": revenue,
                    "kam_expert_id": expert.id,
                }
            )

        opportunity("Yard sensors", 10000)
        won = opportunity("Cold chain", 20000)
        lost = opportunity("Driver app", 5000)
        opportunity("Someone asked", 7000, kind="lead")
        won.with_user(self.kam_user).action_set_won()
        lost.with_user(self.kam_user).action_set_lost()
        self.assertFalse(lost.active)
        expert = expert.with_user(self.kam_user)
        # 2 opportunities: 10,000 open + 20,000 won; the lost 5,000 and the lead
        # 7,000 do not count.
        self.assertEqual(expert.lead_count, 2)
        self.assertEqual(expert.expected_revenue, 30000)
        self.assertEqual(expert.won_revenue, 20000)


@tagged("post_install", "-at_install")
class TestExpertKpi(KamCommon):
    """Known data around 2025; every figure is worked out by hand in the tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Partner = env["res.partner"]
        cls.expert_user = new_test_user(
            env, login="kam_expert", name="Ezra Expert", groups=KAM_USER
        )
        consultancy = Partner.create({"name": "Wise Advisors", "is_company": True})
        cls.consultant = Partner.create(
            {"name": "Cora Counsel", "parent_id": consultancy.id}
        )
        Expert = env["kam.lead.expert"]
        # X: one of ours; Y: an external consultant.
        cls.expert = Expert.create({"user_id": cls.expert_user.id})
        cls.external = Expert.create(
            {"partner_id": cls.consultant.id, "coordinator_id": cls.kam_manager.id}
        )
        cls.polar = cls.make_account(
            Partner.create({"name": "Polar Mining", "is_company": True}), cls.kam_user
        )
        Member = env["kam.account.member"]

        def lead_expert(account, expert, date_from, date_to=False):
            Member.create(
                {
                    "account_id": account.id,
                    "role_id": cls.role_expert.id,
                    "expert_id": expert.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
            )

        # X leads Nordwind since 2024 and Polar for a summer in 2025; its time on
        # Sunrise ended with 2024. Y leads Sunrise from February 2025.
        lead_expert(cls.account, cls.expert, "2024-03-01")
        lead_expert(cls.other_account, cls.expert, "2023-01-01", "2024-12-31")
        lead_expert(cls.polar, cls.expert, "2025-06-01", "2025-08-31")
        lead_expert(cls.other_account, cls.external, "2025-02-01")

        def person(name):
            return Partner.create({"name": name, "parent_id": cls.customer.id})

        anna, bert, carl, dora, emil, fritz = (
            person(name)
            for name in (
                "Anna Alt",
                "Bert Bau",
                "Carl Cole",
                "Dora Dahl",
                "Emil Eck",
                "Fritz Fink",
            )
        )
        KeyPerson = env["kam.key.person"]

        def portrait(partner, when, **vals):
            # The portrait history is dated now: the day the change was made.
            with freeze_time(when):
                return KeyPerson.create(
                    {"account_id": cls.account.id, "partner_id": partner.id, **vals}
                )

        def change(portrait, when, **vals):
            with freeze_time(when):
                portrait.write(vals)

        carl_kp = portrait(carl, "2024-01-10", closeness="4")
        portrait(dora, "2024-02-02", closeness="3")
        portrait(emil, "2024-03-03", closeness="2")
        anna_kp = portrait(anna, "2024-05-10", closeness="2")
        bert_kp = portrait(bert, "2025-03-01")
        change(anna_kp, "2025-04-01", closeness="3")
        change(carl_kp, "2025-05-05", closeness="2")
        change(anna_kp, "2025-06-01", solution_acceptance="5")
        change(bert_kp, "2025-07-01", closeness="3")
        change(anna_kp, "2025-09-15", closeness="4")
        change(anna_kp, "2026-02-01", closeness="5")
        # Closeness (unknown = 1):       1.1.2024  1.1.2025  1.1.2026
        #   Anna (from 10.5.2024)          1         2         4
        #   Bert (from 1.3.2025)           -         1         3
        #   Carl (from 10.1.2024)          1         4         2
        #   Dora (from 2.2.2024)           1         3         3

        def influence(influencer, partner, created, **vals):
            record = env["kam.influence"].create(
                {
                    "account_id": cls.account.id,
                    "influencer_id": influencer.id,
                    "influenced_id": partner.id,
                    **vals,
                }
            )
            # create_date is the database's clock, not freezegun's.
            record.flush_recordset()
            env.cr.execute(
                SQL(
                    "UPDATE kam_influence SET create_date = %s WHERE id = %s",
                    created,
                    record.id,
                )
            )
            record.invalidate_recordset(["create_date"])
            return record

        ezra = cls.expert_user.partner_id
        influence(ezra, anna, "2024-06-01")
        influence(ezra, bert, "2025-03-15", date_start="2025-03-15")
        # In force until February 2025, archived since: it still counts for 2025.
        influence(
            ezra, carl, "2024-02-01", date_start="2024-02-01", date_end="2025-02-28"
        ).active = False
        influence(
            ezra, dora, "2023-01-01", date_start="2023-01-01", date_end="2024-12-31"
        )
        influence(ezra, emil, "2026-01-10")  # entered after 2025
        influence(ezra, fritz, "2025-05-20")  # Fritz has no portrait
        influence(cls.consultant, anna, "2025-01-05")
        influence(cls.kam_user.partner_id, emil, "2025-02-02")  # nobody's expert

        Seed = env["kam.solution.seed"]
        for when in ("2024-12-31", "2025-02-10", "2025-11-30", "2026-01-01"):
            Seed.create(
                {
                    "account_id": cls.account.id,
                    "expert_id": cls.expert.id,
                    "name": f"Seed of {when}",
                    "date": when,
                }
            )
        Seed.create(
            {
                "account_id": cls.other_account.id,
                "expert_id": cls.external.id,
                "name": "Supplier portal",
                "date": "2025-06-06",
            }
        )

        Lead = env["crm.lead"]

        def opportunity(name, revenue, created, expert=None, **vals):
            lead = Lead.create(
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": cls.customer.id,
                    "user_id": cls.kam_user.id,
                    "expected_revenue": revenue,
                    "kam_expert_id": (expert or cls.expert).id,
                    **vals,
                }
            )
            lead.flush_recordset()
            env.cr.execute(
                SQL(
                    "UPDATE crm_lead SET create_date = %s WHERE id = %s",
                    created,
                    lead.id,
                )
            )
            lead.invalidate_recordset(["create_date"])
            return lead

        # Owned by salespeople: the manager who computes the KPIs sees none of them
        # in the CRM (Sales / Own Documents Only); they count all the same.
        opportunity("Yard sensors", 10000, "2025-02-01", user_id=cls.kam_user_2.id)
        won_2025 = opportunity("Cold chain", 20000, "2025-04-01")
        lost = opportunity("Driver app", 5000, "2025-05-01")
        won_early = opportunity("Fleet audit", 40000, "2024-11-01")
        won_late = opportunity("Route planner", 8000, "2025-12-01")
        opportunity("Someone asked", 3000, "2025-03-03", type="lead")
        opportunity(
            "Supplier portal",
            12000,
            "2025-07-07",
            expert=cls.external,
            partner_id=cls.other_customer.id,
            user_id=cls.kam_user_2.id,
        )
        for lead, when in (
            (won_early, "2025-01-20"),
            (won_2025, "2025-10-10"),
            (won_late, "2026-01-15"),
        ):
            with freeze_time(when):
                lead.with_user(cls.kam_user).action_set_won()
        with freeze_time("2025-06-01"):
            lost.with_user(cls.kam_user).action_set_lost()
        cls.KPI = env["kam.lead.expert.kpi"]

    def generate(self, year, user=None):
        kpis = self.KPI.with_user(user or self.kam_manager)._kam_generate(year)
        return (
            kpis.filtered(lambda k: k.expert_id == self.expert),
            kpis.filtered(lambda k: k.expert_id == self.external),
        )

    # ------------------------------------------------------------------ figures
    @freeze_time("2026-01-20 08:00:00")
    def test_figures_of_2025(self):
        ezra, cora = self.generate(2025)
        # Ezra (X):
        # - key persons: Anna (no dates), Bert (from 15.3.2025), Carl (until
        #   28.2.2025, archived since) = 3; Dora's ended with 2024, Emil's was
        #   entered in 2026, Fritz has no portrait;
        # - closeness: Anna 2 → 4 (+2), Bert unknown (1) → 3 (+2), Carl 4 → 2 (-2):
        #   +2; Anna's solution acceptance is another measure;
        # - seeds: 10.2.2025 and 30.11.2025 = 2;
        # - incubated in 2025: Yard sensors, Cold chain, Driver app (lost), Route
        #   planner = 4 (the lead Someone asked is no opportunity); revenue
        #   10,000 + 20,000 + 8,000 = 38,000 (the lost 5,000 is no credit);
        # - won in 2025: Cold chain 20,000 + Fleet audit 40,000 (incubated in 2024)
        #   = 60,000; Route planner was won in 2026;
        # - accounts: Nordwind (since 2024) and Polar (summer 2025) = 2; Sunrise
        #   ended with 2024.
        # Cora (Y): Anna (+2), one seed, Supplier portal 12,000 open, Sunrise.
        self.assertRecordValues(
            ezra | cora,
            [
                {
                    "year": 2025,
                    "key_persons_reached": 3,
                    "closeness_gained": 2,
                    "solutions_seeded": 2,
                    "opportunities_incubated": 4,
                    "expected_revenue": 38000,
                    "won_revenue": 60000,
                    "accounts_led": 2,
                },
                {
                    "year": 2025,
                    "key_persons_reached": 1,
                    "closeness_gained": 2,
                    "solutions_seeded": 1,
                    "opportunities_incubated": 1,
                    "expected_revenue": 12000,
                    "won_revenue": 0,
                    "accounts_led": 1,
                },
            ],
        )
        self.assertEqual(ezra.computed_on, datetime(2026, 1, 20, 8, 0))
        self.assertEqual(ezra.company_id, self.company)

    def test_a_second_year_is_a_record_of_its_own(self):
        ezra_2025, _cora = self.generate(2025)
        ezra, cora = self.generate(2024)
        self.assertNotEqual(ezra, ezra_2025)
        self.assertEqual(self.KPI.search_count([("expert_id", "=", self.expert.id)]), 2)
        # Ezra in 2024:
        # - key persons: Anna (entered 1.6.2024), Carl (from 1.2.2024), Dora (until
        #   31.12.2024) = 3; Bert's and Fritz's were entered in 2025;
        # - closeness: Anna 1 → 2 (+1), Carl 1 → 4 (+3), Dora 1 → 3 (+2) = +6
        #   (a portrait starts unknown);
        # - seeds: 31.12.2024 = 1;
        # - incubated: Fleet audit 40,000 (won in 2025: no won revenue in 2024);
        # - accounts: Nordwind (from March) and Sunrise (until December) = 2.
        self.assertRecordValues(
            ezra | cora,
            [
                {
                    "year": 2024,
                    "key_persons_reached": 3,
                    "closeness_gained": 6,
                    "solutions_seeded": 1,
                    "opportunities_incubated": 1,
                    "expected_revenue": 40000,
                    "won_revenue": 0,
                    "accounts_led": 2,
                },
                {
                    "year": 2024,
                    "key_persons_reached": 0,
                    "closeness_gained": 0,
                    "solutions_seeded": 0,
                    "opportunities_incubated": 0,
                    "expected_revenue": 0,
                    "won_revenue": 0,
                    "accounts_led": 0,
                },
            ],
        )

    def test_computing_again_refreshes_and_keeps_the_rating(self):
        ezra, _cora = self.generate(2025)
        ezra.with_user(self.kam_manager).write(
            {"rating": "4", "comment": "Opened Nordwind's IT department."}
        )
        self.env["kam.solution.seed"].create(
            {
                "account_id": self.account.id,
                "expert_id": self.expert.id,
                "name": "Yard twin",
                "date": "2025-08-08",
            }
        )
        again, _cora = self.generate(2025)
        self.assertEqual(again, ezra)
        self.assertEqual(
            self.KPI.search_count(
                [("expert_id", "=", self.expert.id), ("year", "=", 2025)]
            ),
            1,
        )
        self.assertEqual(again.solutions_seeded, 3)
        self.assertEqual(again.rating, "4")
        self.assertEqual(again.comment, "Opened Nordwind's IT department.")
        # The record's own button does the same.
        self.env["kam.solution.seed"].create(
            {
                "account_id": self.account.id,
                "expert_id": self.expert.id,
                "name": "Gate automation",
                "date": "2025-09-09",
            }
        )
        ezra.with_user(self.kam_manager).action_kam_refresh()
        self.assertEqual(ezra.solutions_seeded, 4)
        self.assertEqual(ezra.rating, "4")

    def test_figures_are_the_systems(self):
        ezra, _cora = self.generate(2025)
        with self.assertRaises(AccessError):
            ezra.with_user(self.kam_manager).write({"won_revenue": 1e6})
        with self.assertRaisesMessage(UserError, "between 2000 and 2999"):
            self.KPI.with_user(self.kam_manager)._kam_generate(1999)
        with self.assertRaisesMessage(UserError, "between 2000 and 2999"):
            self.KPI.with_user(self.kam_manager)._kam_generate("2025")

    def test_one_record_per_expert_and_year(self):
        self.env.cr.execute(
            "SELECT 1 FROM pg_constraint WHERE conname = %s",
            ["kam_lead_expert_kpi_expert_year_unique"],
        )
        self.assertTrue(self.env.cr.fetchone())
        self.generate(2025)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.KPI.create({"expert_id": self.expert.id, "year": 2025})

    def test_the_wizard_is_for_managers(self):
        Wizard = self.env["kam.expert.kpi.generate"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.kam_user).create({"year": 2025})
        with freeze_time("2026-03-01"):
            wizard = Wizard.with_user(self.kam_manager).create({})
        self.assertEqual(wizard.year, 2026)
        wizard.year = 2025
        # A user handed the manager's wizard still computes nothing.
        with self.assertRaises(AccessError):
            wizard.with_user(self.kam_user).action_generate()
        self.assertFalse(self.KPI.search([("expert_id", "=", self.expert.id)]))
        action = wizard.action_generate()
        ezra = self.KPI.search([("expert_id", "=", self.expert.id)])
        self.assertEqual(ezra.year, 2025)
        self.assertEqual(ezra.won_revenue, 60000)
        self.assertEqual(action["res_model"], "kam.lead.expert.kpi")
        self.assertIn(ezra.id, action["domain"][0][2])

    def test_who_reads_the_kpis(self):
        ezra, cora = self.generate(2025)
        ours = ezra | cora
        KPI = self.KPI
        # The expert reads their own, and only that.
        self.assertEqual(
            KPI.with_user(self.expert_user).search([("id", "in", ours.ids)]), ezra
        )
        self.assertEqual(ezra.with_user(self.expert_user).won_revenue, 60000)
        with self.assertRaises(AccessError):
            cora.with_user(self.expert_user).read(["won_revenue"])
        with self.assertRaises(AccessError):
            ezra.with_user(self.expert_user).write({"rating": "5"})
        # Nor computes them again: the button is the managers', over RPC too.
        with self.assertRaisesMessage(AccessError, "Only a Key Accounts manager"):
            ezra.with_user(self.expert_user).action_kam_refresh()
        # Another Key Accounts user reads none; a plain salesperson neither.
        self.assertFalse(KPI.with_user(self.kam_user).search([("id", "in", ours.ids)]))
        with self.assertRaises(AccessError):
            ezra.with_user(self.kam_user).read(["won_revenue"])
        with self.assertRaises(AccessError):
            KPI.with_user(self.salesman).search([])
        # Managers read them all, and rate.
        self.assertEqual(
            KPI.with_user(self.kam_manager).search([("id", "in", ours.ids)]), ours
        )
        cora.with_user(self.kam_manager).rating = "3"
        # A manager of another company only: none.
        company_b = self.env["res.company"].create({"name": "KAM KPI Company B"})
        manager_b = self.company_user(
            "kam_manager_kb", "Kai Manager", KAM_MANAGER, company_b
        )
        self.assertFalse(KPI.with_user(manager_b).search([("id", "in", ours.ids)]))
        with self.assertRaises(AccessError):
            ezra.with_user(manager_b).read(["won_revenue"])
        # Their own run computes their company's experts only.
        self.assertFalse(
            KPI.with_user(manager_b)._kam_generate(2025).expert_id & self.expert
        )

    # ------------------------------------------------------------------ queries
    def _figures_queries(self, size, budget=KPI_QUERY_BUDGET):
        """`size` external experts, each leading an account with one influence on a
        portrayed person, one seed and one opportunity this year; the queries of
        one `_kam_figures` run for them."""
        Partner = self.env["res.partner"]
        people = Partner.create([{"name": f"Expert {size}-{i}"} for i in range(size)])
        persons = Partner.create(
            [
                {"name": f"Contact {size}-{i}", "parent_id": self.customer.id}
                for i in range(size)
            ]
        )
        experts = self.env["kam.lead.expert"].create(
            [
                {"partner_id": p.id, "coordinator_id": self.kam_manager.id}
                for p in people
            ]
        )
        self.env["kam.account.member"].create(
            [
                {
                    "account_id": self.polar.id,
                    "role_id": self.role_expert.id,
                    "expert_id": e.id,
                }
                for e in experts
            ]
        )
        self.env["kam.key.person"].create(
            [
                {"account_id": self.account.id, "partner_id": p.id, "closeness": "3"}
                for p in persons
            ]
        )
        self.env["kam.influence"].create(
            [
                {
                    "account_id": self.account.id,
                    "influencer_id": e.partner_id.id,
                    "influenced_id": p.id,
                }
                for e, p in zip(experts, persons, strict=True)
            ]
        )
        self.env["kam.solution.seed"].create(
            [
                {"account_id": self.account.id, "expert_id": e.id, "name": "Seed"}
                for e in experts
            ]
        )
        self.env["crm.lead"].create(
            [
                {
                    "name": f"Deal {e.name}",
                    "type": "opportunity",
                    "partner_id": self.customer.id,
                    "user_id": self.kam_user.id,
                    "expected_revenue": 1000,
                    "kam_expert_id": e.id,
                }
                for e in experts
            ]
        )
        year = fields.Date.today().year
        self.env.flush_all()
        self.env.invalidate_all()
        KPI = self.KPI.with_user(self.kam_manager)
        experts = experts.with_user(self.kam_manager)
        before = self.env.cr.sql_log_count
        if budget is None:
            figures = KPI._kam_figures(experts, year)
        else:
            with self.assertQueryCount(budget):
                figures = KPI._kam_figures(experts, year)
        used = self.env.cr.sql_log_count - before
        # Each expert: one person reached (closeness 3 since this year: +2), one
        # seed, one opportunity of 1,000, one account.
        for expert in experts:
            self.assertEqual(
                figures[expert.id],
                {
                    "key_persons_reached": 1,
                    "closeness_gained": 2,
                    "solutions_seeded": 1,
                    "opportunities_incubated": 1,
                    "expected_revenue": 1000,
                    "won_revenue": 0.0,
                    "accounts_led": 1,
                },
            )
        return used

    def test_query_count_does_not_grow(self):
        """One budget for 2 and for 10 experts."""
        # A first run fills the per-user caches (access rules, groups).
        self._figures_queries(2, budget=None)
        small, large = self._figures_queries(2), self._figures_queries(10)
        _logger.info("KPI figures queries: 2 experts %s, 10 experts %s", small, large)
