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

    def settings(self, user=None):
        return Form(self.env["res.config.settings"].with_user(user or self.kam_manager))

    def test_manager_sets_evaluation_interval(self):
        self.assertEqual(self.company.kam_evaluation_interval_months, 3)
        form = self.settings()
        form.kam_evaluation_interval_months = 6
        form.save().execute()
        self.assertEqual(self.company.kam_evaluation_interval_months, 6)

    def test_interval_out_of_range(self):
        form = self.settings()
        form.kam_evaluation_interval_months = 0
        with self.assertRaisesMessage(ValidationError, "1, 2, 3, 4, 6 or 12 months"):
            form.save()
        self.company.invalidate_recordset()
        self.assertEqual(self.company.kam_evaluation_interval_months, 3)

    def test_thresholds_that_make_a_class_impossible(self):
        for field, value, message in (
            ("kam_potential_threshold", 0, "no class B or D"),
            ("kam_contribution_threshold", -1, "no class C or D"),
            ("kam_score_threshold", 0, "every customer would qualify"),
            ("kam_contribution_months", 0, "between 1 and 60"),
        ):
            form = self.settings()
            setattr(form, field, value)
            with self.assertRaisesMessage(ValidationError, message):
                form.save()
        self.company.invalidate_recordset()
        self.assertRecordValues(
            self.company,
            [
                {
                    "kam_potential_threshold": 500000,
                    "kam_contribution_threshold": 100000,
                    "kam_score_threshold": 60,
                    "kam_contribution_months": 12,
                }
            ],
        )

    def test_settings_are_per_company(self):
        company_2 = self.env["res.company"].create({"name": "KAM Second Company"})
        self.kam_manager.company_ids |= company_2
        form = Form(
            self.env["res.config.settings"]
            .with_user(self.kam_manager)
            .with_company(company_2)
        )
        form.kam_contribution_months = 6
        form.save().execute()
        self.assertEqual(company_2.kam_contribution_months, 6)
        self.assertEqual(self.company.kam_contribution_months, 12)

    def test_settings_show_the_weight_total(self):
        Criterion = self.env["kam.score.criterion"]
        Criterion.search([]).active = False
        Criterion.with_user(self.kam_manager).create(
            [{"name": "Budget", "weight": 60}, {"name": "Fit", "weight": 30}]
        )
        # Not 100 yet: the manager sees it before anyone scores.
        self.assertEqual(self.settings().kam_score_weight_total, 90)

    def test_user_cannot_change_settings(self):
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.kam_user).create(
                {"kam_evaluation_interval_months": 12}
            )
        with self.assertRaises(AccessError):
            self.company.with_user(self.kam_user).kam_evaluation_interval_months = 12
        self.assertEqual(self.company.kam_evaluation_interval_months, 3)
