/** An instant in the viewer's locale, short: "Nov 26, 2026, 2:05 PM". */
export const formatInstant = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
