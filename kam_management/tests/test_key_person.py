from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.kam_management.models.kam_key_person import kam_choice_score

from .common import KamNetworkCommon


@tagged("post_install", "-at_install")
class TestKeyPerson(KamNetworkCommon):
    def test_choice_score_formula(self):
        def score(c, s, p):
            return kam_choice_score(
                {"closeness": c, "solution_acceptance": s, "price_acceptance": p}
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
        ceo = self.kp_ceo.with_user(self.kam_user)
        self.assertEqual((ceo.choice_score, ceo.stance), (75, "supporter"))
        self.assertEqual(self.kp_cfo.stance, "opponent")
        # No measure known: no score (not a score of 0).
        self.assertRecordValues(
            self.kp_cio, [{"stance": "unknown", "has_score": False, "choice_score": 0}]
        )
        ceo.price_acceptance = "1"
        self.assertEqual((ceo.choice_score, ceo.stance), (35, "opponent"))
        ceo.write({"closeness": "3", "price_acceptance": "3"})
        self.assertEqual((ceo.choice_score, ceo.stance), (59, "neutral"))
        self.assertTrue(ceo.has_score)

    def test_scores_are_the_engines(self):
        with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
            self.kp_cio.with_user(self.kam_user).write({"stance": "supporter"})
        with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
            self.env["kam.key.person"].with_user(self.kam_user).create(
                {
                    "account_id": self.account.id,
                    "partner_id": self.contact.id,
                    "choice_score": 90,
                }
            )
        self.assertEqual(self.kp_cio.stance, "unknown")

    def test_measure_history(self):
        ceo = self.kp_ceo.with_user(self.kam_user)
        created = ceo.history_ids
        self.assertEqual(len(created), 3)
        self.assertEqual(set(created.mapped("old_level")), {False})
        self.assertEqual(created.account_id, self.account)
        ceo.write({"closeness": "5", "price_acceptance": "4"})
        new = ceo.history_ids - created
        self.assertEqual(len(new), 1, "an unchanged level is no change")
        self.assertRecordValues(
            new,
            [
                {
                    "measure": "closeness",
                    "old_level": "4",
                    "new_level": "5",
                    "user_id": self.kam_user.id,
                    "account_id": self.account.id,
                    "partner_id": self.ceo.id,
                }
            ],
        )
        self.assertTrue(new.date)
        # History is the system's record: users cannot rewrite it.
        with self.assertRaises(AccessError):
            new.with_user(self.kam_user).new_level = "1"
        with self.assertRaises(AccessError):
            new.with_user(self.kam_user).unlink()

    def test_level_outside_the_scale(self):
        ceo = self.kp_ceo.with_user(self.kam_user)
        for level in ("7", "0", 9):
            with self.assertRaisesMessage(
                ValidationError, "is not a valid choice for Relationship Closeness"
            ):
                ceo.closeness = level
        self.assertEqual(ceo.closeness, "4")
        self.assertEqual(len(ceo.history_ids), 3)

    def test_portrait_of_an_account_not_covered(self):
        # Another Key Accounts user reads the portrait but does not change it.
        as_other = self.kp_ceo.with_user(self.kam_user_2)
        self.assertEqual(as_other.closeness, "4")
        with self.assertRaisesMessage(AccessError, "only the account's team"):
            as_other.closeness = "1"
        with self.assertRaisesMessage(AccessError, "(kam.key.person)"):
            self.env["kam.key.person"].with_user(self.kam_user_2).create(
                {"account_id": self.account.id, "partner_id": self.contact.id}
            )
        self.assertEqual(self.kp_ceo.closeness, "4")
        # Managers may.
        self.kp_ceo.with_user(self.kam_manager).closeness = "5"
        self.assertEqual(self.kp_ceo.closeness, "5")

    def test_portrait_is_kam_only(self):
        for user in (self.salesman, self.portal):
            with self.assertRaises(AccessError):
                self.kp_ceo.with_user(user).read(["interests"])
            with self.assertRaises(AccessError):
                self.ceo.with_user(user).read(["kam_key_person_ids"])
        self.assertEqual(self.ceo.with_user(self.salesman).name, "Greta Stein")

    def test_reporting_line_rules(self):
        with self.assertRaisesMessage(ValidationError, "circle"):
            self.kp_ceo.with_user(self.kam_user).reports_to_id = self.kp_buyer
        self.kp_ceo.invalidate_recordset()
        self.assertFalse(self.kp_ceo.reports_to_id)
        with self.assertRaisesMessage(ValidationError, "different key accounts"):
            self.kp_cio.with_user(self.kam_manager).reports_to_id = self.kp_other
        self.assertEqual(
            self.kp_ceo.subordinate_ids, self.kp_cfo | self.kp_cio | self.kp_assistant
        )

    def test_only_people_of_the_customer(self):
        with self.assertRaisesMessage(ValidationError, "key persons are people"):
            self.env["kam.key.person"].with_user(self.kam_user).create(
                {"account_id": self.account.id, "partner_id": self.customer.id}
            )
        with self.assertRaisesMessage(
            ValidationError, "Rick Rival does not work for Nordwind Logistics"
        ):
            self.env["kam.key.person"].with_user(self.kam_user).create(
                {"account_id": self.account.id, "partner_id": self.rival.id}
            )
        self.assertEqual(self.account.key_person_count, 5)

    @mute_logger("odoo.sql_db")
    def test_one_portrait_per_person_and_account(self):
        with self.assertRaises(IntegrityError):
            self.env["kam.key.person"].with_user(self.kam_user).create(
                {"account_id": self.account.id, "partner_id": self.ceo.id}
            )

    def test_portrait_stays_with_its_account(self):
        with self.assertRaisesMessage(UserError, "stays with its account"):
            self.kp_ceo.with_user(self.kam_manager).account_id = self.other_account
        self.assertEqual(self.kp_ceo.account_id, self.account)

    def test_same_person_portrayed_on_two_accounts(self):
        """Each of our companies keeps its own view of a person: the same contact is
        a supporter for one company's team and an opponent for the other's, each
        changed only by its own team."""
        company_2 = self.env["res.company"].create({"name": "KAM Second Company"})
        self.kam_user_2.write({"company_ids": [(4, company_2.id)]})
        account_2 = self.make_account(self.customer, self.kam_user_2, company=company_2)
        portrait_2 = self.portrait(
            self.ceo,
            account=account_2,
            decision_role="gatekeeper",
            closeness="1",
            solution_acceptance="3",
        )
        self.assertEqual(portrait_2.stance, "opponent")
        self.assertEqual(
            (self.kp_ceo.stance, self.kp_ceo.choice_score), ("supporter", 75)
        )
        # Each team changes its own portrait only.
        portrait_2.with_user(self.kam_user_2).with_company(company_2).closeness = "3"
        self.assertEqual(portrait_2.stance, "neutral")
        self.assertEqual(self.kp_ceo.closeness, "4")
        self.assertEqual(len(self.kp_ceo.history_ids), 3)
        with self.assertRaises(AccessError):
            self.kp_ceo.with_user(self.kam_user_2).closeness = "1"
        # A user sees the portraits of the companies they work in.
        self.assertEqual(
            self.ceo.with_user(self.kam_user).kam_key_person_ids, self.kp_ceo
        )
        self.ceo.invalidate_recordset(["kam_key_person_ids"])
        both = self.ceo.with_user(self.kam_user_2).with_context(
            allowed_company_ids=[self.company.id, company_2.id]
        )
        self.assertEqual(both.kam_key_person_ids, self.kp_ceo | portrait_2)
        # Each account's map shows its own portrait of the person.
        Network = self.env["kam.network"].with_user(self.kam_user_2)
        first = Network.get_map_data("kam.account", self.account.id)
        second = Network.with_company(company_2).get_map_data(
            "kam.account", account_2.id
        )
        ceo_1 = next(n for n in first["nodes"] if n["id"] == self.ceo.id)
        ceo_2 = next(n for n in second["nodes"] if n["id"] == self.ceo.id)
        self.assertEqual(
            (ceo_1["stance"], ceo_1["score"], ceo_1["role"]),
            ("supporter", 75, "decision_maker"),
        )
        self.assertEqual(
            (ceo_2["stance"], ceo_2["score"], ceo_2["role"]),
            ("neutral", 50, "gatekeeper"),
        )
        # The second account has no portrait of the others: they are not on its map.
        self.assertEqual([n["id"] for n in second["nodes"]], [self.ceo.id])

    def test_portrait_form(self):
        with Form(self.kp_cio.with_user(self.kam_user)) as form:
            form.closeness = "5"
            form.solution_acceptance = "5"
            form.price_acceptance = "4"
            form.interests = "Chess"
        self.assertEqual(self.kp_cio.stance, "supporter")
        self.assertEqual(self.kp_cio.choice_score, 94)
        self.assertEqual(self.kp_cio.interests, "Chess")

    def test_org_chart_action(self):
        action = self.account.with_user(self.kam_user).action_kam_org_chart()
        people = (
            self.env["kam.key.person"].with_user(self.kam_user).search(action["domain"])
        )
        self.assertEqual(
            people,
            self.kp_ceo | self.kp_cfo | self.kp_cio | self.kp_buyer | self.kp_assistant,
        )
        self.assertEqual(action["views"][0][1], "hierarchy")
        self.assertEqual(action["context"], {"default_account_id": self.account.id})
        # The web client titles it by display_name first.
        self.assertEqual(
            action["display_name"], f"Org Chart: {self.account.display_name}"
        )
