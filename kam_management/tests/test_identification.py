from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KamClassificationCommon


@tagged("post_install", "-at_install")
class TestIdentification(KamClassificationCommon):
    def score(self, partner, criterion, value, user=None):
        return (
            self.env["kam.account.score"]
            .with_user(user or self.kam_user)
            .create(
                {"partner_id": partner.id, "criterion_id": criterion.id, "score": value}
            )
        )

    def test_weighted_score(self):
        self.score(self.account, self.crit_budget, 8)
        self.score(self.account, self.crit_fit, 5)
        self.score(self.account, self.crit_access, 10)
        # 50% x 8/10 + 30% x 5/10 + 20% x 10/10 = 40 + 15 + 20
        self.assertEqual(self.account.kam_score_total, 75)
        # An archived criterion no longer counts.
        self.crit_access.active = False
        self.assertEqual(self.account.kam_score_total, 55)

    def test_score_outside_the_scale(self):
        for value in (11, -1):
            with self.assertRaisesMessage(ValidationError, "from 0 to 10"):
                self.score(self.account, self.crit_budget, value)
        self.assertFalse(self.account.kam_score_ids)

    def test_scores_of_an_account_not_covered(self):
        with self.assertRaises(AccessError):
            self.score(self.other_account, self.crit_budget, 5)

    def test_weights_must_add_up(self):
        self.crit_access.weight = 10
        with self.assertRaisesMessage(UserError, "add up to 90.0%"):
            self.account.with_user(self.kam_user).action_kam_qualify()
        self.assertFalse(self.account.kam_qualification_ids)

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
        industry = self.env["res.partner.industry"].create({"name": "Logistics"})
        self.env["kam.estimation.rule"].create(
            {
                "name": "Logistics spends more",
                "sequence": 10,
                "industry_id": industry.id,
                "basis": "headcount",
                "spend_per_employee": 2500,
            }
        )
        account = self.account.with_user(self.kam_user)
        account.write({"kam_is_key_account": True, "kam_headcount": 300})
        self.assertEqual(account.kam_potential, 300000)
        self.assertEqual(account.kam_potential_rule_id, self.rule_headcount)
        account.industry_id = industry
        self.assertEqual(account.kam_potential, 750000)
        # Revenue in another currency, converted at the company's rate.
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].search([("currency_id", "=", eur.id)]).unlink()
        self.env["res.currency.rate"].create(
            {"currency_id": eur.id, "rate": 2.0, "name": "2020-01-01"}
        )
        if self.currency == eur:
            self.skipTest("the company currency is EUR")
        self.env["kam.estimation.rule"].create(
            {"name": "Revenue", "sequence": 5, "basis": "revenue", "spend_ratio": 1.0}
        )
        account.write(
            {"kam_annual_revenue": 80000000, "kam_revenue_currency_id": eur.id}
        )
        # 80M EUR = 40M in company currency (rate 2); 1% of it.
        self.assertAlmostEqual(account.kam_potential, 400000, places=2)

    def test_currency_without_rate(self):
        currency = self.env["res.currency"].create(
            {"name": "KMZ", "symbol": "K", "rounding": 0.01}
        )
        account = self.account.with_user(self.kam_user)
        account.kam_is_key_account = True
        self.env["kam.estimation.rule"].create(
            {"name": "Revenue", "sequence": 5, "basis": "revenue", "spend_ratio": 1.0}
        )
        with self.assertRaisesMessage(UserError, "no exchange rate for KMZ"):
            account.write(
                {"kam_annual_revenue": 1000000, "kam_revenue_currency_id": currency.id}
            )
        self.assertFalse(account.kam_annual_revenue)

    def test_manual_potential_needs_a_reason(self):
        account = self.account.with_user(self.kam_user)
        account.kam_is_key_account = True
        with self.assertRaisesMessage(ValidationError, "say why"):
            account.write(
                {"kam_potential_manual": True, "kam_potential_manual_amount": 900000}
            )
        with self.assertRaisesMessage(ValidationError, "above zero"):
            account.write(
                {
                    "kam_potential_manual": True,
                    "kam_potential_manual_amount": -5,
                    "kam_potential_rationale": "Guess",
                }
            )
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            account.kam_headcount = -3
        account.write(
            {
                "kam_potential_manual": True,
                "kam_potential_manual_amount": 900000,
                "kam_potential_rationale": "Tender announced for 2027",
                "kam_headcount": 10,
            }
        )
        self.assertEqual(account.kam_potential, 900000)
        self.assertFalse(account.kam_potential_rule_id)

    def test_qualification_history(self):
        account = self.account.with_user(self.kam_user)
        self.score(self.account, self.crit_budget, 10)
        self.score(self.account, self.crit_fit, 10)
        # 80 points: qualifies by scoring, not by estimation (no headcount).
        account.action_kam_qualify()
        first = account.kam_qualification_ids
        self.assertEqual(len(first), 1)
        self.assertTrue(account.kam_qualified)
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
                }
            ],
        )
        # Stricter method: both must pass, so a potential is needed.
        self.company.kam_qualification_method = "both"
        with self.assertRaisesMessage(UserError, "no headcount, annual revenue"):
            account.action_kam_qualify()
        account.kam_headcount = 100  # 100,000: below the potential threshold
        account.action_kam_qualify()
        self.assertEqual(len(account.kam_qualification_ids), 2)
        self.assertFalse(account.kam_qualified)
        self.assertEqual(
            account.kam_qualification_ids.sorted("id").mapped("qualified"),
            [True, False],
        )
        self.company.kam_qualification_method = "estimation"
        account.kam_headcount = 600
        account.action_kam_qualify()
        self.assertTrue(account.kam_qualified)
        self.assertEqual(
            account.kam_qualification_ids.sorted("id")[-1].potential, 600000
        )

    def test_thresholds_that_make_a_class_impossible(self):
        with self.assertRaisesMessage(ValidationError, "no class B or D"):
            self.company.kam_potential_threshold = 0
        with self.assertRaisesMessage(ValidationError, "no class C or D"):
            self.company.kam_contribution_threshold = -1
        with self.assertRaisesMessage(ValidationError, "every customer would qualify"):
            self.company.kam_score_threshold = 0
        with self.assertRaisesMessage(ValidationError, "between 1 and 60"):
            self.company.kam_contribution_months = 0
