import { ActivityMenu } from "@mail/core/web/activity_menu";
import { patch } from "@web/core/utils/patch";

// A key account's evaluation is its responsible's to-do: the activity menu opens
// the user's evaluations to do, as calendar opens today's meetings.
patch(ActivityMenu.prototype, {
    openActivityGroup(group, filter = "all") {
        if (group.model !== "kam.evaluation") {
            return super.openActivityGroup(...arguments);
        }
        this.dropdown.close();
        const context = { search_default_my_evaluations: 1, search_default_todo: 1 };
        if (filter === "overdue") {
            context.search_default_overdue = 1;
        }
        this.action.doAction("kam_management.kam_evaluation_action", {
            additionalContext: context,
            clearBreadcrumbs: true,
        });
    },
});
