from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="kam_tour_user",
            name="KAM Map User",
            groups="base.group_user,kam_management.group_kam_user",
        )
        Partner = cls.env["res.partner"]
        cls.account = Partner.create(
            {
                "name": "KAM Tour Industries",
                "is_company": True,
                "kam_is_key_account": True,
                "user_id": cls.user.id,
            }
        )

        def person(name, **vals):
            return Partner.create({"name": name, "parent_id": cls.account.id, **vals})

        cls.ceo = person(
            "Greta Stein",
            kam_is_key_person=True,
            kam_decision_role="decision_maker",
            kam_closeness="5",
            kam_solution_acceptance="4",
            kam_price_acceptance="4",
        )
        cls.cfo = person(
            "Paul Berg",
            kam_is_key_person=True,
            kam_decision_role="decision_maker",
            kam_reports_to_id=cls.ceo.id,
        )
        cls.buyer = person(
            "Otto Kern",
            kam_is_key_person=True,
            kam_decision_role="gatekeeper",
            kam_reports_to_id=cls.cfo.id,
        )
        rival_company = Partner.create(
            {"name": "Rival Corp", "is_company": True, "kam_is_competitor": True}
        )
        rival = Partner.create({"name": "Rick Rival", "parent_id": rival_company.id})
        Influence = cls.env["kam.influence"]
        Influence.create(
            [
                {
                    "influencer_id": cls.user.partner_id.id,
                    "influenced_id": cls.ceo.id,
                    "direction": "positive",
                    "strength": "high",
                },
                {
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
                "partner_id": cls.account.id,
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

    def test_key_account_tour(self):
        self.start_tour("/odoo", "kam_key_account_tour", login="kam_tour_user")

    def test_relationship_map_of_the_customer(self):
        self.start_tour(
            f"/odoo/res.partner/{self.account.id}",
            "kam_relationship_map_account_tour",
            login="kam_tour_user",
        )

    def test_relationship_map_of_the_opportunity(self):
        self.start_tour(
            f"/odoo/crm.lead/{self.lead.id}",
            "kam_relationship_map_lead_tour",
            login="kam_tour_user",
        )

    def test_quadrant_and_strategy(self):
        self.env["kam.strategy"].search([]).active = False
        strategy = self.env["kam.strategy"].create(
            {
                "name": "Quadrant Growth",
                "for_class_c": True,
                "tactic_ids": [(0, 0, {"name": "Seed a workshop"})],
            }
        )
        self.env.company.write(
            {"kam_potential_threshold": 500000, "kam_contribution_threshold": 100000}
        )
        account = self.env["res.partner"].create(
            {
                "name": "Quadrant Tour Co",
                "is_company": True,
                "kam_is_key_account": True,
                "user_id": self.user.id,
                "kam_potential_manual": True,
                "kam_potential_manual_amount": 900000,
                "kam_potential_rationale": "Tender",
            }
        )
        self.env["kam.classification"]._kam_classify(account)
        self.assertEqual(account.kam_proposed_strategy_id, strategy)
        self.start_tour(
            "/odoo/action-kam_management.res_partner_action_quadrant",
            "kam_quadrant_tour",
            login="kam_tour_user",
        )
        self.assertEqual(account.kam_strategy_id, strategy)
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", account.id)]
        )
        self.assertEqual(activity.summary, "Seed a workshop")
