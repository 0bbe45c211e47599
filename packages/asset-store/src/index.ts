export { AssetError, type AssetErrorCode } from './errors.js';
export { ASSET_MEDIA_TYPES, isAssetMediaType, sniffMediaType, type AssetMediaType } from './media-types.js';
export { assertSafeSvg } from './svg-safety.js';
export { DEFAULT_ASSET_LIMITS, inspectUpload, type AssetLimits, type InspectedAsset } from './inspect-upload.js';
export { createS3ObjectStore, type ObjectStore, type S3Settings } from './s3-object-store.js';
export { assetIdOf, assetIdsInDesign, createAssetService, objectKey, type AssetService, type AssetServiceDeps, type StoredAsset, type UploadRequest } from './asset-service.js';
export { createDesignService, type DesignService, type DesignServiceDeps, type DesignView } from './design-service.js';
