import type { OpenAPIHono } from '@hono/zod-openapi';
import { achievementUrl, publicAchievement, type IssuanceDeps } from '@laurel/issuance';
import { problem, problemResponse } from '@laurel/http-kit';
import { acceptLanguages, achievementTranslation, pickLocale, renderAchievementPage, resolveTheme } from '@laurel/render';
import { PAGE_HEADERS, prefersHtml } from './negotiate.js';

const FILE = /^([A-Za-z0-9-]{1,128})(\.json)?$/;

/**
 * An achievement's id, written into every credential, dereferences to the
 * OB 3.0 Achievement (JSON-LD) for machines and to its page for people.
 */
export function registerAchievementPages(app: OpenAPIHono, deps: IssuanceDeps): void {
  app.get('/achievements/:achievementId', async (c) => {
    const match = FILE.exec(c.req.param('achievementId'));
    if (!match) return problemResponse(c, problem(404, 'NOT_FOUND', 'No such achievement.'));
    const [, id = '', json] = match;
    if (json || !prefersHtml(c.req.header('accept'))) {
      const { document } = await publicAchievement(deps, id);
      const download: Record<string, string> = json ? { 'content-disposition': `attachment; filename="achievement-${id}.json"` } : {};
      return c.json(document, 200, { 'content-type': 'application/ld+json', 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=300', vary: 'accept', ...download });
    }
    // Generated criteria are worded in the reader's language unless the achievement pins one (as its page then does).
    const reader = pickLocale(c.req.query('lang'), ...acceptLanguages(c.req.header('accept-language')));
    const { document, achievement, issuer } = await publicAchievement(deps, id, reader);
    const theme = resolveTheme(achievement.theme, issuer.imageUrl);
    const locale = pickLocale(theme.locale, reader);
    const page = renderAchievementPage({ achievement: document, theme, locale, jsonUrl: `${achievementUrl(deps.urls, id)}.json`, translation: achievementTranslation(achievement.translations, locale) });
    return c.body(page, 200, { ...PAGE_HEADERS, 'cache-control': 'public, max-age=300', vary: 'accept, accept-language' });
  });
}
