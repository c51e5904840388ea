from contextlib import contextmanager

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user


class KamCommon(TransactionCase):
    """Users of each Key Accounts group, a plain salesperson, and a few companies.

    Tests act as these users; none of them is admin.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kam_user = new_test_user(
            cls.env,
            login="kam_user",
            name="Kara Account",
            groups="base.group_user,kam_management.group_kam_user",
        )
        cls.kam_user_2 = new_test_user(
            cls.env,
            login="kam_user_2",
            name="Kim Other",
            groups="base.group_user,kam_management.group_kam_user",
        )
        cls.kam_manager = new_test_user(
            cls.env,
            login="kam_manager",
            name="Mona Manager",
            groups="base.group_user,kam_management.group_kam_manager",
        )
        cls.salesman = new_test_user(
            cls.env,
            login="plain_salesman",
            name="Sam Sales",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        Partner = cls.env["res.partner"]
        cls.account = Partner.create(
            {
                "name": "Nordwind Logistics",
                "is_company": True,
                "user_id": cls.kam_user.id,
            }
        )
        cls.other_account = Partner.create(
            {"name": "Sunrise Foods", "is_company": True, "user_id": cls.kam_user_2.id}
        )
        cls.contact = Partner.create(
            {
                "name": "Lena Buyer",
                "parent_id": cls.account.id,
                "function": "Purchasing",
            }
        )

    @contextmanager
    def assertRaisesMessage(self, exception, fragment):
        """assertRaises (which rolls the failed operation back, unlike unittest's
        assertRaisesRegex) and a check of what the user is told."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(fragment, str(caught.exception))


class KamNetworkCommon(KamCommon):
    """A customer with people on several levels, our person, a competitor's and a
    consultant, and an opportunity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]

        def person(name, company, **vals):
            return Partner.create({"name": name, "parent_id": company.id, **vals})

        cls.ceo = person(
            "Greta Stein",
            cls.account,
            kam_is_key_person=True,
            kam_decision_role="decision_maker",
            kam_closeness="4",
            kam_solution_acceptance="4",
            kam_price_acceptance="4",
        )
        cls.cfo = person(
            "Paul Berg",
            cls.account,
            kam_is_key_person=True,
            kam_decision_role="decision_maker",
            kam_closeness="2",
            kam_solution_acceptance="2",
            kam_price_acceptance="2",
            kam_reports_to_id=cls.ceo.id,
        )
        cls.cio = person(
            "Ida Lund",
            cls.account,
            kam_is_key_person=True,
            kam_decision_role="technical_evaluator",
            kam_reports_to_id=cls.ceo.id,
        )
        cls.buyer = person(
            "Otto Kern",
            cls.account,
            kam_is_key_person=True,
            kam_decision_role="gatekeeper",
            kam_closeness="3",
            kam_reports_to_id=cls.cfo.id,
        )
        cls.assistant = person("Lea Sommer", cls.account, kam_reports_to_id=cls.ceo.id)
        cls.other_person = person(
            "Rita Vance", cls.other_account, kam_is_key_person=True
        )
        competitor = Partner.create(
            {"name": "Rival Corp", "is_company": True, "kam_is_competitor": True}
        )
        cls.rival = person("Rick Rival", competitor)
        consultancy = Partner.create({"name": "Wise Advisors", "is_company": True})
        cls.consultant = person("Cora Counsel", consultancy)
        cls.ours = cls.kam_user.partner_id
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Fleet telematics",
                "type": "opportunity",
                "partner_id": cls.account.id,
                "user_id": cls.kam_user.id,
            }
        )

    def influence(self, influencer, influenced, user=None, **vals):
        return (
            self.env["kam.influence"]
            .with_user(user or self.kam_user)
            .create(
                {
                    "influencer_id": influencer.id,
                    "influenced_id": influenced.id,
                    **vals,
                }
            )
        )


class KamClassificationCommon(KamCommon):
    """Own criteria, rules and thresholds, so that tests do not depend on the shipped
    configuration (which managers may change)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["kam.score.criterion"].search([]).active = False
        cls.env["kam.estimation.rule"].search([]).active = False
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.company.write(
            {
                "kam_qualification_method": "either",
                "kam_score_threshold": 60,
                "kam_potential_threshold": 500000,
                "kam_contribution_threshold": 100000,
                "kam_contribution_months": 12,
            }
        )
        Criterion = cls.env["kam.score.criterion"]
        cls.crit_budget = Criterion.create({"name": "Budget", "weight": 50})
        cls.crit_fit = Criterion.create({"name": "Fit", "weight": 30})
        cls.crit_access = Criterion.create({"name": "Access", "weight": 20})
        cls.rule_headcount = cls.env["kam.estimation.rule"].create(
            {
                "name": "Per employee",
                "sequence": 20,
                "basis": "headcount",
                "spend_per_employee": 1000,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Consulting day", "type": "service", "list_price": 1000}
        )

    def order(self, partner, amount, confirm=True, days_ago=10, pricelist=None):
        vals = {
            "partner_id": partner.id,
            "order_line": [
                (0, 0, {"product_id": self.product.id, "price_unit": amount})
            ],
        }
        if pricelist:
            vals["pricelist_id"] = pricelist.id
        order = self.env["sale.order"].create(vals)
        if confirm:
            order.action_confirm()
        # Confirming stamps the order with now: set the date the test needs.
        order.date_order = fields.Datetime.now() - relativedelta(days=days_ago)
        return order

    def classify(self, accounts, user=None):
        accounts.with_user(user or self.kam_user).action_kam_classify()
