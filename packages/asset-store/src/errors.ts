import { LaurelError } from '@laurel/models';

/**
 * ASSET_TYPE_UNSUPPORTED: not one of the accepted image or font formats (415).
 * ASSET_UNSAFE: an SVG with scripts, event handlers or outside references (400).
 * ASSET_TOO_LARGE: over the size limit for its kind (413).
 * ASSET_IN_USE: a design still places it (409).
 * ASSET_STORE_FAILED: the object store refused or did not answer (502).
 */
export type AssetErrorCode = 'ASSET_TYPE_UNSUPPORTED' | 'ASSET_UNSAFE' | 'ASSET_TOO_LARGE' | 'ASSET_IN_USE' | 'ASSET_STORE_FAILED';

export class AssetError extends LaurelError {
  declare readonly code: AssetErrorCode;

  constructor(code: AssetErrorCode, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(code, message, details, options);
  }
}
