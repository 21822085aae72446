/** The inbox name of marketing's event handlers (its consumer group's default name). */
export const INBOX_CONSUMER = 'marketing';
