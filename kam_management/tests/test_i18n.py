from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationFileReader

MODULE = "kam_management"


@tagged("post_install", "-at_install")
class TestI18n(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pot_path = file_path(f"{MODULE}/i18n/{MODULE}.pot")
        cls.po_path = file_path(f"{MODULE}/i18n/zh_CN.po")

    def test_zh_cn_uses_the_article_terms(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["zh_CN"])
        zh = self.env(context={"lang": "zh_CN"})
        expected = {
            "kam_menu_identification": "客户识别",
            "kam_menu_allocation": "客户分配",
            "kam_menu_strategy": "策略战术和规划",
            "kam_menu_operation": "客户运营",
            "kam_menu_evaluation": "动态评估",
            "kam_menu_monetisation": "货币化产出",
            "kam_menu_assessment": "评估和考核",
            "kam_account_plan_menu": "账户规划",
            "kam_account_menu_iron_triangle": "铁三角",
            "kam_lead_expert_menu": "客户引领专家",
        }
        for xmlid, name in expected.items():
            menu = zh.ref(f"{MODULE}.{xmlid}")
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

        # The new-customer operation (issue 8): the lead expert, the iron triangle,
        # the account plan and its parts, seeding and incubating.
        self.assertEqual(zh["ir.model"]._get("kam.lead.expert").name, "客户引领专家")
        self.assertEqual(zh["ir.model"]._get("kam.account.plan").name, "账户规划")
        self.assertIn(
            "铁三角", labels("kam.account", ["triangle_complete"])["triangle_complete"]
        )
        self.assertEqual(
            labels("kam.account.plan", ["relation_target_ids"]),
            {"relation_target_ids": "人脉资源现状和目标"},
        )
        self.assertEqual(
            labels("kam.plan.relation.target", ["closeness"]),
            {"closeness": "关系紧密度"},
        )
        duties = dict(
            zh["mail.activity"]._fields["kam_duty"]._description_selection(zh)
        )
        self.assertEqual(duties["seed_solutions"], "植入方案，孵化商机")
        self.assertIn("孵化", labels("crm.lead", ["kam_expert_id"])["kam_expert_id"])

        # Dynamic evaluation and the yearly assessment (issue 9): the four evaluations
        # of the customer operation status, the improvement plan, the assessment.
        kinds = dict(zh["kam.evaluation"]._fields["kind"]._description_selection(zh))
        self.assertEqual(
            kinds,
            {
                "plan": "账户规划执行评估",
                "customer": "客户评估",
                "coverage": "销售覆盖评估",
                "strategy": "策略战术评估",
            },
        )
        self.assertEqual(zh["ir.model"]._get("kam.evaluation").name, "客户运营状态评估")
        self.assertIn("改进", zh["ir.model"]._get("kam.evaluation.item").name)
        self.assertIn("评估和考核", zh["ir.model"]._get("kam.assessment").name)
        self.assertIn("考核", zh.ref(f"{MODULE}.kam_assessment_menu").name)
        colors = dict(
            zh["kam.account"]._fields["health_color"]._description_selection(zh)
        )
        self.assertEqual(colors, {"green": "健康", "amber": "有风险", "red": "危急"})

    def test_zh_cn_translates_every_term(self):
        """Every term of the template has a Chinese translation; Odoo's reader merges
        the template into the translation, so a term missing from zh_CN.po shows up
        here untranslated too."""
        terms = {entry["src"] for entry in TranslationFileReader(self.pot_path)}
        translated = {
            entry["src"]
            for entry in TranslationFileReader(self.po_path)
            if entry["value"].strip()
        }
        self.assertTrue(terms)
        missing = sorted(terms - translated)
        if missing:
            self.fail(
                f"{len(missing)} terms of {MODULE}.pot have no translation in zh_CN.po "
                f"(run `make i18n`, then translate them):\n"
                + "\n".join(map(repr, missing)),
            )

    def test_pot_is_current(self):
        """The template holds the labels of the addon's fields, models and menus:
        a label added without `make i18n` would stay untranslated in every language."""
        terms = {entry["src"] for entry in TranslationFileReader(self.pot_path)}
        labels = set()
        for model in self.env.registry.values():
            if model._original_module == MODULE and not model._abstract:
                labels.add(("model", model._name, model._description))
            for field in model._fields.values():
                if MODULE not in field._modules:
                    continue
                labels.add(("field", f"{model._name}.{field.name}", field.string))
                if field.help:
                    labels.add(("help", f"{model._name}.{field.name}", field.help))
        menus = (
            self.env["ir.model.data"]
            .search([("module", "=", MODULE), ("model", "=", "ir.ui.menu")])
            .mapped("res_id")
        )
        for menu in self.env["ir.ui.menu"].with_context(lang="en_US").browse(menus):
            labels.add(("menu", menu.complete_name, menu.name))
        self.assertGreater(len(labels), 100)
        stale = sorted(label for label in labels if label[2] and label[2] not in terms)
        if stale:
            self.fail(
                f"{len(stale)} labels are not in {MODULE}.pot (run `make i18n`):\n"
                + "\n".join(map(repr, stale)),
            )
