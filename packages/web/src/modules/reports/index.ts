/** Reports web module (issue 18 item 4): sales reports, subscriptions, archive. Nothing is used by other modules yet; the manifest is module.ts. */
export {};
