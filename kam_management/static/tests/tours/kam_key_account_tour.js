import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// A Key Accounts user opens the app, finds an account they cover and its team.
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
            trigger:
                ".o_main_navbar button[data-menu-xmlid='kam_management.kam_menu_identification']",
        },
        {
            content: "The key accounts are shown by state",
            trigger: ".o_kanban_view .o_kanban_group",
        },
        {
            content: "Open the covered key account",
            trigger: ".o_kanban_record:contains('KAM Tour Industries')",
            run: "click",
        },
        {
            content: "Its form shows the lifecycle stage",
            trigger:
                ".o_form_view .o_field_widget[name='lifecycle_stage']:contains('Deal in Progress')",
        },
        {
            content: "Open the Team tab",
            trigger: ".o_notebook .nav-link[name='team']",
            run: "click",
        },
        {
            content: "The user is in the account's team",
            trigger:
                ".tab-pane.active .o_field_widget[name='member_ids'] .o_data_row:contains('KAM Map User')",
        },
    ],
});
