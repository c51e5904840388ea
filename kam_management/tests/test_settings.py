from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestSettings(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Saving settings needs Odoo's Settings right, as for every app.
        cls.kam_manager.groups_id |= cls.env.ref("base.group_system")

    def test_manager_sets_evaluation_interval(self):
        self.assertEqual(self.env.company.kam_evaluation_interval_months, 3)
        form = Form(self.env["res.config.settings"].with_user(self.kam_manager))
        form.kam_evaluation_interval_months = 6
        form.save().execute()
        self.assertEqual(self.env.company.kam_evaluation_interval_months, 6)

    def test_interval_out_of_range(self):
        form = Form(self.env["res.config.settings"].with_user(self.kam_manager))
        form.kam_evaluation_interval_months = 0
        with self.assertRaisesMessage(ValidationError, "between 1 and 24 months"):
            form.save()
        self.env.company.invalidate_recordset()
        self.assertEqual(self.env.company.kam_evaluation_interval_months, 3)

    def test_user_cannot_change_settings(self):
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.kam_user).create(
                {"kam_evaluation_interval_months": 12}
            )
        with self.assertRaises(AccessError):
            self.env.company.with_user(
                self.kam_user
            ).kam_evaluation_interval_months = 12
        self.assertEqual(self.env.company.kam_evaluation_interval_months, 3)
