import { createAchievementRepository, type AchievementRepository } from './achievements.js';
import { createApiTokenRepository, type ApiTokenRepository } from './api-tokens.js';
import { createAuditLogRepository, type AuditLogRepository } from './audit-log.js';
import { createCompletionRepository, type CompletionRepository } from './completions.js';
import type { RepositoryContext } from './context.js';
import { createCredentialRepository, type CredentialRepository } from './credentials.js';
import { createIssuerKeyRepository, type IssuerKeyRepository } from './issuer-keys.js';
import { createIssuerRepository, type IssuerRepository } from './issuers.js';
import { createLearnerRepository, type LearnerRepository } from './learners.js';
import { createStatusListRepository, type StatusListRepository } from './status-lists.js';

export interface Repositories {
  issuers: IssuerRepository;
  keys: IssuerKeyRepository;
  achievements: AchievementRepository;
  learners: LearnerRepository;
  completions: CompletionRepository;
  credentials: CredentialRepository;
  statusLists: StatusListRepository;
  tokens: ApiTokenRepository;
  audit: AuditLogRepository;
}

export function createRepositories(context: RepositoryContext): Repositories {
  return {
    issuers: createIssuerRepository(context),
    keys: createIssuerKeyRepository(context),
    achievements: createAchievementRepository(context),
    learners: createLearnerRepository(context),
    completions: createCompletionRepository(context),
    credentials: createCredentialRepository(context),
    statusLists: createStatusListRepository(context),
    tokens: createApiTokenRepository(context),
    audit: createAuditLogRepository(context),
  };
}
