from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.kam_management.models.kam_evaluation import kam_period

KAM_USER = "base.group_user,kam_management.group_kam_user"
KAM_MANAGER = "base.group_user,kam_management.group_kam_manager"
SALESMAN = "sales_team.group_sale_salesman"


@tagged("post_install", "-at_install")
class TestStoryZhCn(HttpCase):
    """The seven steps on one new customer, in simplified Chinese, as the people of
    a Chinese sales organisation do them one after the other (the tours in
    kam_story_tour.js). Each tour is one person's part; this test checks what each
    part left in the database before the next person takes over."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The whole interface in Chinese: Odoo's own modules and the addon.
        cls.env["res.lang"]._activate_lang("zh_CN")
        installed = cls.env["ir.module.module"].search([("state", "=", "installed")])
        cls.env["ir.module.module"]._load_module_terms(
            installed.mapped("name"), ["zh_CN"]
        )

        def user(login, name, groups):
            return new_test_user(
                cls.env, login=login, name=name, groups=groups, lang="zh_CN"
            )

        cls.sales = user("story_sales", "王芳", f"base.group_user,{SALESMAN}")
        # A Key Accounts manager who reads the other salespeople's deals.
        cls.manager = user(
            "story_manager",
            "陈经理",
            f"{KAM_MANAGER},sales_team.group_sale_salesman_all_leads",
        )
        cls.account_manager = user("story_am", "刘客户经理", f"{KAM_USER},{SALESMAN}")
        cls.solution_manager = user("story_sm", "赵方案经理", KAM_USER)
        cls.expert = user("story_expert", "孙引领专家", KAM_USER)
        cls.env.company.write(
            {"kam_potential_threshold": 500000, "kam_contribution_threshold": 100000}
        )
        Partner = cls.env["res.partner"]
        # A new customer: no opportunity, no order, not yet a key account.
        cls.customer = Partner.create(
            {"name": "华东精密制造有限公司", "is_company": True, "city": "苏州"}
        )
        cls.ceo = Partner.create(
            {"name": "张伟", "parent_id": cls.customer.id, "function": "总经理"}
        )
        cls.buyer = Partner.create(
            {"name": "李娜", "parent_id": cls.customer.id, "function": "采购经理"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "精密传感器", "list_price": 800.0}
        )

    def _tour(self, name, user, url="/odoo"):
        self.start_tour(url, name, login=user.login)
        self.env.invalidate_all()

    def test_story(self):
        Account = self.env["kam.account"]
        self.assertFalse(
            self.env["crm.lead"].search([("partner_id", "=", self.customer.id)])
        )

        # 1. Identification: a salesperson nominates the customer, saying why.
        self._tour(
            "kam_story_nominate_tour", self.sales, f"/odoo/contacts/{self.customer.id}"
        )
        account = Account.search([("partner_id", "=", self.customer.id)])
        self.assertRecordValues(
            account, [{"state": "nominated", "lifecycle_stage": "acquisition"}]
        )
        self.assertEqual(account.decision_ids.user_id, self.sales)

        # 2. Allocation: the manager estimates, qualifies, names the iron triangle and
        # allocates.
        self._tour(
            "kam_story_allocate_tour", self.manager, f"/odoo/kam.account/{account.id}"
        )
        self.assertRecordValues(
            account,
            [
                {
                    "state": "allocated",
                    "user_id": self.account_manager.id,
                    "has_solution_manager": True,
                    "triangle_complete": True,
                    "potential_manual_amount": 2000000,
                }
            ],
        )
        self.assertEqual(account.lead_expert_id.user_id, self.expert)
        self.assertEqual(
            account.decision_ids.mapped("new_state"),
            ["allocated", "qualified", "nominated"],
        )

        # 3–4. Strategy and operation: the account manager portrays the key persons,
        # records the lead expert's influence on the decision maker, recomputes the
        # class, applies the strategy and drafts this year's plan.
        self._tour(
            "kam_story_operate_tour",
            self.account_manager,
            f"/odoo/kam.account/{account.id}",
        )
        ceo = account.key_person_ids.filtered(lambda p: p.partner_id == self.ceo)
        self.assertRecordValues(
            ceo,
            [
                {
                    "decision_role": "decision_maker",
                    "closeness": "3",
                    "solution_acceptance": "4",
                    "price_acceptance": "3",
                    "stance": "neutral",
                }
            ],
        )
        buyer = account.key_person_ids - ceo
        self.assertRecordValues(
            buyer, [{"partner_id": self.buyer.id, "reports_to_id": ceo.id}]
        )
        influence = self.env["kam.influence"].search([("account_id", "=", account.id)])
        self.assertRecordValues(
            influence,
            [
                {
                    "influencer_id": self.expert.partner_id.id,
                    "influenced_id": self.ceo.id,
                    "influencer_kind": "ours",
                    "direction": "positive",
                    "strength": "high",
                }
            ],
        )
        self.assertEqual(account.account_class, "C")
        self.assertTrue(account.strategy_id)
        self.assertEqual(account.strategy_id, account.proposed_strategy_id)
        plan = account.plan_ids
        self.assertRecordValues(plan, [{"state": "draft", "revenue_target": 600000}])

        # The manager approves the plan.
        self._tour(
            "kam_story_approve_tour", self.manager, f"/odoo/kam.account/{account.id}"
        )
        self.assertRecordValues(
            plan, [{"state": "approved", "approved_by_id": self.manager.id}]
        )

        # 6. Monetisation: a small deal through the fast lane, confirmed; a big deal
        # whose decision chain is too thin is held at the gates.
        self._tour(
            "kam_story_deals_tour",
            self.account_manager,
            f"/odoo/kam.account/{account.id}",
        )
        order = self.env["sale.order"].search([("partner_id", "=", self.customer.id)])
        self.assertRecordValues(
            order,
            [{"kam_fast_lane": True, "state": "sale", "amount_untaxed": 4000.0}],
        )
        deal = self.env["crm.lead"].search([("partner_id", "=", self.customer.id)])
        self.assertRecordValues(
            deal,
            [
                {
                    "kam_is_big_deal": True,
                    "stage_id": self.env.ref("crm.stage_lead1").id,
                    "user_id": self.account_manager.id,
                }
            ],
        )
        # The chain came from the key persons, the decision maker first.
        self.assertEqual(
            deal.kam_decision_member_ids.mapped("partner_id"), self.ceo | self.buyer
        )
        self.assertEqual(deal.kam_decision_member_ids[0].partner_id, self.ceo)
        self.assertFalse(deal.kam_gate_override_ids)

        # The manager lets it pass into Proposition with a reason.
        self._tour(
            "kam_story_gate_pass_tour", self.manager, f"/odoo/crm.lead/{deal.id}"
        )
        self.assertEqual(deal.stage_id, self.env.ref("crm.stage_lead3"))
        self.assertEqual(deal.kam_gate_override_ids.user_id, self.manager)
        self.assertEqual(
            set(deal.kam_gate_override_ids.mapped("reason")),
            {"集团总经理直接支持此项目，教练人选下周确定。"},
        )

        # 5. Dynamic evaluation: the quarter ends and the scheduler creates the
        # account plan's execution evaluation for its account manager.
        Evaluation = self.env["kam.evaluation"]
        today = fields.Date.context_today(Evaluation)
        with freeze_time(kam_period(today, 3)[1] + timedelta(days=1)):
            day = fields.Date.context_today(Evaluation)
            # What the scheduled action finds due, and the batch it then creates.
            ((start, end, domain),) = [
                (start, end, domain)
                for company, kind, start, end, domain in Evaluation._kam_due_domains(
                    day
                )
                if kind == "plan" and company == account.company_id
            ]
            self.assertIn(account, Account.search(domain))
            Evaluation.with_company(account.company_id)._kam_create_due(
                account, "plan", start, end, day
            )
        evaluation = account.evaluation_ids.filtered(lambda e: e.kind == "plan")
        self.assertRecordValues(
            evaluation, [{"state": "todo", "user_id": self.account_manager.id}]
        )
        self._tour("kam_story_evaluation_tour", self.account_manager)
        self.assertEqual(evaluation.state, "done")
        self.assertRecordValues(
            evaluation.item_ids,
            [
                {
                    "name": "每两周安排一次引领专家与张总的交流",
                    "user_id": self.expert.id,
                    "date_deadline": date(today.year + 1, 1, 31),
                }
            ],
        )
        self.assertEqual(evaluation.item_ids.activity_id.user_id, self.expert)
