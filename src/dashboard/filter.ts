/** The filter bar's filter as the analytics module's: every view narrows by the same definition. */
import type { AnalyticsFilter } from '../analytics/index.js';
import type { Filter } from './shared/filter.js';

/** One value per dimension in the bar; the analytics filter takes lists. */
export function analyticsFilter(f: Filter): AnalyticsFilter {
  const one = (v: string | undefined) => (v ? [v] : undefined);
  return {
    from: f.from,
    to: f.to,
    stations: one(f.station),
    stages: one(f.stage),
    batches: one(f.batch),
    firmware: one(f.fw),
    planVersions: one(f.plan_version),
  };
}
