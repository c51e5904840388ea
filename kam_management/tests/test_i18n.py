from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestI18n(TransactionCase):
    def test_zh_cn_uses_the_article_terms(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["kam_management"], ["zh_CN"])
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
            menu = self.env.ref(f"kam_management.{xmlid}").with_context(lang="zh_CN")
            self.assertEqual(menu.name, name)
        stages = dict(
            self.env["res.partner"]
            .with_context(lang="zh_CN")
            ._fields["kam_lifecycle_stage"]
            ._description_selection(self.env(context={"lang": "zh_CN"}))
        )
        self.assertEqual(stages["acquisition"], "新客户无单")
        fields_zh = (
            self.env["res.partner"]
            .with_context(lang="zh_CN")
            .fields_get(
                [
                    "kam_is_indirect_key_person",
                    "kam_closeness",
                    "kam_is_competitor",
                    "kam_potential",
                    "kam_contribution",
                ],
                ["string"],
            )
        )
        self.assertEqual(
            fields_zh["kam_is_indirect_key_person"]["string"], "间接关键人"
        )
        self.assertEqual(fields_zh["kam_closeness"]["string"], "关系紧密度")
        self.assertEqual(fields_zh["kam_is_competitor"]["string"], "友商")
        self.assertEqual(fields_zh["kam_potential"]["string"], "潜力")
        self.assertEqual(fields_zh["kam_contribution"]["string"], "贡献度")
        self.assertEqual(stages["delivery"], "交付和服务")
