import { createServiceMetrics, type ScrapedGauge, type ServiceMetrics } from '@laurel/http-kit';
import type { GaugeSnapshot, Store } from '@laurel/store';

/** How long one database snapshot serves scrapes: several scrapers (or gauges) cost one read. */
const SNAPSHOT_TTL_MS = 1_000;

/**
 * The issuer's metrics: requests and failed outbound calls (http-kit), and
 * what an operator watches, counted where every process agrees: credentials
 * by state and the queues (badge deliveries, status lists owing a
 * publication) in the database, unhandled events on the bus.
 */
export function createIssuerMetrics(store: Store, eventBusPending: () => Promise<number | undefined>): ServiceMetrics {
  let cached: { at: number; snapshot: Promise<GaugeSnapshot> } | undefined;
  const snapshot = () => {
    if (!cached || Date.now() - cached.at > SNAPSHOT_TTL_MS) {
      cached = { at: Date.now(), snapshot: store.gauges.snapshot() };
      cached.snapshot.catch(() => (cached = undefined));
    }
    return cached.snapshot;
  };
  const byState = (counts: Record<string, number>) => Object.entries(counts).map(([state, value]) => ({ labels: { state }, value }));
  const gauges: ScrapedGauge[] = [
    { name: 'laurel_credentials', help: 'Credentials issued by this installation, by state (active, suspended, revoked), counted in the database.', labelNames: ['state'], read: async () => byState((await snapshot()).credentials) },
    { name: 'laurel_badge_deliveries', help: 'Badge deliveries to Credly and Accredible by state; pending ones are the delivery queue.', labelNames: ['state'], read: async () => byState((await snapshot()).badgeDeliveries) },
    { name: 'laurel_email_deliveries', help: 'Learner e-mails by state (pending, sent, failed, cancelled); pending ones are the mail queue.', labelNames: ['state'], read: async () => byState((await snapshot()).emailDeliveries) },
    { name: 'laurel_status_lists_owing_publication', help: 'Status lists whose published copy is behind a committed change (normally 0 or 1).', read: async () => [{ value: (await snapshot()).statusListsOwingPublication }] },
    {
      name: 'laurel_event_bus_pending',
      help: 'Events on the Open edX bus not yet handled by this consumer group (read but unacknowledged, and not yet read). Absent when the consumer does not run here.',
      read: async () => {
        const pending = await eventBusPending();
        return pending === undefined ? [] : [{ value: pending }];
      },
    },
  ];
  return createServiceMetrics('issuer', gauges);
}
