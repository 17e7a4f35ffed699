/**
 * The alias `npm run richmenu -- apply` points at the menu linked members see. Friends who have
 * not linked see the account's default menu (the "unlinked" menu), so unlinking a user simply
 * removes their per-user menu. Switching goes through the delivery pipeline
 * (Outbox.showRichMenu), so a switch LINE refused for a moment is retried, not lost.
 */
export const LINKED_MENU_ALIAS = "linked";
