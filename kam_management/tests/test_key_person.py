from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.kam_management.models.res_partner import kam_choice_score

from .common import KamNetworkCommon


@tagged("post_install", "-at_install")
class TestKeyPerson(KamNetworkCommon):
    def test_choice_score_formula(self):
        def score(c, s, p):
            return kam_choice_score(
                {
                    "kam_closeness": c,
                    "kam_solution_acceptance": s,
                    "kam_price_acceptance": p,
                }
            )

        self.assertEqual(score("5", "5", "5"), 100)
        self.assertEqual(score("3", "3", "3"), 50)
        self.assertEqual(score("2", "2", "2"), 25)
        # 0.40*75 + 0.35*50 + 0.25*100 = 72.5 -> 72 (banker's rounding of round())
        self.assertEqual(score("4", "3", "5"), 72)
        # Only the known measures count, with their own weights.
        self.assertEqual(score("4", False, False), 75)
        # One refusal caps the score: 0.40*100 + 0.35*100 + 0 = 75 -> 35.
        self.assertEqual(score("5", "5", "1"), 35)
        self.assertIsNone(score(False, False, False))

    def test_stance_follows_the_measures(self):
        ceo = self.ceo.with_user(self.kam_user)
        self.assertEqual((ceo.kam_choice_score, ceo.kam_stance), (75, "supporter"))
        self.assertEqual(self.cfo.kam_stance, "opponent")
        self.assertEqual(self.cio.kam_stance, "unknown")
        ceo.kam_price_acceptance = "1"
        self.assertEqual((ceo.kam_choice_score, ceo.kam_stance), (35, "opponent"))
        ceo.write({"kam_closeness": "3", "kam_price_acceptance": "3"})
        self.assertEqual((ceo.kam_choice_score, ceo.kam_stance), (59, "neutral"))

    def test_measure_history(self):
        ceo = self.ceo.with_user(self.kam_user)
        created = ceo.kam_portrait_history_ids
        self.assertEqual(len(created), 3)
        self.assertEqual(set(created.mapped("old_level")), {False})
        ceo.write({"kam_closeness": "5", "kam_price_acceptance": "4"})
        new = ceo.kam_portrait_history_ids - created
        self.assertEqual(len(new), 1, "an unchanged level is no change")
        self.assertEqual(
            (new.measure, new.old_level, new.new_level, new.user_id),
            ("kam_closeness", "4", "5", self.kam_user),
        )
        self.assertTrue(new.date)
        # History is the system's record: users cannot rewrite it.
        with self.assertRaises(AccessError):
            new.with_user(self.kam_user).new_level = "1"

    def test_level_outside_the_scale(self):
        ceo = self.ceo.with_user(self.kam_user)
        for level in ("7", "0", 9):
            with self.assertRaisesMessage(ValidationError, "from 1 to 5"):
                ceo.kam_closeness = level
        self.assertEqual(ceo.kam_closeness, "4")
        self.assertEqual(len(ceo.kam_portrait_history_ids), 3)

    def test_portrait_of_an_account_not_covered(self):
        with self.assertRaisesMessage(AccessError, "Nordwind Logistics"):
            self.ceo.with_user(self.kam_user_2).kam_closeness = "1"
        self.assertEqual(self.ceo.kam_closeness, "4")
        # Managers may.
        self.ceo.with_user(self.kam_manager).kam_closeness = "5"
        self.assertEqual(self.ceo.kam_closeness, "5")

    def test_portrait_is_kam_only(self):
        with self.assertRaises(AccessError):
            self.ceo.with_user(self.salesman).read(["kam_interests"])
        with self.assertRaises(AccessError):
            self.ceo.with_user(self.salesman).read(["kam_closeness"])
        self.assertEqual(self.ceo.with_user(self.salesman).name, "Greta Stein")

    def test_reporting_line_rules(self):
        with self.assertRaisesMessage(ValidationError, "circle"):
            self.ceo.with_user(self.kam_user).kam_reports_to_id = self.buyer
        self.ceo.invalidate_recordset()
        self.assertFalse(self.ceo.kam_reports_to_id)
        with self.assertRaisesMessage(ValidationError, "different customers"):
            self.cio.with_user(self.kam_manager).kam_reports_to_id = self.other_person
        self.assertEqual(
            self.ceo.kam_subordinate_ids, self.cfo | self.cio | self.assistant
        )

    def test_company_is_no_key_person(self):
        with self.assertRaisesMessage(ValidationError, "key persons are people"):
            self.account.with_user(self.kam_user).kam_is_key_person = True

    def test_portrait_form(self):
        with Form(self.cio.with_user(self.kam_user)) as form:
            form.kam_closeness = "5"
            form.kam_solution_acceptance = "5"
            form.kam_price_acceptance = "4"
            form.kam_interests = "Chess"
        self.assertEqual(self.cio.kam_stance, "supporter")
        self.assertEqual(self.cio.kam_choice_score, 94)

    def test_org_chart_action(self):
        action = self.cfo.with_user(self.kam_user).action_kam_org_chart()
        people = (
            self.env["res.partner"].with_user(self.kam_user).search(action["domain"])
        )
        self.assertEqual(
            people,
            self.ceo | self.cfo | self.cio | self.buyer | self.assistant | self.contact,
        )
        self.assertEqual(action["views"][0][1], "hierarchy")
