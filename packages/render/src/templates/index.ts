import { badgeCardTemplate } from './badge-card.js';
import { classicTemplate } from './classic.js';
import type { CertificateTemplate } from './template.js';

export const TEMPLATES: Readonly<Record<string, CertificateTemplate>> = {
  [classicTemplate.id]: classicTemplate,
  [badgeCardTemplate.id]: badgeCardTemplate,
};

export const DEFAULT_TEMPLATE_ID = classicTemplate.id;

/** The achievement's chosen template; an unknown or empty name gets the classic certificate. */
export function templateFor(id: string | null | undefined): CertificateTemplate {
  return (id && TEMPLATES[id]) || classicTemplate;
}

export type { CertificateTemplate, TemplateInput } from './template.js';
