from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestI18n(TransactionCase):
    def test_zh_cn_uses_the_article_terms(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["kam_management"], ["zh_CN"])
        zh = self.env(context={"lang": "zh_CN"})
        expected = {
            "kam_menu_identification": "客户识别",
            "kam_menu_allocation": "客户分配",
            "kam_menu_strategy": "策略战术和规划",
            "kam_menu_operation": "客户运营",
            "kam_menu_evaluation": "动态评估",
            "kam_menu_monetisation": "货币化产出",
            "kam_menu_assessment": "评估和考核",
        }
        for xmlid, name in expected.items():
            menu = zh.ref(f"kam_management.{xmlid}")
            self.assertEqual(menu.name, name)

        def labels(model, fields):
            return {
                name: description["string"]
                for name, description in zh[model]
                .fields_get(fields, ["string"])
                .items()
            }

        stages = dict(
            zh["kam.account"]._fields["lifecycle_stage"]._description_selection(zh)
        )
        self.assertEqual(stages["acquisition"], "新客户无单")
        self.assertEqual(stages["delivery"], "交付和服务")
        self.assertEqual(
            labels("kam.account", ["potential", "contribution"]),
            {"potential": "潜力", "contribution": "贡献度"},
        )
        self.assertEqual(
            labels("kam.key.person", ["is_indirect_key_person", "closeness"]),
            {"is_indirect_key_person": "间接关键人", "closeness": "关系紧密度"},
        )
        self.assertEqual(
            labels("res.partner", ["kam_is_competitor"]), {"kam_is_competitor": "友商"}
        )
