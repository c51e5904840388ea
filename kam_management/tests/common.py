from contextlib import contextmanager

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user

KAM_USER = "base.group_user,kam_management.group_kam_user"
KAM_MANAGER = "base.group_user,kam_management.group_kam_manager"


class KamCommon(TransactionCase):
    """Users of each group, two customers that are key accounts of the main company,
    each with its team, and a contact.

    Tests act as these users with the lowest rights they need; none of them is admin.
    `self.env` is the superuser environment only for setting up data.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.kam_user = new_test_user(
            cls.env, login="kam_user", name="Kara Account", groups=KAM_USER
        )
        cls.kam_user_2 = new_test_user(
            cls.env, login="kam_user_2", name="Kim Other", groups=KAM_USER
        )
        cls.kam_manager = new_test_user(
            cls.env, login="kam_manager", name="Mona Manager", groups=KAM_MANAGER
        )
        cls.salesman = new_test_user(
            cls.env,
            login="plain_salesman",
            name="Sam Sales",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.portal = new_test_user(
            cls.env, login="kam_portal", name="Pia Portal", groups="base.group_portal"
        )
        Role = cls.env["kam.account.role"]
        cls.role_am = cls.env.ref("kam_management.kam_account_role_account_manager")
        cls.role_solution = cls.env.ref(
            "kam_management.kam_account_role_solution_manager"
        )
        cls.role_expert = cls.env.ref("kam_management.kam_account_role_lead_expert")
        cls.Role = Role
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {"name": "Nordwind Logistics", "is_company": True}
        )
        cls.other_customer = Partner.create(
            {"name": "Sunrise Foods", "is_company": True}
        )
        cls.contact = Partner.create(
            {
                "name": "Lena Buyer",
                "parent_id": cls.customer.id,
                "function": "Purchasing",
            }
        )
        cls.account = cls.make_account(cls.customer, cls.kam_user)
        cls.other_account = cls.make_account(cls.other_customer, cls.kam_user_2)

    @classmethod
    def company_user(cls, login, name, groups, company):
        """A user who belongs to `company` only."""
        return new_test_user(
            cls.env,
            login=login,
            name=name,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def make_account(cls, partner, manager_user=None, company=None, state="allocated"):
        """A key account (as the system would hold it after a manager's decisions)
        with `manager_user` as its active account manager since last year."""
        company = company or cls.company
        account = cls.env["kam.account"].create(
            {"partner_id": partner.id, "company_id": company.id, "state": state}
        )
        if manager_user:
            cls.add_member(account, manager_user, cls.role_am)
        return account

    @classmethod
    def add_member(cls, account, user, role, date_from=None, date_to=None):
        return cls.env["kam.account.member"].create(
            {
                "account_id": account.id,
                "role_id": role.id,
                "user_id": user.id,
                "date_from": date_from or fields.Date.today() - relativedelta(years=1),
                "date_to": date_to,
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

        def person(name, company):
            return Partner.create({"name": name, "parent_id": company.id})

        cls.ceo = person("Greta Stein", cls.customer)
        cls.cfo = person("Paul Berg", cls.customer)
        cls.cio = person("Ida Lund", cls.customer)
        cls.buyer = person("Otto Kern", cls.customer)
        cls.assistant = person("Lea Sommer", cls.customer)
        cls.other_person = person("Rita Vance", cls.other_customer)
        KeyPerson = cls.env["kam.key.person"]

        def portrait(partner, account=None, **vals):
            return KeyPerson.create(
                {
                    "account_id": (account or cls.account).id,
                    "partner_id": partner.id,
                    **vals,
                }
            )

        cls.portrait = staticmethod(portrait)
        cls.kp_ceo = portrait(
            cls.ceo,
            decision_role="decision_maker",
            closeness="4",
            solution_acceptance="4",
            price_acceptance="4",
        )
        cls.kp_cfo = portrait(
            cls.cfo,
            decision_role="decision_maker",
            closeness="2",
            solution_acceptance="2",
            price_acceptance="2",
            reports_to_id=cls.kp_ceo.id,
        )
        cls.kp_cio = portrait(
            cls.cio, decision_role="technical_evaluator", reports_to_id=cls.kp_ceo.id
        )
        cls.kp_buyer = portrait(
            cls.buyer,
            decision_role="gatekeeper",
            closeness="3",
            reports_to_id=cls.kp_cfo.id,
        )
        cls.kp_assistant = portrait(
            cls.assistant, is_key_person=False, reports_to_id=cls.kp_ceo.id
        )
        cls.kp_other = portrait(cls.other_person, account=cls.other_account)
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
                "partner_id": cls.customer.id,
                "user_id": cls.kam_user.id,
            }
        )

    def stranger_lead(self):
        """An opportunity of a customer that is no key account, and its person."""
        stranger = self.env["res.partner"].create(
            {"name": "Unknown Ltd", "is_company": True}
        )
        person = self.env["res.partner"].create(
            {"name": "Una Known", "parent_id": stranger.id}
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Unqualified deal",
                "type": "opportunity",
                "partner_id": stranger.id,
                "user_id": self.kam_user.id,
            }
        )
        return lead, person

    def influence(self, influencer, influenced, user=None, account=None, **vals):
        return (
            self.env["kam.influence"]
            .with_user(user or self.kam_user)
            .create(
                {
                    "account_id": (account or self.account).id,
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

    def order(self, partner, amount, confirm=True, days_ago=10, company=None):
        vals = {
            "partner_id": partner.id,
            "order_line": [
                Command.create({"product_id": self.product.id, "price_unit": amount})
            ],
        }
        Order = self.env["sale.order"]
        if company:
            Order = Order.with_company(company)
            vals["company_id"] = company.id
        order = Order.create(vals)
        if confirm:
            order.action_confirm()
        # Confirming stamps the order with now: set the date the test needs.
        order.date_order = fields.Datetime.now() - relativedelta(days=days_ago)
        return order

    def classify(self, accounts, user=None):
        accounts.with_user(user or self.kam_user).action_kam_classify()

    def foreign_currency(self, rate):
        """A currency other than the company's, worth `rate` units per company unit
        since 2020."""
        currency = self.env.ref("base.EUR")
        if currency == self.currency:
            currency = self.env.ref("base.USD")
        currency.active = True
        self.env["res.currency.rate"].search(
            [("currency_id", "=", currency.id)]
        ).unlink()
        self.env["res.currency.rate"].create(
            {"currency_id": currency.id, "rate": rate, "name": "2020-01-01"}
        )
        return currency
