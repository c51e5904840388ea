from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KamClassificationCommon


@tagged("post_install", "-at_install")
class TestIdentification(KamClassificationCommon):
    def score(self, account, criterion, value, user=None):
        return (
            self.env["kam.account.score"]
            .with_user(user or self.kam_user)
            .create(
                {"account_id": account.id, "criterion_id": criterion.id, "score": value}
            )
        )

    def test_weighted_score(self):
        self.score(self.account, self.crit_budget, 8)
        self.score(self.account, self.crit_fit, 5)
        self.score(self.account, self.crit_access, 10)
        # 50% x 8/10 + 30% x 5/10 + 20% x 10/10 = 40 + 15 + 20
        self.assertEqual(self.account.with_user(self.kam_user).score_total, 75)
        # An archived criterion no longer counts.
        self.crit_access.with_user(self.kam_manager).active = False
        self.assertEqual(self.account.with_user(self.kam_user).score_total, 55)

    def test_score_outside_the_scale(self):
        for value in (11, -1):
            with self.assertRaisesMessage(ValidationError, "between 0 and 10"):
                self.score(self.account, self.crit_budget, value)
        self.assertFalse(self.account.score_ids)

    def test_scores_of_an_account_not_covered(self):
        with self.assertRaisesMessage(AccessError, "(kam.account.score)"):
            self.score(self.other_account, self.crit_budget, 5)
        self.assertFalse(self.other_account.score_ids)

    def test_weights_must_add_up(self):
        self.crit_access.with_user(self.kam_manager).weight = 10
        with self.assertRaisesMessage(UserError, "add up to 90.0%"):
            self.account.with_user(self.kam_user).action_kam_qualify()
        self.assertFalse(self.account.qualification_ids)

    def test_only_managers_configure(self):
        with self.assertRaises(AccessError):
            self.env["kam.score.criterion"].with_user(self.kam_user).create(
                {"name": "Gut feeling", "weight": 5}
            )
        with self.assertRaises(AccessError):
            self.rule_headcount.with_user(self.kam_user).spend_per_employee = 1
        self.env["kam.score.criterion"].with_user(self.kam_manager).create(
            {"name": "Gut feeling", "weight": 5}
        )

    def test_estimation_rules(self):
        revenue_currency = self.env.ref("base.EUR")
        if revenue_currency == self.currency:
            revenue_currency = self.env.ref("base.USD")
        revenue_currency.active = True
        self.env["res.currency.rate"].search(
            [("currency_id", "=", revenue_currency.id)]
        ).unlink()
        self.env["res.currency.rate"].create(
            {"currency_id": revenue_currency.id, "rate": 2.0, "name": "2020-01-01"}
        )
        industry = self.env["res.partner.industry"].create({"name": "Logistics"})
        self.env["kam.estimation.rule"].with_user(self.kam_manager).create(
            {
                "name": "Logistics spends more",
                "sequence": 10,
                "industry_id": industry.id,
                "basis": "headcount",
                "spend_per_employee": 2500,
            }
        )
        account = self.account.with_user(self.kam_user)
        account.headcount = 300
        account.action_kam_classify()
        self.assertEqual(account.potential, 300000)
        self.assertEqual(account.potential_rule_id, self.rule_headcount)
        # The industry is the customer's.
        self.customer.with_user(self.kam_user).industry_id = industry
        account.action_kam_classify()
        self.assertEqual(account.potential, 750000)
        # Revenue in another currency, converted at the company's rate.
        self.env["kam.estimation.rule"].with_user(self.kam_manager).create(
            {"name": "Revenue", "sequence": 5, "basis": "revenue", "spend_ratio": 1.0}
        )
        account.write(
            {"annual_revenue": 80000000, "revenue_currency_id": revenue_currency.id}
        )
        account.action_kam_classify()
        # 80M in the other currency = 40M in the company currency (rate 2); 1% of it.
        self.assertAlmostEqual(account.potential, 400000, places=2)

    def test_currency_without_rate(self):
        currency = self.env["res.currency"].create(
            {"name": "KMZ", "symbol": "K", "rounding": 0.01}
        )
        account = self.account.with_user(self.kam_user)
        self.env["kam.estimation.rule"].with_user(self.kam_manager).create(
            {"name": "Revenue", "sequence": 5, "basis": "revenue", "spend_ratio": 1.0}
        )
        # The figure is kept; the engine says why it cannot count it.
        account.write({"annual_revenue": 1000000, "revenue_currency_id": currency.id})
        for action in (account.action_kam_classify, account.action_kam_qualify):
            with self.assertRaisesMessage(UserError, "no exchange rate for KMZ"):
                action()
        self.assertFalse(account.classified_date)
        self.assertFalse(account.qualification_ids)

    def test_manual_potential_needs_a_reason(self):
        account = self.account.with_user(self.kam_user)
        with self.assertRaisesMessage(ValidationError, "say why"):
            account.write({"potential_manual": True, "potential_manual_amount": 900000})
        with self.assertRaisesMessage(ValidationError, "must be above zero"):
            account.write(
                {
                    "potential_manual": True,
                    "potential_manual_amount": 0,
                    "potential_rationale": "Guess",
                }
            )
        with self.assertRaisesMessage(ValidationError, "must be between 0 and"):
            account.write(
                {
                    "potential_manual": True,
                    "potential_manual_amount": -5,
                    "potential_rationale": "Guess",
                }
            )
        with self.assertRaisesMessage(ValidationError, "Headcount must be between 0"):
            account.headcount = -3
        self.assertFalse(account.potential_manual)
        account.write(
            {
                "potential_manual": True,
                "potential_manual_amount": 900000,
                "potential_rationale": "Tender announced for 2027",
                "headcount": 10,
            }
        )
        account.action_kam_classify()
        self.assertEqual(account.potential, 900000)
        self.assertFalse(account.potential_rule_id)

    def test_qualification_history(self):
        account = self.account.with_user(self.kam_user)
        self.score(self.account, self.crit_budget, 10)
        self.score(self.account, self.crit_fit, 10)
        # 80 points: qualifies by scoring, not by estimation (no headcount).
        account.action_kam_qualify()
        first = account.qualification_ids
        self.assertEqual(len(first), 1)
        self.assertTrue(account.qualified)
        self.assertRecordValues(
            first,
            [
                {
                    "method": "either",
                    "qualified": True,
                    "score_total": 80,
                    "score_threshold": 60,
                    "potential": 0,
                    "potential_threshold": 500000,
                    "user_id": self.kam_user.id,
                    "account_id": self.account.id,
                }
            ],
        )
        # Stricter method: both must pass, so a potential is needed.
        self.company.kam_qualification_method = "both"
        with self.assertRaisesMessage(UserError, "no headcount, annual revenue"):
            account.action_kam_qualify()
        account.headcount = 100  # 100,000: below the potential threshold
        account.action_kam_qualify()
        self.assertEqual(len(account.qualification_ids), 2)
        self.assertFalse(account.qualified)
        self.assertEqual(
            account.qualification_ids.sorted("id").mapped("qualified"),
            [True, False],
        )
        self.company.kam_qualification_method = "estimation"
        account.headcount = 600
        account.action_kam_qualify()
        self.assertTrue(account.qualified)
        self.assertEqual(account.qualification_ids.sorted("id")[-1].potential, 600000)
        # Qualifying never changes an allocated account's state.
        self.assertEqual(account.state, "allocated")

    def test_nominated_account_that_qualifies_becomes_qualified(self):
        nominated = self.make_account(
            self.env["res.partner"].create(
                {"name": "Harbour Cranes", "is_company": True}
            ),
            self.kam_user,
            state="nominated",
        )
        self.other_account.state = "nominated"
        self.score(nominated, self.crit_budget, 10)
        self.score(nominated, self.crit_fit, 10)
        # kam_user_2 covers the other account, whose score (0) does not qualify.
        with freeze_time("2026-03-02 09:00:00"):
            nominated.with_user(self.kam_user).action_kam_qualify()
            self.other_account.with_user(self.kam_user_2).action_kam_qualify()
        self.assertRecordValues(
            nominated | self.other_account,
            [
                {"state": "qualified", "qualified": True},
                {"state": "nominated", "qualified": False},
            ],
        )
        self.assertEqual(str(nominated.since_date), "2026-03-02")
        decision = nominated.decision_ids.sorted("id")[-1]
        self.assertRecordValues(
            decision,
            [
                {
                    "old_state": "nominated",
                    "new_state": "qualified",
                    "reason": "Meets the qualification rules (either).",
                    "user_id": self.kam_user.id,
                }
            ],
        )
        # The salesperson still cannot decide by hand.
        with self.assertRaisesMessage(AccessError, "Only a Key Accounts manager"):
            self.other_account.with_user(self.kam_user_2).action_kam_decide()
