import type { OrderView } from '../../../../src/order/model';
import type { Label } from '../screening/labels';

/** A quantity in mcg as mg, with its unit always: 35000 → "35 mg", 52500 → "52.5 mg". */
export const formatMg = (mcg: number) => `${Number((mcg / 1000).toFixed(3))} mg`;

/** Validity in words first; the colour only helps (AA contrast with autoContrast). */
export const validityLabel = (order: OrderView): Label =>
  order.validity.valid ? { label: 'Valid', color: 'teal.9' } : { label: 'Not valid', color: 'red.9' };

export const kindLabels: Record<OrderView['kind'], string> = {
  standing: 'Standing order',
  session: 'Per-session order',
};

/** A clinic date or instant's date as the viewer reads it: "Mar 31, 2026". */
export const formatDay = (iso: string) =>
  new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso).toLocaleDateString(undefined, {
    dateStyle: 'medium',
  });
