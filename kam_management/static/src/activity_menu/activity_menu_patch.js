import {ActivityMenu} from "@mail/core/web/activity_menu";
import {patch} from "@web/core/utils/patch";

// A key account's evaluation is its responsible's to-do: the activity menu opens
// the user's evaluations to do, as calendar opens today's meetings.
patch(ActivityMenu.prototype, {
    openActivityGroup(group, filter = "all") {
        if (group.model !== "kam.evaluation") {
            return super.openActivityGroup(...arguments);
        }
        this.dropdown.close();
        const context = {search_default_my_evaluations: 1};
        // One filter of the group: "To Do" or "Overdue" would show both together.
        context[
            filter === "overdue" ? "search_default_overdue" : "search_default_todo"
        ] = 1;
        this.action.doAction("kam_management.kam_evaluation_action", {
            additionalContext: context,
            clearBreadcrumbs: true,
        });
    },
});
