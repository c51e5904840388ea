from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKeyAccount(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Pallet Scanner", "list_price": 1200.0, "type": "consu"}
        )
        cls.won_stage = cls.env["crm.stage"].create(
            {"name": "KAM Won", "is_won": True, "sequence": 99}
        )
        cls.open_stage = cls.env["crm.stage"].create(
            {"name": "KAM Proposal", "sequence": 98}
        )

    def _order(self, partner, user):
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        (0, 0, {"product_id": self.product.id, "product_uom_qty": 2})
                    ],
                }
            )
        )

    def test_mark_key_account_sets_since_date(self):
        account = self.account.with_user(self.kam_user)
        with freeze_time("2026-03-02"):
            account.kam_is_key_account = True
        self.assertEqual(str(account.kam_key_account_since), "2026-03-02")
        with freeze_time("2026-04-10"):
            account.kam_is_key_account = False
            account.kam_is_key_account = True
        self.assertEqual(str(account.kam_key_account_since), "2026-04-10")

    def test_create_key_account_in_form(self):
        # As from the Key Accounts menu: its action proposes the flag and the user.
        form = Form(
            self.env["res.partner"]
            .with_user(self.kam_user)
            .with_context(
                default_is_company=True,
                default_kam_is_key_account=True,
                default_user_id=self.kam_user.id,
            )
        )
        form.name = "Harbour Cranes Ltd"
        self.assertEqual(form.kam_lifecycle_stage, "acquisition")
        partner = form.save()
        self.assertTrue(partner.kam_is_key_account)
        self.assertTrue(partner.kam_key_account_since)
        self.assertEqual(partner.user_id, self.kam_user)

    def test_person_cannot_be_key_account(self):
        with self.assertRaisesMessage(
            ValidationError, "only companies can be key accounts"
        ):
            self.env["res.partner"].with_user(self.kam_manager).create(
                {"name": "Joe Single", "is_company": False, "kam_is_key_account": True}
            )
        self.account.with_user(self.kam_user).kam_is_key_account = True
        with self.assertRaisesMessage(ValidationError, "only companies"):
            self.account.with_user(self.kam_user).is_company = False
        self.account.invalidate_recordset()
        self.assertTrue(self.account.is_company)

    def test_lifecycle_follows_opportunities_and_orders(self):
        account = self.account.with_user(self.kam_user)
        self.assertEqual(account.kam_lifecycle_stage, "acquisition")

        # An opportunity of one of its contacts puts the whole account in a deal.
        lead = (
            self.env["crm.lead"]
            .with_user(self.kam_user)
            .create(
                {
                    "name": "Scanners for the Hamburg hub",
                    "type": "opportunity",
                    "partner_id": self.contact.id,
                    "user_id": self.kam_user.id,
                }
            )
        )
        self.assertEqual(account.kam_lifecycle_stage, "deal")
        self.assertEqual(
            self.contact.with_user(self.kam_user).kam_lifecycle_stage, "deal"
        )

        # Won and ordered: delivery and service.
        lead.stage_id = self.won_stage
        order = self._order(self.contact, self.kam_user)
        self.assertEqual(account.kam_lifecycle_stage, "acquisition")
        order.action_confirm()
        self.assertEqual(account.kam_lifecycle_stage, "delivery")

        # A new deal during delivery is a deal in progress; once lost, delivery again.
        lead_2 = lead.copy({"name": "Phase 2", "stage_id": self.open_stage.id})
        self.assertEqual(account.kam_lifecycle_stage, "deal")
        lead_2.action_set_lost()
        self.assertEqual(account.kam_lifecycle_stage, "delivery")

    def test_lifecycle_counts_deals_the_user_cannot_see(self):
        # Another salesperson's opportunity still means the account is in a deal.
        self.env["crm.lead"].with_user(self.kam_user_2).create(
            {
                "name": "Cold store",
                "type": "opportunity",
                "partner_id": self.account.id,
                "user_id": self.kam_user_2.id,
            }
        )
        self.assertEqual(
            self.account.with_user(self.kam_user).kam_lifecycle_stage, "deal"
        )

    def test_lifecycle_compute_query_count_is_constant(self):
        def queries_for(count):
            partners = self.env["res.partner"].create(
                [
                    {"name": f"Batch Co {count}-{i}", "is_company": True}
                    for i in range(count)
                ]
            )
            self.env["crm.lead"].create(
                [
                    {"name": f"Deal {i}", "type": "opportunity", "partner_id": p.id}
                    for i, p in enumerate(partners[::2])
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            partners._compute_kam_lifecycle_stage()
            used = self.env.cr.sql_log_count - before
            self.assertEqual(partners[0].kam_lifecycle_stage, "deal")
            self.assertEqual(partners[1].kam_lifecycle_stage, "acquisition")
            return used

        self.assertEqual(queries_for(5), queries_for(50))
