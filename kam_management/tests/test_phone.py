from odoo import Command
from odoo.tests import tagged

from .test_ui import KamUiCommon


@tagged("post_install", "-at_install")
class TestPhone(KamUiCommon):
    """Account managers work from a phone between visits: the account, its map, the
    decision chain and the plan at 390×844 with touch, in Odoo's responsive views
    (kam_phone_tour.js)."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        greta = cls.account.key_person_ids.filtered(lambda p: p.name == "Greta Stein")
        # The class is the classification's: set as it would have left it.
        cls.account.account_class = "A"
        cls.plan = cls.env["kam.account.plan"].create(
            {
                "account_id": cls.account.id,
                "relation_target_ids": [
                    Command.create({"key_person_id": greta.id, "target_closeness": "5"})
                ],
                "opportunity_target_ids": [
                    Command.create(
                        {
                            "lead_id": cls.lead.id,
                            "name": "Tour Deal",
                            "target_revenue": 80000,
                        }
                    )
                ],
            }
        )

    def test_account_and_map_on_the_phone(self):
        self.start_tour(
            f"/odoo/kam.account/{self.account.id}",
            "kam_phone_account_tour",
            login="kam_tour_user",
        )

    def test_decision_chain_on_the_phone(self):
        self.start_tour(
            f"/odoo/crm.lead/{self.lead.id}",
            "kam_phone_decision_chain_tour",
            login="kam_tour_user",
        )

    def test_plan_on_the_phone(self):
        self.start_tour(
            f"/odoo/kam.account.plan/{self.plan.id}",
            "kam_phone_plan_tour",
            login="kam_tour_user",
        )
