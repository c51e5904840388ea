"""Scheduled jobs and salespeople at the same time: a batch locks the rows it
writes, and only them, until Odoo commits it. The job runs in a connection of its
own on the database's committed data (the demo accounts), as a cron worker
does, and is rolled back."""

from unittest.mock import patch

import psycopg2.errors

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

BATCH = "odoo.addons.kam_management.models.kam_classification.BATCH_SIZE"
# Locks that let other transactions write other rows of the table.
ROW_LEVEL = {"AccessShareLock", "RowShareLock", "RowExclusiveLock"}


@tagged("post_install", "-at_install")
class TestJobLocks(TransactionCase):
    def _connection(self):
        # Outside the test's transaction: a cron worker's connection.
        return odoo.sql_db.db_connect(self.env.cr.dbname).cursor()

    def test_batches_lock_only_their_rows(self):
        job_cr, user_cr = self._connection(), self._connection()
        try:
            job = api.Environment(job_cr, SUPERUSER_ID, {})
            ids = (
                job["kam.account"]
                .search([("state", "in", ("qualified", "allocated"))], order="id")
                .ids
            )
            self.assertGreaterEqual(len(ids), 3, "the demo accounts are committed")
            in_batch, outside = ids[:2], ids[-1]
            # Due, as confirmed orders would make them; a batch of two.
            job_cr.execute(
                "UPDATE kam_account SET due = TRUE, health_date = NULL "
                "WHERE id = ANY(%s)",
                [in_batch],
            )
            with patch(BATCH, 2):
                job["kam.classification"]._cron_kam_classify()
                job["kam.health"]._cron_kam_health()
            job["kam.evaluation"]._cron_kam_evaluations()
            job.flush_all()
            job_cr.execute(
                """SELECT c.relname, l.mode FROM pg_locks l
                     JOIN pg_class c ON c.oid = l.relation
                    WHERE l.pid = pg_backend_pid() AND c.relname LIKE 'kam\\_%%'"""
            )
            locks = job_cr.fetchall()
            self.assertTrue(locks)
            self.assertEqual(
                {(table, mode) for table, mode in locks if mode not in ROW_LEVEL},
                set(),
                "a job takes no lock on a whole table",
            )
            # A salesperson's edit of another account goes through at once...
            user_cr.execute("SET lock_timeout = '2s'")
            user = api.Environment(user_cr, SUPERUSER_ID, {})
            user["kam.account"].browse(outside).write({"headcount": 4242})
            user.flush_all()
            # ...and one of the batch's rows waits for the batch's commit only.
            with (
                self.assertRaises(psycopg2.errors.LockNotAvailable),
                mute_logger("odoo.sql_db"),
            ):
                user_cr.execute(
                    "UPDATE kam_account SET headcount = 1 WHERE id = %s", [in_batch[0]]
                )
            user_cr.rollback()
            job_cr.rollback()
            user_cr.execute("SET lock_timeout = '2s'")
            user_cr.execute(
                "UPDATE kam_account SET headcount = 1 WHERE id = %s", [in_batch[0]]
            )
        finally:
            user_cr.rollback()
            job_cr.rollback()
            user_cr.close()
            job_cr.close()
