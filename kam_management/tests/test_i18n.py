import os

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationFileReader

MODULE = "kam_management"

# What a reader of the article (spec/source-article.zh.txt) finds on the addon's menus,
# labels and choices, in its own words: one table per language, same keys in each.
# ("menu", xmlid), ("model", model), ("label", model, field) and
# ("selection", model, field, value) read the whole term; "menu~", "model~" and "label~"
# only have to contain it (the label says more than the article's term).
ARTICLE_TERMS = {
    "zh_CN": {
        ("menu", "kam_menu_identification"): "客户识别",
        ("menu", "kam_menu_allocation"): "客户分配",
        ("menu", "kam_menu_strategy"): "策略战术和规划",
        ("menu", "kam_menu_operation"): "客户运营",
        ("menu", "kam_menu_evaluation"): "动态评估",
        ("menu", "kam_menu_monetisation"): "货币化产出",
        ("menu", "kam_menu_assessment"): "评估和考核",
        ("menu", "kam_account_plan_menu"): "账户规划",
        ("menu", "kam_account_menu_iron_triangle"): "铁三角",
        ("menu", "kam_lead_expert_menu"): "客户引领专家",
        ("selection", "kam.account", "lifecycle_stage", "acquisition"): "新客户无单",
        ("selection", "kam.account", "lifecycle_stage", "delivery"): "交付和服务",
        ("label", "kam.account", "potential"): "潜力",
        ("label", "kam.account", "contribution"): "贡献度",
        ("label", "kam.key.person", "is_indirect_key_person"): "间接关键人",
        ("label", "kam.key.person", "closeness"): "关系紧密度",
        ("label", "res.partner", "kam_is_competitor"): "友商",
        # The new-customer operation (issue 8): the lead expert, the iron triangle,
        # the account plan and its parts, seeding and incubating.
        ("model", "kam.lead.expert"): "客户引领专家",
        ("model", "kam.account.plan"): "账户规划",
        ("label~", "kam.account", "triangle_complete"): "铁三角",
        ("label", "kam.account.plan", "relation_target_ids"): "人脉资源现状和目标",
        ("label", "kam.plan.relation.target", "closeness"): "关系紧密度",
        ("selection", "mail.activity", "kam_duty", "seed_solutions"): (
            "植入方案，孵化商机"
        ),
        ("label~", "crm.lead", "kam_expert_id"): "孵化",
        # Dynamic evaluation and the yearly assessment (issue 9): the four evaluations
        # of the customer operation status, the improvement plan, the assessment.
        ("selection", "kam.evaluation", "kind", "plan"): "账户规划执行评估",
        ("selection", "kam.evaluation", "kind", "customer"): "客户评估",
        ("selection", "kam.evaluation", "kind", "coverage"): "销售覆盖评估",
        ("selection", "kam.evaluation", "kind", "strategy"): "策略战术评估",
        ("model", "kam.evaluation"): "客户运营状态评估",
        ("model~", "kam.evaluation.item"): "改进",
        ("model~", "kam.assessment"): "评估和考核",
        ("menu~", "kam_assessment_menu"): "考核",
        ("selection", "kam.account", "health_color", "green"): "健康",
        ("selection", "kam.account", "health_color", "amber"): "有风险",
        ("selection", "kam.account", "health_color", "red"): "危急",
    },
    # The article's own traditional characters: 賬戶 not 帳戶, 匯報 not 彙報,
    # 周期 not 週期, 了解, 布局, 搶占 (OpenCC's s2tw gives the latter forms).
    "zh_TW": {
        ("menu", "kam_menu_identification"): "客戶識別",
        ("menu", "kam_menu_allocation"): "客戶分配",
        ("menu", "kam_menu_strategy"): "策略戰術和規劃",
        ("menu", "kam_menu_operation"): "客戶運營",
        ("menu", "kam_menu_evaluation"): "動態評估",
        ("menu", "kam_menu_monetisation"): "貨幣化產出",
        ("menu", "kam_menu_assessment"): "評估和考核",
        ("menu", "kam_account_plan_menu"): "賬戶規劃",
        ("menu", "kam_account_menu_iron_triangle"): "鐵三角",
        ("menu", "kam_lead_expert_menu"): "客戶引領專家",
        ("selection", "kam.account", "lifecycle_stage", "acquisition"): "新客戶無單",
        ("selection", "kam.account", "lifecycle_stage", "delivery"): "交付和服務",
        ("label", "kam.account", "potential"): "潛力",
        ("label", "kam.account", "contribution"): "貢獻度",
        ("label", "kam.key.person", "is_indirect_key_person"): "間接關鍵人",
        ("label", "kam.key.person", "closeness"): "關係緊密度",
        ("label", "res.partner", "kam_is_competitor"): "友商",
        ("model", "kam.lead.expert"): "客戶引領專家",
        ("model", "kam.account.plan"): "賬戶規劃",
        ("label~", "kam.account", "triangle_complete"): "鐵三角",
        ("label", "kam.account.plan", "relation_target_ids"): "人脈資源現狀和目標",
        ("label", "kam.plan.relation.target", "closeness"): "關係緊密度",
        ("selection", "mail.activity", "kam_duty", "seed_solutions"): (
            "植入方案，孵化商機"
        ),
        ("label~", "crm.lead", "kam_expert_id"): "孵化",
        ("selection", "kam.evaluation", "kind", "plan"): "賬戶規劃執行評估",
        ("selection", "kam.evaluation", "kind", "customer"): "客戶評估",
        ("selection", "kam.evaluation", "kind", "coverage"): "銷售覆蓋評估",
        ("selection", "kam.evaluation", "kind", "strategy"): "策略戰術評估",
        ("model", "kam.evaluation"): "客戶運營狀態評估",
        ("model~", "kam.evaluation.item"): "改進",
        ("model~", "kam.assessment"): "評估和考核",
        ("menu~", "kam_assessment_menu"): "考核",
        ("selection", "kam.account", "health_color", "green"): "健康",
        ("selection", "kam.account", "health_color", "amber"): "有風險",
        ("selection", "kam.account", "health_color", "red"): "危急",
    },
}

# Common characters that exist only in simplified writing (their traditional forms
# differ): a zh_TW entry holding one was not converted. 伙 alone is traditional too,
# so the word 伙伴 (夥伴) is looked for instead.
SIMPLIFIED_ONLY = set(
    "们个这还过为说时门问见关发东车马书买卖产亲从众优会传价体儿兴养内写军农决况减"
    "创办务动劳区医华单卫历压县参双变号吗员园围图圆场块坚声处备复头夺奋奖妇妈学宁"
    "宝实审宫宽对导层岁币师带帮广库应开张强归当录态战户执扩扫扬护报担拟择挂挡挥损"
    "换据数断无旧显术机权条来极构标树样档检楼欢毁毕气汇没济测浅温满灭灯灵点热爱环"
    "现画疗监盖确礼离种积称稳竞笔简类红约级纪纯纲纳纸线练组细织终经结给络绝统继绩"
    "续维综绿缓编网罗职联肤胜脑脚艺节苏药获营虑虽补装观规视览觉计订认讨让训议讯记"
    "讲许论设访证评识诉词译试话询该详语误请读课谁调谈谢谓贝负贡财责败货质购贵费资"
    "赏赛赞赶转轮软轻载较输边达迁运进远违连选递遗邮释钟钱铁银销锁错键长闭间阅队阳"
    "阴阶际陆陈险随难静页项顺须顾预领频题额风飞饭馆驱验鲜鸡黄齐龙"
)
SIMPLIFIED_WORDS = ("伙伴",)


@tagged("post_install", "-at_install")
class TestI18n(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pot_path = file_path(f"{MODULE}/i18n/{MODULE}.pot")
        i18n = os.path.dirname(cls.pot_path)
        cls.po_paths = {
            name.removesuffix(".po"): os.path.join(i18n, name)
            for name in sorted(os.listdir(i18n))
            if name.endswith(".po")
        }

    def read_term(self, env, key):
        kind, *where = key
        if kind.startswith("menu"):
            return env.ref(f"{MODULE}.{where[0]}").name
        if kind.startswith("model"):
            return env["ir.model"]._get(where[0]).name
        model, field = where[:2]
        if kind.startswith("label"):
            return env[model].fields_get([field], ["string"])[field]["string"]
        selection = env[model]._fields[field]._description_selection(env)
        return dict(selection)[where[2]]

    def test_chinese_uses_the_article_terms(self):
        # Both tables check the same things: zh_TW may not quietly check less.
        self.assertEqual(ARTICLE_TERMS["zh_TW"].keys(), ARTICLE_TERMS["zh_CN"].keys())
        for lang, expected in ARTICLE_TERMS.items():
            with self.subTest(lang=lang):
                self.env["res.lang"]._activate_lang(lang)
                self.env["ir.module.module"]._load_module_terms([MODULE], [lang])
                env = self.env(context={"lang": lang})
                for key, term in expected.items():
                    read = self.read_term(env, key)
                    if key[0].endswith("~"):
                        self.assertIn(term, read, key)
                    else:
                        self.assertEqual(read, term, key)

    def test_every_language_translates_every_term(self):
        """Every term of the template has a translation in each language the addon
        ships; Odoo's reader merges the template into the translation, so a term
        missing from a .po file shows up here untranslated too."""
        # A language file lost from i18n/ would otherwise pass unseen.
        self.assertLessEqual({"zh_CN", "zh_TW"}, self.po_paths.keys())
        terms = {entry["src"] for entry in TranslationFileReader(self.pot_path)}
        self.assertTrue(terms)
        for lang, path in self.po_paths.items():
            with self.subTest(lang=lang):
                translated = {
                    entry["src"]
                    for entry in TranslationFileReader(path)
                    if entry["value"].strip()
                }
                missing = sorted(terms - translated)
                if missing:
                    self.fail(
                        f"{len(missing)} terms of {MODULE}.pot have no translation in "
                        f"{lang}.po (run `make i18n`, then translate them):\n"
                        + "\n".join(map(repr, missing)),
                    )

    def test_zh_tw_is_in_traditional_characters(self):
        """Complete is not enough: a zh_TW.po copied from zh_CN.po would be."""
        entries = [entry for entry in TranslationFileReader(self.po_paths["zh_TW"])]
        self.assertGreater(len(entries), 1000)
        simplified = sorted(
            (entry["src"], entry["value"])
            for entry in entries
            if SIMPLIFIED_ONLY & set(entry["value"])
            or any(word in entry["value"] for word in SIMPLIFIED_WORDS)
        )
        if simplified:
            self.fail(
                f"{len(simplified)} zh_TW translations hold simplified characters:\n"
                + "\n".join(map(repr, simplified[:20])),
            )
        # The check itself finds them: most of zh_CN's entries hold some.
        in_zh_cn = [
            entry
            for entry in TranslationFileReader(self.po_paths["zh_CN"])
            if SIMPLIFIED_ONLY & set(entry["value"])
        ]
        self.assertGreater(len(in_zh_cn), len(entries) // 2)

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
