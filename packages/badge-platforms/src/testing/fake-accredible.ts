import { EMAIL, FakeServer, isObject, type FakeReply } from './fake-server.js';

export interface FakeAccredibleCredential {
  id: number;
  recipient: { name: string; email: string };
  group_id: number;
  issued_on: string;
  expired_on: string | null;
}

/**
 * Accredible's API as its OpenAPI describes it: `Authorization: Token token=KEY`
 * (401 "HTTP Token: Access denied." otherwise), credentials wrapped in
 * `credential`, groups listed by POST /v1/issuer/groups/search with `meta` paging,
 * credentials found by POST /v2/credentials/search (`query` with exact-match
 * fields, `page.from`/`page.size`).
 */
export class FakeAccredible extends FakeServer {
  readonly credentials: FakeAccredibleCredential[] = [];
  private nextId = 1000;

  constructor(
    readonly apiKey: string,
    readonly groups: Array<{ id: number; name: string }>,
  ) {
    super((request, url, headers) => this.handle(request.method, url, request.body, headers.authorization));
  }

  private handle(method: string, url: URL, body: unknown, authorization: string | undefined): FakeReply {
    if (authorization !== `Token token=${this.apiKey}`) return { status: 401, text: 'HTTP Token: Access denied.\n' };
    if (method === 'POST' && url.pathname === '/v1/credentials') return this.create(body);
    const one = /^\/v1\/credentials\/(\d+)$/.exec(url.pathname);
    if (method === 'PUT' && one) {
      const credential = this.credentials.find((candidate) => candidate.id === Number(one[1]));
      if (!credential) return { status: 404, body: { errors: "Doesn't exist" } };
      const patch = isObject(body) && isObject(body.credential) ? body.credential : undefined;
      if (!patch) return { status: 422, body: { errors: 'Can not update credential without credential data' } };
      if (typeof patch.expired_on === 'string') {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(patch.expired_on)) return { status: 422, body: { errors: { expired_on: ['is invalid'] } } };
        credential.expired_on = patch.expired_on;
      }
      return { status: 200, body: { credential } };
    }
    if (method === 'POST' && url.pathname === '/v2/credentials/search') return this.search(body);
    if (method === 'POST' && url.pathname === '/v1/issuer/groups/search') {
      const page = isObject(body) && typeof body.page === 'number' ? body.page : 1;
      const size = isObject(body) && typeof body.page_size === 'number' ? body.page_size : 50;
      const totalPages = Math.max(1, Math.ceil(this.groups.length / size));
      return {
        status: 200,
        body: {
          groups: this.groups.slice((page - 1) * size, page * size).map(documentedGroup),
          // next_page is documented as a number only: absent on the last page.
          meta: { current_page: page, ...(page < totalPages ? { next_page: page + 1 } : {}), prev_page: page > 1 ? page - 1 : null, total_pages: totalPages, total_count: this.groups.length },
        },
      };
    }
    return { status: 404, body: { error: 'Not found' } };
  }

  /** The v2 search, for the fields Laurel uses: recipient_email, group.id and issued_on (eq). */
  private search(body: unknown): FakeReply {
    const query = isObject(body) && isObject(body.query) ? body.query : undefined;
    if (!query) return { status: 422, body: { errors: 'query is required' } };
    const pick = (field: string) => query[field] ?? query[`${field}[eq]`];
    const email = pick('recipient_email');
    const groupId = pick('group.id');
    const issuedOn = pick('issued_on');
    const found = this.credentials.filter(
      (credential) =>
        (email === undefined || credential.recipient.email.toLowerCase() === String(email).toLowerCase()) &&
        (groupId === undefined || credential.group_id === Number(groupId)) &&
        (issuedOn === undefined || credential.issued_on === issuedOn),
    );
    const page = isObject(body) && isObject(body.page) ? body.page : {};
    const from = typeof page.from === 'number' ? page.from : 0;
    const size = typeof page.size === 'number' ? page.size : 50;
    const credentials = found.slice(from, from + size).map((credential) => ({
      id: credential.id,
      recipient_email: credential.recipient.email,
      recipient_name: credential.recipient.name,
      issued_on: credential.issued_on,
      expired_on: credential.expired_on,
      group: { id: credential.group_id, name: this.groups.find((group) => group.id === credential.group_id)?.name ?? '' },
    }));
    return { status: 200, body: { credentials, meta: { count: found.length, from, size } } };
  }

  private create(body: unknown): FakeReply {
    const credential = isObject(body) && isObject(body.credential) ? body.credential : undefined;
    const recipient = credential && isObject(credential.recipient) ? credential.recipient : undefined;
    if (!credential || !recipient) return { status: 422, body: { errors: 'Can not create credential without recipient data' } };
    const errors: Record<string, string[]> = {};
    if (typeof recipient.name !== 'string' || recipient.name.length === 0) errors.recipient_name = ["can't be blank"];
    if (typeof recipient.email !== 'string' || !EMAIL.test(recipient.email)) errors.recipient_email = ['is invalid'];
    if (typeof credential.issued_on !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(credential.issued_on)) errors.issued_on = ['is invalid'];
    if (Object.keys(errors).length > 0) return { status: 422, body: { errors } };
    if (typeof credential.group_id !== 'number' || !this.groups.some((group) => group.id === credential.group_id)) return { status: 422, body: { errors: 'Invalid Group' } };
    const created: FakeAccredibleCredential = {
      id: this.nextId++,
      recipient: { name: recipient.name as string, email: recipient.email as string },
      group_id: credential.group_id,
      issued_on: credential.issued_on as string,
      expired_on: typeof credential.expired_on === 'string' ? credential.expired_on : null,
    };
    this.credentials.push(created);
    // The v1 answer gives the id as a string (published OpenAPI); the v2 search as a number.
    return { status: 200, body: { credential: { ...created, id: String(created.id), name: 'Credential', complete: true, private: false } } };
  }
}

/** A group with every field the published OpenAPI requires (values as in its example); Laurel reads id and name. */
function documentedGroup(group: { id: number; name: string }): Record<string, unknown> {
  return {
    ...group,
    course_description: '', course_name: group.name, learning_outcomes: [], attach_pdf: true, course_link: 'https://www.example.com',
    language: 'en', design_name: 'default', updated_at: '2026-01-01T00:00:00.000Z', created_at: '2026-01-01T00:00:00.000Z', blockchain: false,
    design_id: 1, certificate_design_id: 1, badge_design_id: null, primary_design_id: 1, department_id: 1, meta_data: {},
    generate_private_credential: false, auto_expiry: 0, signup_url_show: false, signup_url: '', course_link_show: false,
    organization_link_show: false, skill_category: { id: 1, name: 'General' }, collections: [],
  };
}
