from datetime import date

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.kam_management.models.kam_evaluation import kam_last_period

KAM_USER = "base.group_user,kam_management.group_kam_user"
KAM_MANAGER = "base.group_user,kam_management.group_kam_manager"


class KamUiCommon(HttpCase):
    """A key account of three people, an influence of ours and a competitor's, and
    an opportunity with its decision chain: what the tours open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env, login="kam_tour_user", name="KAM Map User", groups=KAM_USER
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {"name": "KAM Tour Industries", "is_company": True}
        )
        cls.account = cls._account(cls.customer, cls.user)

        def person(name):
            return Partner.create({"name": name, "parent_id": cls.customer.id})

        cls.ceo, cls.cfo, cls.buyer = (
            person("Greta Stein"),
            person("Paul Berg"),
            person("Otto Kern"),
        )
        KeyPerson = cls.env["kam.key.person"]
        kp_ceo = KeyPerson.create(
            {
                "account_id": cls.account.id,
                "partner_id": cls.ceo.id,
                "decision_role": "decision_maker",
                "closeness": "5",
                "solution_acceptance": "4",
                "price_acceptance": "4",
            }
        )
        kp_cfo = KeyPerson.create(
            {
                "account_id": cls.account.id,
                "partner_id": cls.cfo.id,
                "decision_role": "decision_maker",
                "reports_to_id": kp_ceo.id,
            }
        )
        KeyPerson.create(
            {
                "account_id": cls.account.id,
                "partner_id": cls.buyer.id,
                "decision_role": "gatekeeper",
                "reports_to_id": kp_cfo.id,
            }
        )
        rival_company = Partner.create(
            {"name": "Rival Corp", "is_company": True, "kam_is_competitor": True}
        )
        rival = Partner.create({"name": "Rick Rival", "parent_id": rival_company.id})
        cls.env["kam.influence"].create(
            [
                {
                    "account_id": cls.account.id,
                    "influencer_id": cls.user.partner_id.id,
                    "influenced_id": cls.ceo.id,
                    "direction": "positive",
                    "strength": "high",
                },
                {
                    "account_id": cls.account.id,
                    "influencer_id": rival.id,
                    "influenced_id": cls.cfo.id,
                    "direction": "negative",
                },
            ]
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Tour Deal",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.user.id,
            }
        )
        cls.env["kam.decision.member"].create(
            [
                {"lead_id": cls.lead.id, "partner_id": cls.cfo.id},
                {
                    "lead_id": cls.lead.id,
                    "partner_id": cls.buyer.id,
                    "reports_to_id": cls.ceo.id,
                },
            ]
        )

    @classmethod
    def _account(cls, partner, user, state="allocated"):
        return cls.env["kam.account"].create(
            {
                "partner_id": partner.id,
                "state": state,
                "member_ids": [
                    Command.create(
                        {
                            "role_id": cls.env.ref(
                                "kam_management.kam_account_role_account_manager"
                            ).id,
                            "user_id": user.id,
                            "date_from": fields.Date.today(),
                        }
                    )
                ],
            }
        )


@tagged("post_install", "-at_install")
class TestUi(KamUiCommon):
    def test_key_account_tour(self):
        self.start_tour("/odoo", "kam_key_account_tour", login="kam_tour_user")

    def test_relationship_map_of_the_account(self):
        self.start_tour(
            f"/odoo/kam.account/{self.account.id}",
            "kam_relationship_map_account_tour",
            login="kam_tour_user",
        )

    def test_relationship_map_of_the_opportunity(self):
        self.start_tour(
            f"/odoo/crm.lead/{self.lead.id}",
            "kam_relationship_map_lead_tour",
            login="kam_tour_user",
        )

    def test_relationship_map_ways_in(self):
        """The map marks the decision makers we do not hold and shows who can
        introduce us: Paul Berg through the CEO, none to the opponent Vera Veto."""
        vera = self.env["res.partner"].create(
            {"name": "Vera Veto", "parent_id": self.customer.id}
        )
        self.env["kam.key.person"].create(
            {
                "account_id": self.account.id,
                "partner_id": vera.id,
                "decision_role": "decision_maker",
                "closeness": "1",
            }
        )
        self.env["kam.influence"].create(
            {
                "account_id": self.account.id,
                "influencer_id": self.ceo.id,
                "influenced_id": self.cfo.id,
                "direction": "positive",
                "strength": "medium",
            }
        )
        # What the map draws, as the tour's user reads it.
        network = (
            self.env["kam.network"]
            .with_user(self.user)
            .get_map_data("kam.account", self.account.id)
        )
        ways = {entry["name"]: entry for entry in network["paths"]}
        self.assertEqual(set(ways), {"Paul Berg", "Vera Veto"})
        self.assertEqual(ways["Vera Veto"]["why"], "opponent")
        self.assertEqual(ways["Vera Veto"]["paths"], [])
        self.assertEqual(
            [(p["names"], p["strength"]) for p in ways["Paul Berg"]["paths"]],
            [(["KAM Map User", "Greta Stein", "Paul Berg"], 0.54)],
        )
        self.start_tour(
            f"/odoo/kam.account/{self.account.id}",
            "kam_ways_in_tour",
            login="kam_tour_user",
        )

    def test_quadrant_and_strategy(self):
        self.env["kam.strategy"].search([]).active = False
        strategy = self.env["kam.strategy"].create(
            {
                "name": "Quadrant Growth",
                "for_class_c": True,
                "tactic_ids": [Command.create({"name": "Seed a workshop"})],
            }
        )
        self.env.company.write(
            {"kam_potential_threshold": 500000, "kam_contribution_threshold": 100000}
        )
        partner = self.env["res.partner"].create(
            {"name": "Quadrant Tour Co", "is_company": True}
        )
        account = self._account(partner, self.user)
        account.write(
            {
                "potential_manual": True,
                "potential_manual_amount": 900000,
                "potential_rationale": "Tender",
            }
        )
        self.env["kam.classification"]._kam_classify(account)
        self.assertEqual(account.proposed_strategy_id, strategy)
        self.start_tour(
            "/odoo/action-kam_management.res_partner_action_quadrant",
            "kam_quadrant_tour",
            login="kam_tour_user",
        )
        self.assertEqual(account.strategy_id, strategy)
        # The strategy's tactic (the iron triangle's duties are activities too).
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "kam.account"),
                ("res_id", "=", account.id),
                ("kam_tactic_id", "!=", False),
            ]
        )
        self.assertEqual(activity.summary, "Seed a workshop")

    def test_nominate_qualify_allocate(self):
        """A salesperson nominates a customer; a manager qualifies it and names its
        team; the new account manager finds it in My Accounts with its class and
        opens its people's map."""
        new_test_user(
            self.env,
            login="kam_tour_sales",
            name="Sally Sales",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        new_test_user(
            self.env, login="kam_tour_manager", name="Max Manager", groups=KAM_MANAGER
        )
        alex = new_test_user(
            self.env, login="kam_tour_alex", name="Alex Account", groups=KAM_USER
        )
        partner = self.env["res.partner"].create(
            {"name": "Nominate Tour Co", "is_company": True}
        )
        person = self.env["res.partner"].create(
            {"name": "Nina Nominee", "parent_id": partner.id}
        )
        self.start_tour(
            f"/odoo/contacts/{partner.id}", "kam_nominate_tour", login="kam_tour_sales"
        )
        account = self.env["kam.account"].search([("partner_id", "=", partner.id)])
        self.assertEqual(account.state, "nominated")
        self.assertEqual(account.decision_ids.user_id.login, "kam_tour_sales")
        # What the scheduled action would have computed by then, and a portrait.
        self.env["kam.key.person"].create(
            {
                "account_id": account.id,
                "partner_id": person.id,
                "decision_role": "decision_maker",
                "closeness": "4",
            }
        )
        account.write({"headcount": 50})
        self.env["kam.classification"]._kam_classify(account)
        self.assertEqual(account.account_class, "D")
        self.start_tour(
            f"/odoo/kam.account/{account.id}",
            "kam_qualify_allocate_tour",
            login="kam_tour_manager",
        )
        self.assertEqual(account.state, "allocated")
        self.assertEqual(account.user_id, alex)
        self.assertEqual(
            account.decision_ids.mapped("new_state"),
            ["allocated", "qualified", "nominated"],
        )
        self.start_tour("/odoo", "kam_my_accounts_tour", login="kam_tour_alex")

    def test_account_plan_tour(self):
        """A team member creates and fills this year's plan of a class A account
        from Strategy & Planning > Account Plans; a Key Accounts manager approves
        it."""
        manager = new_test_user(
            self.env,
            login="kam_tour_plan_manager",
            name="Perry Planner",
            groups=KAM_MANAGER,
        )
        partner = self.env["res.partner"].create(
            {"name": "KAM Plan Tour Co", "is_company": True}
        )
        person = self.env["res.partner"].create(
            {"name": "Paula Plan", "parent_id": partner.id}
        )
        account = self._account(partner, self.user)
        # The class is the classification's: set as it would have left it.
        account.account_class = "A"
        key_person = self.env["kam.key.person"].create(
            {
                "account_id": account.id,
                "partner_id": person.id,
                "decision_role": "decision_maker",
                "closeness": "2",
            }
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Plan Tour Deal",
                "type": "opportunity",
                "partner_id": partner.id,
                "user_id": self.user.id,
            }
        )
        self.start_tour("/odoo", "kam_account_plan_tour", login="kam_tour_user")
        plan = self.env["kam.account.plan"].search([("account_id", "=", account.id)])
        self.assertEqual(len(plan), 1)
        # This year's plan, the default period.
        self.assertEqual(
            (plan.date_from.month, plan.date_from.day, plan.date_to.month),
            (1, 1, 12),
        )
        self.assertEqual(
            (plan.date_to.day, plan.date_to.year), (31, plan.date_from.year)
        )
        self.assertRecordValues(
            plan,
            [
                {
                    "state": "draft",
                    "priority": "3",
                    "priority_rationale": "Largest logistics customer of the region",
                    "revenue_target": 250000,
                    "class_override": False,
                }
            ],
        )
        self.assertIn("Freight volumes grow six percent a year", plan.industry_analysis)
        self.assertIn("Renews its fleet software next year", plan.customer_analysis)
        self.assertRecordValues(
            plan.relation_target_ids,
            [{"key_person_id": key_person.id, "target_closeness": "4", "gap": 2}],
        )
        self.assertRecordValues(
            plan.opportunity_target_ids,
            [{"name": "Plan Tour Deal", "lead_id": lead.id, "target_revenue": 90000}],
        )
        self.start_tour(
            "/odoo", "kam_account_plan_approve_tour", login="kam_tour_plan_manager"
        )
        self.assertRecordValues(
            plan, [{"state": "approved", "approved_by_id": manager.id}]
        )

    def test_evaluation_tour(self):
        """The account manager takes the strategy evaluation the scheduler created
        from due to done: figures, findings, an improvement item for a colleague,
        which becomes the colleague's activity on the key account."""
        manager = new_test_user(
            self.env, login="kam_tour_eval", name="Eva Evaluator", groups=KAM_USER
        )
        owner = new_test_user(
            self.env, login="kam_tour_owner", name="Olga Owner", groups=KAM_USER
        )
        partner = self.env["res.partner"].create(
            {"name": "KAM Evaluation Tour Co", "is_company": True}
        )
        account = self._account(partner, manager)
        self.env["kam.account.member"].create(
            {
                "account_id": account.id,
                "role_id": self.env.ref(
                    "kam_management.kam_account_role_solution_manager"
                ).id,
                "user_id": owner.id,
                "date_from": fields.Date.today(),
            }
        )
        # The strategy is the classification's: set as it would have left it.
        account.strategy_id = self.env["kam.strategy"].create({"name": "Tour Growth"})
        # What the scheduler does when the half-year has ended.
        Evaluation = self.env["kam.evaluation"]
        today = fields.Date.context_today(Evaluation.with_user(manager))
        start, end = kam_last_period(today, 6)
        evaluation = Evaluation._kam_create_due(account, "strategy", start, end, today)
        self.assertEqual(evaluation.user_id, manager)
        self.assertEqual(evaluation.snapshot["strategy"], "Tour Growth")
        self.start_tour("/odoo", "kam_evaluation_tour", login="kam_tour_eval")
        self.assertEqual(evaluation.state, "done")
        self.assertEqual(evaluation.date_done, today)
        self.assertIn("the follow-up does not", evaluation.findings)
        self.assertRecordValues(
            evaluation.item_ids,
            [
                {
                    "name": "Weekly review of the overdue tactics",
                    "user_id": owner.id,
                    "date_deadline": date(today.year + 1, 1, 31),
                    "is_done": False,
                }
            ],
        )
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "kam.account"),
                ("res_id", "=", account.id),
                ("user_id", "=", owner.id),
                ("summary", "=", "Weekly review of the overdue tactics"),
            ]
        )
        self.assertEqual(activity, evaluation.item_ids.activity_id)
        self.assertEqual(activity.date_deadline, date(today.year + 1, 1, 31))
        # The evaluation's own to-do was done with it.
        self.assertFalse(evaluation.activity_ids)

    def test_fast_lane_tour(self):
        """The account manager quotes a key account through the small-deal fast
        lane from its form: Odoo's quotation form for the customer, one line,
        confirmed; the account counts its fast-lane order."""
        partner = self.env["res.partner"].create(
            {"name": "KAM Fast Lane Co", "is_company": True}
        )
        account = self._account(partner, self.user)
        product = self.env["product.product"].create(
            {"name": "Fast Lane Widget", "list_price": 120.0}
        )
        self.start_tour(
            f"/odoo/kam.account/{account.id}",
            "kam_fast_lane_tour",
            login="kam_tour_user",
        )
        self.env.invalidate_all()
        order = self.env["sale.order"].search([("partner_id", "=", partner.id)])
        self.assertRecordValues(
            order,
            [
                {
                    "kam_fast_lane": True,
                    "state": "sale",
                    "user_id": self.user.id,
                    "company_id": account.company_id.id,
                    "amount_untaxed": 120.0,
                }
            ],
        )
        self.assertEqual(order.order_line.product_id, product)
        self.assertEqual(account.fast_lane_order_count, 1)

    def test_deal_gate_tour(self):
        """A salesperson's big deal with one person in its decision chain is
        refused Proposition, saying what is missing, and stays in New; a Key
        Accounts manager then lets it pass with a reason, kept on the deal."""
        salesman = new_test_user(
            self.env,
            login="kam_tour_gate_sales",
            name="Gil Gate",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        manager = new_test_user(
            self.env,
            login="kam_tour_gate_manager",
            name="Mia Gatekeeper",
            # A manager of Key Accounts who reads the other salespeople's deals.
            groups=KAM_MANAGER + ",sales_team.group_sale_salesman_all_leads",
        )
        new, qualified, proposition = (
            self.env.ref("crm.stage_lead1"),
            self.env.ref("crm.stage_lead2"),
            self.env.ref("crm.stage_lead3"),
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Gate Deal",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": salesman.id,
                "stage_id": new.id,
                "kam_big_deal_marked": True,
                # One decision maker, open to our solution: no coach, too few people.
                "kam_decision_member_ids": [
                    Command.create(
                        {"partner_id": self.ceo.id, "role": "decision_maker"}
                    )
                ],
            }
        )
        self.assertEqual(lead.kam_account_id, self.account)
        self.assertTrue(lead.kam_is_big_deal)
        self.start_tour(
            f"/odoo/crm.lead/{lead.id}",
            "kam_deal_gate_tour",
            login="kam_tour_gate_sales",
        )
        self.env.invalidate_all()
        self.assertEqual(lead.stage_id, new)
        self.assertFalse(lead.kam_gate_override_ids)

        self.start_tour(
            f"/odoo/crm.lead/{lead.id}",
            "kam_deal_gate_pass_tour",
            login="kam_tour_gate_manager",
        )
        self.env.invalidate_all()
        self.assertEqual(lead.stage_id, proposition)
        overrides = lead.kam_gate_override_ids
        # One override per gated stage the deal passed.
        self.assertEqual(overrides.stage_id, qualified | proposition)
        self.assertEqual(overrides.user_id, manager)
        self.assertEqual(
            set(overrides.mapped("reason")),
            {"The board sponsors this deal directly; the coach follows next week."},
        )
        by_stage = {override.stage_id: override for override in overrides}
        self.assertEqual(
            by_stage[qualified].gate_ids,
            self.env.ref("kam_management.kam_deal_gate_chain_mapped"),
        )
        self.assertIn("The decision chain holds 1 people", by_stage[qualified].missing)
        self.assertEqual(
            by_stage[proposition].gate_ids,
            self.env.ref("kam_management.kam_deal_gate_coach"),
        )
        self.assertIn(
            "0 coach(es) in the decision chain", by_stage[proposition].missing
        )
