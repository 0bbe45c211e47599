import { badgeSvg } from './badge-image.js';
import { criteriaSentences } from './criteria-sentences.js';
import { html, trusted } from './html.js';
import { messages, tierLabel, type Locale } from './i18n.js';
import type { AchievementTranslation } from './achievement-translations.js';
import { page } from './layout.js';
import type { Theme } from './theme.js';

type Json = Record<string, unknown>;

export interface AchievementPageInput {
  /** The OB 3.0 Achievement document served at the same URL (its `id`). */
  achievement: Json;
  theme: Theme;
  locale: Locale;
  /** The same document as a download (the id with JSON asked for). */
  jsonUrl: string;
  /** The name and description in the reader's language, when the issuer gave them (display only; the JSON keeps the defined text). */
  translation?: AchievementTranslation;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const object = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});

/** An achievement's public page: what it is, what earning it takes, and who awards it. */
export function renderAchievementPage(input: AchievementPageInput): string {
  const { achievement, theme, locale } = input;
  const t = messages(locale);
  const name = input.translation?.name ?? text(achievement.name) ?? '';
  const creator = object(achievement.creator);
  const issuerName = text(creator.name) ?? '';
  const issuerUrl = text(creator.url);
  const tier = Array.isArray(achievement.tag) ? text(achievement.tag[0]) : undefined;
  const defined = input.translation?.description ?? text(achievement.description);
  const description = defined !== name ? defined : undefined;
  const narrative = text(object(achievement.criteria).narrative);
  const imageUrl = text(object(achievement.image).id) ?? text(achievement.image);
  const badge = imageUrl
    ? html`<img src="${imageUrl}" alt="${t.badgeAlt} ${name}">`
    : trusted(badgeSvg({ name, ...(tier ? { tier: tierLabel(tier, t) } : {}), issuerName }, theme));
  const id = text(achievement.id) ?? '';
  return page({
    head: {
      title: `${name} · ${issuerName}`,
      description: `${name}${tier ? ` (${tierLabel(tier, t)})` : ''} · ${issuerName}`,
      openGraph: { url: id },
    },
    locale,
    theme,
    css: `.achievement-page { display: grid; grid-template-columns: 200px minmax(0, 1fr); gap: 1.5rem; max-width: 820px; margin: 0 auto; padding: 1.5rem;
  border-radius: 12px; border: 2px solid var(--primary); background: var(--background); }
.achievement-page .badge svg, .achievement-page .badge img { width: 100%; height: auto; }
.achievement-page h1 { margin-top: 0; color: var(--primary); overflow-wrap: anywhere; }
.achievement-page .kicker { text-transform: uppercase; letter-spacing: .15em; font-weight: bold; color: var(--primary); margin: 0 0 .25rem; }
.achievement-page .criteria { margin-inline: 0; }
.achievement-page .criteria h2 { font-size: 1rem; }
@media (max-width: 600px) { .achievement-page { grid-template-columns: minmax(0, 1fr); padding: 1rem; } .achievement-page .badge { max-width: 160px; margin: 0 auto; } }`,
    body: html`<article class="achievement-page" aria-labelledby="achievement-name">
  <div class="badge">${badge}</div>
  <div class="details">
    ${theme.logoUrl ? html`<img class="logo" src="${theme.logoUrl}" alt="${t.logoAlt} ${issuerName}">` : ''}
    <p class="kicker">${t.achievementKicker}</p>
    <h1 id="achievement-name" data-field="achievement">${name}</h1>
    ${tier ? html`<p class="tier">${t.tier}: ${tierLabel(tier, t)}</p>` : ''}
    ${description ? html`<p class="description">${description}</p>` : ''}
    <p>${t.awardedBy} ${issuerUrl ? html`<a href="${issuerUrl}">${issuerName}</a>` : issuerName}</p>
    ${narrative ? html`<section class="criteria" aria-labelledby="criteria-heading" data-field="criteria">
      <h2 id="criteria-heading">${t.criteria}</h2>
      ${criteriaSentences(narrative).map((sentence) => html`<p>${sentence}</p>`)}
    </section>` : ''}
    <p>${t.achievementAbout}</p>
    <p><a href="${input.jsonUrl}">${t.achievementJson}</a></p>
  </div>
</article>`,
  });
}
