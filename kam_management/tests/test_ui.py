from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    def test_key_account_tour(self):
        user = new_test_user(
            self.env,
            login="kam_tour_user",
            name="KAM Tour User",
            groups="base.group_user,kam_management.group_kam_user",
        )
        self.env["res.partner"].create(
            {
                "name": "KAM Tour Industries",
                "is_company": True,
                "kam_is_key_account": True,
                "user_id": user.id,
            }
        )
        self.start_tour("/odoo", "kam_key_account_tour", login="kam_tour_user")
