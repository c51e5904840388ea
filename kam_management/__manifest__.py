{
    "name": "Key Account Management",
    "summary": "B2B key-account management inside Odoo CRM: key accounts, "
    "key persons, classification, strategies, plans and assessments",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/kam-management/kam_management",
    "author": "kam_management contributors",
    "license": "LGPL-3",
    "depends": ["crm", "sale_management", "web_hierarchy"],
    "data": [
        "security/kam_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/kam_score_criterion_data.xml",
        "data/kam_estimation_rule_data.xml",
        "data/kam_strategy_data.xml",
        "views/res_partner_views.xml",
        "views/kam_influence_views.xml",
        "views/crm_lead_views.xml",
        "views/kam_score_criterion_views.xml",
        "views/kam_strategy_views.xml",
        "views/res_config_settings_views.xml",
        "views/kam_menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/kam_network_demo.xml",
        "demo/kam_classification_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "kam_management/static/src/relationship_map/*",
            "kam_management/static/src/quadrant/*",
        ],
        "web.assets_tests": [
            "kam_management/static/tests/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
