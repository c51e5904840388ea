import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A Key Accounts user opens the app, finds an account they cover and its Key Account tab.
registry.category("web_tour.tours").add("kam_key_account_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Key Accounts app",
            trigger: ".o_app[data-menu-xmlid='kam_management.kam_menu_root']",
            run: "click",
        },
        {
            content: "The seven steps are in the menu: Identification",
            trigger: ".o_main_navbar button[data-menu-xmlid='kam_management.kam_menu_identification']",
        },
        {
            content: "Open the covered key account",
            trigger: ".o_list_renderer .o_data_row td[name='display_name']:contains('KAM Tour Industries')",
            run: "click",
        },
        {
            content: "Open the Key Account tab",
            trigger: ".o_notebook .nav-link[name='kam_key_account']",
            run: "click",
        },
        {
            content: "The tab shows the key-account flag and the lifecycle stage",
            trigger: ".o_field_widget[name='kam_lifecycle_stage']:contains('Deal in Progress')",
        },
        {
            content: "The company is flagged as a key account",
            trigger: ".tab-pane.active .o_field_widget[name='kam_is_key_account'] input:checked",
        },
    ],
});
