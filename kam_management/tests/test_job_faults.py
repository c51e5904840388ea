"""A worker killed in the middle of a batch: Odoo rolls the batch back, nothing of
it is left half-written, and the next run does it, once. The classification and
the health jobs (the evaluation scheduler's is test_evaluation.py's)."""

from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import KamClassificationCommon


class WorkerKilled(Exception):
    pass


@tagged("post_install", "-at_install")
class TestJobFaults(KamClassificationCommon):
    def _kill_after_the_work(self):
        """The batch's work is done, the worker dies before Odoo commits it."""

        def killed(cron, **_progress):
            raise WorkerKilled()

        return patch.object(type(self.env["ir.cron"]), "_notify_progress", killed)

    def test_classification_killed_then_resumed(self):
        Account = self.env["kam.account"]
        Partner = self.env["res.partner"]
        accounts = Account.concat(
            *(
                self.make_account(
                    Partner.create({"name": f"Killed {index}", "is_company": True}),
                    self.kam_user,
                )
                for index in range(3)
            )
        )
        accounts.write({"headcount": 10})
        History = self.env["kam.class.history"]
        Account.search([("id", "not in", accounts.ids)]).write({"due": False})
        self.env["kam.classification"]._kam_store(
            Account.search([("id", "not in", accounts.ids)]),
            {
                a.id: {"classified_date": fields.Datetime.now(), "due": False}
                for a in Account.search([("id", "not in", accounts.ids)])
            },
        )
        before = History.search_count([("account_id", "in", accounts.ids)])
        with (
            patch("odoo.addons.kam_management.models.kam_classification.BATCH_SIZE", 2),
            self._kill_after_the_work(),
            self.assertRaises(WorkerKilled),
            self.env.cr.savepoint(),
        ):
            self.env["kam.classification"]._cron_kam_classify()
        self.env.invalidate_all()
        # Rolled back: all three still due, no history row left.
        self.assertEqual(accounts.mapped("due"), [True] * 3)
        self.assertEqual(
            History.search_count([("account_id", "in", accounts.ids)]), before
        )
        # The next runs classify each of them once.
        with patch(
            "odoo.addons.kam_management.models.kam_classification.BATCH_SIZE", 2
        ):
            self.env["kam.classification"]._cron_kam_classify()
            self.env["kam.classification"]._cron_kam_classify()
        self.env.invalidate_all()
        self.assertEqual(accounts.mapped("due"), [False] * 3)
        self.assertTrue(all(accounts.mapped("classified_date")))
        # And a run after that finds nothing left to do: nothing is done twice.
        done = History.search_count([("account_id", "in", accounts.ids)])
        self.env["kam.classification"]._cron_kam_classify()
        self.assertEqual(
            History.search_count([("account_id", "in", accounts.ids)]), done
        )

    def test_health_killed_then_resumed(self):
        Account = self.env["kam.account"]
        engine = self.env["kam.classification"]
        others = Account.search([("id", "!=", self.account.id)])
        now = fields.Datetime.now()
        engine._kam_store(others, {a.id: {"health_date": now} for a in others})
        engine._kam_store(self.account, {self.account.id: {"health_date": None}})
        History = self.env["kam.health.history"]
        with (
            self._kill_after_the_work(),
            self.assertRaises(WorkerKilled),
            self.env.cr.savepoint(),
        ):
            self.env["kam.health"]._cron_kam_health()
        self.env.invalidate_all()
        self.assertFalse(self.account.health_date)
        self.assertFalse(History.search([("account_id", "=", self.account.id)]))
        self.env["kam.health"]._cron_kam_health()
        self.env["kam.health"]._cron_kam_health()
        self.env.invalidate_all()
        self.assertTrue(self.account.health_date)
        # One row a day, however often it ran.
        self.assertEqual(
            History.search_count([("account_id", "=", self.account.id)]), 1
        )
