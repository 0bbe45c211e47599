export { DESIGN_FORMAT, designSchema, parseDesign, designAssets, type Design, type DesignElement } from './design-format.js';
export { PLACEHOLDERS, designFields, fillPlaceholders, type Placeholder } from './design-fields.js';
export { renderDesignPdf, type DesignAssets, type DesignPdfInput } from './design-pdf.js';
export { renderDesignHtml, type DesignHtmlInput } from './design-html.js';
