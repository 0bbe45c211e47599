import { LaurelError } from '@laurel/models';
import { errorMessage } from './error-message.js';
import { HEADER_FIELDS, type EventHeaders } from './events.js';
import type { SchemaRegistry } from './schemas.js';
import type { TransportMessage } from './transport.js';

/**
 * A message that no number of retries would make handleable: it goes to the
 * dead-letter stream at once, with `reason` (a stable, machine-readable word
 * such as `corrupt-event-data`).
 */
export class UnprocessableEventError extends LaurelError {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super('UNPROCESSABLE_EVENT', message, { reason });
  }
}

/** The headers the handlers use; a missing one is ''. */
export function eventHeadersOf(message: TransportMessage): EventHeaders {
  return Object.fromEntries(HEADER_FIELDS.map((name) => [name, message.headers[name] ?? ''])) as EventHeaders;
}

/**
 * The event data of a message, decoded with the Avro schema its `type` names.
 * Throws UnprocessableEventError for what retrying cannot fix; other errors
 * (a schema file that cannot be read) are worth retrying.
 */
export async function decodeEventData(message: TransportMessage, headers: EventHeaders, schemas: SchemaRegistry): Promise<unknown> {
  if (!headers.type) throw new UnprocessableEventError('missing-type', 'message has no type field');
  if (!headers.id) throw new UnprocessableEventError('missing-id', 'message has no id field');
  const schema = await schemas.get(headers.type);
  if (!schema) throw new UnprocessableEventError('unknown-type', `no Avro schema for event type ${headers.type}`);
  if (!message.body) throw new UnprocessableEventError('missing-event-data', 'message has no event_data field');
  try {
    return schema.fromBuffer(message.body);
  } catch (error) {
    throw new UnprocessableEventError('corrupt-event-data', `event_data does not decode as ${headers.type}: ${errorMessage(error)}`);
  }
}
