import logging

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KamCommon

_logger = logging.getLogger(__name__)

# Queries of the life-cycle stage of a batch of accounts, whatever their number
# (measured: 5 and 50 accounts take the same number): the user's own record (read
# again after invalidate_all), the accounts, their contacts, open opportunities and
# confirmed orders.
LIFECYCLE_QUERY_BUDGET = 5


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
        cls.harbour = cls.env["res.partner"].create(
            {"name": "Harbour Cranes Ltd", "is_company": True}
        )

    def _order(self, partner, user):
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 2}
                        )
                    ],
                }
            )
        )

    @staticmethod
    def bodies(record):
        return "\n".join(str(body) for body in record.message_ids.mapped("body"))

    def nominate(self, partners, user, reason):
        form = Form(
            self.env["kam.account.nominate"]
            .with_user(user)
            .with_context(default_partner_ids=partners.ids)
        )
        form.reason = reason
        return form.save().action_nominate()

    def decide(self, accounts, new_state, reason, user=None):
        form = Form(
            self.env["kam.account.decide"]
            .with_user(user or self.kam_manager)
            .with_context(default_account_ids=accounts.ids)
        )
        form.new_state = new_state
        form.reason = reason
        return form.save().action_confirm()

    def test_any_salesperson_nominates(self):
        result = self.nominate(
            self.harbour | self.customer, self.salesman, "Tender for 40 cranes"
        )
        self.assertEqual(
            result["params"]["message"],
            "Nominated: Harbour Cranes Ltd. Already proposed (your reason is added "
            "to it): Nordwind Logistics. A Key Accounts manager decides next.",
        )
        account = self.env["kam.account"].search([("partner_id", "=", self.harbour.id)])
        self.assertRecordValues(
            account,
            [
                {
                    "state": "nominated",
                    "company_id": self.company.id,
                    "user_id": False,
                    "since_date": False,
                }
            ],
        )
        self.assertRecordValues(
            account.decision_ids,
            [
                {
                    "old_state": False,
                    "new_state": "nominated",
                    "reason": "Tender for 40 cranes",
                    "user_id": self.salesman.id,
                }
            ],
        )
        self.assertIn(
            "Nominated by Sam Sales: Tender for 40 cranes", self.bodies(account)
        )
        # The customer that already is a key account keeps its record and state.
        self.assertEqual(self.account.state, "allocated")
        self.assertIn(
            "Nominated again by Sam Sales: Tender for 40 cranes",
            self.bodies(self.account),
        )
        # Nominating gives no Key Accounts rights.
        with self.assertRaises(AccessError):
            account.with_user(self.salesman).read(["state"])

    def test_nomination_refusals(self):
        with self.assertRaisesMessage(UserError, "Say why you nominate"):
            self.nominate(self.harbour, self.salesman, "   ")
        person = self.env["res.partner"].create({"name": "Joe Single"})
        with self.assertRaisesMessage(UserError, "only companies can be key accounts"):
            self.nominate(person, self.salesman, "Knows everyone")
        company_2 = self.env["res.company"].create({"name": "KAM Second Company"})
        wizard = (
            self.env["kam.account.nominate"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_ids": [Command.set(self.harbour.ids)],
                    "company_id": company_2.id,
                    "reason": "Elsewhere",
                }
            )
        )
        with self.assertRaisesMessage(UserError, "only in your companies"):
            wizard.action_nominate()
        self.assertFalse(
            self.env["kam.account"].search([("partner_id", "=", self.harbour.id)])
        )

    def test_manager_decides(self):
        self.nominate(self.harbour, self.salesman, "Tender for 40 cranes")
        account = self.env["kam.account"].search([("partner_id", "=", self.harbour.id)])
        # A Key Accounts user proposes; a manager decides.
        with self.assertRaisesMessage(AccessError, "Only a Key Accounts manager"):
            account.with_user(self.kam_user).action_kam_decide()
        with self.assertRaises(AccessError):
            self.decide(account, "qualified", "Looks good", user=self.kam_user)
        with freeze_time("2026-03-02"):
            self.decide(account, "qualified", "Potential confirmed by the tender")
        self.assertEqual(account.state, "qualified")
        self.assertEqual(str(account.since_date), "2026-03-02")
        with self.assertRaisesMessage(UserError, "name an active account manager"):
            self.decide(account, "allocated", "Kara takes it")
        self.assertEqual(account.state, "qualified")
        self.env["kam.account.member"].with_user(self.kam_manager).create(
            {
                "account_id": account.id,
                "role_id": self.role_am.id,
                "user_id": self.kam_user.id,
            }
        )
        self.assertEqual(account.user_id, self.kam_user)
        self.assertEqual(account.team_user_ids, self.kam_user)
        self.decide(account, "allocated", "Kara takes it")
        self.assertEqual(account.state, "allocated")
        with self.assertRaisesMessage(UserError, "every decision on a key account"):
            self.decide(account, "dropped", "  ")
        # Dropped and taken back: it stays a key account since its first qualification.
        self.decide(account, "dropped", "Tender cancelled")
        with freeze_time("2026-04-10"):
            self.decide(account, "qualified", "New tender")
        self.assertEqual(str(account.since_date), "2026-03-02")
        self.assertEqual(
            account.decision_ids.sorted("id").mapped(
                lambda d: (d.old_state, d.new_state, d.user_id)
            ),
            [
                (False, "nominated", self.salesman),
                ("nominated", "qualified", self.kam_manager),
                ("qualified", "allocated", self.kam_manager),
                ("allocated", "dropped", self.kam_manager),
                ("dropped", "qualified", self.kam_manager),
            ],
        )
        # The decision is the system's record.
        with self.assertRaises(AccessError):
            account.decision_ids[0].with_user(self.kam_user).reason = "Rewritten"

    def test_state_is_decided_not_written(self):
        with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
            self.account.with_user(self.kam_user).state = "dropped"
        self.assertEqual(self.account.state, "allocated")

    def test_only_companies_once_per_company(self):
        Account = self.env["kam.account"].with_user(self.kam_manager)
        person = self.env["res.partner"].create({"name": "Joe Single"})
        with self.assertRaisesMessage(
            ValidationError, "Joe Single is a person: only companies can be key"
        ):
            Account.create({"partner_id": person.id})
        with self.assertRaisesMessage(UserError, "stays with its customer and company"):
            self.account.with_user(self.kam_manager).partner_id = self.harbour
        self.assertEqual(self.account.partner_id, self.customer)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            Account.create({"partner_id": self.customer.id})

    def test_one_account_per_company(self):
        company_2 = self.env["res.company"].create({"name": "KAM Second Company"})
        self.kam_manager.company_ids |= company_2
        account_2 = (
            self.env["kam.account"]
            .with_user(self.kam_manager)
            .with_company(company_2)
            .create({"partner_id": self.customer.id})
        )
        self.assertEqual(account_2.company_id, company_2)
        self.assertEqual(account_2.state, "nominated")
        # The company is named only where the user works in several. (The name is
        # invalidated between contexts: the compute does not declare that it depends
        # on the allowed companies.)
        self.assertEqual(
            account_2.with_user(self.kam_manager).with_company(company_2).display_name,
            "Nordwind Logistics",
        )
        (self.account | account_2).invalidate_recordset(["display_name"])
        in_both = (
            (self.account | account_2)
            .with_user(self.kam_manager)
            .with_context(allowed_company_ids=[self.company.id, company_2.id])
        )
        self.assertEqual(
            sorted(in_both.mapped("display_name")),
            sorted(
                [
                    f"Nordwind Logistics ({self.company.name})",
                    "Nordwind Logistics (KAM Second Company)",
                ]
            ),
        )
        self.assertEqual(
            self.customer.with_user(self.kam_manager)
            .with_context(allowed_company_ids=[self.company.id, company_2.id])
            .kam_account_count,
            2,
        )
        # A user of the first company only sees its account (a new request).
        self.customer.invalidate_recordset(["kam_account_count"])
        self.assertEqual(self.customer.with_user(self.kam_user).kam_account_count, 1)

    def stage(self, account, user=None):
        """The life-cycle stage as a new request would read it (the stage is not
        stored: it is computed when read)."""
        account.invalidate_recordset(["lifecycle_stage"])
        return account.with_user(user or self.kam_user).lifecycle_stage

    def test_lifecycle_follows_opportunities_and_orders(self):
        account = self.account.with_user(self.kam_user)
        self.assertEqual(self.stage(account), "acquisition")

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
        self.assertEqual(self.stage(account), "deal")
        self.assertEqual(lead.kam_account_id, self.account)

        # Won and ordered: delivery and service.
        lead.stage_id = self.won_stage
        order = self._order(self.contact, self.kam_user)
        self.assertEqual(self.stage(account), "acquisition")
        order.action_confirm()
        self.assertEqual(self.stage(account), "delivery")

        # A new deal during delivery is a deal in progress; once lost, delivery again.
        lead_2 = lead.copy({"name": "Phase 2", "stage_id": self.open_stage.id})
        self.assertEqual(self.stage(account), "deal")
        lead_2.action_set_lost()
        self.assertEqual(self.stage(account), "delivery")
        # The stage is searchable, as the Life Cycle menu groups by it.
        Account = self.env["kam.account"].with_user(self.kam_user)
        self.assertIn(account, Account.search([("lifecycle_stage", "=", "delivery")]))
        self.assertNotIn(
            account,
            Account.search([("lifecycle_stage", "in", ["deal", "acquisition"])]),
        )
        self.assertIn(
            self.other_account,
            Account.search([("lifecycle_stage", "!=", "delivery")]),
        )

    def test_lifecycle_counts_deals_the_user_cannot_see(self):
        # Another salesperson's opportunity still means the account is in a deal.
        self.env["crm.lead"].with_user(self.kam_user_2).create(
            {
                "name": "Cold store",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.kam_user_2.id,
            }
        )
        self.assertEqual(self.stage(self.account), "deal")

    def test_lifecycle_counts_the_accounts_company_only(self):
        company_2 = self.env["res.company"].create({"name": "KAM Second Company"})
        team = self.env["crm.team"].create(
            {"name": "Second sales team", "company_id": company_2.id}
        )
        lead = (
            self.env["crm.lead"]
            .with_company(company_2)
            .create(
                {
                    "name": "Elsewhere",
                    "type": "opportunity",
                    "partner_id": self.customer.id,
                    "team_id": team.id,
                }
            )
        )
        self.assertEqual(lead.company_id, company_2)
        self.assertEqual(self.stage(self.account), "acquisition")

    def test_lifecycle_compute_query_count_is_constant(self):
        def queries_for(count, warm=True):
            partners = self.env["res.partner"].create(
                [
                    {"name": f"Batch Co {count}-{i}", "is_company": True}
                    for i in range(count)
                ]
            )
            accounts = self.env["kam.account"].create(
                [{"partner_id": p.id} for p in partners]
            )
            self.env["crm.lead"].create(
                [
                    {
                        "name": f"Deal {i}",
                        "type": "opportunity",
                        "partner_id": p.id,
                        "user_id": self.kam_user.id,
                    }
                    for i, p in enumerate(partners[::2])
                ]
            )
            # Pending work of the creations (notifications, tracking) is not part
            # of the read.
            self.env.cr.flush()
            self.env.invalidate_all()
            accounts = accounts.with_user(self.kam_user)
            before = self.env.cr.sql_log_count
            # Reading one computes the stage of the whole batch.
            if warm:
                with self.assertQueryCount(LIFECYCLE_QUERY_BUDGET):
                    self.assertEqual(accounts[0].lifecycle_stage, "deal")
            else:
                self.assertEqual(accounts[0].lifecycle_stage, "deal")
            used = self.env.cr.sql_log_count - before
            self.assertEqual(
                accounts.mapped("lifecycle_stage"),
                ["deal", "acquisition"] * (count // 2) + ["deal"] * (count % 2),
            )
            return used

        # A first round fills the per-user caches (access rules, groups) once.
        queries_for(3, warm=False)
        small, large = queries_for(5), queries_for(50)
        _logger.info("life-cycle queries: 5 accounts %s, 50 accounts %s", small, large)
        self.assertEqual(small, large)
