import { InvalidInputError, LaurelError } from '@laurel/models';
import { designAssets, parseDesign, type Design, type DesignAssets } from '@laurel/render';
import type { CertificateDesign, Store } from '@laurel/store';
import type { AssetService } from './asset-service.js';

export interface DesignServiceDeps {
  store: Pick<Store, 'certificateDesigns' | 'achievements' | 'issuers' | 'assets'>;
  assets: AssetService;
}

export interface DesignView {
  id: string;
  issuerId: string;
  name: string;
  design: Design;
  createdAt: string;
  updatedAt: string;
}

export interface DesignService {
  create(issuerId: string, input: { name: string; design: unknown }): Promise<DesignView>;
  update(issuerId: string, designId: string, input: { name: string; design: unknown }): Promise<DesignView>;
  get(issuerId: string, designId: string): Promise<DesignView>;
  list(issuerId: string): Promise<DesignView[]>;
  remove(issuerId: string, designId: string): Promise<void>;
  /** Chooses the issuer's design (achievementId null) or one achievement's; designId null clears the choice. */
  choose(issuerId: string, achievementId: string | null, designId: string | null): Promise<void>;
  /** The design a certificate of this achievement uses, with its assets' bytes; undefined: the built-in templates. */
  forAchievement(issuerId: string, achievementId: string): Promise<{ design: Design; assets: DesignAssets } | undefined>;
  /** A design with its assets' bytes, for rendering. */
  withAssets(issuerId: string, designId: string): Promise<{ design: Design; assets: DesignAssets }>;
}

function view(row: CertificateDesign): DesignView {
  return { id: row.id, issuerId: row.issuerId, name: row.name, design: parseDesign(JSON.parse(row.design)), createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/**
 * Certificate designs: validated (parseDesign names each failing field),
 * and every asset a design places must be the issuer's, of the right kind
 * (a font where a font goes), so a stored design always renders.
 */
export function createDesignService(deps: DesignServiceDeps): DesignService {
  const { store } = deps;
  const requireIssuer = async (issuerId: string) => {
    if (!(await store.issuers.get(issuerId))) throw new LaurelError('NOT_FOUND', `No issuer ${issuerId}.`);
  };
  const validate = async (issuerId: string, name: unknown, input: unknown): Promise<{ name: string; design: string }> => {
    if (typeof name !== 'string' || name.trim() === '' || name.length > 200) throw new InvalidInputError([{ path: 'name', message: 'must be a name of 1 to 200 characters' }], 'design');
    let design: Design;
    try {
      design = parseDesign(input);
    } catch (error) {
      // Paths inside the document, as seen from the request body.
      if (error instanceof InvalidInputError) throw new InvalidInputError(error.issues.map((issue) => ({ ...issue, path: issue.path ? `design.${issue.path}`.replace('.[', '[') : 'design' })), 'design');
      throw error;
    }
    const problems = [];
    for (const placed of designAssets(design)) {
      const asset = await store.assets.find(issuerId, placed.id);
      if (!asset) problems.push({ path: `design.${placed.path}`, message: `no asset ${placed.id} was uploaded for this issuer` });
      else if (asset.kind !== placed.kind) problems.push({ path: `design.${placed.path}`, message: `asset ${placed.id} is ${asset.kind === 'font' ? 'a font' : 'an image'}, not ${placed.kind === 'font' ? 'a font' : 'an image'}` });
    }
    if (problems.length > 0) throw new InvalidInputError(problems, 'design');
    return { name: name.trim(), design: JSON.stringify(design) };
  };
  const find = async (issuerId: string, designId: string) => {
    const row = await store.certificateDesigns.find(issuerId, designId);
    if (!row) throw new LaurelError('NOT_FOUND', `No design ${designId} for issuer ${issuerId}.`);
    return row;
  };
  const withAssets = async (row: CertificateDesign) => {
    const design = parseDesign(JSON.parse(row.design));
    const assets = new Map<string, { mediaType: string; bytes: Uint8Array }>();
    for (const placed of designAssets(design)) {
      if (assets.has(placed.id)) continue;
      const stored = await deps.assets.read(row.issuerId, placed.id);
      if (stored) assets.set(placed.id, { mediaType: stored.asset.mediaType, bytes: stored.bytes });
    }
    return { design, assets };
  };
  return {
    async create(issuerId, input) {
      await requireIssuer(issuerId);
      return view(await store.certificateDesigns.create({ issuerId, ...(await validate(issuerId, input.name, input.design)) }));
    },
    async update(issuerId, designId, input) {
      await find(issuerId, designId);
      const updated = await store.certificateDesigns.update(issuerId, designId, await validate(issuerId, input.name, input.design));
      if (!updated) throw new LaurelError('NOT_FOUND', `No design ${designId} for issuer ${issuerId}.`);
      return view(updated);
    },
    get: async (issuerId, designId) => view(await find(issuerId, designId)),
    list: async (issuerId) => (await store.certificateDesigns.list(issuerId)).map(view),
    async remove(issuerId, designId) {
      if (!(await store.certificateDesigns.remove(issuerId, designId))) throw new LaurelError('NOT_FOUND', `No design ${designId} for issuer ${issuerId}.`);
    },
    async choose(issuerId, achievementId, designId) {
      await requireIssuer(issuerId);
      if (achievementId !== null) {
        const achievement = await store.achievements.get(achievementId);
        if (!achievement || achievement.issuerId !== issuerId) throw new LaurelError('NOT_FOUND', `No achievement ${achievementId} for issuer ${issuerId}.`);
      }
      if (designId !== null && !(await store.certificateDesigns.find(issuerId, designId))) {
        throw new InvalidInputError([{ path: 'designId', message: `no design ${designId} for this issuer` }], 'design choice');
      }
      await store.certificateDesigns.choose(issuerId, achievementId, designId);
    },
    async forAchievement(issuerId, achievementId) {
      const row = await store.certificateDesigns.chosenFor(issuerId, achievementId);
      return row && withAssets(row);
    },
    withAssets: async (issuerId, designId) => withAssets(await find(issuerId, designId)),
  };
}
