"""The classification engine off the user's path: edits mark accounts due and wake
the scheduled action; the scheduled action works in batches, reports its progress,
and skips a failing account without stopping the others."""

from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models import kam_classification
from .common import KamClassificationCommon


@tagged("post_install", "-at_install")
class TestEngine(KamClassificationCommon):
    def _cron_run(self):
        """Run the scheduled action as Odoo's cron runner does: with a progress
        record in the context, which `_notify_progress` fills in."""
        cron = self.env.ref("kam_management.ir_cron_kam_classify")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "remaining": 0, "done": 0}
        )
        self.env["kam.classification"].with_context(
            ir_cron_progress_id=progress.id
        )._cron_kam_classify()
        return progress

    def test_edit_runs_no_engine_then_cron_classifies(self):
        self.order(self.customer, 150000)
        self.env["kam.classification"]._kam_store(
            self.account, {self.account.id: {"due": False, "classified_date": None}}
        )
        triggers = self.env["ir.cron.trigger"].search_count([])
        self.account.with_user(self.kam_user).write({"headcount": 900})
        self.assertTrue(self.account.due)
        self.assertFalse(self.account.account_class)
        self.assertFalse(self.account.class_history_ids)
        self.assertGreater(self.env["ir.cron.trigger"].search_count([]), triggers)
        self._cron_run()
        self.assertFalse(self.account.due)
        self.assertEqual(self.account.account_class, "A")
        self.assertEqual(len(self.account.class_history_ids), 1)
        self.assertEqual(
            self.account.class_history_ids.reason, "Scheduled recomputation"
        )

    def test_confirmed_order_marks_the_account_due(self):
        self.env["kam.classification"]._kam_store(
            self.account, {self.account.id: {"due": False}}
        )
        order = self.order(self.customer, 1000, confirm=False)
        order.user_id = self.salesman
        # A salesperson without Key Accounts rights confirms: no error, no engine.
        order.with_user(self.salesman).action_confirm()
        self.assertFalse(self.account.class_history_ids)
        self.assertTrue(self.account.due)
        self.assertFalse(self.other_account.due)

    def test_one_batch_per_run_with_progress(self):
        Partner = self.env["res.partner"]
        accounts = self.account | self.other_account
        for index in range(3):
            accounts |= self.make_account(
                Partner.create({"name": f"Batch {index}", "is_company": True}),
                self.kam_user,
            )
        (accounts - self.account - self.other_account).write({"headcount": 10})
        pending = [
            ("state", "!=", "dropped"),
            "|",
            ("due", "=", True),
            ("classified_date", "=", False),
        ]
        all_due = self.env["kam.account"].search(pending)
        self.assertGreaterEqual(len(all_due), 5)
        with patch.object(kam_classification, "BATCH_SIZE", 2):
            progress = self._cron_run()
            self.assertEqual(progress.done, 2)
            self.assertEqual(progress.remaining, len(all_due) - 2)
            while progress.remaining:
                progress = self._cron_run()
        self.assertFalse(self.env["kam.account"].search(pending))

    def test_failing_account_does_not_stop_the_batch(self):
        # Orders in a currency without any rate cannot be counted: that account is
        # reported and stays due; the others are classified.
        currency = self.env["res.currency"].create(
            {"name": "ZZK", "symbol": "Z", "rounding": 0.01}
        )
        currency.rate_ids.unlink()
        pricelist = self.env["product.pricelist"].create(
            {"name": "ZZK list", "currency_id": currency.id}
        )
        order = self.order(self.other_customer, 5000, confirm=False)
        order.pricelist_id = pricelist
        order.action_confirm()
        self.order(self.customer, 150000)
        failed = self.env["kam.classification"]._cron_kam_classify()
        self.assertEqual(list(failed), [self.other_account])
        self.assertIn("ZZK", failed[self.other_account])
        self.assertTrue(self.other_account.due)
        self.assertFalse(self.other_account.account_class)
        self.assertEqual(self.account.contribution, 150000)
        self.assertTrue(self.account.account_class)
        # A button says it to the user instead.
        with self.assertRaisesMessage(UserError, "no exchange rate for ZZK"):
            self.other_account.with_user(self.kam_user_2).write({"headcount": 5})
            self.other_account.with_user(self.kam_user_2).action_kam_classify()

    def test_batch_query_count_does_not_grow(self):
        Partner = self.env["res.partner"]

        def accounts(count, prefix):
            records = self.env["kam.account"]
            for index in range(count):
                records |= self.make_account(
                    Partner.create({"name": f"{prefix} {index}", "is_company": True})
                )
            records.write({"headcount": 100})
            return records

        warm_up, small, large = (
            accounts(3, "Warm"),
            accounts(10, "Small"),
            accounts(60, "Large"),
        )
        engine = self.env["kam.classification"]
        counts = []
        # The first run fills Odoo's caches (record rules, fields): not counted.
        for batch in (warm_up, small, large):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            engine._kam_classify_batch(batch, "test")
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[1], counts[2], counts)
        self.assertLessEqual(counts[2], 20, counts)
